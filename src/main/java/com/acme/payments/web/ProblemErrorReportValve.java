package com.acme.payments.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Errors that Tomcat answers itself, before any servlet runs (an oversized or malformed header, for
 * example), as {@code application/problem+json} instead of Tomcat's HTML page. Never says more than
 * the status: no server name, no exception.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ProblemType type = HttpProblems.forStatus(status);
		String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
				+ ",\"detail\":\"The request could not be processed.\"" + instance(request) + "}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone: nothing left to tell the client
		}
	}

	/**
	 * The {@code instance} member, as every other problem has it, when Tomcat parsed a path made only
	 * of URI characters (so that it needs no JSON escaping); none for a request line it could not read.
	 */
	private static String instance(Request request) {
		String path = null;
		try {
			path = request.getRequestURI();
		}
		catch (RuntimeException ex) {
			// no request line was parsed
		}
		if (path == null || path.length() > 2048 || !SAFE_PATH.matcher(path).matches()) {
			return "";
		}
		return ",\"instance\":\"" + path + "\"";
	}

	private static final java.util.regex.Pattern SAFE_PATH = java.util.regex.Pattern
		.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

}
