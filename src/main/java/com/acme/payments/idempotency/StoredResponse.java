package com.acme.payments.idempotency;

/**
 * The answer stored for a completed key, replayed byte for byte.
 *
 * @param location the {@code Location} header, or {@code null}
 * @param contentType the {@code Content-Type} header, or {@code null}
 */
public record StoredResponse(int status, String location, String contentType, byte[] body) {

	/** Only definitive outcomes are stored: the charge was made (2xx) or declined (402). */
	public static boolean storable(int status) {
		return (status >= 200 && status < 300) || status == 402;
	}

}
