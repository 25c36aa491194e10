package com.acme.payments.security;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user is the token's {@code sub} everywhere, whatever Spring's principal claim is set to: with
 * {@code principal-claim-name=email}, two users who share an email address (two accounts at the
 * identity provider) must not share idempotency keys, stored answers or a rate-limit bucket.
 */
@PaymentsTest(properties = { "spring.security.oauth2.resourceserver.jwt.principal-claim-name=email",
		"payments.rate-limit.capacity=3" })
class PrincipalClaimTests {

	@Autowired
	ApiClient api;

	@Test
	void usersSharingTheConfiguredPrincipalClaimShareNoKeyAndNoAnswer() {
		String email = "shared-" + UUID.randomUUID() + "@example.com";
		String alice = TestTokens.newUser();
		String bob = TestTokens.newUser();
		String key = ApiClient.newKey();

		Answer alicesCharge = this.api.charge(alice, key, ApiClient.CHARGE_BODY).bearer(token(alice, email)).send();
		Answer bobsCharge = this.api.charge(bob, key, ApiClient.CHARGE_BODY).bearer(token(bob, email)).send();

		assertThat(alicesCharge.status()).isEqualTo(201);
		assertThat(bobsCharge.status()).isEqualTo(201);
		assertThat(bobsCharge.header("Idempotent-Replayed")).as("not Alice's stored answer").isEqualTo("false");
		assertThat(bobsCharge.json().path("id").asString()).isNotEqualTo(alicesCharge.json().path("id").asString());
		assertThat(this.api.get("/charges").bearer(token(bob, email)).send().json().path("data")).hasSize(1);
	}

	@Test
	void usersSharingTheConfiguredPrincipalClaimHaveABucketEach() {
		String email = "shared-" + UUID.randomUUID() + "@example.com";
		String alice = TestTokens.newUser();
		String bob = TestTokens.newUser();
		for (int i = 0; i < 3; i++) {
			assertThat(this.api.get("/charges").bearer(token(alice, email)).send().status()).isEqualTo(200);
		}

		Answer bobs = this.api.get("/charges").bearer(token(bob, email)).send();

		assertThat(bobs.status()).as("Alice's bucket is empty; Bob's is his own").isEqualTo(200);
	}

	private static String token(String subject, String email) {
		Instant now = Instant.now();
		return TestTokens.sign(TestTokens.SECRET, JwtClaimsSet.builder()
			.subject(subject)
			.claim("email", email)
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofHours(1)))
			.build());
	}

}
