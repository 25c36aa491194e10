package com.acme.payments.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.testcontainers.DockerClientFactory;

/**
 * Where the tests find real Postgres and Redis. With a Docker engine (CI on GitHub Actions) they are
 * Testcontainers, wired with {@code @ServiceConnection} by {@link ServicesConfiguration}; without one
 * (this machine) they are the local services, and each test run gets a database of its own, dropped
 * at the end. Set {@code PAYMENTS_TEST_SERVICES=local} or {@code docker} to force a choice.
 */
public final class TestServices {

	public static final String LOCAL_HOST = "127.0.0.1";

	private static Mode mode;

	private static Boolean docker;

	private static LocalDatabase localDatabase;

	private TestServices() {
	}

	public enum Mode {

		DOCKER, LOCAL

	}

	public static synchronized Mode mode() {
		if (mode == null) {
			mode = detect();
		}
		return mode;
	}

	/** Whether Testcontainers can reach a Docker engine ({@code PAYMENTS_TEST_SERVICES} can say no). */
	public static synchronized boolean dockerAvailable() {
		if (docker == null) {
			String forced = System.getenv("PAYMENTS_TEST_SERVICES");
			if (forced != null && forced.trim().equalsIgnoreCase("local")) {
				docker = false;
			}
			else {
				docker = askTestcontainers();
			}
		}
		return docker;
	}

	/**
	 * Testcontainers' own answer, without the ERROR it logs (with every strategy it tried) when no
	 * engine answers: here that is an expected answer, and the caller says what it does instead.
	 */
	private static boolean askTestcontainers() {
		org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("org.testcontainers");
		ch.qos.logback.classic.Logger logback = (logger instanceof ch.qos.logback.classic.Logger classic) ? classic
				: null;
		ch.qos.logback.classic.Level before = (logback != null) ? logback.getLevel() : null;
		if (logback != null) {
			logback.setLevel(ch.qos.logback.classic.Level.OFF);
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
		finally {
			if (logback != null) {
				logback.setLevel(before);
			}
		}
	}

	/** The per-run database on the local Postgres; only in {@link Mode#LOCAL}. */
	public static synchronized LocalDatabase localDatabase() {
		if (localDatabase == null) {
			localDatabase = LocalDatabase.create();
		}
		return localDatabase;
	}

	private static Mode detect() {
		String forced = System.getenv("PAYMENTS_TEST_SERVICES");
		if (forced != null && !forced.isBlank()) {
			return Mode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
		}
		List<String> reasons = new ArrayList<>();
		if (dockerAvailable()) {
			return Mode.DOCKER;
		}
		reasons.add("no Docker engine answered");
		String postgres = LocalDatabase.probe();
		String redis = probeRedis(LOCAL_HOST, 6379);
		if (postgres == null && redis == null) {
			return Mode.LOCAL;
		}
		if (postgres != null) {
			reasons.add(postgres);
		}
		if (redis != null) {
			reasons.add(redis);
		}
		throw new IllegalStateException("The tests need real Postgres and Redis: either a Docker engine for "
				+ "Testcontainers, or Postgres on " + LOCAL_HOST + ":5432 (trust auth, user postgres or root) and "
				+ "Redis on " + LOCAL_HOST + ":6379. Neither is usable: " + String.join("; ", reasons));
	}

	/** {@code null} if a Redis server answers PING at host:port, else why not. */
	public static String probeRedis(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readNBytes(7);
			return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG") ? null
					: "Redis at " + host + ":" + port + " did not answer PING";
		}
		catch (IOException ex) {
			return "no Redis at " + host + ":" + port + " (" + ex.getMessage() + ")";
		}
	}

	/** A database of this test run's own on the local Postgres. */
	public record LocalDatabase(String jdbcUrl, String username) {

		private static final String[] USERS = { "postgres", "root" };

		static String probe() {
			return (adminUser() != null) ? null : "no Postgres at " + LOCAL_HOST + ":5432 accepting user postgres or root";
		}

		private static String adminUser() {
			for (String user : USERS) {
				try (Connection ignored = DriverManager.getConnection(adminUrl(), user, "")) {
					return user;
				}
				catch (SQLException ex) {
					// try the next user
				}
			}
			return null;
		}

		private static String adminUrl() {
			return "jdbc:postgresql://" + LOCAL_HOST + ":5432/postgres?connectTimeout=3";
		}

		static LocalDatabase create() {
			String user = adminUser();
			if (user == null) {
				throw new IllegalStateException(probe());
			}
			String name = "payments_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
					+ "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
			execute(user, "CREATE DATABASE " + name);
			Runtime.getRuntime()
				.addShutdownHook(new Thread(() -> execute(user, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
			return new LocalDatabase("jdbc:postgresql://" + LOCAL_HOST + ":5432/" + name, user);
		}

		private static void execute(String user, String sql) {
			try (Connection connection = DriverManager.getConnection(adminUrl(), user, "");
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not run '" + sql + "' on the local Postgres", ex);
			}
		}

	}

}
