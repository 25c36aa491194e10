package com.acme.payments.charge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.idempotency.RecoveryProperties;
import com.acme.payments.idempotency.UnknownOutcomes;
import com.acme.payments.idempotency.UnresolvedAttempt;
import com.acme.payments.processor.ProcessorGuard;
import com.acme.payments.processor.ProcessorResult;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Records the charges whose answers were lost, without waiting for the client to retry. Every
 * {@code payments.recovery.interval} it leases the attempts whose outcome has been unknown for
 * {@code payments.recovery.after} (lost answers, and requests that died) and asks the processor what
 * it did under each downstream key: a charge found is recorded with its answer, exactly as if the
 * answer had arrived; nothing charged frees the key; no answer asks again later, with backoff.
 * Safe on any number of instances: each attempt is leased to one recoverer at a time, and a
 * recoverer that dies loses its lease to the next.
 */
@Component
class ChargeRecovery {

	private static final Logger log = LoggerFactory.getLogger(ChargeRecovery.class);

	private final UnknownOutcomes outcomes;

	private final ProcessorGuard processor;

	private final ChargeAnswers answers;

	private final JsonMapper json;

	private final RecoveryProperties properties;

	private final MeterRegistry meters;

	private final ChargeMetrics metrics;

	private final AtomicLong unresolved = new AtomicLong();

	ChargeRecovery(UnknownOutcomes outcomes, ProcessorGuard processor, ChargeAnswers answers, JsonMapper json,
			RecoveryProperties properties, TaskScheduler scheduler, MeterRegistry meters, ChargeMetrics metrics) {
		this.metrics = metrics;
		this.outcomes = outcomes;
		this.processor = processor;
		this.answers = answers;
		this.json = json;
		this.properties = properties;
		this.meters = meters;
		for (String result : List.of("recorded", "released", "retry_later", "lease_lost", "failed")) {
			resolved(result);
		}
		Gauge.builder("payments.recovery.unresolved", this.unresolved, AtomicLong::get)
			.description("Charge attempts whose outcome is unknown, as of the last recovery run")
			.register(meters);
		scheduler.scheduleWithFixedDelay(this::runQuietly, Instant.now().plus(properties.interval()),
				properties.interval());
	}

	/** Resolves the attempts due now, one batch; returns how many were taken. */
	int runOnce() {
		List<UnresolvedAttempt> due = this.outcomes.leaseDue(this.properties.batchSize());
		for (UnresolvedAttempt attempt : due) {
			try {
				resolve(attempt);
			}
			catch (RuntimeException ex) {
				// Not lost: the lease runs out and the attempt is due again.
				log.warn("Could not resolve an unknown charge outcome: {}", ex.getClass().getSimpleName());
				count("failed");
			}
		}
		this.unresolved.set(this.outcomes.unresolved());
		return due.size();
	}

	private void resolve(UnresolvedAttempt attempt) {
		Optional<ProcessorResult> found;
		try {
			found = this.metrics.lookup(() -> this.processor.lookup(attempt.downstreamKey().value(), attempt.sentAt()));
		}
		catch (RuntimeException ex) {
			log.info("Processor unreachable during recovery (attempt {}), asking again later: {}", attempt.attempts(),
					ex.getClass().getSimpleName());
			this.outcomes.stillUnknown(attempt);
			count("retry_later");
			return;
		}
		if (found.isEmpty()) {
			this.outcomes.notDone(attempt);
			count("released");
			return;
		}
		ChargeRequest request = this.json.readValue(attempt.requestBody(), ChargeRequest.class);
		Charge charge = Charge.of(attempt.user(), request, found.get(), attempt.attemptedAt());
		this.metrics.decided(charge);
		boolean recorded = this.outcomes.recorded(attempt, this.answers.of(charge), ChargeRepository.insertion(charge));
		count(recorded ? "recorded" : "lease_lost");
	}

	private void runQuietly() {
		try {
			runOnce();
		}
		catch (RuntimeException ex) {
			log.warn("Charge recovery failed, will retry: {}", ex.getClass().getSimpleName());
		}
	}

	private void count(String result) {
		resolved(result).increment();
	}

	private Counter resolved(String result) {
		return Counter.builder("payments.recovery.resolved")
			.description("Unknown charge outcomes resolved by recovery, by result")
			.tag("result", result)
			.register(this.meters);
	}

}
