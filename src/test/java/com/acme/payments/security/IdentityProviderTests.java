package com.acme.payments.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a secret, the service trusts an identity provider through Spring's standard
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}: here a JWK set served by the test.
 */
@PaymentsTest(properties = "payments.jwt.secret=")
class IdentityProviderTests {

	static final RSAKey key = rsaKey();

	static final HttpServer jwks = serve(new JWKSet(key.toPublicJWK()));

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				() -> "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
	}

	@AfterAll
	static void stop() {
		jwks.stop(0);
	}

	@Autowired
	ApiClient api;

	@Test
	void acceptsTokensSignedByTheProvidersKey() throws Exception {
		String user = TestTokens.newUser();

		var answer = this.api.get("/charges").bearer(rs256(user, Instant.now().plusSeconds(600))).send();

		assertThat(answer.status()).isEqualTo(200);
	}

	@Test
	void rejectsExpiredProviderTokens() throws Exception {
		var answer = this.api.get("/charges").bearer(rs256("someone", Instant.now().minusSeconds(600))).send();

		assertThat(answer.status()).isEqualTo(401);
	}

	@Test
	void rejectsSharedSecretTokensWhenAProviderIsConfigured() {
		var answer = this.api.get("/charges").as(TestTokens.newUser()).send();

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.problemType()).isEqualTo("unauthorized");
	}

	@Test
	void rejectsHs256TokensSignedWithTheProvidersPublicKey() throws Exception {
		// the "algorithm confusion" attack: the public key used as an HMAC secret
		Instant now = Instant.now();
		String token = TestTokens.sign(key.toPublicJWK().toRSAPublicKey().getEncoded(), JwtClaimsSet.builder()
			.subject("attacker")
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.build());

		var answer = this.api.get("/charges").bearer(token).send();

		assertThat(answer.status()).isEqualTo(401);
	}

	private static String rs256(String subject, Instant expiresAt) {
		var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<SecurityContext>(new JWKSet(key)));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(expiresAt.minusSeconds(3600))
			.expiresAt(expiresAt)
			.build();
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build(),
					claims))
			.getTokenValue();
	}

	private static RSAKey rsaKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(JWKSet set) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = set.toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
