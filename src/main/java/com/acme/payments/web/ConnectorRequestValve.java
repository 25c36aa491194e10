package com.acme.payments.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Lets {@link RequestBodyLimitFilter} ask Tomcat how much of a body has arrived without blocking.
 * The Servlet API offers that only to asynchronous requests (a {@code ReadListener}); a blocking
 * read cannot be cut short, and its timeout is one per read, so a body read with blocking reads
 * alone could overrun its deadline by nearly a whole read timeout. The valve leaves the connector's
 * request in an attribute; {@link #arrived} asks it for a non-blocking read.
 */
class ConnectorRequestValve extends ValveBase {

	static final String ATTRIBUTE = ConnectorRequestValve.class.getName();

	ConnectorRequestValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(ATTRIBUTE, request.getCoyoteRequest());
		getNext().invoke(request, response);
	}

	/**
	 * Whether bytes of the body can be read now without waiting: already buffered, or read from the
	 * socket by a non-blocking read. {@code true} too when the request did not come through this
	 * valve (nothing to ask; the read then blocks as usual).
	 */
	static boolean arrived(ServletRequest request) {
		if (!(request.getAttribute(ATTRIBUTE) instanceof org.apache.coyote.Request connector)) {
			return true;
		}
		connector.action(ActionCode.AVAILABLE, Boolean.TRUE);
		return connector.getAvailable() > 0;
	}

}
