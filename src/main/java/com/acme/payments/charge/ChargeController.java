package com.acme.payments.charge;

import com.acme.payments.idempotency.Idempotent;
import com.acme.payments.idempotency.IdempotentAttempt;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP in, one use case, HTTP out. Idempotency and rate limiting happen in filters before this;
 * validation rules and the OpenAPI description are declared on {@link ChargeApi}.
 */
@RestController
class ChargeController implements ChargeApi {

	private final ChargeService charges;

	ChargeController(ChargeService charges) {
		this.charges = charges;
	}

	@Override
	@Idempotent
	@PostMapping(path = "/charge", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<ChargeResponse> create(@AuthenticationPrincipal Jwt user,
			@RequestBody ChargeRequest request,
			@RequestAttribute(IdempotentAttempt.ATTRIBUTE) IdempotentAttempt attempt) {
		Charge charge = this.charges.create(user.getSubject(), request, attempt);
		if (charge.failed()) {
			throw new ChargeDeclined(charge);
		}
		return ResponseEntity.created(ChargeResponse.location(charge)).body(ChargeResponse.of(charge));
	}

	@Override
	@GetMapping(path = "/charges/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	public ChargeResponse get(@AuthenticationPrincipal Jwt user, @PathVariable String id) {
		return ChargeResponse.of(this.charges.find(user.getSubject(), id));
	}

	@Override
	@GetMapping(path = "/charges", produces = MediaType.APPLICATION_JSON_VALUE)
	public ChargeList list(@AuthenticationPrincipal Jwt user,
			@RequestParam(name = "limit", defaultValue = "10") int limit,
			@RequestParam(name = "starting_after", required = false) String startingAfter) {
		return this.charges.list(user.getSubject(), limit, startingAfter);
	}

}
