package com.acme.payments.processor.stripe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.processor.ProcessorCharge;
import com.acme.payments.processor.ProcessorLookupAmbiguous;
import com.acme.payments.processor.ProcessorMisconfigured;
import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;
import com.acme.payments.processor.UnsettledCharge;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Charges through Stripe's PaymentIntents API with the official SDK; chosen by
 * {@code payments.processor.kind=stripe}. One create per attempt, confirmed at once, with the
 * downstream key as the {@code Idempotency-Key} of every try (the SDK's retries reuse it) and as
 * {@code metadata[downstream_key]}, which the look-up searches for. Every call runs on a thread of
 * its own and is abandoned at {@code payments.processor.timeout}, however slowly Stripe's bytes
 * arrive: the SDK's timeouts are per read, not per call. What Stripe answers maps to the port as
 * docs/processors.md tabulates; whenever Stripe may have charged and said nothing definitive, the
 * outcome is unknown.
 */
@Component
@ConditionalOnProperty(prefix = "payments.processor", name = "kind", havingValue = "stripe")
class StripeProcessor implements PaymentProcessor, DisposableBean {

	/** Stripe may forget an idempotency key after 24 hours; nothing is re-created that close to it. */
	static final Duration CREATE_HORIZON = Duration.ofHours(23);

	/** Calls in flight at once; one more is refused before anything is sent. */
	static final int MAX_CALLS = 256;

	private static final Logger log = LoggerFactory.getLogger(StripeProcessor.class);

	static {
		// HttpURLConnection would otherwise re-send a POST by itself after a failed read of its answer:
		// a create sent twice within one try, whose second attempt's failure would hide the first.
		// PaymentsApplication.main sets it too, before any connection is made.
		System.setProperty("sun.net.http.retryPost", "false");
	}

	private final StripeClient stripe;

	private final StripeProperties settings;

	private final Duration deadline;

	private final ThreadPoolExecutor calls;

	private final Clock clock;

	@Autowired
	StripeProcessor(ProcessorProperties processor, StripeProperties settings) {
		this(processor, settings, Clock.systemUTC());
	}

	StripeProcessor(ProcessorProperties processor, StripeProperties settings, Clock clock) {
		if (settings.apiKey() == null || settings.apiKey().isBlank()) {
			throw new ProcessorMisconfigured("payments.processor.kind is 'stripe' but no Stripe API key is set.",
					"Set payments.processor.stripe.api-key (env PAYMENTS_PROCESSOR_STRIPE_APIKEY) to your secret "
							+ "key: sk_test_... in test mode, sk_live_... (or a restricted rk_ key) live.");
		}
		this.settings = settings;
		this.deadline = processor.timeout();
		this.clock = clock;
		int timeout = (int) Math.min(Integer.MAX_VALUE, this.deadline.toMillis());
		this.stripe = StripeClient.builder()
			.setApiKey(settings.apiKey())
			.setApiBase(settings.apiBase())
			.setMaxNetworkRetries(settings.maxNetworkRetries())
			.setConnectTimeout((int) Math.min(timeout, settings.connectTimeout().toMillis()))
			.setReadTimeout(timeout)
			.setHttpClient(new TriesLog())
			.build();
		AtomicInteger threads = new AtomicInteger();
		this.calls = new ThreadPoolExecutor(0, MAX_CALLS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread thread = new Thread(task, "stripe-call-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public ProcessorResult charge(ProcessorRequest request) {
		if (request.attemptedAt().isBefore(this.clock.instant().minus(CREATE_HORIZON))) {
			// Stripe may have forgotten this key: a create could charge again, so only a look-up may tell.
			// An earlier request may have sent under the key moments ago, and this one does not know when,
			// so it counts as sent now: its look-up can find what was charged, never that nothing was.
			// Recovery, which knows when the key was last sent, can say "nothing" once the lag has passed.
			Optional<ProcessorResult> found;
			try {
				found = lookup(request.downstreamKey(), this.clock.instant());
			}
			catch (ProcessorUnavailable cannotTell) {
				found = Optional.empty();
			}
			return found.orElseThrow(() -> new ProcessorOutcomeUnknown("This attempt is too old to be sent to Stripe "
					+ "again, and Stripe cannot tell yet what it did; retry later with the same request and "
					+ "Idempotency-Key."));
		}
		TriesLog.Tries[] tries = new TriesLog.Tries[1];
		try {
			PaymentIntent intent = withinDeadline(() -> {
				tries[0] = TriesLog.begin();
				try {
					return this.stripe.v1().paymentIntents().create(createParams(request), options(request));
				}
				finally {
					TriesLog.end();
				}
			});
			return StripeOutcomes.ofCreated(intent);
		}
		catch (StripeException ex) {
			return StripeOutcomes.ofFailedCreate(ex, tries[0], request.downstreamKey());
		}
	}

	@Override
	public Optional<ProcessorResult> lookup(String downstreamKey, Instant sentAt) {
		List<PaymentIntent> found;
		try {
			found = withinDeadline(() -> this.stripe.v1()
				.paymentIntents()
				.search(PaymentIntentSearchParams.builder()
					.setQuery("metadata['downstream_key']:'" + downstreamKey.replace("'", "\\'") + "'")
					.setLimit(10L)
					.build())
				.getData()
				.stream()
				// Search matches terms; only the exact key is this attempt's
				.filter((intent) -> intent.getMetadata() != null
						&& downstreamKey.equals(intent.getMetadata().get(StripeOutcomes.DOWNSTREAM_KEY)))
				.toList());
		}
		catch (StripeException ex) {
			throw new ProcessorUnavailable("Stripe's search did not answer (" + ex.getClass().getSimpleName() + ").");
		}
		if (found.size() > 1) {
			log.error("Stripe holds {} PaymentIntents under one downstream key ({}); not guessing which one counts",
					found.size(), downstreamKey);
			throw new ProcessorLookupAmbiguous("More than one processor charge under one key: left for ops.");
		}
		if (found.isEmpty()) {
			// An abandoned call starts no further try (TriesLog), but one that began before the deadline
			// may still connect (connect timeout) and shake hands (read timeout, the deadline) before its
			// bytes leave. (sentAt is the database's clock; search-lag, minutes, covers any skew.)
			Instant lastPossibleSend = sentAt.plus(this.deadline)
				.plus(this.settings.connectTimeout())
				.plus(this.deadline);
			if (lastPossibleSend.isAfter(this.clock.instant().minus(this.settings.searchLag()))) {
				throw new ProcessorUnavailable("Stripe's search may not show this attempt yet; ask again later.");
			}
			return Optional.empty();
		}
		return StripeOutcomes.ofFound(found.get(0));
	}

	/**
	 * Lists PaymentIntents by {@code created} (Stripe's seconds: the window is widened to whole
	 * seconds at its start and cut at its end) and follows every page ({@code autoPagingIterable}).
	 * Final ones are handed to {@code each}, ones still under way to {@code unsettled} (with no
	 * downstream key when another integration or the dashboard made them). The SDK's read timeout
	 * bounds each page.
	 */
	@Override
	public void list(Instant from, Instant to, Consumer<ProcessorCharge> each, Consumer<UnsettledCharge> unsettled) {
		PaymentIntentListParams params = PaymentIntentListParams.builder()
			.setCreated(PaymentIntentListParams.Created.builder()
				.setGte(from.getEpochSecond())
				.setLt(to.getEpochSecond())
				.build())
			.setLimit(100L)
			.build();
		try {
			for (PaymentIntent intent : this.stripe.v1().paymentIntents().list(params).autoPagingIterable()) {
				Optional<ProcessorCharge> listed = StripeOutcomes.ofListed(intent);
				if (listed.isPresent()) {
					each.accept(listed.get());
				}
				else {
					String downstreamKey = (intent.getMetadata() != null)
							? intent.getMetadata().get(StripeOutcomes.DOWNSTREAM_KEY) : null;
					unsettled.accept(new UnsettledCharge(intent.getId(), downstreamKey,
							Instant.ofEpochSecond((intent.getCreated() != null) ? intent.getCreated() : 0)));
				}
			}
		}
		catch (StripeException | RuntimeException ex) {
			if (ex instanceof ProcessorUnavailable unavailable) {
				throw unavailable;
			}
			throw new ProcessorUnavailable("Stripe's list of PaymentIntents could not be read ("
					+ ex.getClass().getSimpleName() + ").");
		}
	}

	private static PaymentIntentCreateParams createParams(ProcessorRequest request) {
		PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
			.setAmount(request.amount())
			.setCurrency(request.currency())
			.setConfirm(true)
			.setErrorOnRequiresAction(true)
			.addPaymentMethodType("card")
			.putMetadata(StripeOutcomes.DOWNSTREAM_KEY, request.downstreamKey())
			.putMetadata(StripeOutcomes.USER, request.user());
		if (request.source().startsWith("pm_")) {
			params.setPaymentMethod(request.source());
		}
		else {
			params.putExtraParam("payment_method_data", Map.of("type", "card", "card", Map.of("token", request.source())));
		}
		return params.build();
	}

	private static RequestOptions options(ProcessorRequest request) {
		return RequestOptions.builder().setIdempotencyKey(request.downstreamKey()).build();
	}

	/**
	 * Runs a call on a thread of its own and waits for it until the deadline at most. At the deadline
	 * the call is abandoned (its thread interrupted and left to the SDK's read timeout) and its
	 * outcome is unknown. A call that cannot even start (every thread busy) sent nothing.
	 */
	private <T> T withinDeadline(StripeCall<T> call) throws StripeException {
		Future<T> future;
		try {
			future = this.calls.submit(call::call);
		}
		catch (RejectedExecutionException ex) {
			throw new ProcessorUnavailable("Too many calls to Stripe in flight; nothing was sent.");
		}
		try {
			return future.get(this.deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new ProcessorOutcomeUnknown("Stripe did not answer within " + this.deadline.toMillis() + " ms; the "
					+ "charge may have been made. Retry with the same request and Idempotency-Key.");
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new ProcessorOutcomeUnknown("The call to Stripe was interrupted; the charge may have been made.");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof StripeException stripe) {
				throw stripe;
			}
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ProcessorOutcomeUnknown("The call to Stripe failed; the charge may have been made.");
		}
	}

	@Override
	public void destroy() {
		this.calls.shutdownNow();
	}

	/** One SDK call. */
	@FunctionalInterface
	private interface StripeCall<T> {

		T call() throws StripeException;

	}

}
