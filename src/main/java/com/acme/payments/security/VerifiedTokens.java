package com.acme.payments.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies each bearer token once: a client sends the same token with every request until it
 * expires, and decoding it (JSON twice, the signature, every validator) was a tenth of the CPU of a
 * charge. A token the decoder accepted is kept, by its exact text, until the earlier of its
 * {@code exp} (stricter than the decoder, which allows 60 s of clock skew past it) and
 * {@link #MAX_AGE} after it was verified, so a key withdrawn from a JWK set stops working within that
 * time as it would without this cache; a refused token is never kept, so every failure still goes
 * through the decoder (and is counted as a failed authentication). At most {@link #MAX_TOKENS} are
 * kept, least used first out.
 */
final class VerifiedTokens implements JwtDecoder {

	static final int MAX_TOKENS = 4096;

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	private final JwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	VerifiedTokens(JwtDecoder decoder, Clock clock, Ticker ticker) {
		this.decoder = decoder;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(MAX_TOKENS)
			.expireAfter(new Expiry<String, Jwt>() {

				@Override
				public long expireAfterCreate(String token, Jwt jwt, long now) {
					return lifetime(jwt).toNanos();
				}

				@Override
				public long expireAfterUpdate(String token, Jwt jwt, long now, long remaining) {
					return lifetime(jwt).toNanos();
				}

				@Override
				public long expireAfterRead(String token, Jwt jwt, long now, long remaining) {
					return remaining;
				}

			})
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null && known.getExpiresAt() != null && known.getExpiresAt().isAfter(this.clock.instant())) {
			return known;
		}
		Jwt jwt = this.decoder.decode(token);
		if (jwt.getExpiresAt() != null && !lifetime(jwt).isZero()) {
			this.verified.put(token, jwt);
		}
		return jwt;
	}

	private Duration lifetime(Jwt jwt) {
		Instant now = this.clock.instant();
		Instant expires = jwt.getExpiresAt();
		if (expires == null || !expires.isAfter(now)) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(now, expires);
		return (left.compareTo(MAX_AGE) < 0) ? left : MAX_AGE;
	}

}
