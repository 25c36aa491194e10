package com.acme.payments.web;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

	/** Tomcat answers these itself; they are the client's mistake and say which. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"POST /charge HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n0\\r\\n\\r\\n|501|not-implemented",
			"GET /charges HTTP/2.5\\r\\nHost: x\\r\\n\\r\\n|505|http-version-not-supported" })
	void tomcatsOwnErrorsNameTheClientsMistake(String request, int status, String type) throws IOException {
		String raw = request.replace("\\r\\n", "\r\n");
		URI base = URI.create(this.api.baseUrl());
		String answer;
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}

		assertThat(answer).startsWith("HTTP/1.1 " + status);
		assertThat(answer).contains("application/problem+json").contains("/problems/" + type + "\"")
			.doesNotContain("internal-error");
	}

}
