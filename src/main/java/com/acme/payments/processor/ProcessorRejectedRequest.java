package com.acme.payments.processor;

/**
 * The processor refused the request as invalid and charged nothing (Stripe's
 * {@code amount_too_small}, for example): the client's mistake, answered {@code 400} naming the
 * field, and the key is freed for a corrected request.
 *
 * @see #field()
 */
public class ProcessorRejectedRequest extends RuntimeException {

	private final String field;

	public ProcessorRejectedRequest(String field, String message) {
		super(message, null, false, false);
		this.field = field;
	}

	/** The request field the processor objected to, in the API's own names ({@code amount}, ...). */
	public String field() {
		return this.field;
	}

}
