package com.acme.payments.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body timeout is a deadline for the whole body: bytes that keep coming, each before a
 * per-read timeout would fire, still get their 408 at the deadline; a pause within the deadline
 * costs nothing.
 */
@PaymentsTest(properties = "payments.http.body-timeout=2s")
class BodyDeadlineTests {

	@Autowired
	Environment environment;

	@Autowired
	ApiClient api;

	@BeforeEach
	void warmUp() {
		// the first request of a fresh service spends most of a second before its body is awaited
		assertThat(this.api.charge(TestTokens.newUser(), ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status())
			.isEqualTo(201);
	}

	@Test
	void bodyTrickledSlowerThanTheDeadlineIs408AtTheDeadlineNotAtTheNextRead() throws IOException {
		byte[] body = ApiClient.CHARGE_BODY.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = open(body.length)) {
			long started = System.nanoTime();
			OutputStream out = socket.getOutputStream();
			out.write(body, 0, 1);
			out.flush();
			// a byte every 1.5 s: no single read waits as long as the 2 s body timeout
			socket.setSoTimeout(1_500);
			String status = null;
			for (int sent = 1; status == null && sent < body.length; sent++) {
				status = statusLineWithin(socket);
				if (status == null) {
					out.write(body, sent, 1);
					out.flush();
				}
			}
			Duration after = Duration.ofNanos(System.nanoTime() - started);

			assertThat(status).startsWith("HTTP/1.1 408");
			assertThat(after).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_800));
		}
	}

	@Test
	void pauseLongerThanAReadPollButWithinTheDeadlineIsNoTimeout() throws IOException {
		byte[] body = ApiClient.CHARGE_BODY.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = open(body.length)) {
			OutputStream out = socket.getOutputStream();
			out.write(body, 0, body.length / 2);
			out.flush();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1_200));
			out.write(body, body.length / 2, body.length - body.length / 2);
			out.flush();
			socket.setSoTimeout(10_000);

			assertThat(statusLineWithin(socket)).startsWith("HTTP/1.1 201");
		}
	}

	@Test
	void chunkedBodyIsRefusedBeforeAnythingIsReadOrClaimed() throws IOException {
		try (Socket socket = new Socket("localhost", Integer.parseInt(this.environment.getProperty("local.server.port")))) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write(("POST /charge HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
						+ TestTokens.forUser(TestTokens.newUser()) + "\r\nContent-Type: application/json\r\n"
						+ "Idempotency-Key: " + ApiClient.newKey() + "\r\nTransfer-Encoding: chunked\r\n\r\n1;"
						+ "x".repeat(100)).getBytes(StandardCharsets.ISO_8859_1));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

			assertThat(answer).startsWith("HTTP/1.1 411").contains("/problems/length-required");
		}
	}

	private Socket open(int contentLength) throws IOException {
		Socket socket = new Socket("localhost", Integer.parseInt(this.environment.getProperty("local.server.port")));
		socket.getOutputStream()
			.write(("POST /charge HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
					+ TestTokens.forUser(TestTokens.newUser()) + "\r\nContent-Type: application/json\r\n"
					+ "Idempotency-Key: " + ApiClient.newKey() + "\r\nContent-Length: " + contentLength + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
		return socket;
	}

	/** The status line, or {@code null} if none came within the socket's timeout. */
	private static String statusLineWithin(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			byte[] line = in.readNBytes(12);
			return new String(line, StandardCharsets.ISO_8859_1);
		}
		catch (java.net.SocketTimeoutException ex) {
			return null;
		}
	}

}
