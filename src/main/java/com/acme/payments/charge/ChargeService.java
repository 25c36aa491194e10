package com.acme.payments.charge;

import java.util.List;
import java.util.Locale;

import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.web.InvalidParameter;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The charge use cases. Knows nothing of HTTP or idempotency keys, only of downstream keys. */
@Service
class ChargeService {

	private final PaymentProcessor processor;

	private final ChargeRepository charges;

	ChargeService(PaymentProcessor processor, ChargeRepository charges) {
		this.processor = processor;
		this.charges = charges;
	}

	/**
	 * Charges the source and records the outcome, succeeded or failed. When an idempotent request
	 * runs this, its transaction also holds the completed idempotency record, so both commit together.
	 * @param downstreamKey the processor-side idempotency key of this attempt
	 * @throws com.acme.payments.processor.ProcessorUnavailable when no outcome is known; nothing is
	 * recorded
	 */
	@Transactional
	public Charge create(String userId, ChargeRequest request, String downstreamKey) {
		String currency = request.currency().toLowerCase(Locale.ROOT);
		ProcessorResult result = this.processor
			.charge(new ProcessorRequest(downstreamKey, request.amount(), currency, request.source()));
		Charge charge = new Charge(ChargeId.next(), userId, request.amount(), currency,
				result.approved() ? Charge.Status.SUCCEEDED : Charge.Status.FAILED, request.source(),
				request.description(), request.metadata(), result.declineCode(), result.processorChargeId(), null);
		return this.charges.insert(charge);
	}

	@Transactional(readOnly = true)
	public Charge find(String userId, String id) {
		return this.charges.find(userId, id).orElseThrow(() -> new ChargeNotFound(id));
	}

	/** A page of the user's charges, newest first, starting after the charge {@code startingAfter}. */
	@Transactional(readOnly = true)
	public ChargeList list(String userId, int limit, String startingAfter) {
		Charge cursor = null;
		if (startingAfter != null) {
			cursor = this.charges.find(userId, startingAfter)
				.orElseThrow(() -> new InvalidParameter("starting_after", "no such charge"));
		}
		List<Charge> rows = this.charges.page(userId, cursor, limit + 1);
		boolean hasMore = rows.size() > limit;
		return ChargeList.of(hasMore ? rows.subList(0, limit) : rows, hasMore);
	}

}
