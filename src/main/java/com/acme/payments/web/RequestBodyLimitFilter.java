package com.acme.payments.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of every request that has one, up to {@link #MAX_BODY}, and answers
 * {@code 413 payload-too-large} beyond it, whether or not a {@code Content-Length} announced it, and
 * {@code 408 request-timeout} when it has not arrived in full within the body timeout, so a client
 * that trickles its body holds a thread for a bounded time. The bytes are kept for the idempotency
 * fingerprint and handed on to the controller.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** The largest body the API accepts. */
	public static final DataSize MAX_BODY = DataSize.ofKilobytes(64);

	/** How often a body that is slow to arrive is looked at again. */
	static final Duration POLL = Duration.ofMillis(10);

	private final ProblemWriter problems;

	private final Duration bodyTimeout;

	public RequestBodyLimitFilter(ProblemWriter problems, Duration bodyTimeout) {
		this.problems = problems;
		this.bodyTimeout = bodyTimeout;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getHeader("Transfer-Encoding") != null) {
			// A chunked body cannot be held to the deadline: Tomcat's chunk parser blocks inside a read
			// (on chunk headers, extensions, trailers) where no deadline is looked at.
			response.setHeader("Connection", "close");
			this.problems.write(request, response, HttpProblems.LENGTH_REQUIRED
				.detail("Send the request body with a Content-Length, not chunked."));
			return;
		}
		long limit = MAX_BODY.toBytes();
		Body body = (request.getContentLengthLong() > limit) ? Body.TOO_LARGE
				: read(request, limit, System.nanoTime() + this.bodyTimeout.toNanos());
		if (body.bytes() != null) {
			chain.doFilter(new CachedBodyRequest(request, body.bytes()), response);
			return;
		}
		if (response.isCommitted()) {
			// Tomcat's own read timeout ended the exchange: nothing more can be written, the
			// connection is closed and the thread is free.
			return;
		}
		response.setHeader("Connection", "close");
		if (body == Body.TOO_LARGE) {
			this.problems.write(request, response, HttpProblems.PAYLOAD_TOO_LARGE
				.detail("The request body is larger than " + MAX_BODY.toKilobytes() + " KiB."));
		}
		else {
			this.problems.write(request, response, HttpProblems.REQUEST_TIMEOUT.detail("The request body did not arrive within "
					+ this.bodyTimeout.toSeconds() + "s; send it again, faster."));
		}
	}

	/** Public paths take no body and never have one read: a slow one cannot hold their threads. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return PublicPaths.matches(request);
	}

	private static boolean hasBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	/**
	 * The whole body, unless it is longer than {@code limit} or still incomplete at the deadline. A
	 * read is made only when bytes have arrived ({@link ConnectorRequestValve#arrived}); until then the
	 * deadline is looked at every {@link #POLL}, so it holds for the whole body to within one poll,
	 * however the bytes are spread. (Tomcat's own read timeout, the body timeout, still bounds any
	 * read that blocks.)
	 */
	private static Body read(HttpServletRequest request, long limit, long deadline) throws IOException {
		ServletInputStream in = request.getInputStream();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (!in.isFinished()) {
			if (System.nanoTime() - deadline > 0) {
				return Body.TIMED_OUT;
			}
			if (in.available() == 0 && !ConnectorRequestValve.arrived(request)) {
				if (Thread.interrupted()) {
					// shutting down: no spinning until the deadline
					Thread.currentThread().interrupt();
					return Body.TIMED_OUT;
				}
				LockSupport.parkNanos(POLL.toNanos());
				continue;
			}
			int read;
			try {
				read = in.read(buffer);
			}
			catch (IOException ex) {
				if (ex instanceof SocketTimeoutException || ex.getCause() instanceof SocketTimeoutException) {
					return Body.TIMED_OUT;
				}
				throw ex;
			}
			if (read < 0) {
				break;
			}
			body.write(buffer, 0, read);
			if (body.size() > limit) {
				return Body.TOO_LARGE;
			}
		}
		return new Body(body.toByteArray());
	}

	/** The body read, or why there is none. */
	private record Body(byte[] bytes) {

		static final Body TOO_LARGE = new Body(null);

		static final Body TIMED_OUT = new Body(null);

	}

}
