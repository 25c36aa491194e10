package com.acme.payments.processor.simulator;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.processor.ProcessorCharge;
import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;
import com.acme.payments.processor.UnsettledCharge;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A stand-in for a card processor, with the test tokens of docs/api.md; chosen by
 * {@code payments.processor.kind=simulator}. It charges nobody. It is an
 * outside system: its ledger lives in its own table, written through its own connection pool in
 * auto-commit, so nothing our transactions do (or roll back) can change what it charged.
 */
@Component
@ConditionalOnProperty(prefix = "payments.processor", name = "kind", havingValue = "simulator")
class SimulatedProcessor implements PaymentProcessor, MeterBinder, DisposableBean {

	static final String LOST_RESPONSE = "tok_lostResponse";

	static final String PROCESSING_ERROR = "tok_processingError";

	static final String HANG = "tok_hang";

	/** Ledger rows read per round trip while listing. */
	static final int LIST_FETCH_SIZE = 1000;

	private static final SecureRandom random = new SecureRandom();

	private final HikariDataSource ledgerPool;

	private final JdbcClient ledger;

	private final ProcessorProperties properties;

	SimulatedProcessor(JdbcConnectionDetails database, ProcessorProperties properties) {
		this.ledgerPool = ledgerPool(database);
		this.ledger = JdbcClient.create(this.ledgerPool);
		this.properties = properties;
	}

	@Override
	public ProcessorResult charge(ProcessorRequest request) {
		Outcome outcome = Outcome.of(request.source());
		if (outcome == Outcome.PROCESSING_ERROR) {
			throw new ProcessorUnavailable("The payment processor failed before charging; retry later.");
		}
		Recorded recorded = record(request, outcome);
		if (tooSlow()) {
			// It charged, but its answer does not arrive within our timeout: the outcome is unknown.
			pause(this.properties.timeout());
			throw new ProcessorOutcomeUnknown("The payment processor did not answer in time; the charge "
					+ "may have been made. Retry with the same request and Idempotency-Key.");
		}
		if (recorded.firstCall() && outcome == Outcome.HANG) {
			// It charged, then says nothing until the deadline cuts the call.
			pause(this.properties.timeout());
			throw new ProcessorOutcomeUnknown("The payment processor did not answer before the deadline; the charge "
					+ "may have been made. Retry with the same request and Idempotency-Key.");
		}
		pause(this.properties.latency());
		if (recorded.firstCall() && outcome == Outcome.LOST_RESPONSE) {
			throw new ProcessorOutcomeUnknown("The payment processor's answer was lost; the charge may have "
					+ "been made. Retry with the same request and Idempotency-Key.");
		}
		return recorded.result();
	}

	@Override
	public Optional<ProcessorResult> lookup(String downstreamKey, Instant sentAt) {
		if (tooSlow()) {
			pause(this.properties.timeout());
			throw new ProcessorUnavailable("The payment processor did not answer in time.");
		}
		pause(this.properties.latency());
		return this.ledger.sql("SELECT processor_charge_id, decline_code FROM processor_ledger WHERE downstream_key = ?")
			.param(downstreamKey)
			.query((rs, row) -> new ProcessorResult(rs.getString(1), rs.getString(2)))
			.optional();
	}

