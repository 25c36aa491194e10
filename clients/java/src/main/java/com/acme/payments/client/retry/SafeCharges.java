package com.acme.payments.client.retry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.acme.payments.client.ApiClient;
import com.acme.payments.client.ApiException;
import com.acme.payments.client.ApiResponse;
import com.acme.payments.client.api.ChargesApi;
import com.acme.payments.client.model.Charge;
import com.acme.payments.client.model.ChargeRequest;

/**
 * Charges through the generated Java client with safe retries, as the TypeScript client's
 * {@code createCharge} does: one Idempotency-Key per logical charge (the caller's, see
 * {@link #newKey()}) and the same body on every try; retries only when no answer arrived, and on 408, 409
 * {@code idempotency-key-in-use}, 429 and 503; waits at least {@code Retry-After}, else an
 * exponential backoff with full jitter; gives up after {@link Policy#maxAttempts()} tries or
 * {@link Policy#maxElapsed()}, whichever comes first, and never retries any other answer.
 * Bound each try with {@link ApiClient#setReadTimeout(Duration)} (and a connect timeout on its
 * HTTP client builder): a try that times out is retried with the same key.
 */
public final class SafeCharges {

	static final String IN_USE = "/problems/idempotency-key-in-use";

	private final ChargesApi charges;

	private final ObjectMapper mapper;

	private final Policy policy;

	private final Supplier<String> newKey;

	private final Sleeper sleeper;

	public SafeCharges(ApiClient client) {
		this(client, Policy.defaults());
	}

	public SafeCharges(ApiClient client, Policy policy) {
		this(client, policy, () -> UUID.randomUUID().toString(), Thread::sleep);
	}

	SafeCharges(ApiClient client, Policy policy, Supplier<String> newKey, Sleeper sleeper) {
		this.charges = new ChargesApi(client);
		this.mapper = client.getObjectMapper();
		this.policy = policy;
		this.newKey = newKey;
		this.sleeper = sleeper;
	}

	/**
	 * A new key for a new charge. The caller keeps it (with the order, before the first call) rather
	 * than letting {@link #create} make one: after a failure that leaves the outcome unknown, only a
	 * retry under the same key is safe, and an exception cannot be trusted to carry it.
	 */
	public String newKey() {
		return this.newKey.get();
	}

	/**
	 * The charge of this key: persist the key with the order before the first call, and pass it
	 * again to retry after a restart.
	 * @throws ApiException the answer that is not retried, or the last one when the tries ran out
	 * (code 0: no answer arrived; the charge may have been made, and the same key finds it)
	 */
	public Created create(String idempotencyKey, ChargeRequest request) throws ApiException, InterruptedException {
		ChargeRequest body = copyOf(request);
		long started = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			ApiException failure;
			try {
				ApiResponse<Charge> answer = this.charges.createChargeWithHttpInfo(idempotencyKey, body);
				return new Created(answer.getData(), idempotencyKey, "true".equals(header(answer.getHeaders(), "Idempotent-Replayed")),
						attempt, Optional.ofNullable(header(answer.getHeaders(), "RateLimit")));
			}
			catch (ApiException ex) {
				if (Thread.interrupted() || ex.getCause() instanceof InterruptedException) {
					// the flag is cleared: the exception carries the interruption
					throw new InterruptedException("interrupted while charging under key " + idempotencyKey);
				}
				if (!retryable(ex)) {
					throw ex;
				}
				failure = ex;
			}
			Duration wait = delayBeforeNextTry(this.policy, attempt, retryAfter(failure));
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			if (attempt >= this.policy.maxAttempts() || elapsed.plus(wait).compareTo(this.policy.maxElapsed()) > 0) {
				throw failure;
			}
			this.sleeper.sleep(wait.toMillis());
		}
	}

	/** No answer (code 0: a connection or read failure), or a status worth another try. */
	boolean retryable(ApiException ex) {
		return switch (ex.getCode()) {
			// an answer whose body could not be read is an answer: the charge may have been made, and
			// retrying gets the same body again; the caller retries later under the same key
			case 0 -> ex.getCause() instanceof IOException
					&& !(ex.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException);
			case 408, 429, 503 -> true;
			case 409 -> IN_USE.equals(problemType(ex.getResponseBody()));
			default -> false;
		};
	}

	/** Full-jitter exponential backoff, never below what the service asked for. */
	static Duration delayBeforeNextTry(Policy policy, int attempt, Optional<Duration> retryAfter) {
		long ceiling = Math.min(policy.maxDelay().toMillis(),
				policy.initialDelay().toMillis() * (1L << Math.min(attempt - 1, 30)));
		long backoff = (long) Math.floor(policy.random().getAsDouble() * ceiling);
		return Duration.ofMillis(Math.max(backoff, retryAfter.map(Duration::toMillis).orElse(0L)));
	}

	private String problemType(String body) {
		if (body == null) {
			return null;
		}
		try {
			JsonNode type = this.mapper.readTree(body).path("type");
			return type.isTextual() ? type.asText() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static Optional<Duration> retryAfter(ApiException ex) {
		if (ex.getResponseHeaders() == null) {
			return Optional.empty();
		}
		return ex.getResponseHeaders()
			.firstValue("Retry-After")
			.filter((value) -> value.trim().matches("\\d{1,9}"))
			.map((value) -> Duration.ofSeconds(Long.parseLong(value.trim())));
	}

	private ChargeRequest copyOf(ChargeRequest request) {
		try {
			return this.mapper.readValue(this.mapper.writeValueAsBytes(request), ChargeRequest.class);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("The charge request cannot be written as JSON", ex);
		}
	}

	private static String header(Map<String, List<String>> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
			.map((entry) -> entry.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

	/**
	 * @param maxAttempts tries in all, the first included
	 * @param maxElapsed no wait ends later than this after the call began
	 * @param initialDelay the backoff before the second try; it doubles with each try after
	 * @param maxDelay the most the backoff grows to
	 * @param random [0, 1): the jitter
	 */
	public record Policy(int maxAttempts, Duration maxElapsed, Duration initialDelay, Duration maxDelay,
			DoubleSupplier random) {

		public static Policy defaults() {
			return new Policy(8, Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(10),
					() -> ThreadLocalRandom.current().nextDouble());
		}

	}

	/**
	 * @param replayed {@code Idempotent-Replayed: true}: the stored answer of an earlier request
	 * @param attempts requests sent
	 * @param rateLimit the {@code RateLimit} header of the answer
	 */
	public record Created(Charge charge, String idempotencyKey, boolean replayed, int attempts,
			Optional<String> rateLimit) {
	}

	/** How the helper waits between tries. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

}
