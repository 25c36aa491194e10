package com.acme.payments.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus alert rules are well-formed, and query only metrics the service exports. */
@PaymentsTest
class AlertRulesTests {

	static final Pattern METRIC = Pattern.compile("\\b((?:payments|http_server_requests|hikaricp|resilience4j)_[a-z_]+)\\b");

	@Autowired
	ApiClient api;

	@Test
	@SuppressWarnings("unchecked")
	void everyRuleIsCompleteAndQueriesExportedMetrics() throws IOException {
		String user = TestTokens.newUser();
		this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
		String scrape = this.api.get("/actuator/prometheus").send().text();

		Map<String, Object> file;
		try (InputStream in = Files.newInputStream(Path.of("ops/prometheus/alerts.yml"))) {
			file = new Yaml().load(in);
		}
		List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) file.get("groups"))
			.get(0)
			.get("rules");
		assertThat(rules).extracting((rule) -> (String) rule.get("alert"))
			.contains("PaymentsProcessorErrors", "PaymentsServerErrors", "PaymentsRateLimiterFailingOpen",
					"PaymentsRecoveryBacklog", "PaymentsProcessorBreakerOpen", "PaymentsReconciliationFinding",
					"PaymentsReconciliationBehind");
		Set<String> metrics = new TreeSet<>();
		for (Map<String, Object> rule : rules) {
			assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
			assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
			assertThat((Map<String, Object>) rule.get("annotations")).containsKeys("summary", "description");
			Matcher metric = METRIC.matcher((String) rule.get("expr"));
			while (metric.find()) {
				metrics.add(metric.group(1));
			}
		}
		assertThat(metrics).isNotEmpty().allSatisfy((metric) -> assertThat(scrape).contains(metric));
		assertThat(Files.readString(Path.of("ops/prometheus/prometheus.yml"))).contains("alerts.yml");
	}

}