	/**
	 * Streams the ledger's rows of the window: a transaction of its own with a fetch size, since
	 * Postgres's driver otherwise reads a whole result into memory.
	 */
	@Override
	public void list(Instant from, Instant to, Consumer<ProcessorCharge> each, Consumer<UnsettledCharge> unsettled) {
		try (Connection connection = this.ledgerPool.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement query = connection.prepareStatement("""
					SELECT processor_charge_id, downstream_key, user_id, amount, currency, source, decline_code, created
					FROM processor_ledger WHERE created >= ? AND created < ? ORDER BY created""")) {
				query.setFetchSize(LIST_FETCH_SIZE);
				query.setObject(1, from.atOffset(ZoneOffset.UTC));
				query.setObject(2, to.atOffset(ZoneOffset.UTC));
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						each.accept(new ProcessorCharge(rows.getString(1), rows.getString(2), rows.getString(3),
								rows.getLong(4), rows.getString(5), rows.getString(6), rows.getString(7),
								rows.getObject(8, OffsetDateTime.class).toInstant()));
					}
				}
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
			// every ledger row is final: none is unsettled
		}
		catch (SQLException ex) {
			throw new ProcessorUnavailable("The simulator's ledger could not be listed.");
		}
	}

	private boolean tooSlow() {
		return this.properties.latency().compareTo(this.properties.timeout()) >= 0;
	}

	/**
	 * Writes the outcome for a new downstream key, or finds the one already written for it, in one
	 * round trip: on conflict the no-op update returns the existing row.
	 */
	private Recorded record(ProcessorRequest request, Outcome outcome) {
		return this.ledger.sql("""
				INSERT INTO processor_ledger
				    (downstream_key, processor_charge_id, user_id, amount, currency, source, decline_code)
				VALUES (:key, :id, :user, :amount, :currency, :source, :declineCode)
				ON CONFLICT (downstream_key) DO UPDATE SET downstream_key = EXCLUDED.downstream_key
				RETURNING processor_charge_id, decline_code, xmax = 0
				""")
			.param("key", request.downstreamKey())
			.param("id", "py_" + randomId())
			.param("user", request.user())
			.param("amount", request.amount())
			.param("currency", request.currency())
			.param("source", request.source())
			.param("declineCode", outcome.declineCode)
			.query((rs, row) -> new Recorded(new ProcessorResult(rs.getString(1), rs.getString(2)), rs.getBoolean(3)))
			.single();
	}

	/** A ledger row, and whether this call wrote it. */
	private record Recorded(ProcessorResult result, boolean firstCall) {
	}

	/** The ledger's own pool in the metrics, beside the service's ({@code hikaricp_*{pool}}). */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.ledgerPool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
	}

	@Override
	public void destroy() {
		this.ledgerPool.close();
	}

	private static HikariDataSource ledgerPool(JdbcConnectionDetails database) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("processor-simulator");
		pool.setJdbcUrl(database.getJdbcUrl());
		pool.setUsername(database.getUsername());
		pool.setPassword(database.getPassword());
		pool.setMaximumPoolSize(10);
		pool.setMinimumIdle(0);
		pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
		pool.setInitializationFailTimeout(-1);
		// A remote processor's calls are bounded; so are the simulator's (its table is in our Postgres).
		pool.addDataSourceProperty("connectTimeout", "2");
		pool.addDataSourceProperty("loginTimeout", "15");
		pool.addDataSourceProperty("socketTimeout", "5");
		// The ledger stands for a remote system: its commits need not wait for our disk.
		pool.setConnectionInitSql("SET synchronous_commit = off");
		return pool;
	}

	private static void pause(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProcessorOutcomeUnknown("The call to the payment processor was interrupted.");
		}
	}

	private static String randomId() {
		byte[] bytes = new byte[12];
		random.nextBytes(bytes);
		return java.util.HexFormat.of().formatHex(bytes);
	}

	/** What a source token does. Tokens the simulator does not know are declined. */
	enum Outcome {

		SUCCEEDED(null), GENERIC_DECLINE("generic_decline"), INSUFFICIENT_FUNDS("insufficient_funds"),
		UNKNOWN_SOURCE("invalid_source"), PROCESSING_ERROR(null), LOST_RESPONSE(null), HANG(null);

		private final String declineCode;

		Outcome(String declineCode) {
			this.declineCode = declineCode;
		}

		static Outcome of(String source) {
			return switch (source) {
				case "tok_visa", "tok_mastercard", "tok_amex" -> SUCCEEDED;
				case "tok_chargeDeclined" -> GENERIC_DECLINE;
				case "tok_insufficientFunds" -> INSUFFICIENT_FUNDS;
				case SimulatedProcessor.PROCESSING_ERROR -> Outcome.PROCESSING_ERROR;
				case SimulatedProcessor.LOST_RESPONSE -> Outcome.LOST_RESPONSE;
				case SimulatedProcessor.HANG -> Outcome.HANG;
				default -> UNKNOWN_SOURCE;
			};
		}

	}

}
