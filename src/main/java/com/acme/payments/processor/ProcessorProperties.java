package com.acme.payments.processor;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;


import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payment processor adapter.
 *
 * @param latency delay the simulator adds to every call (a charge: after charging) (env
 * {@code PAYMENTS_PROCESSOR_LATENCY})
 * @param timeout upper bound of one processor call; a charge that takes longer may have been made,
 * so its outcome is unknown until recovery asks (env {@code PAYMENTS_PROCESSOR_TIMEOUT})
 */
@Validated
@ConfigurationProperties("payments.processor")
public record ProcessorProperties(@DurationMin(millis = 0) @DefaultValue("0s") Duration latency,
		@DurationMin(millis = 1) @DefaultValue("10s") Duration timeout) {
}
