package com.acme.payments.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.EarlierAnswers;
import com.acme.payments.support.FreezableProxy;
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
 * The primary freezes (it stays frozen: no reset, no refusal) and its synchronous standby is
 * promoted by hand: the pool leaves the frozen host by itself, charging resumes without a restart,
 * no request hangs past its bound, and every answer given before the failover replays after it.
 */
@RequiresTools(Tool.POSTGRES_SERVER)
@PaymentsTest(properties = { "payments.rate-limit.capacity=100000", "payments.idempotency.lock-timeout=5s",
		"payments.processor.timeout=3s" })
class FrozenPrimaryFailoverTests {

	static final PrivatePostgres primary = PrivatePostgres.start();

	static final PrivatePostgres standby = standbyOf(primary);

	static final FreezableProxy toPrimary = FreezableProxy.to(primary.port());

	@DynamicPropertySource
	static void failoverPair(DynamicPropertyRegistry registry) {
		primary.register(registry);
		registry.add("spring.datasource.url",
				() -> "jdbc:postgresql://" + TestServices.LOCAL_HOST + ":" + toPrimary.port() + ","
						+ TestServices.LOCAL_HOST + ":" + standby.port()
						+ "/postgres?targetServerType=primary");
	}

	@AfterAll
	static void stop() throws Exception {
		toPrimary.close();
		primary.close();
		standby.close();
	}

	@Autowired
	ApiClient api;

	@Test
	void frozenPrimaryIsLeftBehindAfterAPromotionAndEveryEarlierAnswerReplays() throws Exception {
		String user = TestTokens.newUser();
		EarlierAnswers earlier = EarlierAnswers.charge(this.api, user, 5);

		toPrimary.freeze();
		standby.promote();
		standby.synchronousStandbys("");
		long promoted = System.nanoTime();
		List<Duration> took = new ArrayList<>();
		Answer resumed = null;
		while (System.nanoTime() - promoted < Duration.ofSeconds(60).toNanos()) {
			long started = System.nanoTime();
			Answer answer = this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
			took.add(Duration.ofNanos(System.nanoTime() - started));
			assertThat(answer.status()).isIn(201, 503);
			if (answer.status() == 201) {
				resumed = answer;
				break;
			}
		}
		Duration window = Duration.ofNanos(System.nanoTime() - promoted);

		assertThat(resumed).as("charging resumed on the promoted standby").isNotNull();
		assertThat(window).as("unavailability after the promotion").isLessThan(Duration.ofSeconds(30));
		assertThat(took).allSatisfy((duration) -> assertThat(duration).isLessThan(Duration.ofSeconds(10)));
		earlier.assertEachReplays();
		System.out.println("FrozenPrimaryFailoverTests: charging resumed " + window.toMillis()
				+ " ms after the promotion, " + took.size() + " tries");
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
