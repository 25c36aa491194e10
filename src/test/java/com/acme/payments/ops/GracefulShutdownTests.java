package com.acme.payments.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.ServiceProcess;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM lets a charge in flight finish and answer before the process exits. */
@PaymentsTest
class GracefulShutdownTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Test
	void chargeInFlightCompletesWhenTheServiceIsStopped() throws Exception {
		String user = TestTokens.newUser();
		Map<String, String> settings = new HashMap<>(Instances.sharedSettings(this.context));
		settings.put("payments.processor.latency", "3s");
		ServiceProcess service = ServiceProcess.start(settings);
		CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(
				() -> ApiClient.at(service.baseUrl()).charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send());
		Awaitility.await("the charge reached the processor")
			.atMost(Duration.ofSeconds(20))
			.until(() -> new Books(this.jdbc).processorCharges(user) == 1);

		long stopping = System.nanoTime();
		int exitCode = service.terminate(Duration.ofSeconds(30));

		Answer answer = inFlight.get(5, TimeUnit.SECONDS);
		assertThat(answer.status()).isEqualTo(201);
		assertThat(new Books(this.jdbc).charges(user))
			.isEqualTo(1);
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(25));
		assertThat(exitCode).isIn(0, 143);
	}

}
