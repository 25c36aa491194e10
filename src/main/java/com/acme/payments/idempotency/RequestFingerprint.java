package com.acme.payments.idempotency;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SHA-256 over the method, the path and the canonical JSON of the body: object keys sorted, no
 * insignificant whitespace, numbers by value ({@code 1999}, {@code 1999.0} and {@code 1.999e3} are one
 * value). A body that is not JSON is hashed as it is, so it still has a stable fingerprint.
 */
final class RequestFingerprint {

	private static final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
		.build();

	private RequestFingerprint() {
	}

	static byte[] of(String method, String path, byte[] body) {
		MessageDigest sha256 = sha256();
		sha256.update((method + '\n' + path + '\n').getBytes(StandardCharsets.UTF_8));
		byte[] canonical = canonicalJson(body);
		if (canonical != null) {
			sha256.update((byte) 'J');
			sha256.update(canonical);
		}
		else {
			sha256.update((byte) 'R');
			sha256.update(body);
		}
		return sha256.digest();
	}

	/** The canonical form of a JSON document, or {@code null} if {@code body} is not one. */
	static byte[] canonicalJson(byte[] body) {
		try {
			JsonNode tree = json.readTree(body);
			if (tree == null || tree.isMissingNode()) {
				return null;
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
			try (JsonGenerator generator = json.createGenerator(out)) {
				write(tree, generator);
			}
			return out.toByteArray();
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static void write(JsonNode node, JsonGenerator out) {
		switch (node.getNodeType()) {
			case OBJECT -> {
				List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
				fields.sort(Map.Entry.comparingByKey());
				out.writeStartObject();
				for (Map.Entry<String, JsonNode> field : fields) {
					out.writeName(field.getKey());
					write(field.getValue(), out);
				}
				out.writeEndObject();
			}
			case ARRAY -> {
				out.writeStartArray();
				for (JsonNode element : node) {
					write(element, out);
				}
				out.writeEndArray();
			}
			case NUMBER -> out.writeNumber(canonicalNumber(node.decimalValue()));
			case STRING -> out.writeString(node.stringValue());
			case BOOLEAN -> out.writeBoolean(node.booleanValue());
			default -> out.writeNull();
		}
	}

	private static String canonicalNumber(BigDecimal value) {
		return (value.signum() == 0) ? "0" : value.stripTrailingZeros().toString();
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
