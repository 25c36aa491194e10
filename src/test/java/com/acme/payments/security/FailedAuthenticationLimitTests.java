package com.acme.payments.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client address that keeps failing authentication has its further failures refused with 429
 * until its budget refills, on every path; a valid token from the same address is still served.
 * Each test calls from a loopback address of its own (127.0.0.x as the source), so each starts with
 * a full budget. (The other test contexts allow a budget no test run reaches.)
 */
@PaymentsTest(properties = { "payments.jwt.failures.capacity=5", "payments.jwt.failures.period=1h" })
class FailedAuthenticationLimitTests {

	private static final AtomicInteger addresses = new AtomicInteger(10);

	@Autowired
	Environment environment;

	/** The source address of this test's requests. */
	InetAddress from;

	@BeforeEach
	void fromAnAddressOfItsOwn() throws IOException {
		this.from = InetAddress.getByName("127.0.0." + addresses.incrementAndGet());
	}

	@Test
	void addressThatFailedTooOftenHasItsFailuresRefusedWith429UntilItsBudgetRefills() throws IOException {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/charges", "bad-token-" + i)).startsWith("HTTP/1.1 401");
		}

		String refused = get("/charges", "bad-token");
		String missingToken = get("/charges", null);

		assertThat(refused).startsWith("HTTP/1.1 429").contains("too-many-failed-authentications");
		assertThat(refused).containsPattern("(?i)Retry-After: [1-9][0-9]*");
		assertThat(missingToken).as("no token at all is a failure too").startsWith("HTTP/1.1 429");
		assertThat(get("/actuator/health", null)).as("public paths stay open").startsWith("HTTP/1.1 200");
	}

	@Test
	void validTokenIsNeverRefusedBecauseItsAddressFailedTooOften() throws IOException {
		for (int i = 0; i < 8; i++) {
			get("/charges", "bad-token-" + i);
		}

		String valid = get("/charges", TestTokens.forUser(TestTokens.newUser()));
		String charged = exchange("POST /charge HTTP/1.1\r\nAuthorization: Bearer "
				+ TestTokens.forUser(TestTokens.newUser()) + "\r\nIdempotency-Key: " + ApiClient.newKey()
				+ "\r\nContent-Type: application/json\r\nContent-Length: "
				+ ApiClient.CHARGE_BODY.getBytes(StandardCharsets.UTF_8).length + "\r\n", ApiClient.CHARGE_BODY);

		assertThat(get("/charges", "bad-token")).startsWith("HTTP/1.1 429");
		assertThat(valid).startsWith("HTTP/1.1 200");
		assertThat(charged).startsWith("HTTP/1.1 201");
	}

	@Test
	void badTokensSentToPublicPathsCountAndAreRefusedToo() throws IOException {
		List<String> statuses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			statuses.add(get("/actuator/health", "bad-token-" + i).substring(9, 12));
		}

		assertThat(statuses).startsWith("401", "401", "401", "401", "401").endsWith("429", "429", "429");
		assertThat(get("/actuator/health", null)).as("without a token it stays open").startsWith("HTTP/1.1 200");
	}

	private String get(String path, String token) throws IOException {
		return exchange("GET " + path + " HTTP/1.1\r\n" + ((token != null) ? "Authorization: Bearer " + token + "\r\n" : ""),
				"");
	}

	private String exchange(String head, String body) throws IOException {
		int port = Integer.parseInt(this.environment.getProperty("local.server.port"));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, this.from, 0)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write((head + "Host: localhost\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
