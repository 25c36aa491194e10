package com.acme.payments.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recovery of unknown outcomes: attempts whose processor answer was lost, or whose request died.
 *
 * @param after how long after an outcome became unknown (a lost answer, or the lease of a dead
 * request running out) recovery asks the processor what happened (env
 * {@code PAYMENTS_RECOVERY_AFTER})
 * @param interval how often each instance looks for attempts due for recovery (env
 * {@code PAYMENTS_RECOVERY_INTERVAL})
 * @param batchSize attempts one instance takes per look (env {@code PAYMENTS_RECOVERY_BATCHSIZE})
 * @param maxBackoff the longest pause between two questions while the processor stays unreachable;
 * the pause doubles from {@code after} up to this (env {@code PAYMENTS_RECOVERY_MAXBACKOFF})
 */
@Validated
@ConfigurationProperties("payments.recovery")
public record RecoveryProperties(
		@DurationMin(millis = 0) @DurationMax(days = 1) @DefaultValue("60s") Duration after,
		@DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("5s") Duration interval,
		@Min(1) @Max(10_000) @DefaultValue("100") int batchSize,
		@DurationMin(seconds = 1) @DurationMax(days = 1) @DefaultValue("15m") Duration maxBackoff) {

	/** The pause before the next question after {@code attempts} questions without an answer. */
	public Duration backoff(int attempts) {
		Duration base = this.after.isZero() ? Duration.ofSeconds(1) : this.after;
		int doublings = Math.min(Math.max(attempts - 1, 0), 20);
		Duration pause = base.multipliedBy(1L << doublings);
		return (pause.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : pause;
	}

}
