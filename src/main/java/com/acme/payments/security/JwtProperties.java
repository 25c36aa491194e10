package com.acme.payments.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are verified.
 *
 * @param secret HS256 key shared with the token issuer, at least 32 bytes (env
 * {@code PAYMENTS_JWT_SECRET}); {@code null} when an identity provider is configured through
 * {@code spring.security.oauth2.resourceserver.jwt.*} instead
 * @param issuer when set, tokens must carry exactly this {@code iss} (env {@code PAYMENTS_JWT_ISSUER})
 * @param audience when set, tokens must name it in {@code aud} (env {@code PAYMENTS_JWT_AUDIENCE})
 * @param maxLifetime tokens whose {@code exp} lies further ahead than this are refused, so a leaked
 * token is not good for years (env {@code PAYMENTS_JWT_MAXLIFETIME})
 * @param failures how many failed authentications one client address may make before its requests
 * are refused with 429 for a while
 */
@Validated
@ConfigurationProperties("payments.jwt")
public record JwtProperties(String secret, String issuer, String audience,
		@DurationMin(seconds = 1) @DefaultValue("24h") Duration maxLifetime, @Valid @DefaultValue Failures failures) {

	/** HS256 needs a key as long as its hash (RFC 7518 §3.2). */
	public static final int MIN_SECRET_BYTES = 32;

	public JwtProperties {
		if (secret != null && secret.isBlank()) {
			secret = null;
		}
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new JwtKeyMissing("payments.jwt.secret (PAYMENTS_JWT_SECRET) must be at least " + MIN_SECRET_BYTES
					+ " bytes long for HS256");
		}
		issuer = (issuer != null && issuer.isBlank()) ? null : issuer;
		audience = (audience != null && audience.isBlank()) ? null : audience;
	}

	byte[] secretBytes() {
		return this.secret.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "JwtProperties[secret=" + ((this.secret != null) ? "******" : "unset") + ", issuer=" + this.issuer
				+ ", audience=" + this.audience + ", maxLifetime=" + this.maxLifetime + "]";
	}

	/**
	 * The budget of failed authentications per client address.
	 *
	 * @param capacity failures allowed in a burst, and refilled per period (env
	 * {@code PAYMENTS_JWT_FAILURES_CAPACITY})
	 * @param period how long a full refill takes (env {@code PAYMENTS_JWT_FAILURES_PERIOD})
	 */
	public record Failures(@Min(1) @DefaultValue("20") int capacity,
			@DurationMin(seconds = 1) @DefaultValue("1m") Duration period) {
	}

}
