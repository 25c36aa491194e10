package com.acme.payments.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.web.StorableText;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
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
 * than {@code payments.jwt.max-lifetime}, and the configured issuer and audience. A token is
 * verified once, then remembered for a while ({@link VerifiedTokens}).
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	/** Longest user id we accept; it is part of every idempotency and rate-limit key. */
	static final int MAX_SUBJECT_LENGTH = 255;

	private static final JsonMapper payloads = JsonMapper.builder().build();

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
		return new VerifiedTokens(decoder, java.time.Clock.systemUTC(),
				com.github.benmanes.caffeine.cache.Ticker.systemTicker());
	}

	private static OAuth2TokenValidator<Jwt> validator(JwtProperties jwt,
			OAuth2ResourceServerProperties.Jwt provider) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(StringUtils.hasText(provider.getIssuerUri())
				? JwtValidators.createDefaultWithIssuer(provider.getIssuerUri()) : JwtValidators.createDefault());
		validators.add(JwtDecoderConfiguration::validSubject);
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
	 * The token's {@code sub} as it was sent: a JSON string (Nimbus turns a number into a string when
	 * it parses, so the raw payload is read again) that {@link #isSubject} accepts.
	 */
	private static OAuth2TokenValidatorResult validSubject(Jwt token) {
		String[] parts = token.getTokenValue().split("\\.", -1);
		try {
			JsonNode sub = (parts.length == 3) ? payloads.readTree(Base64.getUrlDecoder().decode(parts[1]))
				.path(JwtClaimNames.SUB) : null;
			if (sub != null && sub.isString() && isSubject(sub.stringValue())) {
				return OAuth2TokenValidatorResult.success();
			}
		}
		catch (IllegalArgumentException | JacksonException ex) {
			// not a token we can read twice: refused below
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The sub claim must be a string of 1 to 255 visible characters", null));
	}

	/**
	 * A user id: 1 to 255 characters, at least one of them visible, and none a control, format
	 * (U+200B, U+FEFF, U+202E, ...) or line or paragraph separator character. It is part of every
	 * idempotency and rate-limit key and of log lines, so nothing a reader cannot see and nothing
	 * Postgres cannot store exactly.
	 */
	static boolean isSubject(String sub) {
		if (sub.isEmpty() || sub.length() > MAX_SUBJECT_LENGTH || !StorableText.Validator.isStorable(sub)) {
			return false;
		}
		boolean visible = false;
		for (int i = 0; i < sub.length();) {
			int codePoint = sub.codePointAt(i);
			switch (Character.getType(codePoint)) {
				case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
						Character.UNASSIGNED, Character.SURROGATE -> {
					return false;
				}
				case Character.SPACE_SEPARATOR -> {
				}
				default -> visible = true;
			}
			i += Character.charCount(codePoint);
		}
		return visible;
	}

}
