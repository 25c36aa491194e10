package com.acme.payments.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users open 30 connections each that promise a 60,000-byte body and trickle it a byte at a
 * time, on a service with 50 worker threads. Each user holds at most 20 threads (the concurrency
 * limit answers the rest 429 at once, before reading their bodies), the bodies that never complete
 * are answered 408 after the body timeout, and a third user is served promptly all the while.
 */
@PaymentsTest(properties = { "server.tomcat.threads.max=50", "payments.http.body-timeout=2s",
		"payments.rate-limit.capacity=1000" })
class SlowClientsTests {

	static final int CONNECTIONS_PER_USER = 30;

	@Autowired
	ApiClient api;

	@Autowired
	Environment environment;

	@Test
	void slowBodiesHoldAtMostTheirUsersShareOfThreadsAndOthersAreServed() throws Exception {
		List<Socket> trickles = new ArrayList<>();
		ExecutorService readers = Executors.newFixedThreadPool(2 * CONNECTIONS_PER_USER);
		try {
			List<Future<Answered>> answers = new ArrayList<>();
			for (String user : List.of(TestTokens.newUser(), TestTokens.newUser())) {
				for (int i = 0; i < CONNECTIONS_PER_USER; i++) {
					Socket socket = open(user);
					trickles.add(socket);
					long opened = System.nanoTime();
					answers.add(readers.submit(() -> new Answered(statusOf(socket),
							Duration.ofNanos(System.nanoTime() - opened))));
				}
			}
			String other = TestTokens.newUser();
			List<Duration> served = new ArrayList<>();
			while (!answers.stream().allMatch(Future::isDone)) {
				for (Socket socket : trickles) {
					trickle(socket);
				}
				long started = System.nanoTime();
				Answer answer = this.api.get("/charges").as(other).send();
				served.add(Duration.ofNanos(System.nanoTime() - started));
				assertThat(answer.status()).isEqualTo(200);
			}

			List<Answered> results = new ArrayList<>();
			for (Future<Answered> answer : answers) {
				results.add(answer.get(30, TimeUnit.SECONDS));
			}
			assertThat(results).as("all answers").extracting(Answered::status).containsOnly(429, 408);
			assertThat(results).filteredOn((result) -> result.status() == 429)
				.as("beyond 20 per user, refused at once")
				.hasSize(2 * (CONNECTIONS_PER_USER - 20))
				.allSatisfy((result) -> assertThat(result.after()).isLessThan(Duration.ofSeconds(2)));
			assertThat(results).filteredOn((result) -> result.status() == 408)
				.as("20 per user held until the body timeout, then freed")
				.hasSize(2 * 20);
			assertThat(served).as("another user, while the slow bodies trickle").isNotEmpty()
				.allSatisfy((duration) -> assertThat(duration).isLessThan(Duration.ofSeconds(1)));
		}
		finally {
			readers.shutdownNow();
			for (Socket socket : trickles) {
				socket.close();
			}
		}
	}

	private Socket open(String user) throws IOException {
		Socket socket = new Socket("localhost", Integer.parseInt(this.environment.getProperty("local.server.port")));
		socket.setSoTimeout(30_000);
		OutputStream out = socket.getOutputStream();
		out.write(("POST /charge HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.forUser(user)
				+ "\r\nContent-Type: application/json\r\nIdempotency-Key: " + ApiClient.newKey()
				+ "\r\nContent-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		return socket;
	}

	/** One more byte of the body, unless the server has answered and closed already. */
	private static void trickle(Socket socket) {
		try {
			socket.getOutputStream().write(' ');
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			// answered and closed: nothing more to send
		}
	}

	private static int statusOf(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] statusLine = in.readNBytes(12);
		return Integer.parseInt(new String(statusLine, StandardCharsets.ISO_8859_1).substring(9, 12));
	}

	private record Answered(int status, Duration after) {
	}

}
