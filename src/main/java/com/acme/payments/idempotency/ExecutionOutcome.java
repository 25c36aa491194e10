package com.acme.payments.idempotency;

/** How an idempotent request ended, for the HTTP adapter to answer. */
sealed interface ExecutionOutcome {

	/** The metric and log name of the outcome. */
	String name();

	/** The same request completed before: its stored answer goes out again. */
	record Replayed(StoredResponse answer) implements ExecutionOutcome {

		public String name() {
			return "replayed";
		}

	}

	/** Executed now; the handler's answer is stored and goes out. */
	record Executed(StoredResponse answer) implements ExecutionOutcome {

		public String name() {
			return "executed";
		}

	}

	/** The key belongs to another request, or to this one still running. */
	record Refused(Claim.Conflict conflict) implements ExecutionOutcome {

		public String name() {
			return (this.conflict == Claim.Conflict.REUSED) ? "reused" : "in_use";
		}

	}

	/**
	 * Nothing happened and the key is free again.
	 * @param handlerAnswered the handler's own answer (a 4xx, a definitive 503) goes out; else a 503
	 */
	record Released(boolean handlerAnswered) implements ExecutionOutcome {

		public String name() {
			return "released";
		}

	}

	/**
	 * The side effect may have happened and is not recorded: the key stays bound to this request
	 * until a retry of it or recovery records the outcome.
	 * @param handlerAnswered the handler's own error answer goes out; else a 503
	 */
	record Unknown(boolean handlerAnswered) implements ExecutionOutcome {

		public String name() {
			return "unknown";
		}

	}

	/** Postgres could not be reached before anything happened: 503, retry later. */
	record Unavailable() implements ExecutionOutcome {

		public String name() {
			return "unavailable";
		}

	}

}
