package com.acme.payments.ops;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** With a management port, metrics and health are served there only, not on the API's port. */
@PaymentsTest(properties = "management.server.port=0")
class ManagementPortTests {

	@Autowired
	ApiClient api;

	@Autowired
	Environment environment;

	@Test
	void metricsAndHealthMoveToTheManagementPort() {
		ApiClient management = ApiClient.at("http://localhost:" + this.environment.getProperty("local.management.port"));

		assertThat(management.get("/actuator/prometheus").send().status()).isEqualTo(200);
		assertThat(management.get("/actuator/health/readiness").send().status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/prometheus").send().status()).isEqualTo(404);
		assertThat(this.api.get("/actuator/health").send().status()).isEqualTo(404);
	}

}
