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

	public void heal() {
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
	public Optional<ProcessorResult> lookup(String downstreamKey, Instant attemptedAt) {
		if (this.down) {
			throw new ProcessorUnavailable("Test: the processor is down.");
		}
		return this.simulator.lookup(downstreamKey, attemptedAt);
	}

}
