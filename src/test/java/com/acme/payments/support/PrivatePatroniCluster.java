package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An etcd and a two-node Patroni cluster in synchronous mode, all on loopback ports of the test's
 * own (Debian's {@code etcd-server} and {@code patroni}). Patroni promotes the synchronous standby by
 * itself when the leader stops renewing its key; the DCS timings are short so that a test sees it
 * within seconds: ttl 10 s, loop_wait 1 s, retry_timeout 3 s.
 */
public final class PrivatePatroniCluster implements AutoCloseable {

	static final int TTL_SECONDS = 10;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final Path directory;

	private final Process etcd;

	private final List<Node> nodes = new ArrayList<>();

	private PrivatePatroniCluster(Path directory, Process etcd) {
		this.directory = directory;
		this.etcd = etcd;
	}

	/** Starts etcd and two nodes and waits for a leader and a synchronous standby. */
	public static PrivatePatroniCluster start() {
		try {
			Path directory = Files.createTempDirectory("payments-patroni");
			int client = freePort();
			int peer = freePort();
			Process etcd = new ProcessBuilder("etcd", "--name", "e1", "--data-dir", directory.resolve("etcd").toString(),
					"--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls",
					"http://127.0.0.1:" + client, "--listen-peer-urls", "http://127.0.0.1:" + peer,
					"--initial-advertise-peer-urls", "http://127.0.0.1:" + peer, "--initial-cluster",
					"e1=http://127.0.0.1:" + peer)
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("etcd.log").toFile())
				.start();
			PrivatePatroniCluster cluster = new PrivatePatroniCluster(directory, etcd);
			run(List.of("chown", "postgres", directory.toString()));
			for (int i = 1; i <= 2; i++) {
				cluster.nodes.add(Node.start(directory, "node" + i, client));
				if (i == 1) {
					Awaitility.await("node1 leads").atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(250))
						.until(() -> cluster.role("node1").filter("leader"::equals).isPresent());
				}
			}
			Awaitility.await("node2 is the synchronous standby").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> cluster.role("node2").filter("sync_standby"::equals).isPresent());
			return cluster;
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException("Could not start a private Patroni cluster", ex);
		}
	}

	/** A multi-host URL over both nodes that always wants the primary. */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.nodes.get(0).pgPort + ",127.0.0.1:" + this.nodes.get(1).pgPort
				+ "/postgres?targetServerType=primary";
	}

	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		registry.add(PrivatePostgres.IN_USE, () -> "true");
	}

	/** The member's role as any node's REST API sees it ({@code leader}, {@code sync_standby}, ...). */
	public Optional<String> role(String member) {
		for (Node node : this.nodes) {
			if (node.frozen) {
				continue;
			}
			try {
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
						+ node.restPort + "/cluster")).timeout(Duration.ofSeconds(1)).build(),
						HttpResponse.BodyHandlers.ofString());
				for (JsonNode each : json.readTree(answer.body()).path("members")) {
					if (member.equals(each.path("name").asString())) {
						return Optional.of(each.path("role").asString());
					}
				}
				return Optional.empty();
			}
			catch (IOException | RuntimeException ex) {
				// this node does not answer: ask the next
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	/**
	 * Freezes a member as a frozen VM would: {@code SIGSTOP} to its Patroni, its postmaster and every
	 * backend. Nothing is closed or refused; its sockets just stop answering.
	 */
	public void freeze(String member) throws IOException, InterruptedException {
		Node node = node(member);
		node.frozen = true;
		List<String> command = new ArrayList<>(List.of("kill", "-STOP"));
		command.addAll(node.pids());
		run(command);
	}

	private Node node(String member) {
		return this.nodes.stream().filter((node) -> node.name.equals(member)).findFirst().orElseThrow();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		for (Node node : this.nodes) {
			node.kill();
		}
		this.etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		run(List.of("rm", "-rf", this.directory.toString()));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
	}

	/** One Patroni node and its Postgres, run as the postgres user. */
	private static final class Node {

		final String name;

		final Path directory;

		final int pgPort;

		final int restPort;

		final Process patroni;

		volatile boolean frozen;

		private Node(String name, Path directory, int pgPort, int restPort, Process patroni) {
			this.name = name;
			this.directory = directory;
			this.pgPort = pgPort;
			this.restPort = restPort;
			this.patroni = patroni;
		}

		static Node start(Path cluster, String name, int etcdPort) throws IOException, InterruptedException {
			Path directory = cluster.resolve(name);
			Files.createDirectories(directory);
			int pgPort = freePort();
			int restPort = freePort();
			Path config = directory.resolve("patroni.yml");
			Files.writeString(config, """
					scope: payments-test
					name: %s
					restapi:
					  listen: 127.0.0.1:%d
					  connect_address: 127.0.0.1:%d
					etcd3:
					  hosts: 127.0.0.1:%d
					bootstrap:
					  dcs:
					    ttl: %d
					    loop_wait: 1
					    retry_timeout: 3
					    maximum_lag_on_failover: 1048576
					    synchronous_mode: true
					    postgresql:
					      use_pg_rewind: false
					  initdb:
					    - encoding: UTF8
					  pg_hba:
					    - local all all trust
					    - host all all 127.0.0.1/32 trust
					    - host replication all 127.0.0.1/32 trust
					postgresql:
					  listen: 127.0.0.1:%d
					  connect_address: 127.0.0.1:%d
					  data_dir: %s
					  bin_dir: %s
					  pgpass: %s
					  authentication:
					    superuser:
					      username: postgres
					    replication:
					      username: postgres
					  parameters:
					    unix_socket_directories: %s
					""".formatted(name, restPort, restPort, etcdPort, TTL_SECONDS, pgPort, pgPort,
					directory.resolve("data"), TestTools.postgresBin(), directory.resolve("pgpass"), directory));
			run(List.of("chown", "-R", "postgres", directory.toString()));
			Process patroni = new ProcessBuilder("runuser", "-u", "postgres", "--", "patroni", config.toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("patroni.log").toFile())
				.start();
			return new Node(name, directory, pgPort, restPort, patroni);
		}

		/** Patroni (the runuser wrapper and its child), the postmaster and its backends. */
		List<String> pids() throws IOException, InterruptedException {
			List<String> pids = new ArrayList<>();
			pids.add(Long.toString(this.patroni.pid()));
			this.patroni.descendants().forEach((child) -> pids.add(Long.toString(child.pid())));
			Path postmaster = this.directory.resolve("data").resolve("postmaster.pid");
			if (Files.exists(postmaster)) {
				long pid = Long.parseLong(Files.readAllLines(postmaster).get(0).trim());
				pids.add(Long.toString(pid));
				ProcessHandle.of(pid).ifPresent((handle) -> handle.descendants()
					.forEach((child) -> pids.add(Long.toString(child.pid()))));
			}
			return pids.stream().distinct().toList();
		}

		void kill() throws IOException, InterruptedException {
			List<String> pids = pids();
			new ProcessBuilder(concat("kill", "-CONT", pids)).start().waitFor(10, TimeUnit.SECONDS);
			new ProcessBuilder(concat("kill", "-KILL", pids)).start().waitFor(10, TimeUnit.SECONDS);
		}

		private static List<String> concat(String command, String signal, List<String> pids) {
			List<String> all = new ArrayList<>(List.of(command, signal));
			all.addAll(pids);
			return all;
		}

	}

}
