package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Postgres server of the test's own (initdb and pg_ctl from /usr/lib/postgresql/N/bin) on a free
 * port, which the test may stop and start. Never the shared one.
 */
public final class PrivatePostgres implements AutoCloseable {

	/** Set by a test that uses a private server, so that no shared Postgres is wired in. */
	public static final String IN_USE = "payments.test.private-postgres";

	private final Path bin;

	private final Path directory;

	private final int port;

	private PrivatePostgres(Path bin, Path directory, int port) {
		this.bin = bin;
		this.directory = directory;
		this.port = port;
	}

	/** Starts one, or fails the test run with the reason (redis-server or Postgres missing...). */
	public static PrivatePostgres start() {
		try {
			return launch();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException("Could not start a private server for the tests", ex);
		}
	}

	private static PrivatePostgres launch() throws IOException, InterruptedException {
		Path bin = TestTools.postgresBin();
		if (bin == null) {
			throw new IllegalStateException("No /usr/lib/postgresql/*/bin with pg_ctl and initdb");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path directory = Files.createTempDirectory("payments-pg");
		PrivatePostgres postgres = new PrivatePostgres(bin, directory, port);
		if (runningAsRoot()) {
			// initdb refuses to run as root: the server runs as the postgres user
			run(List.of("chown", "-R", "postgres", directory.toString()));
		}
		postgres.runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", postgres.data(), "-U", "postgres",
				"--auth=trust", "-E", "UTF8"));
		postgres.restart();
		return postgres;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + TestServices.LOCAL_HOST + ":" + this.port + "/postgres";
	}

	/** Points the application under test at this server. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		registry.add(IN_USE, () -> "true");
	}

	/**
	 * A streaming standby of this server on a free port ({@code pg_basebackup -R}), started. With
	 * {@code synchronous_standby_names = '*'} on this primary it is synchronous: a commit returns once
	 * the standby has it.
	 */
	public PrivatePostgres standby() throws IOException, InterruptedException {
		int standbyPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			standbyPort = socket.getLocalPort();
		}
		Path standbyDirectory = Files.createTempDirectory("payments-pg-standby");
		if (runningAsRoot()) {
			run(List.of("chown", "-R", "postgres", standbyDirectory.toString()));
		}
		PrivatePostgres standby = new PrivatePostgres(this.bin, standbyDirectory, standbyPort);
		standby.runAsOwner(List.of(this.bin.resolve("pg_basebackup").toString(), "-h", TestServices.LOCAL_HOST, "-p",
				Integer.toString(this.port), "-U", "postgres", "-D", standby.data(), "-R", "-X", "stream"));
		standby.restart();
		return standby;
	}

	/**
	 * Which standbys a commit waits for: {@code '*'} any one of them, {@code ''} none. A promoted
	 * standby inherits its primary's setting, and must be told when it has no standby of its own.
	 */
	public void synchronousStandbys(String names) throws IOException, InterruptedException {
		runAsOwner(List.of(this.bin.resolve("psql").toString(), "-h", TestServices.LOCAL_HOST, "-p",
				Integer.toString(this.port), "-U", "postgres", "-d", "postgres", "-c",
				"ALTER SYSTEM SET synchronous_standby_names = '" + names + "'"));
		runAsOwner(List.of(this.bin.resolve("pg_ctl").toString(), "-D", data(), "reload"));
	}

	/** Turns this standby into a primary. */
	public void promote() throws IOException, InterruptedException {
		runAsOwner(List.of(this.bin.resolve("pg_ctl").toString(), "-D", data(), "-w", "promote"));
	}

	public int port() {
		return this.port;
	}

	public void restart() throws IOException, InterruptedException {
		runAsOwner(List.of(this.bin.resolve("pg_ctl").toString(), "-D", data(), "-l",
				this.directory.resolve("server.log").toString(), "-w", "-o",
				"-p " + this.port + " -k " + this.directory + " -c listen_addresses=" + TestServices.LOCAL_HOST,
				"start"));
	}

	/** Stops at once, as a crash or a network cut would look to clients. */
	public void stop() throws IOException, InterruptedException {
		runAsOwner(List.of(this.bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
	}

	/** Stops the server and removes its directory: nothing is left in the temp folder. */
	@Override
	public void close() throws IOException, InterruptedException {
		try {
			stop();
		}
		catch (IllegalStateException alreadyStopped) {
			// nothing to stop
		}
		org.springframework.util.FileSystemUtils.deleteRecursively(this.directory);
	}

	/** Where its data and log live. */
	public Path directory() {
		return this.directory;
	}

	private String data() {
		return this.directory.resolve("data").toString();
	}

	private void runAsOwner(List<String> command) throws IOException, InterruptedException {
		List<String> full = new ArrayList<>();
		if (runningAsRoot()) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		run(full);
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
	}

	private static boolean runningAsRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

}
