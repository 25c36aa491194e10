package com.acme.payments.idempotency;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/** Tells whether a request will be handled by a method marked {@link Idempotent}. */
class IdempotentHandlers {

	private final RequestMappingHandlerMapping mappings;

	IdempotentHandlers(RequestMappingHandlerMapping mappings) {
		this.mappings = mappings;
	}

	boolean handles(HttpServletRequest request) {
		// Look the handler up on a copy whose attributes stay private, so that nothing of this early
		// lookup leaks into the DispatcherServlet's own.
		HttpServletRequest lookup = new PrivateAttributes(request);
		ServletRequestPathUtils.parseAndCache(lookup);
		try {
			HandlerExecutionChain chain = this.mappings.getHandler(lookup);
			return chain != null && chain.getHandler() instanceof HandlerMethod method
					&& method.hasMethodAnnotation(Idempotent.class);
		}
		catch (Exception ex) {
			// No match (wrong method or media type): Spring MVC will answer that, not us.
			return false;
		}
	}

	private static final class PrivateAttributes extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		PrivateAttributes(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Object getAttribute(String name) {
			return this.attributes.containsKey(name) ? this.attributes.get(name) : super.getAttribute(name);
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.attributes.put(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.put(name, null);
		}

	}

}
