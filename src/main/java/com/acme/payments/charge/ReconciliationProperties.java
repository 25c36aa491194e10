package com.acme.payments.charge;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the processor's books are compared with the service's.
 *
 * @param interval how often each instance tries to take the next window (one at a time wins) (env
 * {@code PAYMENTS_RECONCILIATION_INTERVAL})
 * @param settle how long ago the newest reconciled processor time is: charges younger than this may
 * still have their answers or records in flight (env {@code PAYMENTS_RECONCILIATION_SETTLE})
 * @param maxWindow the most processor time one run takes; a service behind by more catches up over
 * several runs (env {@code PAYMENTS_RECONCILIATION_MAXWINDOW})
 * @param lease how long a run holds the watermark; a run that dies loses it to the next (env
 * {@code PAYMENTS_RECONCILIATION_LEASE})
 * @param batchSize processor charges compared per round trip to Postgres
 * @param hold how long reconciliation waits for a charge still under way (not final at the
 * processor, or its key still in flight or unknown), counted from the first run that waited for it;
 * after that it is reported as {@code stuck}, once, and passed over, so that one charge that never
 * finishes cannot stop reconciliation for good (env {@code PAYMENTS_RECONCILIATION_HOLD})
 */
@Validated
@ConfigurationProperties("payments.reconciliation")
public record ReconciliationProperties(@DurationMin(seconds = 1) @DefaultValue("10m") Duration interval,
		@DurationMin(millis = 0) @DefaultValue("5m") Duration settle,
		@DurationMin(seconds = 1) @DefaultValue("1h") Duration maxWindow,
		@DurationMin(seconds = 1) @DefaultValue("15m") Duration lease,
		@Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
		@DurationMin(minutes = 1) @DefaultValue("6h") Duration hold) {
}
