package com.acme.payments.charge;

import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A charge's body is read, checked as UTF-8 and validated once, by the idempotency filter, and the
 * handler gets that very object: Spring MVC's body reading (which every {@code RequestBodyAdvice}
 * sees) never runs for it. Only a body the filter refused is read by MVC, for its precise 400.
 */
@PaymentsTest
@Import(ChargeBodyReadOnceTests.CountingAdvice.class)
class ChargeBodyReadOnceTests {

	@Autowired
	ApiClient api;

	@Autowired
	CountingAdvice reads;

	final String user = TestTokens.newUser();

	@BeforeEach
	void reset() {
		this.reads.count.set(0);
	}

	@Test
	void theHandlerGetsTheBodyTheFilterValidatedWithoutReadingItAgain() {
		Answer charge = this.api.charge(this.user, ApiClient.newKey(),
				"{\"amount\": 1999, \"currency\": \"usd\", \"source\": \"tok_visa\", \"metadata\": {\"order\": \"7\"}}")
			.send();

		assertThat(charge.status()).isEqualTo(201);
		assertThat(charge.json().path("metadata").path("order").asString()).isEqualTo("7");
		assertThat(this.reads.count).as("Spring MVC read no charge body").hasValue(0);
	}

	@Test
	void aBodyTheFilterRefusesIsReadBySpringMvcForItsPreciseProblem() {
		Answer invalid = this.api.charge(this.user, ApiClient.newKey(),
				"{\"amount\": 0, \"currency\": \"usd\", \"source\": \"tok_visa\"}").send();

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.problemType()).isEqualTo("validation-error");
		assertThat(invalid.json().path("errors").get(0).path("field").asString()).isEqualTo("amount");
		assertThat(this.reads.count).hasValue(1);
	}

	/** Counts the charge bodies Spring MVC reads. */
	@ControllerAdvice
	static class CountingAdvice extends RequestBodyAdviceAdapter {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public boolean supports(MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			return targetType == ChargeRequest.class;
		}

		@Override
		public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			this.count.incrementAndGet();
			return input;
		}

	}

}
