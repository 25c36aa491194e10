package com.acme.payments.security;

import java.time.Duration;
import java.time.Instant;

import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * In the {@code local} profile only: logs a ready-to-use token for {@value #DEMO_USER}, so that a
 * developer can make a first charge with curl. Never active in any other profile.
 */
@Component
@Profile("local")
class DemoTokenLogger implements ApplicationRunner {

	static final String DEMO_USER = "demo-user";

	private static final Duration VALIDITY = Duration.ofHours(12);

	private static final Logger log = LoggerFactory.getLogger(DemoTokenLogger.class);

	private final JwtProperties jwt;

	DemoTokenLogger(JwtProperties jwt) {
		this.jwt = jwt;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.jwt.secret() == null) {
			return;
		}
		var encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(this.jwt.secretBytes(), "HmacSHA256")).build();
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(DEMO_USER)
			.issuedAt(now)
			.expiresAt(now.plus(VALIDITY))
			.build();
		String token = encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		log.info("Local profile: demo bearer token for user '{}' (valid {}h):\n\n  export TOKEN={}\n", DEMO_USER,
				VALIDITY.toHours(), token);
	}

}
