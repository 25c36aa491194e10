package com.acme.payments.charge;

import java.time.Duration;

import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorRejectedRequest;
import com.acme.payments.processor.ProcessorUnavailable;
import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemType;
import com.acme.payments.web.RetryAfter;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems of the charge endpoints, and how the charge and processor exceptions become them.
 * Runs before the general handler of {@code web}.
 */
@RestControllerAdvice(assignableTypes = ChargeController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ChargeProblems {

	static final ProblemType CARD_DECLINED = new ProblemType("card-declined", "Card declined",
			HttpStatus.PAYMENT_REQUIRED);

	static final ProblemType PROCESSOR_UNAVAILABLE = new ProblemType("processor-unavailable",
			"Payment processor unavailable", HttpStatus.SERVICE_UNAVAILABLE);

	/** The answer to a declined card: the failed charge's id and the decline code, at the top level. */
	static ProblemDetail declined(Charge charge) {
		ProblemDetail problem = CARD_DECLINED.detail("The card was declined.");
		problem.setProperty("decline_code", charge.failureCode());
		problem.setProperty("charge", charge.id());
		return problem;
	}

	@ExceptionHandler(ChargeDeclined.class)
	ResponseEntity<ProblemDetail> declined(ChargeDeclined declined) {
		return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).body(declined(declined.charge()));
	}

	@ExceptionHandler(ChargeNotFound.class)
	ResponseEntity<ProblemDetail> notFound(ChargeNotFound notFound) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(HttpProblems.NOT_FOUND.detail("No such charge: " + visible(notFound.id())));
	}

	@ExceptionHandler(UnknownCursor.class)
	ResponseEntity<ProblemDetail> unknownCursor(UnknownCursor unknown) {
		return ResponseEntity.badRequest().body(HttpProblems.invalid("starting_after", unknown.getMessage()));
	}

	@ExceptionHandler(ProcessorUnavailable.class)
	ResponseEntity<ProblemDetail> processorUnavailable(ProcessorUnavailable unavailable) {
		return processorProblem(unavailable.getMessage(), unavailable.retryAfter());
	}

	@ExceptionHandler(ProcessorOutcomeUnknown.class)
	ResponseEntity<ProblemDetail> processorOutcomeUnknown(ProcessorOutcomeUnknown unknown) {
		return processorProblem(unknown.getMessage(), ProcessorUnavailable.DEFAULT_RETRY_AFTER);
	}

	/** The processor refused the request as invalid: the client's mistake, naming the field. */
	@ExceptionHandler(ProcessorRejectedRequest.class)
	ResponseEntity<ProblemDetail> processorRejectedRequest(ProcessorRejectedRequest rejected) {
		return ResponseEntity.badRequest().body(HttpProblems.invalid(rejected.field(), rejected.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> processorProblem(String detail, Duration retryAfter) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(retryAfter))
			.body(PROCESSOR_UNAVAILABLE.detail(detail));
	}

	/** The id as it may be shown back: letters, digits and underscores, at most 40 of them. */
	private static String visible(String id) {
		String visible = id.replaceAll("[^A-Za-z0-9_]", "");
		return (visible.length() > 40) ? visible.substring(0, 40) + "…" : visible;
	}

}
