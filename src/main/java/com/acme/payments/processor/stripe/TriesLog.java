package com.acme.payments.processor.stripe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;

/**
 * The SDK's HTTP client, with a record of how each try of the current call ended. The SDK retries
 * on its own and reports only the last try's failure: a create whose first try reached Stripe and
 * whose retry then found the connection refused must count as "may have charged", not as "nothing
 * sent". The record is per thread, since each call runs on a thread of its own. A call abandoned at
 * its deadline starts no further try.
 */
class TriesLog extends HttpURLConnectionClient {

	private static final ThreadLocal<Tries> current = new ThreadLocal<>();

	/** Starts recording the tries of a call on this thread. */
	static Tries begin() {
		Tries tries = new Tries();
		current.set(tries);
		return tries;
	}

	static void end() {
		current.remove();
	}

	@Override
	public StripeResponse request(StripeRequest request) throws ApiConnectionException {
		if (Thread.currentThread().isInterrupted()) {
			// The call was abandoned at its deadline (StripeProcessor interrupts its thread). The SDK
			// keeps retrying after an interrupt; no try may start then, or a create could reach Stripe
			// long after the client was told its outcome is unknown, and after recovery's search.
			throw new ApiConnectionException("The call was abandoned at its deadline; this try was not sent.");
		}
		Tries tries = current.get();
		if (tries != null) {
			tries.started();
		}
		try {
			StripeResponse response = super.request(request);
			if (tries != null) {
				tries.answered();
			}
			return response;
		}
		catch (ApiConnectionException ex) {
			if (tries != null && !neverSent(ex)) {
				tries.maybeSent();
			}
			throw ex;
		}
		finally {
			if (tries != null) {
				tries.ended();
			}
		}
	}

	/** A try that failed while connecting: nothing of the request left this machine. */
	static boolean neverSent(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException) {
				return true;
			}
			if (cause instanceof SocketTimeoutException timeout && timeout.getMessage() != null
					&& timeout.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")) {
				return true;
			}
		}
		return false;
	}

	/** How the tries of one call went. Written by the call's thread, read by the waiting one. */
	static final class Tries {

		private volatile int started;

		private volatile int ended;

		private volatile boolean maybeSent;

		private volatile boolean answered;

		private void started() {
			this.started++;
		}

		private void ended() {
			this.ended++;
		}

		private void maybeSent() {
			this.maybeSent = true;
		}

		private void answered() {
			this.answered = true;
		}

		/**
		 * Whether any try may have reached Stripe: one that got an answer (a saved 500 too), failed
		 * after connecting, or was still going when the deadline cut the call.
		 */
		boolean mayHaveReachedStripe() {
			return this.answered || this.maybeSent || this.started > this.ended;
		}

		int count() {
			return this.started;
		}

	}

}
