package com.acme.payments.charge;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

import com.acme.payments.processor.ProcessorGuard;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.Startup;
import com.acme.payments.support.TestServices;
import com.acme.payments.support.TestTokens;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How long one window of N processor charges takes to reconcile, and how much heap it needs, against
 * a baseline measured in the same run: streaming the same window from the processor and doing
 * nothing with it. Not a test: {@code bench/reconcile.sh [N]} runs it (a private Postgres, the
 * simulator's ledger, one charge in a thousand without its record).
 */
public final class ReconciliationScale {

	private ReconciliationScale() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		try (PrivatePostgres postgres = PrivatePostgres.start();
				ConfigurableApplicationContext service = Startup.start("--payments.jwt.secret=" + TestTokens.SECRET,
						"--payments.processor.kind=simulator", "--spring.datasource.url=" + postgres.jdbcUrl(),
						"--spring.datasource.username=postgres", "--spring.datasource.password=",
						"--spring.data.redis.host=" + TestServices.LOCAL_HOST, "--payments.reconciliation.interval=1h",
						"--payments.reconciliation.settle=0s", "--payments.reconciliation.max-window=1000d",
						"--payments.recovery.interval=1h", "--payments.idempotency.cache.key-prefix=bench:reconcile:",
						"--payments.rate-limit.key-prefix=bench:reconcile:rl:", "--logging.level.com.acme=warn",
						PrivatePostgres.IN_USE + "=true")) {
			JdbcClient jdbc = service.getBean(JdbcClient.class);
			Instant start = Instant.now().minus(Duration.ofDays(1));
			seed(jdbc, n, start);
			ProcessorGuard processor = service.getBean(ProcessorGuard.class);
			ChargeReconciliation reconciliation = service.getBean(ChargeReconciliation.class);

			Measured baseline = measure(() -> {
				AtomicLong listed = new AtomicLong();
				processor.list(start.minusSeconds(1), Instant.now(), (charge) -> listed.incrementAndGet(), (unsettled) -> {
				});
				if (listed.get() != n) {
					throw new IllegalStateException("listed " + listed.get() + " of " + n);
				}
			});
			Measured reconcile = measure(() -> reconciliation.runOnce().orElseThrow());
			long restored = jdbc.sql("SELECT count(*) FROM charges").query(Long.class).single();

			String report = String.format("""
					reconcile one window of %,d processor charges (%,d without a record), %s
					  baseline (stream the window, nothing else): %,d ms, heap peak +%,d MiB
					  reconcile (compare, record, check unseen):  %,d ms, heap peak +%,d MiB
					  ratio to baseline: time %.1fx, heap %.1fx; %,d charges per second; records now %,d
					""", n, n / 1000, Instant.now(), baseline.millis(), baseline.heapMiB(), reconcile.millis(),
					reconcile.heapMiB(), (double) reconcile.millis() / Math.max(1, baseline.millis()),
					(double) reconcile.heapMiB() / Math.max(1, baseline.heapMiB()),
					n * 1000L / Math.max(1, reconcile.millis()), restored);
			System.out.print(report);
			Path results = Path.of("bench", "results");
			Files.createDirectories(results);
			Files.writeString(results.resolve("reconcile-"
					+ DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
					+ ".txt"), report);
		}
		System.exit(0);
	}

	/** N ledger rows an hour apart at most, each with its record but one in a thousand. */
	private static void seed(JdbcClient jdbc, int n, Instant start) {
		jdbc.sql("UPDATE reconciliation_watermark SET reconciled_until = :start")
			.param("start", start.minusSeconds(1).atOffset(ZoneOffset.UTC))
			.update();
		jdbc.sql("""
				INSERT INTO processor_ledger (downstream_key, processor_charge_id, user_id, amount, currency, source,
				                              decline_code, created)
				SELECT 'dk_' || i, 'py_' || i, 'user-' || (i % 1000), 100 + i % 5000, 'usd', 'tok_visa', NULL,
				       :start + (i * interval '1 millisecond' * 800)
				FROM generate_series(1, :n) AS i""")
			.param("start", start.atOffset(ZoneOffset.UTC))
			.param("n", n)
			.update();
		jdbc.sql("""
				INSERT INTO charges (id, user_id, amount, currency, status, source, processor_charge_id, created,
				                     downstream_key)
				SELECT 'ch_seed' || i, 'user-' || (i % 1000), 100 + i % 5000, 'usd', 'succeeded', 'tok_visa',
				       'py_' || i, :start + (i * interval '1 millisecond' * 800), 'dk_' || i
				FROM generate_series(1, :n) AS i WHERE i % 1000 <> 0""")
			.param("start", start.atOffset(ZoneOffset.UTC))
			.param("n", n)
			.update();
		jdbc.sql("ANALYZE").update();
	}

	private static Measured measure(Runnable work) throws InterruptedException {
		System.gc();
		Thread.sleep(200);
		var memory = ManagementFactory.getMemoryMXBean();
		long before = memory.getHeapMemoryUsage().getUsed();
		AtomicLong peak = new AtomicLong(before);
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		long started = System.nanoTime();
		work.run();
		long millis = (System.nanoTime() - started) / 1_000_000;
		sampler.interrupt();
		sampler.join();
		return new Measured(millis, Math.max(0, (peak.get() - before) / (1024 * 1024)));
	}

	record Measured(long millis, long heapMiB) {
	}

}
