package com.acme.payments.idempotency;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.web.Utf8Json;

import org.springframework.core.MethodParameter;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Tells whether a request will be handled by a method marked {@link Idempotent}, and whether Spring
 * MVC will accept its body: a key is claimed only for a request that can run, so a bad body (400,
 * 415) writes nothing at all.
 */
class IdempotentHandlers {

	private final RequestMappingHandlerMapping mappings;

	private final JsonMapper json;

	private final Validator validator;

	IdempotentHandlers(RequestMappingHandlerMapping mappings, JsonMapper json, Validator validator) {
		this.mappings = mappings;
		this.json = json;
		this.validator = validator;
	}

	/**
	 * The {@link Idempotent} handler of this request, if it has one, and the path as Spring MVC routed
	 * it: each segment percent-decoded and without its {@code ;parameters}, so that {@code /%63harge}
	 * and {@code /charge;v=1} are {@code /charge}, as they are to the router.
	 */
	Optional<Route> routeOf(HttpServletRequest request) {
		// Look the handler up on a copy whose attributes stay private, so that nothing of this early
		// lookup leaks into the DispatcherServlet's own.
		HttpServletRequest lookup = new PrivateAttributes(request);
		ServletRequestPathUtils.parseAndCache(lookup);
		try {
			HandlerExecutionChain chain = this.mappings.getHandler(lookup);
			if (chain != null && chain.getHandler() instanceof HandlerMethod method
					&& method.hasMethodAnnotation(Idempotent.class)) {
				return Optional.of(new Route(method, routedPath(ServletRequestPathUtils.getParsedRequestPath(lookup))));
			}
			return Optional.empty();
		}
		catch (Exception ex) {
			// No match (wrong method or media type): Spring MVC will answer that, not us.
			return Optional.empty();
		}
	}

	private static String routedPath(RequestPath path) {
		StringBuilder routed = new StringBuilder();
		for (PathContainer.Element element : path.pathWithinApplication().elements()) {
			routed.append((element instanceof PathContainer.PathSegment segment) ? segment.valueToMatch()
					: element.value());
		}
		return routed.toString();
	}

	/** Where a request goes: its handler and the path it was routed by. */
	record Route(HandlerMethod handler, String path) {
	}

	/**
	 * The handler's {@code @RequestBody} read and validated from these bytes, by the rules Spring MVC
	 * applies: a JSON content type, UTF-8, the strict mapper, Bean Validation. Empty when it does not
	 * read (MVC then answers the request itself with the precise 400 or 415); an accepted
	 * {@code null} for a handler that takes no body. The handler receives the accepted value as it is
	 * ({@link ValidatedBodyResolver}).
	 */
	Optional<Accepted> acceptedBody(HandlerMethod handler, HttpServletRequest request, byte[] body) {
		for (MethodParameter parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(RequestBody.class)) {
				if (!isJson(request) || !Utf8Json.isUtf8(body)) {
					return Optional.empty();
				}
				return readAndValidated(parameter, body).map(Accepted::new);
			}
		}
		return Optional.of(new Accepted(null));
	}

	/** A body the handler will take: the value its {@code @RequestBody} gets, or null if it has none. */
	record Accepted(Object value) {
	}

	private static boolean isJson(HttpServletRequest request) {
		try {
			return request.getContentType() != null
					&& MediaType.APPLICATION_JSON.includes(MediaType.parseMediaType(request.getContentType()));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private Optional<Object> readAndValidated(MethodParameter parameter, byte[] body) {
		Object value;
		try {
			value = this.json.readValue(body, this.json.constructType(parameter.getGenericParameterType()));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		if (value == null) {
			return Optional.empty();
		}
		boolean validated = parameter.hasParameterAnnotation(Valid.class)
				|| parameter.hasParameterAnnotation(Validated.class);
		return (!validated || this.validator.validate(value).isEmpty()) ? Optional.of(value) : Optional.empty();
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
