package com.acme.payments.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * POST /charge with generated headers and paths as well as bodies: {@code Accept} (charsets, odd
 * types, garbage), {@code Content-Type} with any charset, {@code Content-Encoding}, percent-encoded
 * paths, hostile currencies. Every request is either refused with a 4xx problem and nothing written,
 * or charged once and answered as readable UTF-8 JSON; no request is a 5xx, and the books match the
 * answers: one charge and one processor charge for each 201, none for anything else.
 */
@PaymentsTest(properties = "payments.rate-limit.capacity=100000")
class HostileHeadersProperties {

	static final int EXAMPLES = 150;

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Test
	void everyGeneratedRequestIsRefusedWithNothingWrittenOrChargedOnceAndReadable() {
		String user = TestTokens.newUser();
		List<Answer> charged = new ArrayList<>();
		qt().withExamples(EXAMPLES)
			.forAll(accepts(), contentTypes(), encodings(), paths().zip(currencies(), Request::new))
			.checkAssert((accept, contentType, encoding, request) -> {
				ApiClient.Call call = this.api.post(request.path())
					.as(user)
					.key(ApiClient.newKey())
					.body(("{\"amount\":1200,\"currency\":\"" + request.currency() + "\",\"source\":\"tok_visa\","
							+ "\"description\":\"caf\u00e9 \u20ac\"}").getBytes(StandardCharsets.UTF_8));
				if (accept != null) {
					call.header("Accept", accept);
				}
				if (contentType != null) {
					call.header("Content-Type", contentType);
				}
				if (encoding != null) {
					call.header("Content-Encoding", encoding);
				}
				Answer answer = call.send();
				String label = request + " accept=" + accept + " type=" + contentType + " encoding=" + encoding;
				if (answer.status() == 201) {
					charged.add(answer);
					assertThat(answer.header("Content-Type")).as(label).startsWith("application/json");
					assertThat(answer.json().path("description").asString()).as(label).isEqualTo("caf\u00e9 \u20ac");
					assertThat(answer.json().path("currency").asString()).as(label).matches("[a-z]{3}");
				}
				else {
					assertThat(answer.status()).as(label + ": " + answer.text()).isBetween(400, 499);
					assertThat(answer.header("Content-Type")).as(label).startsWith("application/problem+json");
					assertThat(answer.problemType()).as(label).isNotBlank();
				}
				assertThat(new Books(this.jdbc).charges(user)).as(label).isEqualTo(charged.size());
			});
		assertThat(new Books(this.jdbc).processorCharges(user)).isEqualTo(charged.size());
		assertThat(charged).as("some generated requests are fine").isNotEmpty();
	}

	private static Gen<String> accepts() {
		return mostly(java.util.Arrays.asList(null, "*/*", "application/json", "application/problem+json",
				"application/json;charset=UTF-8", "application/*", "text/html;q=0.9, */*;q=0.1"),
				oneOf(pick(List.of("application/json;charset=utf-16", "text/html", "application/xml",
						"application/json;q=0", "garbage", ";;", "*/*;charset=latin1",
						"application/json, application/json;charset=utf-32")),
						strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 30)));
	}

	private static Gen<String> contentTypes() {
		return mostly(List.of("application/json", "application/json;charset=utf-8", "application/json; charset=UTF-8",
				"application/json;charset=\"utf-8\""),
				oneOf(pick(java.util.Arrays.asList(null, "application/json;charset=latin1",
						"application/json;charset=utf-16", "application/json;charset=", "text/plain;charset=utf-8",
						"application/problem+json", "application/json;charset=x-nope", "application/json; boundary=x")),
						strings().betweenCodePoints(0x20, 0x7e)
							.ofLengthBetween(0, 30)
							.map((String t) -> "application/json;" + t)));
	}

	private static Gen<String> encodings() {
		return mostly(java.util.Arrays.asList(null, "identity"),
				pick(List.of("gzip", "deflate", "br", "gzip, identity", "", "x")));
	}

	private static Gen<String> paths() {
		return mostly(List.of("/charge", "/%63harge", "/ch%61rge", "/%63%68%61%72%67%65"),
				pick(List.of("/%43harge", "/charge/", "/Charge", "/charges", "/charge%2F", "/./charge")));
	}

	private static Gen<String> currencies() {
		return mostly(List.of("usd", "EUR", "xof", "JPY"),
				pick(List.of("u\u017fd", "\u0131nr", "DEM", "USN", "ZWD", "\uff35SD")));
	}

	/** Three times in four one of {@code usual}, else {@code hostile}: enough requests get through. */
	private static Gen<String> mostly(List<String> usual, Gen<String> hostile) {
		return frequency(Pair.of(3, pick(usual)), Pair.of(1, hostile));
	}

	record Request(String path, String currency) {
	}

}
