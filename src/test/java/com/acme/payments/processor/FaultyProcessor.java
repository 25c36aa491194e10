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

	private final java.util.concurrent.atomic.AtomicReference<Pause> pauseNext = new java.util.concurrent.atomic.AtomicReference<>();

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

	/** The next charge waits, before it reaches the processor, until the pause is released; later ones do not. */
	public Pause pauseNextCharge() {
		Pause pause = new Pause();
		this.pauseNext.set(pause);
		return pause;
	}

	public void heal() {
		Pause pause = this.pauseNext.getAndSet(null);
		if (pause != null) {
			pause.release();
		}
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
		Pause pause = this.pauseNext.getAndSet(null);
		if (pause != null) {
			pause.hold();
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

	/** One charge held on its way to the processor. */
	public static final class Pause {

		private final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);

		private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

		private void hold() {
			this.entered.countDown();
			try {
				if (!this.released.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
					throw new IllegalStateException("Test: a paused charge was never released");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** Waits until the paused charge has arrived. */
		public void awaitEntered() throws InterruptedException {
			if (!this.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
				throw new IllegalStateException("Test: no charge arrived to pause");
			}
		}

		public void release() {
			this.released.countDown();
		}

	}

}
