package com.acme.payments.reliability;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedis;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two regions: each has its own Redis (cache and rate limiter), both share the one Postgres. A retry
 * that lands in the other region sees the same key: it replays the answer and charges nothing. Each
 * region's limiter counts only its own requests (the quota is split per region, docs/operations.md).
 */
@PaymentsTest(properties = { "payments.rate-limit.capacity=3", "payments.rate-limit.period=1h" })
@RequiresTools(Tool.REDIS_SERVER)
class TwoRegionsTests {

	static PrivateRedis otherRegionRedis;

	@Autowired
	ApiClient regionA;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@AfterAll
	static void stopRedis() throws InterruptedException {
		if (otherRegionRedis != null) {
			otherRegionRedis.close();
		}
	}

	@Test
	void retryThroughTheOtherRegionReplaysAndEachRegionLimitsItsOwnRequests() {
		otherRegionRedis = PrivateRedis.start();
		try (ConfigurableApplicationContext regionB = Instances.startAnother(this.context,
				Map.of("spring.data.redis.port", Integer.toString(otherRegionRedis.port()),
						"payments.rate-limit.capacity", "3", "payments.rate-limit.period", "1h"))) {
			ApiClient b = ApiClient.at(Instances.baseUrl(regionB));
			String user = TestTokens.newUser();
			String key = ApiClient.newKey();

			Answer first = this.regionA.charge(user, key, ApiClient.CHARGE_BODY).send();
			Answer retry = b.charge(user, key, ApiClient.CHARGE_BODY).send();

			assertThat(first.status()).isEqualTo(201);
			assertThat(retry.status()).isEqualTo(201);
			assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
			assertThat(retry.body()).isEqualTo(first.body());
			assertThat(new Books(this.jdbc).charges(user)).isEqualTo(1);
			assertThat(new Books(this.jdbc).processorCharges(user)).isEqualTo(1);
			assertThat(b.charge(user, key, "{\"amount\":5,\"currency\":\"usd\",\"source\":\"tok_visa\"}").send().status())
				.as("the other region sees the key's request too").isEqualTo(409);

			// each region took one token from its own bucket of 3: the quota is per region
			assertThat(first.header("RateLimit")).contains("r=2;");
			assertThat(retry.header("RateLimit")).contains("r=2;");
		}
	}

}
