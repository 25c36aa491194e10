package com.acme.payments.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.acme.payments.PaymentsApplication;
import com.acme.payments.idempotency.IdempotencyProperties;
import com.acme.payments.ratelimit.RateLimitProperties;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Other instances of the service that share the database and Redis of a test's own instance. */
public final class Instances {

	private Instances() {
	}

	/**
	 * The settings another instance needs to share this context's Postgres, Redis and cache keys, as
	 * Spring property names.
	 */
	public static Map<String, String> sharedSettings(ApplicationContext context) {
		JdbcConnectionDetails database = context.getBean(JdbcConnectionDetails.class);
		DataRedisConnectionDetails.Standalone redis = context.getBean(DataRedisConnectionDetails.class).getStandalone();
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.datasource.url", database.getJdbcUrl());
		settings.put("spring.datasource.username", database.getUsername());
		settings.put("spring.datasource.password", (database.getPassword() != null) ? database.getPassword() : "");
		settings.put("spring.data.redis.host", redis.getHost());
		settings.put("spring.data.redis.port", Integer.toString(redis.getPort()));
		settings.put("payments.jwt.secret", TestTokens.SECRET);
		settings.put("payments.processor.kind", "simulator");
		settings.put("payments.idempotency.cache.key-prefix",
				context.getBean(IdempotencyProperties.class).cache().keyPrefix());
		settings.put("payments.rate-limit.key-prefix", context.getBean(RateLimitProperties.class).keyPrefix());
		return settings;
	}

	/** Starts a second application in this JVM, on its own port, with its own pools. */
	public static ConfigurableApplicationContext startAnother(ApplicationContext context, String... extraProperties) {
		Map<String, String> settings = new LinkedHashMap<>();
		for (String property : extraProperties) {
			settings.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		return startAnother(context, settings);
	}

	/**
	 * Starts a second application in this JVM; {@code overrides} replace shared settings of the same
	 * name; {@code listeners} hear its events from the start (those of a management server's context too).
	 */
	public static ConfigurableApplicationContext startAnother(ApplicationContext context,
			Map<String, String> overrides, ApplicationListener<?>... listeners) {
		// As command-line arguments, which outrank application.yaml (default properties would not).
		Map<String, String> settings = new LinkedHashMap<>(sharedSettings(context));
		settings.put("server.port", "0");
		settings.putAll(overrides);
		List<String> arguments = new ArrayList<>();
		settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(PaymentsApplication.class).listeners(listeners)
			.run(arguments.toArray(String[]::new));
	}

	public static String baseUrl(ConfigurableApplicationContext instance) {
		return "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
	}

}
