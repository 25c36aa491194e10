package com.acme.payments.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TypeScript client (clients/typescript: generated at build time from the OpenAPI snapshot,
 * plus its hand-written layer) is compiled with {@code tsc --strict} and its tests run with Node's
 * test runner against this running service: a lost answer, a 429, a decline, a reused key.
 */
@PaymentsTest(properties = { "payments.rate-limit.capacity=5", "payments.rate-limit.period=10s" })
@RequiresTools(Tool.TYPESCRIPT_CLIENT)
class TypeScriptClientTests {

	static final Pattern SUMMARY = Pattern.compile("(?m)^# (tests|pass|fail|cancelled|skipped|todo) (\\d+)$");

	@Autowired
	Environment environment;

	@Autowired
	com.acme.payments.support.ApiClient api;

	@Test
	void theTypeScriptClientCompilesStrictAndItsTestsPassAgainstTheService() throws Exception {
		com.acme.payments.support.RateLimiterReady.await(this.api);
		Path client = TestTools.typescriptClient();
		Run compile = run(client, Map.of(), "node", "node_modules/typescript/bin/tsc", "-p", "tsconfig.json");
		assertThat(compile.exit()).as("tsc --strict:%n%s", compile.output()).isZero();

		Run tests = run(client,
				Map.of("PAYMENTS_URL", "http://127.0.0.1:" + this.environment.getProperty("local.server.port"),
						"PAYMENTS_JWT_SECRET", TestTokens.SECRET),
				"node", "--test", "--test-concurrency=1", "--test-reporter=tap", "dist/test/");

		Map<String, Integer> summary = summary(tests.output());
		assertThat(tests.exit()).as("node --test:%n%s", tests.output()).isZero();
		assertThat(summary.get("fail")).as(tests.output()).isZero();
		assertThat(summary.get("skipped") + summary.get("todo") + summary.get("cancelled")).as(tests.output()).isZero();
		assertThat(summary.get("pass")).as("every test ran and passed:%n%s", tests.output())
			.isEqualTo(summary.get("tests"))
			.isGreaterThanOrEqualTo(20);
		assertThat(tests.output()).contains("ok ", "charges once when the first answer is lost",
				"waits for Retry-After after a 429", "gives a typed decline for a 402",
				"gives a typed 409 for a key reused");
	}

	private static Map<String, Integer> summary(String tap) {
		Map<String, Integer> counts = new java.util.HashMap<>(
				Map.of("tests", -1, "pass", -1, "fail", -1, "cancelled", -1, "skipped", -1, "todo", -1));
		Matcher line = SUMMARY.matcher(tap);
		while (line.find()) {
			counts.put(line.group(1), Integer.parseInt(line.group(2)));
		}
		return counts;
	}

	private static Run run(Path directory, Map<String, String> environment, String... command)
			throws IOException, InterruptedException {
		Path output = Files.createTempFile("typescript-client", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
			}
			return new Run(process.isAlive() ? -1 : process.exitValue(),
					Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private record Run(int exit, String output) {
	}

}
