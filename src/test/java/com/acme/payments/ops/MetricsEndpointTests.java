package com.acme.payments.ops;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest
class MetricsEndpointTests {

	@Autowired
	ApiClient api;

	@Test
	void dashboardQueriesOnlyMetricsTheServiceExports() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		this.api.charge(user, key, "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\"}").send();

		Answer scrape = this.api.get("/actuator/prometheus").send();

		assertThat(scrape.status()).isEqualTo(200);
		var dashboard = JsonMapper.builder().build().readTree(Path.of("ops/grafana/dashboards/payments.json").toFile());
		assertThat(DashboardMetrics.metricNames(dashboard)).isNotEmpty()
			.allSatisfy((metric) -> assertThat(scrape.text()).contains(metric));
	}

	@Test
	void perCallSecurityAndRedisObservationsAreOffWhileRequestMetricsStay() {
		String user = TestTokens.newUser();
		assertThat(this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status()).isEqualTo(201);

		String scrape = this.api.get("/actuator/prometheus").send().text();

		// Per-call timers cost CPU on every charge (docs/performance.md) and duplicate
		// http.server.requests and the limiter's own timer.
		assertThat(scrape).contains("http_server_requests_seconds_count{")
			.contains("payments_ratelimit_redis_seconds")
			.doesNotContain("spring_security_")
			.doesNotContain("lettuce_");
	}

	@Test
	void healthHasLivenessAndReadinessGroupsAndNoOtherEndpointIsPublic() {
		assertThat(this.api.get("/actuator/health/liveness").send().json().path("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/actuator/health/readiness").send().json().path("status").asString()).isEqualTo("UP");
		for (String endpoint : new String[] { "/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/heapdump", "/actuator/loggers" }) {
			assertThat(this.api.get(endpoint).send().status()).as(endpoint).isIn(401, 404);
			assertThat(this.api.get(endpoint).as(TestTokens.newUser()).send().status()).as(endpoint).isEqualTo(404);
		}
	}

	@Test
	void moneyLevelMetricsCountChargesByStatusAndProcessorCallsByOutcome() {
		String scrapeBefore = this.api.get("/actuator/prometheus").send().text();
		double declinedBefore = value(scrapeBefore,
				"payments_charges_total{decline_code=\"insufficient_funds\",status=\"failed\"}");
		double unknownBefore = value(scrapeBefore,
				"payments_processor_calls_seconds_count{operation=\"charge\",outcome=\"unknown\"}");
		String user = TestTokens.newUser();

		this.api.charge(user, ApiClient.newKey(), "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_insufficientFunds\"}")
			.send();
		this.api.charge(user, ApiClient.newKey(), "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_lostResponse\"}")
			.send();
		String scrape = this.api.get("/actuator/prometheus").send().text();

		assertThat(value(scrape, "payments_charges_total{decline_code=\"insufficient_funds\",status=\"failed\"}"))
			.isEqualTo(declinedBefore + 1);
		assertThat(value(scrape, "payments_processor_calls_seconds_count{operation=\"charge\",outcome=\"unknown\"}"))
			.isEqualTo(unknownBefore + 1);
		assertThat(scrape).contains("payments_recovery_unresolved")
			.contains("payments_idempotency_cleanup_deleted_total")
			.contains("hikaricp_connections_active{pool=\"processor-simulator\"}");
	}

	/** The value of one sample of a Prometheus scrape, 0 when absent. */
	private static double value(String scrape, String sample) {
		return scrape.lines()
			.filter((line) -> line.startsWith(sample + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

}
