package com.acme.payments.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Who the caller is: only printable user ids, one credential per request, short-lived tokens. */
@PaymentsTest
class IdentityTests {

	@Autowired
	ApiClient api;

	@Autowired
	Environment environment;

	@ParameterizedTest
	@ValueSource(strings = { "line\nbreak", "carriage\rreturn", "\u001b[31mred", "nul\u0000byte", "tab\tbed", " ", "",
			"\u00a0", "\u200b", "\ufeff", "\u00a0\u200b\u00a0", "evil\u202euser", "line\u2028separator",
			"para\u2029graph", "soft\u00adhyphen", "unassigned\u0378" })
	void subjectWithControlCharactersOrNothingPrintableIs401(String subject) {
		Answer answer = this.api.get("/charges").bearer(token(subject, Duration.ofMinutes(10))).send();

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.problemType()).isEqualTo("unauthorized");
	}

	@Test
	void subjectThatPostgresCannotStoreExactlyIsNotAUser() {
		// a token encoder cannot even write these; a hand-made token could
		assertThat(JwtDecoderConfiguration.isSubject("lone\ud800surrogate")).isFalse();
		assertThat(JwtDecoderConfiguration.isSubject("low\udc00first")).isFalse();
		assertThat(JwtDecoderConfiguration.isSubject("pair\ud83d\ude00")).isTrue();
	}

	@Test
	void subjectThatIsNotAJsonStringIs401() {
		long exp = Instant.now().plusSeconds(600).getEpochSecond();
		for (String sub : List.of("42", "4.5", "true", "[\"a\"]", "{\"id\":\"a\"}", "null")) {
			String token = handMade("{\"sub\":" + sub + ",\"exp\":" + exp + "}");

			assertThat(this.api.get("/charges").bearer(token).send().status()).as(sub).isEqualTo(401);
		}
		assertThat(this.api.get("/charges").bearer(handMade("{\"sub\":\"42\",\"exp\":" + exp + "}")).send().status())
			.as("the same token with a string sub").isEqualTo(200);
	}

	@Test
	void subjectWithSpacesBetweenVisibleCharactersIsAUser() {
		assertThat(this.api.get("/charges").bearer(token("Ada\u00a0Lovelace 1815", Duration.ofMinutes(10))).send()
			.status()).isEqualTo(200);
	}

	@Test
	void subjectOfAtMost255PrintableCharactersIsAUser() {
		String longest = "ü".repeat(200) + "-" + "x".repeat(54);

		assertThat(this.api.get("/charges").bearer(token(longest, Duration.ofMinutes(10))).send().status())
			.isEqualTo(200);
		assertThat(this.api.get("/charges").bearer(token(longest + "x", Duration.ofMinutes(10))).send().status())
			.isEqualTo(401);
		assertThat(this.api.get("/charges").bearer(token("😀 user", Duration.ofMinutes(10))).send().status())
			.isEqualTo(200);
	}

	@Test
	void tokenLivingLongerThanTheMaximumLifetimeIs401() {
		assertThat(this.api.get("/charges").bearer(token("long-lived", Duration.ofDays(3650))).send().status())
			.isEqualTo(401);
		assertThat(this.api.get("/charges").bearer(token("long-lived", Duration.ofHours(23))).send().status())
			.isEqualTo(200);
	}

	@Test
	void twoAuthorizationHeadersAreA400WhicheverComesFirst() throws IOException {
		String good = TestTokens.forUser(TestTokens.newUser());

		String answer = raw("GET /charges HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
				+ good + "\r\nAuthorization: Bearer not-a-token\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).contains("validation-error").contains("Authorization");
	}

	@Test
	void wwwAuthenticateNeverEchoesTheHostTheClientSent() throws IOException {
		String answer = raw("GET /charges HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
				+ "X-Forwarded-Proto: https\r\nConnection: close\r\nAuthorization: Bearer not-a-token\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 401");
		assertThat(answer).containsIgnoringCase("WWW-Authenticate: Bearer").doesNotContain("evil.example");
	}

	@Test
	void actuatorIndexWithItsAbsoluteLinksIsNotServed() throws IOException {
		String answer = raw("GET /actuator HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

		assertThat(answer).doesNotContain("evil.example");
		assertThat(answer).doesNotStartWith("HTTP/1.1 200");
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost",
				Integer.parseInt(this.environment.getProperty("local.server.port")))) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** An HS256 token over exactly this payload, as an encoder of claims would never write it. */
	static String handMade(String payload) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signed = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String token(String subject, Duration lifetime) {
		Instant now = Instant.now();
		return TestTokens.sign(TestTokens.SECRET,
				JwtClaimsSet.builder().subject(subject).issuedAt(now).expiresAt(now.plus(lifetime)).build());
	}

}
