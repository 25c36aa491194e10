package com.acme.payments.processor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the payment processor adapter.
 *
 * @param latency delay the simulator adds to every call (a charge: after charging) (env
 * {@code PAYMENTS_PROCESSOR_LATENCY})
 * @param timeout upper bound of one processor call; a charge that takes longer may have been made,
 * so its outcome is unknown until recovery asks (env {@code PAYMENTS_PROCESSOR_TIMEOUT})
 */
@ConfigurationProperties("payments.processor")
public record ProcessorProperties(@DefaultValue("0s") Duration latency, @DefaultValue("10s") Duration timeout) {

	public ProcessorProperties {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("payments.processor.latency must not be negative");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("payments.processor.timeout must be positive");
		}
	}

}
