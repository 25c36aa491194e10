package com.acme.payments.security;

import com.acme.payments.web.ProblemType;

import org.springframework.http.HttpStatus;

/** The problems of authentication beyond HTTP's own 401 and 403. */
final class SecurityProblems {

	static final ProblemType TOO_MANY_FAILED_AUTHENTICATIONS = new ProblemType("too-many-failed-authentications",
			"Too many failed authentications", HttpStatus.TOO_MANY_REQUESTS);

	private SecurityProblems() {
	}

}
