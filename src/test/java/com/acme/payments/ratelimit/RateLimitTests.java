package com.acme.payments.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.StructuredFields;
import com.acme.payments.support.StructuredFields.Item;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Quota 5 per hour: nothing refills during a test, so every count is exact. */
@PaymentsTest(properties = { "payments.rate-limit.capacity=5", "payments.rate-limit.period=1h" })
class RateLimitTests {

	@Autowired
	ApiClient api;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RateLimitProperties properties;

	final String user = TestTokens.newUser();

	@Test
	void allowsExactlyTheQuotaAndSaysWhatRemains() {
		for (int i = 1; i <= 5; i++) {
			Answer answer = this.api.get("/charges").as(this.user).send();
			assertThat(answer.status()).isEqualTo(200);
			Item policy = single(answer.header("RateLimit-Policy"));
			assertThat(policy.value()).isEqualTo("per-user");
			assertThat(policy.integer("q")).isEqualTo(5);
			assertThat(policy.integer("w")).isEqualTo(3600);
			Item limit = single(answer.header("RateLimit"));
			assertThat(limit.value()).isEqualTo("per-user");
			assertThat(limit.integer("r")).isEqualTo(5 - i);
			assertThat(limit.integer("t")).isBetween(1L, 3600L);
		}

		Answer limited = this.api.get("/charges").as(this.user).send();

		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
		assertThat(limited.problemType()).isEqualTo("quota-exceeded");
		assertThat(limited.header("Cache-Control")).isEqualTo("no-store");
		// one token every 3600s / 5 = 720s
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(700L, 720L);
		assertThat(single(limited.header("RateLimit")).integer("r")).isZero();
		assertThat(single(limited.header("RateLimit")).integer("t")).isBetween(3500L, 3600L);
	}

	@Test
	void concurrentRequestsOfOneUserGetExactlyTheQuota() {
		List<Answer> answers = Race.run(300, (i) -> this.api.get("/charges").as(this.user).send());

		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		assertThat(byStatus).containsOnlyKeys(200, 429);
		assertThat(byStatus.get(200)).isEqualTo(5);
	}

	@Test
	void rotatingIdempotencyKeysOrSpoofingHeadersDoesNotBypassTheLimit() {
		for (int i = 0; i < 5; i++) {
			this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
				.header("X-Forwarded-For", "10.0.0." + i)
				.send();
		}

		Answer spoofed = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
			.header("X-Forwarded-For", "192.0.2.99")
			.header("X-Real-IP", "192.0.2.99")
			.header("X-User-Id", TestTokens.newUser())
			.send();

		assertThat(spoofed.status()).isEqualTo(429);
	}

	@Test
	void usersHaveBucketsOfTheirOwn() {
		exhaust(this.user);
		String other = TestTokens.newUser();

		assertThat(this.api.get("/charges").as(this.user).send().status()).isEqualTo(429);
		assertThat(this.api.get("/charges").as(other).send().status()).isEqualTo(200);
	}

	@Test
	void everyApiEndpointTakesATokenButHealthAndDocsDoNot() {
		this.api.get("/charges/ch_none").as(this.user).send();
		this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
		for (int i = 0; i < 10; i++) {
			Answer health = this.api.get("/actuator/health").as(this.user).send();
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.header("RateLimit")).isNull();
			assertThat(this.api.get("/v3/api-docs").as(this.user).send().status()).isEqualTo(200);
		}

		Answer answer = this.api.get("/charges").as(this.user).send();

		assertThat(single(answer.header("RateLimit")).integer("r")).isEqualTo(2);
	}

	@Test
	void rejectedChargeIsNotStoredAndNeverReachesIdempotency() {
		exhaust(this.user);
		String key = ApiClient.newKey();
		double executed = count("payments.idempotency.requests", "outcome", "executed");

		Answer limited = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();

		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Idempotent-Replayed")).isNull();
		assertThat(count("payments.idempotency.requests", "outcome", "executed")).isEqualTo(executed);
		assertThat(this.context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = ?")
			.param(this.user)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void bucketKeysExpireOnceTheBucketWouldBeFullAgain() {
		this.api.get("/charges").as(this.user).send();

		Long ttl = this.redis.getExpire(this.properties.keyPrefix() + this.user, java.util.concurrent.TimeUnit.SECONDS);

		// one token used: full again after 720s, plus Bucket4j's 10s of margin
		assertThat(ttl).isBetween(700L, 740L);
	}

	@Test
	void countsAllowedAndRejectedRequests() {
		double allowed = count("payments.ratelimit.requests", "result", "allowed");
		double rejected = count("payments.ratelimit.requests", "result", "rejected");

		exhaust(this.user);
		this.api.get("/charges").as(this.user).send();

		assertThat(count("payments.ratelimit.requests", "result", "allowed")).isEqualTo(allowed + 5);
		assertThat(count("payments.ratelimit.requests", "result", "rejected")).isEqualTo(rejected + 1);
		assertThat(this.meters.find("payments.ratelimit.redis").timer().count()).isPositive();
	}

	@Test
	void instancesShareEachBucket() {
		try (ConfigurableApplicationContext second = Instances.startAnother(this.context,
				"payments.rate-limit.capacity=5", "payments.rate-limit.period=1h")) {
			ApiClient other = ApiClient.at(Instances.baseUrl(second));
			Function<Integer, ApiClient> instance = (i) -> (i % 2 == 0) ? this.api : other;

			List<Answer> answers = Race.run(20, (i) -> instance.apply(i).get("/charges").as(this.user).send());

			assertThat(answers.stream().filter((a) -> a.status() == 200).count()).isEqualTo(5);
			assertThat(answers.stream().filter((a) -> a.status() == 429).count()).isEqualTo(15);
		}
	}

	private void exhaust(String user) {
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.get("/charges").as(user).send().status()).isEqualTo(200);
		}
	}

	private double count(String name, String tag, String value) {
		var counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

	static Item single(String header) {
		assertThat(header).isNotNull();
		List<Item> items = StructuredFields.parseList(header);
		assertThat(items).hasSize(1);
		return items.get(0);
	}

}
