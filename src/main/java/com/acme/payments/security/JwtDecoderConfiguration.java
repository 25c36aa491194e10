package com.acme.payments.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import com.acme.payments.web.StorableText;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * One {@link JwtDecoder} for every way of trusting tokens: the HS256 secret of
 * {@code payments.jwt.secret}, else Spring's standard issuer or JWK-set properties. Whatever the
 * source, a token must carry a printable {@code sub} (the user) and an {@code exp} no further ahead
 * than {@code payments.jwt.max-lifetime}, and the configured issuer and audience.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	/** Longest user id we accept; it is part of every idempotency and rate-limit key. */
	static final int MAX_SUBJECT_LENGTH = 255;

	/** The leeway Spring's own time checks allow, applied to the lifetime check too. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	@Bean
	JwtDecoder jwtDecoder(JwtProperties jwt, OAuth2ResourceServerProperties resourceServer) {
		OAuth2ResourceServerProperties.Jwt provider = resourceServer.getJwt();
		NimbusJwtDecoder decoder;
		if (jwt.secret() != null) {
			decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(jwt.secretBytes(), "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}
		else if (StringUtils.hasText(provider.getJwkSetUri())) {
			decoder = NimbusJwtDecoder.withJwkSetUri(provider.getJwkSetUri()).build();
		}
		else if (StringUtils.hasText(provider.getIssuerUri())) {
			decoder = NimbusJwtDecoder.withIssuerLocation(provider.getIssuerUri()).build();
		}
		else {
			throw new JwtKeyMissing("No key to verify bearer tokens is configured");
		}
		decoder.setJwtValidator(validator(jwt, provider));
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> validator(JwtProperties jwt,
			OAuth2ResourceServerProperties.Jwt provider) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(StringUtils.hasText(provider.getIssuerUri())
				? JwtValidators.createDefaultWithIssuer(provider.getIssuerUri()) : JwtValidators.createDefault());
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.SUB, JwtDecoderConfiguration::isSubject));
		validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP,
				(exp) -> exp != null && !exp.isAfter(Instant.now().plus(jwt.maxLifetime()).plus(CLOCK_SKEW))));
		if (jwt.issuer() != null) {
			validators.add(new JwtIssuerValidator(jwt.issuer()));
		}
		List<String> audiences = new ArrayList<>(provider.getAudiences());
		if (jwt.audience() != null) {
			audiences.add(jwt.audience());
		}
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.stream().anyMatch(audiences::contains)));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/**
	 * A user id: 1 to 255 printable characters. It is part of every idempotency and rate-limit key
	 * and of log lines, so no control character and nothing Postgres cannot store exactly.
	 */
	static boolean isSubject(Object sub) {
		return sub instanceof String s && !s.isBlank() && s.length() <= MAX_SUBJECT_LENGTH
				&& s.codePoints().noneMatch(Character::isISOControl) && StorableText.Validator.isStorable(s);
	}

}
