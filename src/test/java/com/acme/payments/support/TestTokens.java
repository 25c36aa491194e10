package com.acme.payments.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs tokens the way an identity provider sharing {@code payments.jwt.secret} would. */
public final class TestTokens {

	/** The secret of application-test.yaml. */
	public static final String SECRET = "test-secret-for-the-payments-tests-0123456789";

	private TestTokens() {
	}

	/** A new user nobody else in the run uses. */
	public static String newUser() {
		return "user-" + UUID.randomUUID();
	}

	public static String forUser(String subject) {
		Instant now = Instant.now();
		return sign(SECRET, JwtClaimsSet.builder().subject(subject).issuedAt(now).expiresAt(now.plus(Duration.ofHours(1)))
			.build());
	}

	public static String sign(String secret, JwtClaimsSet claims) {
		return sign(secret.getBytes(StandardCharsets.UTF_8), claims);
	}

	/** HS256 with any key bytes, such as an RSA public key used as an HMAC secret by an attacker. */
	public static String sign(byte[] key, JwtClaimsSet claims) {
		JwtEncoder encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256")).build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}
