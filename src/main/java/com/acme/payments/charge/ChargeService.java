package com.acme.payments.charge;

import com.acme.payments.idempotency.IdempotentAttempt;
import com.acme.payments.processor.ProcessorGuard;
import com.acme.payments.processor.ProcessorRejectedRequest;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The charge use cases. Knows nothing of HTTP. */
@Service
class ChargeService {

	private final ProcessorGuard processor;

	private final ChargeRepository charges;

	private final ChargeMetrics metrics;

	ChargeService(ProcessorGuard processor, ChargeRepository charges, ChargeMetrics metrics) {
		this.processor = processor;
		this.charges = charges;
		this.metrics = metrics;
	}

	/**
	 * Charges the source through the processor, with no transaction open and no connection held,
	 * and hands the record of the outcome (succeeded or failed) to the attempt, which writes it
	 * together with the stored answer.
	 * @throws ProcessorUnavailable when the processor charged nothing; the key is freed
	 * @throws ProcessorRejectedRequest when the processor refused the request as invalid and charged
	 * nothing; the key is freed
	 * @throws com.acme.payments.processor.ProcessorOutcomeUnknown when the processor's answer was lost;
	 * the key stays bound until a retry or recovery records what it did
	 */
	public Charge create(String userId, ChargeRequest request, IdempotentAttempt attempt) {
		var call = new ProcessorRequest(attempt.downstreamKey().value(), userId, request.amount(),
				request.normalizedCurrency(), request.source(), attempt.startedAt());
		attempt.sideEffectStarting();
		ProcessorResult result;
		try {
			result = this.metrics.charge(() -> this.processor.charge(call));
		}
		catch (ProcessorUnavailable | ProcessorRejectedRequest ex) {
			attempt.sideEffectNotDone();
			throw ex;
		}
		Charge charge = Charge.of(userId, request, result, attempt.startedAt());
		this.metrics.decided(charge);
		attempt.record(ChargeRepository.insertion(charge));
		return charge;
	}

	@Transactional(readOnly = true)
	public Charge find(String userId, String id) {
		if (!ChargeId.isWellFormed(id)) {
			throw new ChargeNotFound(id);
		}
		return this.charges.findByIdAndUserId(id, userId).orElseThrow(() -> new ChargeNotFound(id));
	}

	/** A page of the user's charges, newest first, starting after the charge {@code startingAfter}. */
	@Transactional(readOnly = true)
	public ChargeList list(String userId, int limit, String startingAfter) {
		ScrollPosition from = ScrollPosition.keyset();
		if (startingAfter != null) {
			if (!ChargeId.isWellFormed(startingAfter)) {
				throw new UnknownCursor();
			}
			from = ChargeRepository.after(this.charges.findByIdAndUserId(startingAfter, userId)
				.orElseThrow(UnknownCursor::new));
		}
		Window<Charge> page = this.charges.findByUserIdOrderByCreatedDescIdDesc(userId, from, Limit.of(limit));
		return ChargeList.of(page.getContent(), page.hasNext());
	}

}
