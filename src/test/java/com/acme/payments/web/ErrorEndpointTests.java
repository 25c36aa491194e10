package com.acme.payments.web;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The container's own error path answers problems too, never Boot's default JSON or Tomcat's HTML. */
@PaymentsTest
class ErrorEndpointTests {

	@Autowired
	ApiClient api;

	@Test
	void errorPathCalledDirectlyIsANotFoundProblem() {
		Answer answer = this.api.get("/error").send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("not-found");
	}

	@Test
	void headerTooLargeForTomcatIsAProblem() {
		Answer answer = this.api.get("/charges").header("X-Padding", "x".repeat(64 * 1024)).send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("validation-error");
		assertThat(answer.text()).doesNotContain("Tomcat").doesNotContain("<html");
	}

}
