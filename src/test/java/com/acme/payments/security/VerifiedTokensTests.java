package com.acme.payments.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.TestTokens;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A bearer token is verified once and then remembered, never past its {@code exp} nor for more than
 * five minutes, and a refused token is never remembered. The decoder underneath is the real one.
 */
class VerifiedTokensTests {

	final Instant start = Instant.now();

	final AtomicLong nanos = new AtomicLong();

	final Clock clock = new Clock() {

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return VerifiedTokensTests.this.start.plusNanos(VerifiedTokensTests.this.nanos.get());
		}

	};

	final AtomicInteger decodes = new AtomicInteger();

	final NimbusJwtDecoder nimbus = NimbusJwtDecoder
		.withSecretKey(new SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
		.macAlgorithm(MacAlgorithm.HS256)
		.build();

	final JwtDecoder counting = (token) -> {
		this.decodes.incrementAndGet();
		return this.nimbus.decode(token);
	};

	final VerifiedTokens tokens = new VerifiedTokens(this.counting, this.clock, this.nanos::get);

	@Test
	void aTokenIsVerifiedOnceForManyRequests() {
		String token = token("alice", this.start.plus(Duration.ofHours(1)));

		for (int i = 0; i < 50; i++) {
			assertThat(this.tokens.decode(token).getSubject()).isEqualTo("alice");
		}

		assertThat(this.decodes).hasValue(1);
	}

	@Test
	void aRememberedTokenIsVerifiedAgainAfterFiveMinutes() {
		String token = token("bob", this.start.plus(Duration.ofHours(1)));
		this.tokens.decode(token);

		advance(Duration.ofMinutes(4));
		this.tokens.decode(token);
		assertThat(this.decodes).hasValue(1);
		advance(Duration.ofMinutes(2));
		this.tokens.decode(token);
		assertThat(this.decodes).hasValue(2);
	}

	@Test
	void aTokenIsNeverServedFromMemoryPastItsExpiry() {
		// the clock here is the cache's; the token expires 30 s after this test's start
		Instant expires = this.start.plusSeconds(30);
		var remembered = new VerifiedTokens((value) -> {
			this.decodes.incrementAndGet();
			return org.springframework.security.oauth2.jwt.Jwt.withTokenValue(value)
				.header("alg", "HS256")
				.subject("carol")
				.expiresAt(expires)
				.build();
		}, this.clock, this.nanos::get);

		remembered.decode("t");
		advance(Duration.ofSeconds(29));
		remembered.decode("t");
		assertThat(this.decodes).hasValue(1);
		advance(Duration.ofSeconds(2));
		remembered.decode("t");
		assertThat(this.decodes).as("past exp it goes back to the decoder, which decides").hasValue(2);
	}

	@Test
	void aRefusedTokenIsNeverRemembered() {
		String forged = token("mallory", Instant.now().plus(Duration.ofHours(1)));
		String tampered = forged.substring(0, forged.length() - 2) + (forged.endsWith("A") ? "BB" : "AA");

		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(tampered));
		}

		assertThat(this.decodes).hasValue(3);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static String token(String subject, Instant expires) {
		return TestTokens.sign(TestTokens.SECRET,
				JwtClaimsSet.builder().subject(subject).issuedAt(Instant.now()).expiresAt(expires).build());
	}

}
