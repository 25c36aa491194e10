package com.acme.payments.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest
class AuthenticationTests {

	@Autowired
	ApiClient api;

	@Test
	void requestWithoutTokenIs401WithBearerChallenge() {
		assertUnauthorized(this.api.get("/charges").send());
		assertUnauthorized(this.api.post("/charge").key(ApiClient.newKey()).json(ApiClient.CHARGE_BODY).send());
	}

	@Test
	void tokenSignedWithAnotherSecretIs401() {
		String token = TestTokens.sign("another-secret-that-is-long-enough-0123456789", claims().build());

		assertUnauthorized(this.api.get("/charges").bearer(token).send());
	}

	@Test
	void expiredTokenIs401() {
		Instant past = Instant.now().minusSeconds(3600);
		String token = TestTokens.sign(TestTokens.SECRET,
				JwtClaimsSet.builder().subject("someone").issuedAt(past.minusSeconds(60)).expiresAt(past).build());

		assertUnauthorized(this.api.get("/charges").bearer(token).send());
	}

	@Test
	void tokenWithoutSubjectIs401() {
		Instant now = Instant.now();
		String token = TestTokens.sign(TestTokens.SECRET,
				JwtClaimsSet.builder().issuedAt(now).expiresAt(now.plusSeconds(600)).claim("scope", "x").build());

		assertUnauthorized(this.api.get("/charges").bearer(token).send());
	}

	@Test
	void tokenNotYetValidIs401() {
		Instant now = Instant.now();
		String token = TestTokens.sign(TestTokens.SECRET, JwtClaimsSet.builder()
			.subject("someone")
			.notBefore(now.plusSeconds(3600))
			.expiresAt(now.plusSeconds(7200))
			.build());

		assertUnauthorized(this.api.get("/charges").bearer(token).send());
	}

	@Test
	void tokenWithoutExpiryIs401() {
		String token = TestTokens.sign(TestTokens.SECRET, JwtClaimsSet.builder().subject("someone").build());

		assertUnauthorized(this.api.get("/charges").bearer(token).send());
	}

	@Test
	void unsignedTokenIs401() {
		String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String payload = base64("{\"sub\":\"someone\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");

		assertUnauthorized(this.api.get("/charges").bearer(header + "." + payload + ".").send());
	}

	@Test
	void tokenSignedWithAnotherAlgorithmIs401() throws Exception {
		// HS512 with the right secret: only HS256 is accepted.
		String header = base64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
		String payload = base64("{\"sub\":\"someone\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
		mac.init(new javax.crypto.spec.SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
		String signature = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));

		assertUnauthorized(this.api.get("/charges").bearer(header + "." + payload + "." + signature).send());
	}

	@Test
	void garbageTokenIs401() {
		assertUnauthorized(this.api.get("/charges").bearer("not-a-jwt").send());
	}

	@Test
	void validTokenIdentifiesTheUserBySubject() {
		String user = TestTokens.newUser();

		Answer answer = this.api.get("/charges").as(user).send();

		assertThat(answer.status()).isEqualTo(200);
	}

	@Test
	void healthAndDocsArePublic() {
		assertThat(this.api.get("/actuator/health").send().status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/liveness").send().status()).isEqualTo(200);
		assertThat(this.api.get("/v3/api-docs").send().status()).isEqualTo(200);
	}

	private static JwtClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return JwtClaimsSet.builder().subject("someone").issuedAt(now).expiresAt(now.plusSeconds(600));
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertUnauthorized(Answer answer) {
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("unauthorized");
		assertThat(answer.json().path("detail").asString()).isNotBlank();
	}

}
