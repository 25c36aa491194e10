package com.acme.payments.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a request is for: the token's {@code sub}, the one id every store is keyed by (charges, idempotency
 * keys, stored answers, rate-limit buckets, logs). Not {@link Authentication#getName()}: that is
 * whatever {@code spring.security.oauth2.resourceserver.jwt.principal-claim-name} names (an email, say),
 * which two accounts may share, and keying stores by it would hand one user another's stored answers.
 */
public final class Users {

	private Users() {
	}

	/** The user of an authenticated request. */
	public static String idOf(Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return jwt.getToken().getSubject();
		}
		return authentication.getName();
	}

}
