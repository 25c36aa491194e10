package com.acme.payments.security;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified when no identity provider is configured.
 *
 * @param secret HS256 key shared with the token issuer, at least 32 bytes (env
 * {@code PAYMENTS_JWT_SECRET}); {@code null} when an identity provider is configured through
 * {@code spring.security.oauth2.resourceserver.jwt.*} instead
 */
@ConfigurationProperties("payments.jwt")
public record JwtProperties(String secret) {

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
	}

	byte[] secretBytes() {
		return this.secret.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "JwtProperties[secret=" + ((this.secret != null) ? "******" : "unset") + "]";
	}

}
