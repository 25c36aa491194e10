package com.acme.payments.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of every request that has one, up to {@link #MAX_BODY}, and answers
 * {@code 413 payload-too-large} beyond it, whether or not a {@code Content-Length} announced it.
 * The bytes are kept for the idempotency fingerprint and handed on to the controller.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** The largest body the API accepts. */
	public static final DataSize MAX_BODY = DataSize.ofKilobytes(64);

	private final ProblemWriter problems;

	public RequestBodyLimitFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		long limit = MAX_BODY.toBytes();
		byte[] body = (request.getContentLengthLong() > limit) ? null : readAtMost(request.getInputStream(), limit);
		if (body == null) {
			response.setHeader("Connection", "close");
			this.problems.write(response, ProblemType.PAYLOAD_TOO_LARGE
				.detail("The request body is larger than " + MAX_BODY.toKilobytes() + " KiB."));
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private static boolean hasBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	/** The whole body, or {@code null} if it is longer than {@code limit}. */
	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		byte[] bytes = in.readNBytes((int) limit + 1);
		return (bytes.length > limit) ? null : bytes;
	}

}
