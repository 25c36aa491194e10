package com.acme.payments.charge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.acme.payments.processor.ProcessorCharge;
import com.acme.payments.processor.ProcessorGuard;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.UnsettledCharge;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Catches what recovery cannot: a charge at the processor that the service has no record of, a
 * record the processor does not have, and a record that differs from the processor's. Every
 * {@code payments.reconciliation.interval} one instance (a lease on the watermark row) takes the
 * processor time from the watermark up to {@code settle} ago, at most {@code max-window} of it,
 * streams the processor's charges of that window, and compares them, a batch at a time, with the
 * service's records by processor charge id and downstream key. Only a run that got through the whole
 * window moves the watermark; one that fails leaves it for the next.
 * <p>
 * It never overwrites a final state: a missing record is written only where nothing else will write
 * it ({@link ReconciliationBooks#recordUnrecorded}), and a record that differs is reported, not
 * changed.
 */
@Component
class ChargeReconciliation {

	/** The kinds of finding, each counted in {@code payments_reconciliation_findings_total{kind}}. */
	enum Finding {

		/** The processor charged; the service had no record. Recorded now. */
		UNRECORDED,

		/** The service recorded a succeeded charge the processor does not have. Never deleted. */
		UNKNOWN_TO_PROCESSOR,

		/** Amount, currency or outcome differ. The record is left as it is. */
		MISMATCH,

		/** A processor charge with no user or no downstream key of ours: whose it is cannot be told. */
		UNATTRIBUTED,

		/**
		 * A charge still under way after {@code hold} (not final at the processor, or its key still in
		 * flight or unknown): it no longer holds the watermark back, and is left to ops.
		 */
		STUCK;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	static final int MAX_UNSEEN = 10_000;

	/** Key states whose attempt is still being worked on: its retry or recovery records it. */
	private static final java.util.Set<String> BUSY = java.util.Set.of("in_flight", "unknown");

	private static final Logger log = LoggerFactory.getLogger(ChargeReconciliation.class);

	private final ReconciliationBooks books;

	private final ProcessorGuard processor;

	private final ChargeAnswers answers;

	private final ReconciliationProperties properties;

	private final Map<Finding, Counter> findings = new java.util.EnumMap<>(Finding.class);

	private final MeterRegistry meters;

	/** The watermark as this instance last took or moved it, epoch milliseconds (0: not yet). */
	private final AtomicLong watermark = new AtomicLong();

	ChargeReconciliation(ReconciliationBooks books, ProcessorGuard processor, ChargeAnswers answers,
			ReconciliationProperties properties, TaskScheduler scheduler, MeterRegistry meters) {
		this.books = books;
		this.processor = processor;
		this.answers = answers;
		this.properties = properties;
		this.meters = meters;
		for (Finding finding : Finding.values()) {
			this.findings.put(finding, Counter.builder("payments.reconciliation.findings")
				.description("Differences between the processor's books and the service's, by kind")
				.tag("kind", finding.tag())
				.register(meters));
		}
		for (String result : List.of("reconciled", "nothing_due", "busy", "failed")) {
			runs(result);
		}
		Gauge.builder("payments.reconciliation.watermark", this.watermark,
				(millis) -> (millis.get() == 0) ? Double.NaN : millis.get() / 1000.0)
			.description("Processor time up to which every charge has been compared, as this instance last saw it")
			.baseUnit("seconds")
			.register(meters);
		scheduler.scheduleWithFixedDelay(this::runQuietly, Instant.now().plus(properties.interval()),
				properties.interval());
	}

	/**
	 * Reconciles the next window, if it is due and no other instance is at it.
	 * @return the window reconciled, or empty
	 */
	Optional<Window> runOnce() {
		Optional<ReconciliationBooks.Lease> taken = this.books.lease(this.properties.lease());
		if (taken.isEmpty()) {
			runs("busy").increment();
			return Optional.empty();
		}
		ReconciliationBooks.Lease lease = taken.get();
		Instant from = lease.reconciledUntil();
		this.watermark.set(from.toEpochMilli());
		Instant to = min(from.plus(this.properties.maxWindow()), lease.now().minus(this.properties.settle()));
		if (!to.isAfter(from)) {
			this.books.release(lease);
			runs("nothing_due").increment();
			return Optional.empty();
		}
		try {
			Batch batch = new Batch(lease);
			this.processor.list(from, to, batch, batch::unsettled);
			batch.flush();
			for (ReconciliationBooks.Recorded recorded : this.books.unseen(lease, from, to, MAX_UNSEEN)) {
				checkKnownToProcessor(recorded);
			}
			// A charge left to its retry or recovery, or one the processor has not finished, holds the
			// watermark back (for hold at most): the window from it is compared again until it is final.
			Instant reconciled = min(to, batch.earliestPending);
			if (this.books.advance(lease, reconciled.isAfter(from) ? reconciled : from)) {
				this.watermark.set((reconciled.isAfter(from) ? reconciled : from).toEpochMilli());
			}
			else {
				log.warn("Reconciliation of {} to {} outlived its lease; the window will be compared again", from, to);
			}
			this.books.forget(lease);
			runs("reconciled").increment();
			return Optional.of(new Window(from, reconciled, batch.compared));
		}
		catch (RuntimeException ex) {
			this.books.release(lease);
			runs("failed").increment();
			throw ex;
		}
	}

	/** Compares one batch of processor charges with the service's records. */
	private void compare(Batch batch, List<ProcessorCharge> made) {
		ReconciliationBooks.Lease lease = batch.lease;
		List<String> ids = made.stream().map(ProcessorCharge::processorChargeId).toList();
		List<String> keys = made.stream().map(ProcessorCharge::downstreamKey).filter(java.util.Objects::nonNull).toList();
		this.books.seen(lease, ids);
		Map<String, ReconciliationBooks.Recorded> records = this.books.records(ids, keys);
		Map<String, String> states = this.books.keyStates(keys);
		for (ProcessorCharge charge : made) {
			ReconciliationBooks.Recorded recorded = records.get(charge.processorChargeId());
			if (recorded == null && charge.downstreamKey() != null) {
				recorded = records.get(charge.downstreamKey());
			}
			if (recorded != null) {
				compare(charge, recorded);
			}
			else if (charge.downstreamKey() != null && BUSY.contains(states.getOrDefault(charge.downstreamKey(), "none"))) {
				// a key still being worked on is its retry's or recovery's to record; compared again later
				batch.hold(charge.processorChargeId(), charge.downstreamKey(), charge.created(),
						"its idempotency key is still in flight or unknown");
			}
			else if (charge.user() == null || charge.downstreamKey() == null) {
				found(Finding.UNATTRIBUTED, charge.processorChargeId(), charge.downstreamKey(),
						"no user or downstream key in the processor's metadata");
			}
			else {
				Charge restored = Charge.ofProcessorCharge(charge);
				if (this.books.recordUnrecorded(restored, charge.downstreamKey(), this.answers.of(restored))) {
					found(Finding.UNRECORDED, charge.processorChargeId(), charge.downstreamKey(),
							"recorded now as " + restored.id() + " for its user");
				}
				else {
					found(Finding.MISMATCH, charge.processorChargeId(), charge.downstreamKey(),
							"could not be recorded: it conflicts with another record or a key under way");
				}
			}
		}
	}

	private void compare(ProcessorCharge charge, ReconciliationBooks.Recorded recorded) {
		if (!charge.processorChargeId().equals(recorded.processorChargeId())) {
			found(Finding.MISMATCH, charge.processorChargeId(), charge.downstreamKey(),
					"a second processor charge under the downstream key of record " + recorded.id() + " ("
							+ recorded.processorChargeId() + "): a possible double charge");
			return;
		}
		boolean succeeded = "succeeded".equals(recorded.status());
		if (charge.amount() != recorded.amount() || !charge.currency().equalsIgnoreCase(recorded.currency())
				|| charge.succeeded() != succeeded) {
			found(Finding.MISMATCH, recorded.id(), charge.downstreamKey(),
					"processor " + charge.amount() + " " + charge.currency() + " " + outcome(charge.succeeded())
							+ ", record " + recorded.amount() + " " + recorded.currency() + " " + outcome(succeeded)
							+ "; the record is left as it is");
		}
	}

	/** A succeeded record the processor's listing lacked: asks the processor by key before saying so. */
	private void checkKnownToProcessor(ReconciliationBooks.Recorded recorded) {
		Optional<ProcessorResult> atProcessor = Optional.empty();
		if (recorded.downstreamKey() != null) {
			try {
				atProcessor = this.processor.lookup(recorded.downstreamKey(), Instant.EPOCH);
			}
			catch (RuntimeException ex) {
				log.warn("Reconciliation could not ask the processor about charge {}: {}", recorded.id(),
						ex.getClass().getSimpleName());
				return;
			}
		}
		if (atProcessor.isEmpty()) {
			found(Finding.UNKNOWN_TO_PROCESSOR, recorded.id(), recorded.downstreamKey(),
					"recorded as succeeded; the processor has no such charge; never deleted");
		}
	}

	/** Counts and logs a finding, once: a window compared again finds it again and says nothing. */
	private void found(Finding finding, String chargeId, String downstreamKey, String what) {
		if (!this.books.noteFinding(finding.tag(), chargeId, downstreamKey, what)) {
			return;
		}
		this.findings.get(finding).increment();
		log.warn("Reconciliation finding {}: charge {} downstream key {}: {}", finding.tag(), chargeId, downstreamKey,
				what);
	}

	private void runQuietly() {
		try {
			runOnce();
		}
		catch (RuntimeException ex) {
			log.warn("Reconciliation failed, the window stays due: {}", ex.getClass().getSimpleName());
		}
	}

	private Counter runs(String result) {
		return Counter.builder("payments.reconciliation.runs")
			.description("Reconciliation runs by result")
			.tag("result", result)
			.register(this.meters);
	}

	private static String outcome(boolean succeeded) {
		return succeeded ? "succeeded" : "failed";
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	/** A window reconciled, and how many processor charges it held. */
	record Window(Instant from, Instant to, long compared) {
	}

	/** Collects the streamed processor charges into batches and compares each. */
	private final class Batch implements Consumer<ProcessorCharge> {

		private final ReconciliationBooks.Lease lease;

		private final List<ProcessorCharge> pending = new ArrayList<>();

		private long compared;

		/** The earliest charge left to its retry or recovery, or not final at the processor yet. */
		private Instant earliestPending = Instant.MAX;

		Batch(ReconciliationBooks.Lease lease) {
			this.lease = lease;
		}

		/**
		 * A charge the processor has not finished: ours is compared again later; one made outside
		 * the service is reported now, since it is not waited for and may be final only once the
		 * watermark has passed it.
		 */
		void unsettled(UnsettledCharge charge) {
			if (charge.downstreamKey() == null) {
				found(Finding.UNATTRIBUTED, charge.processorChargeId(), null,
						"not final at the processor, and no downstream key of ours in its metadata");
				return;
			}
			hold(charge.processorChargeId(), charge.downstreamKey(), charge.created(), "not final at the processor");
		}

		/**
		 * Holds the watermark back at the charge, unless reconciliation has waited for it for longer
		 * than {@code hold} (counted from the first run that waited, whenever the charge was made):
		 * then it is reported as stuck and passed over.
		 */
		void hold(String processorChargeId, String downstreamKey, Instant created, String why) {
			Duration hold = ChargeReconciliation.this.properties.hold();
			if (ChargeReconciliation.this.books.heldFor(processorChargeId, downstreamKey).compareTo(hold) > 0) {
				found(Finding.STUCK, processorChargeId, downstreamKey, why + " after reconciliation waited " + hold
						+ " for it; it no longer holds reconciliation back: check it at the processor and in idempotency_keys");
				return;
			}
			this.earliestPending = min(this.earliestPending, created);
		}

		@Override
		public void accept(ProcessorCharge charge) {
			this.pending.add(charge);
			if (this.pending.size() >= ChargeReconciliation.this.properties.batchSize()) {
				flush();
			}
		}

		void flush() {
			if (!this.pending.isEmpty()) {
				compare(this, this.pending);
				this.compared += this.pending.size();
				this.pending.clear();
			}
		}

	}

}
