package com.acme.payments.security;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An identity provider that accepts connections and then says nothing (a frozen host): a token
 * signed by a key not fetched yet waits for the JWK set, and that wait is bounded by the fetch's
 * timeouts (Spring Security's defaults, which this service keeps), so the request is refused within
 * seconds instead of hanging.
 */
class SilentIdentityProviderTests {

	@Test
	void tokenWhoseKeyMustBeFetchedFromASilentProviderIsRefusedWithinTheFetchTimeouts() throws Exception {
		// the kernel completes the handshake from the backlog; nothing ever reads or answers
		try (ServerSocket silent = new ServerSocket(0)) {
			OAuth2ResourceServerProperties resourceServer = new OAuth2ResourceServerProperties();
			resourceServer.getJwt().setJwkSetUri("http://127.0.0.1:" + silent.getLocalPort() + "/jwks");
			JwtDecoder decoder = new JwtDecoderConfiguration().jwtDecoder(new JwtProperties(null, null, null,
					Duration.ofHours(24), new JwtProperties.Failures(20, Duration.ofMinutes(1))), resourceServer);
			String token = unsignedRs256("someone", Instant.now().plusSeconds(600));

			// Spring Security's client for the JWK set has its own connect and read timeouts (well under
			// a second here); a client without them would wait for as long as the host stays silent
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token)));
		}
	}

	/** An RS256 token for a key id the provider would have to be asked for; the signature is never reached. */
	private static String unsignedRs256(String subject, Instant expires) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = "{\"alg\":\"RS256\",\"kid\":\"key-not-fetched-yet\",\"typ\":\"JWT\"}";
		String claims = "{\"sub\":\"" + subject + "\",\"exp\":" + expires.getEpochSecond() + "}";
		return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString("not-a-signature".getBytes(StandardCharsets.UTF_8));
	}

}
