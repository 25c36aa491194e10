package com.acme.payments.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The programs some tests need, where they are looked for, and what happens when one is missing. */
public final class TestTools {

	/** The one command that installs every tool (Debian's packages, and the linter from npm). */
	public static final String INSTALL = "scripts/install-test-tools.sh";

	private TestTools() {
	}

	public enum Tool {

		REDIS_SERVER("redis-server and redis-cli", () -> onPath("redis-server") && onPath("redis-cli")),
		POSTGRES_SERVER("Postgres server binaries (initdb, pg_ctl)", () -> postgresBin() != null),
		PATRONI("Patroni and etcd (Debian's patroni and etcd-server) with the Postgres server binaries",
				() -> onPath("patroni") && onPath("etcd") && postgresBin() != null),
		CHROMIUM("Chromium and chromedriver", () -> Files.isExecutable(Path.of(chrome()))
				&& Files.isExecutable(Path.of(chromedriver()))),
		REDOCLY("the Redocly OpenAPI linter", () -> Files.isExecutable(redocly())),
		SPECTRAL("the Spectral OpenAPI linter", () -> Files.isExecutable(spectral())),
		TYPESCRIPT_CLIENT("Node.js and the TypeScript client's dev dependencies (npm ci in clients/typescript)",
				() -> onPath("node") && Files.isRegularFile(typescriptClient().resolve("node_modules/typescript/bin/tsc")));

		private final String description;

		private final BooleanSupplier present;

		Tool(String description, BooleanSupplier present) {
			this.description = description;
			this.present = present;
		}

		boolean present() {
			return this.present.getAsBoolean();
		}

	}

	public static String chrome() {
		return env("PAYMENTS_CHROME", "/usr/bin/chromium");
	}

	public static String chromedriver() {
		return env("PAYMENTS_CHROMEDRIVER", "/usr/bin/chromedriver");
	}

	public static Path redocly() {
		return Path.of("target", "tools", "node_modules", ".bin", "redocly");
	}

	/** The TypeScript client's folder. */
	public static Path typescriptClient() {
		return Path.of("clients", "typescript");
	}

	public static Path spectral() {
		return Path.of("target", "tools", "node_modules", ".bin", "spectral");
	}

	/** The newest {@code /usr/lib/postgresql/N/bin} with {@code pg_ctl}, or {@code null}. */
	public static Path postgresBin() {
		File[] versions = new File("/usr/lib/postgresql").listFiles();
		if (versions == null) {
			return null;
		}
		return Arrays.stream(versions)
			.map((version) -> version.toPath().resolve("bin"))
			.filter((bin) -> Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb")))
			.max((a, b) -> Integer.compare(major(a), major(b)))
			.orElse(null);
	}

	private static int major(Path bin) {
		try {
			return Integer.parseInt(bin.getParent().getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Arrays.stream(path.split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, program)));
	}

	private static String env(String name, String otherwise) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : otherwise;
	}

	/** Skips (or, on CI, fails) a test whose tools are missing. */
	static class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			List<Tool> missing = context.getElement()
				.flatMap((element) -> AnnotationSupport.findAnnotation(element, RequiresTools.class))
				.map((annotation) -> Arrays.stream(annotation.value()).filter((tool) -> !tool.present()).toList())
				.orElse(List.of());
			if (missing.isEmpty()) {
				return ConditionEvaluationResult.enabled("the tools it needs are installed");
			}
			String message = "Missing " + String.join(", ", missing.stream().map((tool) -> tool.description).toList())
					+ ": run " + INSTALL + " to install them";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message + " (CI=true: a missing tool fails the run)");
			}
			return ConditionEvaluationResult.disabled(message);
		}

	}

}
