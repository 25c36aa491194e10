package com.acme.payments.web;

import java.time.Duration;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests {

	@Autowired
	ApiClient api;

	@Test
	void logsOneLinePerRequestWithItsIdUserStatusAndIdempotencyOutcome(CapturedOutput output) {
		String user = TestTokens.newUser();
		String token = TestTokens.forUser(user);

		Answer answer = this.api.post("/charge")
			.bearer(token)
			.key(ApiClient.newKey())
			.header("X-Request-Id", "req-42.abc")
			.json(ApiClient.CHARGE_BODY)
			.send();

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.header("X-Request-Id")).isEqualTo("req-42.abc");
		// the line is written once the answer has left, so it may come a moment after the client has it
		String line = Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().lines().filter((l) -> l.contains("request_id=req-42.abc")).findFirst(),
					Optional::isPresent)
			.orElseThrow();
		assertThat(line).contains("POST /charge 201").contains("user=" + user).contains("idempotency=executed");
		assertThat(output.getAll()).doesNotContain(token).doesNotContain("tok_visa");
	}

	@Test
	void replacesAMissingOrInsaneRequestId(CapturedOutput output) {
		Answer answer = this.api.get("/charges").header("X-Request-Id", "bad id\twith spaces").send();

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("X-Request-Id")).matches("[0-9a-f-]{36}");
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).contains("GET /charges 401")
				.contains("request_id=" + answer.header("X-Request-Id")));
	}

}
