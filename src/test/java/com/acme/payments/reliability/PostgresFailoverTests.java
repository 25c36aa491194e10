package com.acme.payments.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestServices;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private primary with a synchronous standby, and the service on a multi-host URL. The primary
 * dies; while no primary is reachable every answer is a 503 with Retry-After; the standby is promoted
 * and the service reconnects by itself; every answer given before the failover replays after it
 * (from Postgres: the Redis cache is off here).
 */
@RequiresTools(Tool.POSTGRES_SERVER)
@PaymentsTest(properties = { "payments.idempotency.cache.enabled=false", "payments.rate-limit.capacity=100000" })
class PostgresFailoverTests {

	static final PrivatePostgres primary = PrivatePostgres.start();

	static final PrivatePostgres standby = standbyOf(primary);

	@DynamicPropertySource
	static void failoverPair(DynamicPropertyRegistry registry) {
		primary.register(registry);
		// pgjdbc remembers which host was not a primary for hostRecheckSeconds: keep it short
		registry.add("spring.datasource.url",
				() -> "jdbc:postgresql://" + TestServices.LOCAL_HOST + ":" + primary.port() + "," + TestServices.LOCAL_HOST
						+ ":" + standby.port() + "/postgres?targetServerType=primary&hostRecheckSeconds=1");
	}

	@AfterAll
	static void stop() throws Exception {
		primary.close();
		standby.close();
	}

	@Autowired
	ApiClient api;

	@Test
	void storedAnswersSurvivePromotionAndTheServiceReconnectsWithoutRestart() throws Exception {
		String user = TestTokens.newUser();
		List<String> keys = new ArrayList<>();
		List<Answer> before = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			keys.add(ApiClient.newKey());
			before.add(this.api.charge(user, keys.get(i), ApiClient.CHARGE_BODY).send());
		}
		assertThat(before).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(201));

		primary.stop();
		for (int i = 0; i < 3; i++) {
			Answer during = this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
			assertThat(during.status()).as("no primary: unavailable, never a 500").isEqualTo(503);
			assertThat(during.header("Retry-After")).isNotNull();
			assertThat(this.api.get("/charges").as(user).send().status()).isEqualTo(503);
		}
		standby.promote();
		// the promoted standby inherited synchronous_standby_names = '*' and has no standby: until
		// this is cleared its commits would wait forever (the runbook's step 3)
		standby.synchronousStandbys("");

		Answer after = Awaitility.await("the service reached the promoted standby")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send(),
					(answer) -> answer.status() == 201);
		assertThat(after.header("Idempotent-Replayed")).isEqualTo("false");
		for (int i = 0; i < keys.size(); i++) {
			Answer replay = this.api.charge(user, keys.get(i), ApiClient.CHARGE_BODY).send();
			assertThat(replay.status()).isEqualTo(201);
			assertThat(replay.header("Idempotent-Replayed")).as("stored before the failover").isEqualTo("true");
			assertThat(replay.body()).isEqualTo(before.get(i).body());
		}
		assertThat(this.api.get("/charges?limit=100").as(user).send().json().path("data").size())
			.isEqualTo(keys.size() + 1);
	}

	private static PrivatePostgres standbyOf(PrivatePostgres primary) {
		try {
			primary.synchronousStandbys("*");
			return primary.standby();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start a standby", ex);
		}
	}

}
