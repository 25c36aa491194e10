package com.acme.payments.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** Reads the Prometheus queries of a Grafana dashboard and the metric names they use. */
final class DashboardMetrics {

	private static final Pattern METRIC = Pattern.compile("\\b((?:payments|http_server_requests|hikaricp)_[a-z_]+)\\b");

	private DashboardMetrics() {
	}

	static List<String> queries(JsonNode dashboard) {
		List<String> queries = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> panel.path("targets").forEach((target) -> {
			String expr = target.path("expr").asString();
			if (!expr.isBlank()) {
				queries.add(expr);
			}
		}));
		return queries;
	}

	static Set<String> metricNames(JsonNode dashboard) {
		Set<String> names = new TreeSet<>();
		for (String query : queries(dashboard)) {
			Matcher matcher = METRIC.matcher(query);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

}
