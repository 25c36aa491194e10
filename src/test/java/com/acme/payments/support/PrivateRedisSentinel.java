package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

/**
 * A Redis master, its replica and one Sentinel watching them, all of the test's own on free ports.
 * Sentinel declares the master down after a second and promotes the replica.
 */
public final class PrivateRedisSentinel implements AutoCloseable {

	public static final String MASTER_NAME = "payments";

	private final int masterPort;

	private final int replicaPort;

	private final int sentinelPort;

	private final List<Process> processes = new ArrayList<>();

	private Process master;

	private PrivateRedisSentinel(int masterPort, int replicaPort, int sentinelPort) {
		this.masterPort = masterPort;
		this.replicaPort = replicaPort;
		this.sentinelPort = sentinelPort;
	}

	public static PrivateRedisSentinel start() {
		try {
			PrivateRedisSentinel sentinel = new PrivateRedisSentinel(freePort(), freePort(), freePort());
			sentinel.launch();
			return sentinel;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a private Redis with Sentinel", ex);
		}
	}

	private void launch() throws IOException {
		this.master = server(this.masterPort);
		server(this.replicaPort, "--replicaof", TestServices.LOCAL_HOST, Integer.toString(this.masterPort));
		Awaitility.await("the replica has synced")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> info(this.replicaPort, "replication").contains("master_link_status:up"));
		Path config = Files.createTempFile("sentinel-", ".conf");
		Files.writeString(config, String.join("\n", "port " + this.sentinelPort, "bind " + TestServices.LOCAL_HOST,
				"sentinel monitor " + MASTER_NAME + " " + TestServices.LOCAL_HOST + " " + this.masterPort + " 1",
				"sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
				"sentinel failover-timeout " + MASTER_NAME + " 5000", ""));
		start(List.of("redis-server", config.toString(), "--sentinel"));
		Awaitility.await("sentinel on " + this.sentinelPort)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> TestServices.probeRedis(TestServices.LOCAL_HOST, this.sentinelPort) == null);
	}

	/** The settings that point the service at this Sentinel. */
	public List<String> settings() {
		return List.of("spring.data.redis.sentinel.master=" + MASTER_NAME,
				"spring.data.redis.sentinel.nodes=" + TestServices.LOCAL_HOST + ":" + this.sentinelPort);
	}

	/** Kills the master, as a crash would. */
	public void killMaster() throws InterruptedException {
		this.master.destroyForcibly();
		this.master.waitFor();
	}

	/** Whether the replica has been promoted. */
	public boolean replicaPromoted() {
		return info(this.replicaPort, "replication").contains("role:master");
	}

	/** Keys the replica holds: proof that the service writes through this master. */
	public long replicaKeys() {
		String out = cli(this.replicaPort, "dbsize").trim();
		return out.matches("\\d+") ? Long.parseLong(out) : -1;
	}

	@Override
	public void close() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroyForcibly();
			process.waitFor();
		}
	}

	private Process server(int port, String... extra) throws IOException {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				TestServices.LOCAL_HOST, "--save", "", "--appendonly", "no"));
		command.addAll(List.of(extra));
		Process process = start(command);
		Awaitility.await("redis-server on " + port)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> TestServices.probeRedis(TestServices.LOCAL_HOST, port) == null);
		return process;
	}

	private Process start(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		this.processes.add(process);
		return process;
	}

	private static String info(int port, String section) {
		return cli(port, "info", section);
	}

	private static String cli(int port, String... arguments) {
		try {
			List<String> command = new ArrayList<>(
					List.of("redis-cli", "-h", TestServices.LOCAL_HOST, "-p", Integer.toString(port)));
			command.addAll(List.of(arguments));
			Process cli = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.start();
			String out = new String(cli.getInputStream().readAllBytes());
			cli.waitFor();
			return out;
		}
		catch (IOException | InterruptedException ex) {
			return "";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
