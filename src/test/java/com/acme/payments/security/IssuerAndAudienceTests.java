package com.acme.payments.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code payments.jwt.issuer} and {@code audience} set, both claims are required. */
@PaymentsTest(properties = { "payments.jwt.issuer=https://id.acme.test", "payments.jwt.audience=payments-api" })
class IssuerAndAudienceTests {

	@Autowired
	ApiClient api;

	@Test
	void tokensMustNameTheConfiguredIssuerAndAudience() {
		assertThat(status(claims().issuer("https://id.acme.test").audience(List.of("payments-api")))).isEqualTo(200);
		assertThat(status(claims().audience(List.of("payments-api")))).as("no issuer").isEqualTo(401);
		assertThat(status(claims().issuer("https://evil.test").audience(List.of("payments-api")))).isEqualTo(401);
		assertThat(status(claims().issuer("https://id.acme.test"))).as("no audience").isEqualTo(401);
		assertThat(status(claims().issuer("https://id.acme.test").audience(List.of("other-api")))).isEqualTo(401);
	}

	private int status(JwtClaimsSet.Builder claims) {
		return this.api.get("/charges").bearer(TestTokens.sign(TestTokens.SECRET, claims.build())).send().status();
	}

	private static JwtClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return JwtClaimsSet.builder().subject(TestTokens.newUser()).issuedAt(now).expiresAt(now.plusSeconds(600));
	}

}
