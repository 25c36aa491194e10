package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * A redis-server of the test's own on a free port, which the test may stop and start again. Never
 * the shared one.
 */
public final class PrivateRedis implements AutoCloseable {

	/** Set by a test that uses a private server, so that no shared Redis is wired in. */
	public static final String IN_USE = "payments.test.private-redis";

	private final int port;

	private Process process;

	private PrivateRedis(int port) {
		this.port = port;
	}

	/** Starts one, or fails the test run with the reason (redis-server or Postgres missing...). */
	public static PrivateRedis start() {
		try {
			return launch();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException("Could not start a private server for the tests", ex);
		}
	}

	private static PrivateRedis launch() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PrivateRedis redis = new PrivateRedis(port);
		redis.restart();
		return redis;
	}

	/** Points the application under test at this server. */
	public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> TestServices.LOCAL_HOST);
		registry.add("spring.data.redis.port", () -> this.port);
		registry.add(IN_USE, () -> "true");
	}

	public int port() {
		return this.port;
	}

	/** Starts the server (empty: it keeps nothing on disk) and waits until it answers. */
	public void restart() throws IOException {
		this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
				TestServices.LOCAL_HOST, "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Awaitility.await("private redis-server on " + this.port)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> TestServices.probeRedis(TestServices.LOCAL_HOST, this.port) == null);
	}

	public void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.destroyForcibly();
			this.process.waitFor();
			this.process = null;
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
