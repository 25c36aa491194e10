package com.acme.payments.idempotency;

import java.time.Instant;

/**
 * One execution of an {@link Idempotent} request, handed to its handler as the request attribute
 * {@link #ATTRIBUTE}. The handler says where its side effect starts and how it ended, so that the
 * idempotency layer never frees a key whose side effect may have happened unrecorded:
 * <ul>
 * <li>{@link #sideEffectStarting()} right before calling the outside system;</li>
 * <li>{@link #record(Recording)} with the write that records its outcome, or</li>
 * <li>{@link #sideEffectNotDone()} when the outside system definitively did nothing.</li>
 * </ul>
 * An attempt that started its side effect and ends without either (a lost answer, an exception, a
 * failed write) leaves its key bound to the request, with its outcome unknown until a retry of the
 * same request or recovery records it.
 */
public final class IdempotentAttempt {

	public static final String ATTRIBUTE = "com.acme.payments.idempotency.IdempotentAttempt";

	enum Stage {

		NOT_STARTED, STARTED, NOT_DONE, RECORDED

	}

	private final DownstreamKey downstreamKey;

	private final Instant startedAt;

	private Stage stage = Stage.NOT_STARTED;

	private Recording recording;

	IdempotentAttempt(DownstreamKey downstreamKey, Instant startedAt) {
		this.downstreamKey = downstreamKey;
		this.startedAt = startedAt;
	}

	/** The key to send downstream: the same for every retry of the same request. */
	public DownstreamKey downstreamKey() {
		return this.downstreamKey;
	}

	/** When this attempt claimed its key, by the database's clock. */
	public Instant startedAt() {
		return this.startedAt;
	}

	public void sideEffectStarting() {
		this.stage = Stage.STARTED;
	}

	public void sideEffectNotDone() {
		this.stage = Stage.NOT_DONE;
		this.recording = null;
	}

	public void record(Recording recording) {
		this.stage = Stage.RECORDED;
		this.recording = recording;
	}

	Stage stage() {
		return this.stage;
	}

	/** Whether the side effect may have happened. */
	boolean sideEffectMayHaveHappened() {
		return this.stage == Stage.STARTED || this.stage == Stage.RECORDED;
	}

	Recording recording() {
		return this.recording;
	}

}
