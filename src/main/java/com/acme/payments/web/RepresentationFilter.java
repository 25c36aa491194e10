package com.acme.payments.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Settles, before any body is read and before any key is claimed, what an API request is written
 * in and what its answer may be written in. A body must be UTF-8 as sent: a declared charset other
 * than UTF-8, or any {@code Content-Encoding} but {@code identity}, is {@code 415}. The client must
 * accept {@code application/json} or {@code application/problem+json} in UTF-8, else {@code 406}.
 * What passes is answered as JSON in UTF-8 whatever else the client listed: the rest of the chain
 * sees {@code Accept: application/json, application/problem+json}, so an answer (and the one stored
 * for a replay) never depends on how a client phrased its {@code Accept}, and no answer fails to be
 * written after the processor has charged. Public paths (documents, health, metrics) negotiate as
 * usual.
 */
public class RepresentationFilter extends OncePerRequestFilter {

	static final String ANSWERED_AS = MediaType.APPLICATION_JSON_VALUE + ", " + MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private final ProblemWriter problems;

	public RepresentationFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return PublicPaths.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String refusal = bodyRefusal(request);
		if (refusal != null) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			this.problems.write(request, response, HttpProblems.UNSUPPORTED_MEDIA_TYPE.detail(refusal));
			return;
		}
		if (!acceptsJson(request.getHeaders(HttpHeaders.ACCEPT))
				|| !acceptsUtf8(request.getHeaders(HttpHeaders.ACCEPT_CHARSET))) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			this.problems.write(request, response, HttpProblems.NOT_ACCEPTABLE.detail(
					"This API answers in application/json or application/problem+json, UTF-8 only; send an Accept "
							+ "header that allows one of them, or none."));
			return;
		}
		chain.doFilter(new AnsweredAsJson(request), response);
	}

	/** Why the body cannot be read as sent, or {@code null} when it can (or there is none). */
	static String bodyRefusal(HttpServletRequest request) {
		// every line and every element of each: two lines mean the same as one list (RFC 9110 §5.3)
		for (Enumeration<String> lines = request.getHeaders(HttpHeaders.CONTENT_ENCODING); lines != null
				&& lines.hasMoreElements();) {
			for (String coding : lines.nextElement().split(",", -1)) {
				if (!coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
					return "Content-Encoding is not supported; send the body as it is (identity).";
				}
			}
		}
		String type = request.getContentType();
		if (type == null) {
			return null;
		}
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(type);
		}
		catch (InvalidMediaTypeException ex) {
			return "The Content-Type is not a media type; send application/json.";
		}
		String charset = mediaType.getParameter("charset");
		if (charset != null && !isUtf8(charset)) {
			return "The body must be UTF-8: declare charset=utf-8, or no charset.";
		}
		return null;
	}

	static boolean acceptsJson(Enumeration<String> headers) {
		List<String> values = Collections.list(headers);
		if (values.isEmpty()) {
			return true;
		}
		List<MediaType> ranges;
		try {
			ranges = MediaType.parseMediaTypes(values);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		if (ranges.isEmpty()) {
			return true;
		}
		for (MediaType range : ranges) {
			if (range.getQualityValue() > 0
					&& (range.includes(MediaType.APPLICATION_JSON) || range.includes(MediaType.APPLICATION_PROBLEM_JSON))
					&& (range.getParameter("charset") == null || isUtf8(range.getParameter("charset")))) {
				return true;
			}
		}
		return false;
	}

	/** {@code Accept-Charset} (RFC 9110 §12.5.2), when sent, must allow UTF-8. */
	static boolean acceptsUtf8(Enumeration<String> headers) {
		List<String> values = Collections.list(headers);
		if (values.isEmpty()) {
			return true;
		}
		for (String value : values) {
			for (String element : value.split(",")) {
				String[] parts = element.split(";");
				String charset = parts[0].trim();
				if (charset.isEmpty()) {
					continue;
				}
				if ((charset.equals("*") || isUtf8(charset)) && quality(parts) > 0) {
					return true;
				}
			}
		}
		return false;
	}

	private static double quality(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
			if (parameter.startsWith("q=")) {
				try {
					return Double.parseDouble(parameter.substring(2));
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 1;
	}

	private static boolean isUtf8(String charset) {
		String name = charset.trim();
		if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
			name = name.substring(1, name.length() - 1);
		}
		return name.equalsIgnoreCase("utf-8");
	}

	/** The request as the rest of the chain sees it: it accepts JSON and problem JSON, nothing else. */
	private static final class AnsweredAsJson extends HttpServletRequestWrapper {

		AnsweredAsJson(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? ANSWERED_AS : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(ANSWERED_AS))
					: super.getHeaders(name);
		}

	}

}
