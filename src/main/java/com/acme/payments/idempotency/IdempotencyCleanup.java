package com.acme.payments.idempotency;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes expired keys in bounded batches. Safe on any number of instances at once: each batch skips
 * rows another instance (or a claim) has locked. Expired keys are free before this runs; the cleanup
 * only reclaims space.
 */
@Component
class IdempotencyCleanup {

	/** Batches per run, so one run never holds the scheduler for long. */
	static final int MAX_BATCHES_PER_RUN = 100;

	private static final Logger log = LoggerFactory.getLogger(IdempotencyCleanup.class);

	private final KeySweeps store;

	private final IdempotencyProperties properties;

	private final Counter deletions;

	IdempotencyCleanup(KeySweeps store, IdempotencyProperties properties, TaskScheduler scheduler,
			MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.deletions = Counter.builder("payments.idempotency.cleanup.deleted")
			.description("Expired idempotency keys deleted by the cleanup")
			.register(meters);
		Duration interval = properties.cleanupInterval();
		scheduler.scheduleWithFixedDelay(this::runQuietly, java.time.Instant.now().plus(interval), interval);
	}

	/** Deletes expired rows until none is left or the per-run bound is reached; returns how many. */
	int run() {
		int total = 0;
		for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
			int deleted = this.store.deleteExpired(this.properties.cleanupBatchSize());
			this.deletions.increment(deleted);
			total += deleted;
			if (deleted < this.properties.cleanupBatchSize()) {
				break;
			}
		}
		return total;
	}

	private void runQuietly() {
		try {
			int deleted = run();
			if (deleted > 0) {
				log.debug("Deleted {} expired idempotency keys", deleted);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Idempotency cleanup failed, will retry: {}", ex.getClass().getSimpleName());
		}
	}

}
