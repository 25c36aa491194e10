package com.acme.payments.idempotency;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;

/**
 * The {@code @RequestBody} of an {@link Idempotent} handler is the object the idempotency filter
 * already read from the bytes it fingerprinted, checked as UTF-8 and validated: it is handed over
 * as it is, not read, checked and validated a second time. A body the filter refused (it then claims
 * nothing) is not read again either: the resolver raises what Spring MVC would have raised for it,
 * from the filter's finding, and MVC's exception handling answers the precise 400. Only what the
 * filter left to Spring MVC (a type Jackson cannot build; an optional body that is absent) is
 * resolved by MVC's own resolver.
 */
final class ValidatedBodyResolver implements HandlerMethodArgumentResolver {

	/** The request attribute under which the filter leaves the validated body. */
	static final String ATTRIBUTE = ValidatedBodyResolver.class.getName() + ".body";

	private final HandlerMethodArgumentResolver mvc;

	private ValidatedBodyResolver(HandlerMethodArgumentResolver mvc) {
		this.mvc = mvc;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(RequestBody.class) && parameter.hasMethodAnnotation(Idempotent.class)
				&& this.mvc.supportsParameter(parameter);
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
			NativeWebRequest request, WebDataBinderFactory binders) throws Exception {
		Object validated = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (validated instanceof IdempotentHandlers.Refused refused) {
			throw refused.exception(parameter,
					new ServletServerHttpRequest(request.getNativeRequest(HttpServletRequest.class)));
		}
		if (validated != null && parameter.getParameterType().isInstance(validated)) {
			return validated;
		}
		return this.mvc.resolveArgument(parameter, container, request, binders);
	}

	/** Puts the resolver just before Spring MVC's own {@code @RequestBody} resolver. */
	static SmartInitializingSingleton installer(RequestMappingHandlerAdapter adapter) {
		return () -> {
			List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(adapter.getArgumentResolvers());
			for (int i = 0; i < resolvers.size(); i++) {
				if (resolvers.get(i) instanceof RequestResponseBodyMethodProcessor body) {
					resolvers.add(i, new ValidatedBodyResolver(body));
					adapter.setArgumentResolvers(resolvers);
					return;
				}
			}
			throw new IllegalStateException("Spring MVC has no @RequestBody resolver to stand in front of");
		};
	}

}
