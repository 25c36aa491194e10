package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A three-master Redis Cluster of the test's own, from the {@code redis-server} and {@code redis-cli}
 * binaries: cluster mode on three free ports, joined with {@code redis-cli --cluster create}.
 */
public final class PrivateRedisCluster implements AutoCloseable {

	private final List<Integer> ports;

	private final List<Process> nodes = new ArrayList<>();

	private final Path directory;

	private PrivateRedisCluster(List<Integer> ports, Path directory) {
		this.ports = ports;
		this.directory = directory;
	}

	/** Starts one, or fails the test run with the reason (redis-server or Postgres missing...). */
	public static PrivateRedisCluster start() {
		try {
			return launch();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException("Could not start a private server for the tests", ex);
		}
	}

	private static PrivateRedisCluster launch() throws IOException, InterruptedException {
		List<Integer> ports = new ArrayList<>();
		List<ServerSocket> reserved = new ArrayList<>();
		try {
			while (ports.size() < 3) {
				ServerSocket socket = new ServerSocket(0);
				// cluster bus ports are port + 10000: keep below 55536
				if (socket.getLocalPort() < 55536) {
					ports.add(socket.getLocalPort());
				}
				reserved.add(socket);
			}
		}
		finally {
			for (ServerSocket socket : reserved) {
				socket.close();
			}
		}
		PrivateRedisCluster cluster = new PrivateRedisCluster(ports, Files.createTempDirectory("redis-cluster"));
		cluster.startNodes();
		cluster.create();
		return cluster;
	}

	private void startNodes() throws IOException {
		for (int port : this.ports) {
			this.nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
					TestServices.LOCAL_HOST, "--cluster-enabled", "yes", "--cluster-config-file",
					"nodes-" + port + ".conf", "--dir", this.directory.toString(), "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start());
		}
		for (int port : this.ports) {
			Awaitility.await("cluster node " + port)
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> TestServices.probeRedis(TestServices.LOCAL_HOST, port) == null);
		}
	}

	private void create() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		this.ports.forEach((port) -> command.add(TestServices.LOCAL_HOST + ":" + port));
		command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
		Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(create.getInputStream().readAllBytes());
		if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
			throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
		}
		for (int port : this.ports) {
			Awaitility.await("cluster state ok on " + port)
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> clusterInfo(port).contains("cluster_state:ok"));
		}
	}

	private static String clusterInfo(int port) throws IOException, InterruptedException {
		Process info = new ProcessBuilder("redis-cli", "-h", TestServices.LOCAL_HOST, "-p", Integer.toString(port),
				"cluster", "info")
			.redirectErrorStream(true)
			.start();
		String output = new String(info.getInputStream().readAllBytes());
		info.waitFor(5, TimeUnit.SECONDS);
		return output;
	}

	/** How many keys each master holds, to show that work spread over the cluster. */
	public List<Long> keysPerNode() throws IOException, InterruptedException {
		List<Long> counts = new ArrayList<>();
		for (int port : this.ports) {
			Process size = new ProcessBuilder("redis-cli", "-h", TestServices.LOCAL_HOST, "-p", Integer.toString(port),
					"dbsize")
				.redirectErrorStream(true)
				.start();
			String output = new String(size.getInputStream().readAllBytes()).trim();
			size.waitFor(5, TimeUnit.SECONDS);
			counts.add(Long.parseLong(output));
		}
		return counts;
	}

	/** Points the application under test at this cluster. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.cluster.nodes", () -> this.ports.stream()
			.map((port) -> TestServices.LOCAL_HOST + ":" + port)
			.collect(Collectors.joining(",")));
		registry.add(PrivateRedis.IN_USE, () -> "true");
	}

	@Override
	public void close() throws InterruptedException {
		for (Process node : this.nodes) {
			node.destroyForcibly();
			node.waitFor();
		}
	}

}
