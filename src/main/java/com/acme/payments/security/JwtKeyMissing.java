package com.acme.payments.security;

/** The service was started without a usable way to verify bearer tokens. */
class JwtKeyMissing extends RuntimeException {

	static final String HOW_TO_FIX = "Set payments.jwt.secret (environment variable PAYMENTS_JWT_SECRET, at least 32 bytes) "
			+ "to verify HS256 tokens, or spring.security.oauth2.resourceserver.jwt.issuer-uri / jwk-set-uri "
			+ "to trust an identity provider. For development, run with the 'local' profile.";

	JwtKeyMissing(String problem) {
		super(problem);
	}

}
