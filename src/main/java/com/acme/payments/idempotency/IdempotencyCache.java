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
import java.util.List;
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
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/**
 * The caches of completed answers, in front of Postgres: this process's memory
 * ({@link LocalReplayCache}), then Redis. Completed answers never change until they expire, so each
 * tier holds them for at most their remaining lifetime. Every failure is a miss: Redis down, slow
 * (bounded by {@code spring.data.redis.timeout}) or flushed changes no answer, only speed. The
 * lifetimes are the database's (what a claim or a completion returned) or Redis's (its PTTL): never
 * an instance's own clock.
 */
@Component
class IdempotencyCache {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyCache.class);

	private static final byte FORMAT = 1;

	/** The entry and its remaining lifetime in milliseconds, in one round trip. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> GET_WITH_TTL = new DefaultRedisScript<>(
			"return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}", List.class);

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
			byte[] redisKey = redisKey(user, key);
			List<?> answers = this.breaker.executeSupplier(() -> this.redis.execute(GET_WITH_TTL, List.of(redisKey)));
			byte[] value = (answers != null && !answers.isEmpty() && answers.get(0) instanceof byte[] bytes) ? bytes
					: null;
			this.metrics.cache((value != null) ? "hit" : "miss");
			Optional<Entry> found = Optional.ofNullable(value).map(IdempotencyCache::decode);
			if (found.isPresent() && answers.size() > 1 && answers.get(1) instanceof Long ttl && ttl > 0) {
				keepLocally(user, key, found.get(), Duration.ofMillis(ttl));
			}
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

	/**
	 * An answer with less lifetime left than this is not cached: the lifetime was measured by
	 * Postgres before the write, and although the time since is taken off, a write still on its way
	 * must not land after the key expired and another request claimed and cached it. Such an answer
	 * is served from Postgres for its last second.
	 */
	static final Duration MIN_CACHED_LIFETIME = Duration.ofSeconds(1);

	/**
	 * Caches a completed answer for what is left of its lifetime; a failure is only logged.
	 * @param remaining the record's remaining lifetime, as Postgres measured it
	 * @param measuredAt {@link System#nanoTime()} before the statement that measured it: the time
	 * since (a stalled thread, a slow hop) is taken off, so the entry never outlives the row by it
	 */
	void put(String user, IdempotencyKey key, byte[] fingerprint, StoredResponse response, Duration remaining,
			long measuredAt) {
		Duration left = remaining.minusNanos(System.nanoTime() - measuredAt);
		if (!this.settings.enabled() || left.compareTo(MIN_CACHED_LIFETIME) < 0) {
			return;
		}
		Entry kept = new Entry(fingerprint, response);
		if (this.local != null) {
			this.local.put(user, key, kept, left);
		}
		try {
			byte[] entry = encode(kept);
			this.breaker.executeRunnable(() -> this.redis.opsForValue().set(redisKey(user, key), entry, left));
		}
		catch (CallNotPermittedException ex) {
			this.metrics.cache("skipped");
		}
		catch (RuntimeException ex) {
			this.metrics.cache("error");
			log.debug("Idempotency cache write failed: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * A Redis hit is kept in memory for no longer than Redis keeps it: Redis's own PTTL, read in the
	 * same round trip, is the database's remaining lifetime measured by one clock, whatever the
	 * instances' clocks say.
	 */
	private void keepLocally(String user, IdempotencyKey key, Entry entry, Duration ttl) {
		if (this.local != null) {
			this.local.put(user, key, entry, ttl);
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
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + response.body().length);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
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
