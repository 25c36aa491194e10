package com.acme.payments.processor;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port to whatever actually moves money. An adapter must deduplicate by
 * {@link ProcessorRequest#downstreamKey()}: a second call with the same key returns the first
 * call's outcome and charges nothing new. It must bound every call by
 * {@code payments.processor.timeout}, end to end, and say "unknown" rather than guess whenever the
 * request may have reached the processor and no definitive answer came back. docs/processors.md
 * describes the contract for anyone writing an adapter.
 */
public interface PaymentProcessor {

	/**
	 * Charges the source.
	 * @return the definitive outcome: approved or declined
	 * @throws ProcessorUnavailable when the processor definitively charged nothing (it failed before
	 * charging, or was never reached)
	 * @throws ProcessorRejectedRequest when the processor refused the request as invalid and charged
	 * nothing
	 * @throws ProcessorOutcomeUnknown when the request may have reached the processor and its answer
	 * was lost (a timeout, a dropped connection): it may have charged; ask again with the same
	 * downstream key, by {@link #charge} or {@link #lookup}
	 */
	ProcessorResult charge(ProcessorRequest request);

	/**
	 * What the processor did under a downstream key, without charging anything.
	 * @param downstreamKey the key the attempt was sent under
	 * @param sentAt when a request under that key was last sent, or may have been (not when the key was
	 * first used: a retry may send under an old key): a processor whose look-up lags its writes can only
	 * say "nothing" for a key last sent longer ago than the lag
	 * @return the outcome of the charge made under the key, or empty when nothing was charged under it
	 * @throws ProcessorUnavailable when the processor cannot be asked now, or cannot tell yet; ask
	 * again later
	 */
	Optional<ProcessorResult> lookup(String downstreamKey, Instant sentAt);

	/**
	 * Every charge the processor made in {@code [from, to)} of its own time, each handed on as it is
	 * read: a window of any size is streamed, never held in memory. Final ones go to {@code each};
	 * ones not final yet go to {@code unsettled}: the window is compared again from those made under
	 * a downstream key of this service, and those made outside it (no downstream key) are reported
	 * at once, since they are not its to wait for.
	 * @throws ProcessorUnavailable when the processor cannot be asked now; nothing of the window
	 * counts then, and it is listed again later
	 */
	void list(Instant from, Instant to, Consumer<ProcessorCharge> each, Consumer<UnsettledCharge> unsettled);

}
