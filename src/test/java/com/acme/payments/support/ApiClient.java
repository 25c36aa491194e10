package com.acme.payments.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

/** Talks to the running application over real HTTP, as a client would. */
@TestComponent
public class ApiClient {

	public static final String CHARGE_BODY = """
			{"amount": 1999, "currency": "usd", "source": "tok_visa",
			 "description": "Order 1234", "metadata": {"order_id": "1234"}}""";

	private static final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Environment environment;

	private String baseUrl;

	public ApiClient(Environment environment) {
		this.environment = environment;
	}

	/** A client for another instance, such as a second application or a subprocess. */
	public static ApiClient at(String baseUrl) {
		ApiClient client = new ApiClient(null);
		client.baseUrl = baseUrl;
		return client;
	}

	public String baseUrl() {
		if (this.baseUrl == null) {
			this.baseUrl = "http://localhost:" + this.environment.getProperty("local.server.port");
		}
		return this.baseUrl;
	}

	public Call post(String path) {
		return new Call("POST", path);
	}

	public Call get(String path) {
		return new Call("GET", path);
	}

	public Call charge(String user, String key, String body) {
		return post("/charge").as(user).key(key).json(body);
	}

	public static String newKey() {
		return "key-" + UUID.randomUUID();
	}

	/** One request being built. */
	public final class Call {

		private final String method;

		private final String path;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

		Call(String method, String path) {
			this.method = method;
			this.path = path;
		}

		public Call as(String user) {
			return bearer(TestTokens.forUser(user));
		}

		public Call bearer(String token) {
			return header("Authorization", "Bearer " + token);
		}

		public Call key(String key) {
			return header("Idempotency-Key", key);
		}

		public Call header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		public Call json(String json) {
			header("Content-Type", "application/json");
			return body(json.getBytes(StandardCharsets.UTF_8));
		}

		public Call body(byte[] bytes) {
			this.body = HttpRequest.BodyPublishers.ofByteArray(bytes);
			return this;
		}

		public Answer send() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + this.path))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, this.body);
			this.headers.forEach(request::header);
			try {
				HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
				return new Answer(response.statusCode(), response.headers().map(), response.body());
			}
			catch (IOException ex) {
				throw new IllegalStateException("HTTP call failed", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** An HTTP answer. */
	public record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return json.readTree(this.body);
		}

		/** The slug at the end of a problem's {@code type}. */
		public String problemType() {
			String type = json().path("type").asString();
			return type.substring(type.lastIndexOf('/') + 1);
		}

	}

}
