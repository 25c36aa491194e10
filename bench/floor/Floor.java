import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The floor of a charge in a JVM on this machine: an HTTP server that does, for each POST, only the
 * three commits of a simulator charge (the statements of bench/pgbench-three-commits.sql, over JDBC,
 * two connections per worker thread: the ledger's commits, like the simulator's pool, with
 * {@code synchronous_commit = off}; random ids, like the service's, so that every unique index takes
 * its inserts where they fall) and answers 201 with a JSON body the size of a charge's. No
 * authentication, limiter, Redis, JSON parsing, validation or framework: what any JVM service that
 * makes those three commits per request over HTTP pays at least. bench/floor.sh measures it against
 * pgbench's three-commit limit and the service's new charges.
 *
 *   java -cp postgresql.jar bench/floor/Floor.java PORT JDBC_URL THREADS
 *
 * A benchmark tool, not part of the product.
 */
public class Floor {

	private static final String CLAIM = """
			INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, lease_token, lease_expires_at,
			                              downstream_key, request_body, attempted_at, recover_at, created_at, expires_at)
			VALUES (?, ?, ?, 'in_flight', ?, now() + interval '60 seconds', ?, ?, now(), now() + interval '1 hour',
			        now(), now() + interval '1 day')
			ON CONFLICT DO NOTHING
			RETURNING downstream_key, previous_state, attempted_at
			""";

	private static final String LEDGER = """
			INSERT INTO processor_ledger (downstream_key, processor_charge_id, user_id, amount, currency, source, decline_code)
			VALUES (?, ?, ?, 1999, 'usd', 'tok_visa', NULL)
			ON CONFLICT (downstream_key) DO UPDATE SET downstream_key = EXCLUDED.downstream_key
			RETURNING processor_charge_id, decline_code, xmax = 0
			""";

	private static final String COMPLETE = """
			WITH completed AS (
			    UPDATE idempotency_keys
			    SET state = 'completed', lease_token = NULL, lease_expires_at = NULL, recover_at = NULL,
			        request_body = NULL, response_status = 201, response_location = ?,
			        response_content_type = 'application/json', response_body = ?
			    WHERE user_id = ? AND idempotency_key = ? AND state = 'in_flight'
			    RETURNING GREATEST(0, (EXTRACT(EPOCH FROM expires_at - now()) * 1000)::bigint) AS remaining_millis,
			              downstream_key
			), recorded AS (
			    INSERT INTO charges (id, user_id, amount, currency, status, source, description, metadata,
			                         failure_code, processor_charge_id, created, downstream_key)
			    SELECT ?, ?, 1999, 'usd', 'succeeded', 'tok_visa', 'bench', '{}'::jsonb, NULL, ?, now(),
			           completed.downstream_key
			    FROM completed
			)
			SELECT remaining_millis FROM completed
			""";

	/** Two connections and the three prepared statements of one worker thread, in auto-commit. */
	private static final class Statements {

		final PreparedStatement claim;

		final PreparedStatement ledger;

		final PreparedStatement complete;

		Statements(Connection service, Connection ledger) throws SQLException {
			service.setAutoCommit(true);
			ledger.setAutoCommit(true);
			try (var setting = ledger.createStatement()) {
				setting.execute("SET synchronous_commit = off");
			}
			this.claim = service.prepareStatement(CLAIM);
			this.ledger = ledger.prepareStatement(LEDGER);
			this.complete = service.prepareStatement(COMPLETE);
		}

	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		String url = args[1];
		int threads = Integer.parseInt(args[2]);
		ThreadLocal<Statements> statements = ThreadLocal.withInitial(() -> {
			try {
				return new Statements(DriverManager.getConnection(url, "postgres", ""),
						DriverManager.getConnection(url, "postgres", ""));
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		server.setExecutor(Executors.newFixedThreadPool(threads));
		server.createContext("/charge", (exchange) -> charge(exchange, statements.get()));
		server.createContext("/ready", (exchange) -> answer(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8)));
		server.start();
	}

	private static void charge(HttpExchange exchange, Statements statements) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		byte[] random = new byte[16];
		ThreadLocalRandom.current().nextBytes(random);
		String n = HexFormat.of().formatHex(random);
		String user = "floor-user-" + ThreadLocalRandom.current().nextInt(1000);
		String key = "floor-" + n;
		String downstream = "dk_floor_" + n;
		String processorId = "py_floor_" + n;
		String id = "ch_floor_" + n;
		byte[] answer = ("{\"id\":\"" + id + "\",\"object\":\"charge\",\"amount\":1999,\"currency\":\"usd\","
				+ "\"status\":\"succeeded\",\"source\":\"tok_visa\",\"description\":\"bench\",\"metadata\":{},"
				+ "\"failure_code\":null,\"processor_charge_id\":\"" + processorId + "\","
				+ "\"created\":\"2026-12-03T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
		try {
			PreparedStatement claim = statements.claim;
			claim.setString(1, user);
			claim.setString(2, key);
			claim.setBytes(3, sha256(body));
			claim.setObject(4, UUID.randomUUID());
			claim.setString(5, downstream);
			claim.setBytes(6, body);
			drain(claim);
			PreparedStatement ledger = statements.ledger;
			ledger.setString(1, downstream);
			ledger.setString(2, processorId);
			ledger.setString(3, user);
			drain(ledger);
			PreparedStatement complete = statements.complete;
			complete.setString(1, "/charges/" + id);
			complete.setBytes(2, answer);
			complete.setString(3, user);
			complete.setString(4, key);
			complete.setString(5, id);
			complete.setString(6, user);
			complete.setString(7, processorId);
			drain(complete);
		}
		catch (SQLException ex) {
			answer(exchange, 500, "{}".getBytes(StandardCharsets.UTF_8));
			return;
		}
		exchange.getResponseHeaders().set("Location", "/charges/" + id);
		answer(exchange, 201, answer);
	}

	private static void drain(PreparedStatement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery()) {
			if (!rows.next()) {
				throw new SQLException("no row");
			}
		}
	}

	private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static byte[] sha256(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
