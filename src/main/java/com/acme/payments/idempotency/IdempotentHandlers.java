package com.acme.payments.idempotency;

import java.lang.annotation.Annotation;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.web.Utf8Json;

import org.springframework.core.Conventions;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;
import org.springframework.web.bind.MethodArgumentNotValidException;
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

	private final SmartValidator validator;

	IdempotentHandlers(RequestMappingHandlerMapping mappings, JsonMapper json, SmartValidator validator) {
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
	 * applies: a JSON content type, UTF-8, the strict mapper, Bean Validation with Spring MVC's own
	 * validator and hints. The body is read and validated here only: the handler receives an accepted
	 * value as it is, and a refused one becomes the very exception Spring MVC would have raised for
	 * it ({@link ValidatedBodyResolver}), so the 400 is the same and nothing reads the body again.
	 * Left to Spring MVC: a content type that is not JSON (the {@code consumes} of an idempotent
	 * route already refuses it before this) and a type Jackson cannot build (a 500, not a body
	 * error). This mirrors a handler whose {@code @RequestBody} is a plain type followed by no
	 * {@code Errors} parameter, as every {@link Idempotent} handler's is: an {@code Optional} body or
	 * a following {@code BindingResult} would need MVC's rules for those too.
	 */
	Body bodyOf(HandlerMethod handler, HttpServletRequest request, byte[] body) {
		for (MethodParameter parameter : handler.getMethodParameters()) {
			RequestBody annotation = parameter.getParameterAnnotation(RequestBody.class);
			if (annotation != null) {
				if (!isJson(request)) {
					return new LeftToMvc();
				}
				if (body.length == 0) {
					return missing(annotation);
				}
				if (!Utf8Json.isUtf8(body)) {
					return new Unreadable("The request body is not valid UTF-8", new CharacterCodingException());
				}
				return readAndValidated(parameter, annotation, body);
			}
		}
		return new Accepted(null);
	}

	/** An empty body or a JSON {@code null}: refused as missing, unless the handler takes none. */
	private static Body missing(RequestBody annotation) {
		// Not required: Spring MVC hands the handler null, reading the empty body itself.
		return annotation.required() ? new Missing() : new Accepted(null);
	}

	/** What the filter made of a request's body. */
	sealed interface Body permits Accepted, Refused, LeftToMvc {
	}

	/** A body the handler will take: the value its {@code @RequestBody} gets, or null if it has none. */
	record Accepted(Object value) implements Body {
	}

	/** A request Spring MVC answers by its own rules (415, 500); the filter claims nothing for it. */
	record LeftToMvc() implements Body {
	}

	/** A body the handler will not be called with: the filter claims nothing for it. */
	sealed interface Refused extends Body permits Missing, Invalid, Unreadable {

		/** What Spring MVC raises for this body when it resolves the handler's {@code parameter}. */
		Exception exception(MethodParameter parameter, HttpInputMessage input);

	}

	/** Empty, or the JSON {@code null}, for a handler that requires a body. */
	record Missing() implements Refused {

		@Override
		public Exception exception(MethodParameter parameter, HttpInputMessage input) {
			// Spring MVC's RequestResponseBodyMethodProcessor words it so, with no cause.
			return new HttpMessageNotReadableException(
					"Required request body is missing: " + parameter.getExecutable().toGenericString(), input);
		}

	}

	/** Read, but refused by validation. */
	record Invalid(BindingResult errors) implements Refused {

		@Override
		public Exception exception(MethodParameter parameter, HttpInputMessage input) {
			return new MethodArgumentNotValidException(parameter, this.errors);
		}

	}

	/** Not readable as the handler's type: not UTF-8, not well-formed, unknown or mistyped fields. */
	record Unreadable(String message, Throwable cause) implements Refused {

		@Override
		public Exception exception(MethodParameter parameter, HttpInputMessage input) {
			return new HttpMessageNotReadableException(this.message, this.cause, input);
		}

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

	private Body readAndValidated(MethodParameter parameter, RequestBody requestBody, byte[] body) {
		Object value;
		try {
			value = this.json.readValue(body, this.json.constructType(parameter.getGenericParameterType()));
		}
		catch (InvalidDefinitionException ex) {
			// Not the body's fault but the type's: Spring MVC answers that (a 500) by its own rules.
			return new LeftToMvc();
		}
		catch (JacksonException ex) {
			// Spring MVC's Jackson converter words it so, with the same exception as the cause.
			return new Unreadable("JSON parse error: " + ex.getOriginalMessage(), ex);
		}
		if (value == null) {
			return missing(requestBody);
		}
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
			if (hints != null) {
				BindingResult errors = new BeanPropertyBindingResult(value,
						Conventions.getVariableNameForParameter(parameter));
				this.validator.validate(value, errors, hints);
				if (errors.hasErrors()) {
					return new Invalid(errors);
				}
				break;
			}
		}
		return new Accepted(value);
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
