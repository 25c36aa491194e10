package com.acme.payments.idempotency;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import static org.assertj.core.api.Assertions.assertThat;

/** The fingerprint names the request, not its spelling. */
class RequestFingerprintProperties {

	@Property(tries = 300)
	void reorderedKeysAndOtherWhitespaceGiveTheSameFingerprint(@ForAll("documents") Object document,
			@ForAll long seed) {
		String plain = write(document, new Random(seed), false);
		String shuffled = write(document, new Random(seed + 1), true);

		assertThat(fingerprint(shuffled)).isEqualTo(fingerprint(plain));
	}

	@Property(tries = 300)
	void anyChangedValueGivesAnotherFingerprint(@ForAll("objects") Map<String, Object> document,
			@ForAll long seed) {
		Random random = new Random(seed);
		Map<String, Object> changed = new LinkedHashMap<>(document);
		String key = new ArrayList<>(changed.keySet()).get(random.nextInt(changed.size()));
		changed.put(key, mutate(changed.get(key)));

		assertThat(fingerprint(write(changed, random, false))).isNotEqualTo(fingerprint(write(document, random, false)));
	}

	@Property(tries = 100)
	void numbersAreComparedByValue(@ForAll long amount) {
		String integral = "{\"amount\":" + amount + "}";
		String decimal = "{\"amount\":" + amount + ".000}";
		String scientific = "{\"amount\":" + new BigDecimal(amount).stripTrailingZeros().toString().replace("E+", "e") + "}";

		assertThat(fingerprint(decimal)).isEqualTo(fingerprint(integral));
		assertThat(fingerprint(scientific)).isEqualTo(fingerprint(integral));
	}

	@Example
	void methodAndPathArePartOfTheFingerprint() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

		assertThat(RequestFingerprint.of("POST", "/charge", body))
			.isNotEqualTo(RequestFingerprint.of("POST", "/refund", body))
			.isNotEqualTo(RequestFingerprint.of("PUT", "/charge", body));
	}

	@Example
	void bodiesThatAreNotJsonStillHaveAStableFingerprint() {
		byte[] garbage = { (byte) 0xff, 0x00, 0x7b };

		assertThat(RequestFingerprint.of("POST", "/charge", garbage))
			.isEqualTo(RequestFingerprint.of("POST", "/charge", garbage.clone()))
			.isNotEqualTo(RequestFingerprint.of("POST", "/charge", new byte[] { 0x7b }));
	}

	@Provide
	Arbitrary<Object> documents() {
		return value(3);
	}

	@Provide
	Arbitrary<Map<String, Object>> objects() {
		return Arbitraries.maps(names(), value(2)).ofMinSize(1).ofMaxSize(6);
	}

	private Arbitrary<Object> value(int depth) {
		Arbitrary<Object> scalar = Arbitraries.oneOf(
				Arbitraries.strings().withCharRange(' ', '~').withChars("éü€").ofMaxLength(12).map(Object.class::cast),
				Arbitraries.longs().map(Object.class::cast),
				Arbitraries.bigDecimals().ofScale(3).map(Object.class::cast),
				Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(null));
		if (depth == 0) {
			return scalar;
		}
		return Arbitraries.oneOf(scalar,
				Arbitraries.maps(names(), value(depth - 1)).ofMaxSize(5).map(Object.class::cast),
				value(depth - 1).list().ofMaxSize(4).map(Object.class::cast));
	}

	private static Arbitrary<String> names() {
		return Arbitraries.strings().withCharRange('a', 'z').withChars("_\"\\é").ofMinLength(1).ofMaxLength(8);
	}

	private static Object mutate(Object value) {
		if (value instanceof String s) {
			return s + "x";
		}
		if (value instanceof Long l) {
			return l + 1;
		}
		if (value instanceof BigDecimal d) {
			return d.add(new BigDecimal("0.001"));
		}
		if (value instanceof Boolean b) {
			return !b;
		}
		if (value == null) {
			return "null";
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> changed = new LinkedHashMap<>(map);
			changed.put("added_by_mutation", 1);
			return changed;
		}
		List<Object> changed = new ArrayList<>((List<?>) value);
		changed.add("added");
		return changed;
	}

	/** Writes JSON, optionally with shuffled object keys and random insignificant whitespace. */
	private static String write(Object value, Random random, boolean scramble) {
		StringBuilder out = new StringBuilder();
		write(value, random, scramble, out);
		return out.toString();
	}

	private static void write(Object value, Random random, boolean scramble, StringBuilder out) {
		space(random, scramble, out);
		if (value instanceof Map<?, ?> map) {
			List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
			if (scramble) {
				Collections.shuffle(entries, random);
			}
			out.append('{');
			for (int i = 0; i < entries.size(); i++) {
				out.append(i > 0 ? "," : "");
				space(random, scramble, out);
				out.append(quote((String) entries.get(i).getKey()));
				space(random, scramble, out);
				out.append(':');
				write(entries.get(i).getValue(), random, scramble, out);
			}
			space(random, scramble, out);
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				out.append(i > 0 ? "," : "");
				write(list.get(i), random, scramble, out);
			}
			out.append(']');
		}
		else if (value instanceof String s) {
			out.append(quote(s));
		}
		else {
			out.append(value);
		}
		space(random, scramble, out);
	}

	private static void space(Random random, boolean scramble, StringBuilder out) {
		if (scramble) {
			out.append(" \n\t\r", 0, random.nextInt(5));
		}
	}

	private static String quote(String s) {
		return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private static byte[] fingerprint(String json) {
		return RequestFingerprint.of("POST", "/charge", json.getBytes(StandardCharsets.UTF_8));
	}

}
