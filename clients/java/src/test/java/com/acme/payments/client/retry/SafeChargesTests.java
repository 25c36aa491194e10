package com.acme.payments.client.retry;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.acme.payments.client.ApiClient;
import com.acme.payments.client.ApiException;
import com.acme.payments.client.api.ChargesApi;
import com.acme.payments.client.model.ChargeRequest;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Java client's retry helper against the running service (and a port where nothing listens). */
@PaymentsTest(properties = { "payments.rate-limit.capacity=5", "payments.rate-limit.period=10s" })
class SafeChargesTests {

	static final SafeCharges.Policy FAST = new SafeCharges.Policy(8, Duration.ofSeconds(30), Duration.ofMillis(20),
			Duration.ofMillis(200), () -> 0.5);

	@Autowired
	Environment environment;

	@Autowired
	com.acme.payments.support.ApiClient api;

	final String user = TestTokens.newUser();

	@org.junit.jupiter.api.BeforeEach
	void limiterAnswers() {
		com.acme.payments.support.RateLimiterReady.await(this.api);
	}

	final AtomicInteger requests = new AtomicInteger();

	@Test
	void aLostProcessorAnswerIsRetriedUnderTheSameKeyAndChargedOnce() throws Exception {
		ApiClient client = client(url());

		SafeCharges.Created created = new SafeCharges(client, FAST).create("order-" + this.user, request(990, "tok_lostResponse"));

		assertThat(created.attempts()).as("a 503, then the retry that found the charge").isEqualTo(2);
		assertThat(this.requests).hasValue(2);
		assertThat(created.replayed()).isFalse();
		assertThat(created.rateLimit()).hasValueSatisfying((state) -> assertThat(state).startsWith("\"per-user\";r="));
		assertThat(new ChargesApi(client).listCharges(10, null).getData()).extracting((charge) -> charge.getId())
			.containsExactly(created.charge().getId());
	}

	@Test
	void aRetryOfTheSameKeyGetsTheStoredAnswer() throws Exception {
		SafeCharges charges = new SafeCharges(client(url()), FAST);
		ChargeRequest request = request(1999, "tok_visa");

		SafeCharges.Created first = charges.create("order-" + this.user, request);
		request.setAmount(5L);
		SafeCharges.Created again = charges.create("order-" + this.user, request(1999, "tok_visa"));

		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).isTrue();
		assertThat(again.charge()).isEqualTo(first.charge());
	}

	@Test
	void a429IsRetriedAfterItsRetryAfter() throws Exception {
		ApiClient client = client(url());
		ApiException limited = null;
		for (int i = 0; i < 20 && limited == null; i++) {
			try {
				new ChargesApi(client).listCharges(1, null);
			}
			catch (ApiException ex) {
				limited = ex;
			}
		}
		assertThat(limited).isNotNull();
		assertThat(limited.getCode()).isEqualTo(429);
		long asked = Long.parseLong(limited.getResponseHeaders().firstValue("Retry-After").orElseThrow());
		this.requests.set(0);
		long started = System.nanoTime();

		SafeCharges.Created created = new SafeCharges(client, FAST).create("k-" + this.user, request(300, "tok_visa"));

		assertThat(created.attempts()).isEqualTo(2);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(asked));
	}

	@Test
	void aDeclineAndAReusedKeyAreNeverRetried() throws Exception {
		SafeCharges charges = new SafeCharges(client(url()), FAST);

		ApiException decline = catchThrowableOfType(ApiException.class,
				() -> charges.create(charges.newKey(), request(700, "tok_insufficientFunds")));
		assertThat(decline.getCode()).isEqualTo(402);
		assertThat(this.requests).hasValue(1);

		charges.create("k-" + this.user, request(100, "tok_visa"));
		this.requests.set(0);
		ApiException reused = catchThrowableOfType(ApiException.class,
				() -> charges.create("k-" + this.user, request(101, "tok_visa")));
		assertThat(reused.getCode()).isEqualTo(409);
		assertThat(reused.getResponseBody()).contains("/problems/idempotency-key-reused");
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void noAnswerIsRetriedUntilTheTriesRunOut() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		SafeCharges charges = new SafeCharges(client("http://127.0.0.1:" + closed),
				new SafeCharges.Policy(3, Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofMillis(5), () -> 0.5));

		ApiException none = catchThrowableOfType(ApiException.class, () -> charges.create(charges.newKey(), request(100, "tok_visa")));

		assertThat(none.getCode()).isZero();
		assertThat(this.requests).hasValue(3);
	}

	@Test
	void backsOffExponentiallyWithJitterCappedAndNeverBelowRetryAfter() {
		SafeCharges.Policy policy = new SafeCharges.Policy(8, Duration.ofMinutes(1), Duration.ofMillis(100),
				Duration.ofSeconds(1), () -> 0.999);

		assertThat(java.util.stream.IntStream.rangeClosed(1, 6)
			.mapToObj((attempt) -> SafeCharges.delayBeforeNextTry(policy, attempt, Optional.empty()).toMillis()))
			.containsExactly(99L, 199L, 399L, 799L, 999L, 999L);
		assertThat(SafeCharges.delayBeforeNextTry(policy, 1, Optional.of(Duration.ofSeconds(3))))
			.isEqualTo(Duration.ofSeconds(3));
	}

	private String url() {
		return "http://127.0.0.1:" + this.environment.getProperty("local.server.port");
	}

	private ApiClient client(String url) {
		ApiClient client = new ApiClient();
		client.updateBaseUri(url);
		client.setReadTimeout(Duration.ofSeconds(15));
		String token = TestTokens.forUser(this.user);
		client.setRequestInterceptor((request) -> {
			this.requests.incrementAndGet();
			request.header("Authorization", "Bearer " + token);
		});
		return client;
	}

	private static ChargeRequest request(long amount, String source) {
		return new ChargeRequest().amount(amount).currency("usd").source(source);
	}

}
