package com.acme.payments.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.acme.payments.support.TestTokens;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The pure-Java work of every POST /charge: fingerprinting the body, encoding the stored answer for
 * Redis (and decoding it on a replay), verifying the bearer token. Run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {

	byte[] body;

	byte[] fingerprint;

	StoredResponse answer;

	byte[] encoded;

	JwtDecoder decoder;

	String token;

	@Setup
	public void setUp() {
		this.body = """
				{"amount": 1999, "currency": "usd", "source": "tok_visa",
				 "description": "Order 1234", "metadata": {"order_id": "1234", "customer": "c_42"}}"""
			.getBytes(StandardCharsets.UTF_8);
		this.fingerprint = RequestFingerprint.of("POST", "/charge", this.body);
		this.answer = new StoredResponse(201, "/charges/ch_FbWvyrh79KzatE5KjXVeXBqX", "application/json",
				("{\"id\":\"ch_FbWvyrh79KzatE5KjXVeXBqX\",\"object\":\"charge\",\"amount\":1999,\"currency\":\"usd\","
						+ "\"status\":\"succeeded\",\"source\":\"tok_visa\",\"description\":\"Order 1234\","
						+ "\"metadata\":{\"order_id\":\"1234\"},\"failure_code\":null,\"created\":\"2026-11-28T23:28:54Z\"}")
					.getBytes(StandardCharsets.UTF_8));
		this.encoded = IdempotencyCache.encode(new IdempotencyCache.Entry(this.fingerprint, this.answer));
		this.decoder = NimbusJwtDecoder
			.withSecretKey(new SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		this.token = TestTokens.sign(TestTokens.SECRET,
				JwtClaimsSet.builder().subject("bench").expiresAt(Instant.now().plusSeconds(86_400)).build());
	}

	@Benchmark
	public byte[] fingerprintCanonicalJsonAndSha256() {
		return RequestFingerprint.of("POST", "/charge", this.body);
	}

	@Benchmark
	public byte[] encodeStoredAnswer() {
		return IdempotencyCache.encode(new IdempotencyCache.Entry(this.fingerprint, this.answer));
	}

	@Benchmark
	public IdempotencyCache.Entry decodeStoredAnswer() {
		return IdempotencyCache.decode(this.encoded);
	}

	@Benchmark
	public Jwt verifyBearerToken() {
		return this.decoder.decode(this.token);
	}

}
