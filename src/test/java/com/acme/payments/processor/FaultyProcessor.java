package com.acme.payments.processor;

import java.time.Instant;
import java.util.Optional;

/**
 * The simulator with faults a test switches on: answers lost after charging, requests dropped
 * before they reach it, a processor that cannot be reached at all. Stands in for the outside world
 * only; our own stores stay real.
 */
public class FaultyProcessor implements PaymentProcessor {

	private final PaymentProcessor simulator;

	private volatile boolean loseAnswers;

	private volatile boolean dropRequests;

	private volatile boolean down;

	private volatile int failListingAfter = -1;

	public FaultyProcessor(PaymentProcessor simulator) {
		this.simulator = simulator;
	}

	/** Charges go through, and their answers are lost on the way back. */
	public void loseAnswers(boolean lose) {
		this.loseAnswers = lose;
	}

	/** Charges never reach the processor, and the caller cannot tell (a timeout). */
	public void dropRequests(boolean drop) {
		this.dropRequests = drop;
	}

	/** Nothing reaches the processor, and every call fails at once. */
	public void down(boolean down) {
		this.down = down;
	}

	/** Listing hands on this many charges, then the processor goes away mid-way ({@code -1}: never). */
	public void failListingAfter(int charges) {
		this.failListingAfter = charges;
	}

	public void heal() {
		this.failListingAfter = -1;
		this.loseAnswers = false;
		this.dropRequests = false;
		this.down = false;
	}

	@Override
	public ProcessorResult charge(ProcessorRequest request) {
		if (this.down) {
			throw new ProcessorUnavailable("Test: the processor is down.");
		}
		if (this.dropRequests) {
			throw new ProcessorOutcomeUnknown("Test: the request timed out before reaching the processor.");
		}
		ProcessorResult result = this.simulator.charge(request);
		if (this.loseAnswers) {
			throw new ProcessorOutcomeUnknown("Test: the processor's answer was lost.");
		}
		return result;
	}

	@Override
	public Optional<ProcessorResult> lookup(String downstreamKey, Instant sentAt) {
		if (this.down) {
			throw new ProcessorUnavailable("Test: the processor is down.");
		}
		return this.simulator.lookup(downstreamKey, sentAt);
	}

	@Override
	public void list(Instant from, Instant to, java.util.function.Consumer<ProcessorCharge> each,
			java.util.function.Consumer<UnsettledCharge> unsettled) {
		if (this.down) {
			throw new ProcessorUnavailable("Test: the processor is down.");
		}
		int[] handed = { 0 };
		this.simulator.list(from, to, (charge) -> {
			if (this.failListingAfter >= 0 && handed[0]++ >= this.failListingAfter) {
				throw new ProcessorUnavailable("Test: the processor went away while listing.");
			}
			each.accept(charge);
		}, unsettled);
	}

}
