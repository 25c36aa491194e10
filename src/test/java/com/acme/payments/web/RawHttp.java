package com.acme.payments.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.acme.payments.support.ApiClient.Answer;

/** HTTP/1.1 over a plain socket, for header bytes that well-behaved clients refuse to send. */
final class RawHttp {

	private RawHttp() {
	}

	static Answer get(String baseUrl, String pathAndQuery, String token) throws IOException {
		byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
		return exchange(baseUrl, request);
	}

	static Answer post(String baseUrl, String path, String token, byte[] idempotencyKey, byte[] body) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n" + "Content-Length: "
				+ body.length + "\r\nIdempotency-Key: ").getBytes(StandardCharsets.ISO_8859_1));
		request.write(idempotencyKey);
		request.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		request.write(body);
		return exchange(baseUrl, request.toByteArray());
	}

	/** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
	static Answer send(String baseUrl, String head, byte[] body) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.write((head + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		request.write(body);
		return exchange(baseUrl, request.toByteArray());
	}

	private static Answer exchange(String baseUrl, byte[] request) throws IOException {
		URI uri = URI.create(baseUrl);
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			int status = Integer.parseInt(response.substring(9, 12));
			int bodyStart = response.indexOf("\r\n\r\n");
			byte[] answerBody = (bodyStart >= 0) ? response.substring(bodyStart + 4).getBytes(StandardCharsets.ISO_8859_1)
					: new byte[0];
			return new Answer(status, Map.of("raw", List.of(response.substring(0, Math.max(bodyStart, 0)))), answerBody);
		}
	}

}
