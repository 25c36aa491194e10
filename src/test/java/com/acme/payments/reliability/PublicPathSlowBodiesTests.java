package com.acme.payments.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public paths take no body and never read one: 200 unauthenticated requests announcing a large
 * body and sending almost none of it, on a service with 50 worker threads, are each answered at
 * once, and an authenticated user is served promptly meanwhile.
 */
@PaymentsTest(properties = { "server.tomcat.threads.max=50", "payments.http.body-timeout=10s" })
class PublicPathSlowBodiesTests {

	static final List<String> REQUESTS = List.of("POST /actuator/health", "POST /actuator/health/readiness",
			"POST /actuator/prometheus", "POST /v3/api-docs", "POST /problems/not-found", "POST /swagger-ui.html",
			"POST /error", "PUT /actuator/health", "PATCH /v3/api-docs", "DELETE /problems/not-found");

	@Autowired
	ApiClient api;

	@Autowired
	Environment environment;

	@Test
	void slowBodiesSentToPublicPathsHoldNoThreadAndOthersAreServed() throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 200; i++) {
				String request = REQUESTS.get(i % REQUESTS.size());
				String type = (i % 2 == 0) ? "application/x-www-form-urlencoded" : "application/json";
				sockets.add(open(request, type));
			}
			long started = System.nanoTime();
			Answer served = this.api.get("/charges").as(TestTokens.newUser()).send();
			Duration servedAfter = Duration.ofNanos(System.nanoTime() - started);

			List<Integer> statuses = new ArrayList<>();
			for (Socket socket : sockets) {
				statuses.add(statusOf(socket));
			}
			Duration allAnsweredAfter = Duration.ofNanos(System.nanoTime() - started);

			assertThat(served.status()).isEqualTo(200);
			assertThat(servedAfter).isLessThan(Duration.ofSeconds(1));
			assertThat(statuses).allSatisfy((status) -> assertThat(status).isBetween(400, 499));
			assertThat(allAnsweredAfter).as("no answer waited for the body").isLessThan(Duration.ofSeconds(5));
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private Socket open(String request, String contentType) throws IOException {
		Socket socket = new Socket("localhost", Integer.parseInt(this.environment.getProperty("local.server.port")));
		socket.setSoTimeout(8_000);
		OutputStream out = socket.getOutputStream();
		out.write((request + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
				+ "\r\nContent-Length: 60000\r\n\r\na").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		return socket;
	}

	private static int statusOf(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] statusLine = in.readNBytes(12);
		return Integer.parseInt(new String(statusLine, StandardCharsets.ISO_8859_1).substring(9, 12));
	}

}
