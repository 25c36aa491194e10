package com.acme.payments.idempotency;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Of any number of simultaneous requests with one (user, key), exactly one executes; the others get
 * 409 idempotency-key-in-use, or the replay if they arrive after it finished. The processor is slowed
 * down so that the requests really overlap.
 */
// Sixty duplicates of one user at once: above the per-user concurrency limit, which is not what
// this test is about (ConcurrencyLimitTests is).
@PaymentsTest(properties = { "payments.processor.latency=300ms", "payments.rate-limit.concurrency=1000" })
class ConcurrentDuplicatesTests {

	static final int DUPLICATES = 60;

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Test
	void ofSimultaneousDuplicatesExactlyOneExecutes() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		double inUse = inUse();

		List<Answer> answers = Race.run(DUPLICATES, (i) -> this.api.charge(user, key, ApiClient.CHARGE_BODY).send());

		assertOneExecution(user, answers);
		assertThat(inUse()).isEqualTo(inUse + answers.stream().filter((a) -> a.status() == 409).count());
	}

	@Test
	void twoInstancesOnOneDatabaseExecuteSimultaneousDuplicatesOnce() {
		try (ConfigurableApplicationContext second = Instances.startAnother(this.context,
				"payments.processor.latency=300ms", "payments.rate-limit.concurrency=1000")) {
			ApiClient other = ApiClient.at(Instances.baseUrl(second));
			String user = TestTokens.newUser();
			String key = ApiClient.newKey();

			List<Answer> answers = Race.run(DUPLICATES,
					(i) -> ((i % 2 == 0) ? this.api : other).charge(user, key, ApiClient.CHARGE_BODY).send());

			assertOneExecution(user, answers);
		}
	}

	private double inUse() {
		var counter = this.meters.find("payments.idempotency.requests").tag("outcome", "in_use").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void assertOneExecution(String user, List<Answer> answers) {
		List<Answer> executed = answers.stream().filter((a) -> "false".equals(a.header("Idempotent-Replayed"))).toList();
		assertThat(executed).hasSize(1);
		assertThat(executed.get(0).status()).isEqualTo(201);
		for (Answer answer : answers) {
			if (answer.status() == 409) {
				assertThat(answer.problemType()).isEqualTo("idempotency-key-in-use");
				assertThat(Integer.parseInt(answer.header("Retry-After"))).isGreaterThanOrEqualTo(1);
			}
			else {
				assertThat(answer.status()).isEqualTo(201);
				assertThat(answer.body()).isEqualTo(executed.get(0).body());
			}
		}
		Set<Integer> statuses = answers.stream().map(Answer::status).collect(Collectors.toSet());
		assertThat(statuses).containsOnly(201, 409);
		assertThat(new Books(this.jdbc).charges(user))
			.isEqualTo(1);
		assertThat(new Books(this.jdbc).processorCharges(user)).isEqualTo(1);
	}

}
