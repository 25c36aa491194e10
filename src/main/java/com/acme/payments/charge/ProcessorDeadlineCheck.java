package com.acme.payments.charge;

import com.acme.payments.idempotency.IdempotencyProperties;
import com.acme.payments.processor.ProcessorMisconfigured;
import com.acme.payments.processor.ProcessorProperties;

import org.springframework.stereotype.Component;

/**
 * A charge holds its key's lease while the processor is called. If the call could outlast the lease,
 * a retry could take the key over while the first call is still charging, and recovery could free a
 * key that is charged a moment later: so the service does not start unless the processor's deadline
 * is below the lease.
 */
@Component
class ProcessorDeadlineCheck {

	ProcessorDeadlineCheck(ProcessorProperties processor, IdempotencyProperties idempotency) {
		if (processor.timeout().compareTo(idempotency.lockTimeout()) >= 0) {
			throw new ProcessorMisconfigured("payments.processor.timeout (" + processor.timeout()
					+ ") is not below payments.idempotency.lock-timeout (" + idempotency.lockTimeout()
					+ "): a charge could outlast the lease on its key.",
					"Lower payments.processor.timeout (env PAYMENTS_PROCESSOR_TIMEOUT) or raise "
							+ "payments.idempotency.lock-timeout (env PAYMENTS_IDEMPOTENCY_LOCKTIMEOUT) so that the "
							+ "timeout is the smaller one, with a few seconds to spare.");
		}
	}

}
