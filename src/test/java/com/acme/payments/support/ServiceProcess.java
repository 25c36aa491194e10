package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.awaitility.Awaitility;

import com.acme.payments.PaymentsApplication;

/**
 * The service as a real JVM process, configured only through environment variables as ops would
 * run it, so that a test can SIGKILL it mid-request. Its temp folder (Tomcat's, its log) is a
 * private one, deleted once the process has exited: a SIGKILL leaves the process no chance to.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path folder;

	private final Path log;

	private ServiceProcess(Process process, int port, Path folder, Path log) {
		this.process = process;
		this.port = port;
		this.folder = folder;
		this.log = log;
	}

	/**
	 * Starts the service with the given Spring settings turned into environment variables
	 * ({@code payments.processor.latency} becomes {@code PAYMENTS_PROCESSOR_LATENCY}).
	 */
	public static ServiceProcess start(Map<String, String> settings) throws IOException {
		return start(List.of("-cp", System.getProperty("java.class.path"), PaymentsApplication.class.getName()),
				settings);
	}

	/** Starts the packaged application, {@code java -jar}, as the image and ops run it. */
	public static ServiceProcess startJar(Path jar, Map<String, String> settings) throws IOException {
		return start(List.of("-jar", jar.toString()), settings);
	}

	private static ServiceProcess start(List<String> launch, Map<String, String> settings) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		Path folder = Files.createTempDirectory("payments-process-");
		command.add("-Djava.io.tmpdir=" + folder);
		command.addAll(launch);
		ProcessBuilder builder = new ProcessBuilder(command);
		settings.forEach((name, value) -> builder.environment().put(environmentName(name), value));
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		Path log = folder.resolve("service.log");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		ServiceProcess service = new ServiceProcess(builder.start(), port, folder, log);
		service.awaitReady();
		return service;
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	/** SIGTERM, as an orchestrator stops a container: waits for the process to exit, returns its code. */
	public int terminate(Duration atMost) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("The service did not stop within " + atMost);
		}
		deleteFolder();
		return this.process.exitValue();
	}

	/** SIGKILL: no shutdown hook, no graceful shutdown, no rollback sent by the process. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
		deleteFolder();
	}

	private void deleteFolder() {
		try {
			org.springframework.util.FileSystemUtils.deleteRecursively(this.folder);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("Could not delete the service process's folder " + this.folder, ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	private void awaitReady() {
		ApiClient client = ApiClient.at(baseUrl());
		try {
			Awaitility.await("service process on port " + this.port)
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptions()
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException("The service process exited:\n" + Files.readString(this.log));
					}
					return client.get("/actuator/health/readiness").send().status() == 200;
				});
		}
		catch (RuntimeException ex) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
			try {
				deleteFolder();
			}
			catch (RuntimeException notDeleted) {
				ex.addSuppressed(notDeleted); // the failure to start, with its log, is the one to report
			}
			throw ex;
		}
	}

	static String environmentName(String property) {
		return property.replace(".", "_").replace("-", "").toUpperCase(Locale.ROOT);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

}
