package com.acme.payments.idempotency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/**
 * The caches of completed answers, in front of Postgres: this process's memory
 * ({@link LocalReplayCache}), then Redis. Completed answers never change until they expire, so each
 * tier holds them for at most their remaining lifetime. Every failure is a miss: Redis down, slow
 * (bounded by {@code spring.data.redis.timeout}) or flushed changes no answer, only speed.
 */
@Component
class IdempotencyCache {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyCache.class);

	/** 2: with the instant the answer expires, so that a Redis hit can be kept in memory too. */
	private static final byte FORMAT = 2;

	private static final byte FORMAT_WITHOUT_EXPIRY = 1;

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

	private final LocalReplayCache local;

	private final Clock clock;

	IdempotencyCache(RedisConnectionFactory connections, IdempotencyProperties properties,
			IdempotencyMetrics metrics, CircuitBreakerRegistry breakers, MeterRegistry meters) {
		this.redis = new RedisTemplate<>();
		this.redis.setConnectionFactory(connections);
		this.redis.setEnableDefaultSerializer(false);
		this.redis.setKeySerializer(RedisSerializer.byteArray());
		this.redis.setValueSerializer(RedisSerializer.byteArray());
		this.redis.afterPropertiesSet();
		this.settings = properties.cache();
		this.metrics = metrics;
		this.breaker = breakers.circuitBreaker(BREAKER);
		this.clock = Clock.systemUTC();
		this.local = (this.settings.enabled() && this.settings.local().enabled())
				? new LocalReplayCache(this.settings.local().maxSize().toBytes(), Ticker.systemTicker()) : null;
		if (this.local != null) {
			this.local.bindTo(meters);
		}
	}

	/** The cached entry for (user, key): from memory, else from Redis if it has one and answers in time. */
	Optional<Entry> find(String user, IdempotencyKey key) {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		if (this.local != null) {
			Optional<Entry> kept = this.local.find(user, key);
			if (kept.isPresent()) {
				this.metrics.cache("local_hit");
				return kept;
			}
		}
		try {
			byte[] value = this.breaker.executeSupplier(() -> this.redis.opsForValue().get(redisKey(user, key)));
			this.metrics.cache((value != null) ? "hit" : "miss");
			Optional<Entry> found = Optional.ofNullable(value).map(IdempotencyCache::decode);
			found.ifPresent((entry) -> keepLocally(user, key, entry));
			return found;
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
		Entry kept = new Entry(fingerprint, response, this.clock.instant().plus(remaining));
		if (this.local != null) {
			this.local.put(user, key, kept, remaining);
		}
		try {
			byte[] entry = encode(kept);
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

	private void keepLocally(String user, IdempotencyKey key, Entry entry) {
		if (this.local != null && entry.expiresAt() != null) {
			this.local.put(user, key, entry, Duration.between(this.clock.instant(), entry.expiresAt()));
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

	static byte[] encode(Entry entry) {
		StoredResponse response = entry.response();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(72 + response.body().length);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeLong(entry.expiresAt().toEpochMilli());
			out.write(entry.fingerprint());
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
			byte format = in.readByte();
			if (format != FORMAT && format != FORMAT_WITHOUT_EXPIRY) {
				throw new IOException("Unknown cache format");
			}
			Instant expiresAt = (format == FORMAT) ? Instant.ofEpochMilli(in.readLong()) : null;
			byte[] fingerprint = in.readNBytes(32);
			int status = in.readShort();
			String location = readNullable(in);
			String contentType = readNullable(in);
			byte[] body = in.readNBytes(in.readInt());
			return new Entry(fingerprint, new StoredResponse(status, location, contentType, body), expiresAt);
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

	/**
	 * A cached completed answer and the fingerprint of the request that produced it.
	 * @param expiresAt when the answer expires; null in entries written before it was recorded
	 */
	record Entry(byte[] fingerprint, StoredResponse response, Instant expiresAt) {
	}

}
