package com.acme.payments.idempotency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/**
 * A Redis cache of completed answers, in front of Postgres. Completed answers never change until they
 * expire, so the cache holds them for exactly their remaining lifetime. Every failure is a miss: Redis
 * down, slow (bounded by {@code spring.data.redis.timeout}) or flushed changes no answer, only speed.
 */
@Component
class IdempotencyCache {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyCache.class);

	private static final byte FORMAT = 1;

	private final RedisTemplate<byte[], byte[]> redis;

	/**
	 * The Redis breaker of the cache ({@code resilience4j.circuitbreaker.instances.redis-cache}): after
	 * a few failures or timeouts in a row the cache is not asked for a while, so a silent Redis costs
	 * no request its timeout; Postgres answers as usual.
	 */
	static final String BREAKER = "redis-cache";

	private final IdempotencyProperties.Cache settings;

	private final IdempotencyMetrics metrics;

	private final CircuitBreaker breaker;

	IdempotencyCache(RedisConnectionFactory connections, IdempotencyProperties properties,
			IdempotencyMetrics metrics, CircuitBreakerRegistry breakers) {
		this.redis = new RedisTemplate<>();
		this.redis.setConnectionFactory(connections);
		this.redis.setEnableDefaultSerializer(false);
		this.redis.setKeySerializer(RedisSerializer.byteArray());
		this.redis.setValueSerializer(RedisSerializer.byteArray());
		this.redis.afterPropertiesSet();
		this.settings = properties.cache();
		this.metrics = metrics;
		this.breaker = breakers.circuitBreaker(BREAKER);
	}

	/** The cached entry for (user, key), if Redis has one and answers in time. */
	Optional<Entry> find(String user, IdempotencyKey key) {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		try {
			byte[] value = this.breaker.executeSupplier(() -> this.redis.opsForValue().get(redisKey(user, key)));
			this.metrics.cache((value != null) ? "hit" : "miss");
			return Optional.ofNullable(value).map(IdempotencyCache::decode);
		}
		catch (CallNotPermittedException ex) {
			this.metrics.cache("skipped");
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			this.metrics.cache("error");
			log.debug("Idempotency cache read failed: {}", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	/** Caches a completed answer for its remaining lifetime; a failure is only logged. */
	void put(String user, IdempotencyKey key, byte[] fingerprint, StoredResponse response, Duration remaining) {
		if (!this.settings.enabled() || remaining.toMillis() < 1) {
			return;
		}
		try {
			byte[] entry = encode(fingerprint, response);
			this.breaker.executeRunnable(() -> this.redis.opsForValue().set(redisKey(user, key), entry, remaining));
		}
		catch (CallNotPermittedException ex) {
			this.metrics.cache("skipped");
		}
		catch (RuntimeException ex) {
			this.metrics.cache("error");
			log.debug("Idempotency cache write failed: {}", ex.getClass().getSimpleName());
		}
	}

	/** Redis keys hash (user, key): fixed length, no separator ambiguity, no user ids in Redis. */
	private byte[] redisKey(String user, IdempotencyKey key) {
		MessageDigest sha256 = RequestFingerprint.sha256();
		sha256.update(user.getBytes(StandardCharsets.UTF_8));
		sha256.update((byte) 0);
		sha256.update(key.value().getBytes(StandardCharsets.US_ASCII));
		String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
		return (this.settings.keyPrefix() + digest).getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] encode(byte[] fingerprint, StoredResponse response) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + response.body().length);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.write(fingerprint);
			out.writeShort(response.status());
			writeNullable(out, response.location());
			writeNullable(out, response.contentType());
			out.writeInt(response.body().length);
			out.write(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static Entry decode(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			if (in.readByte() != FORMAT) {
				throw new IOException("Unknown cache format");
			}
			byte[] fingerprint = in.readNBytes(32);
			int status = in.readShort();
			String location = readNullable(in);
			String contentType = readNullable(in);
			byte[] body = in.readNBytes(in.readInt());
			return new Entry(fingerprint, new StoredResponse(status, location, contentType, body));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeNullable(DataOutputStream out, String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			out.writeUTF(value);
		}
	}

	private static String readNullable(DataInputStream in) throws IOException {
		return in.readBoolean() ? in.readUTF() : null;
	}

	/** A cached completed answer and the fingerprint of the request that produced it. */
	record Entry(byte[] fingerprint, StoredResponse response) {
	}

}
