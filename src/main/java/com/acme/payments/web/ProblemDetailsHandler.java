package com.acme.payments.web;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Where exceptions raised inside Spring MVC become {@code application/problem+json} answers: those of
 * HTTP and of the request's shape (validation, unreadable bodies, methods, media types) here, and the
 * last resort for anything unexpected; a store that failed in {@link InfrastructureProblemsHandler};
 * those of a feature in that feature's own advice, which runs first. 5xx bodies never carry
 * exception messages, class names or SQL.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

	/** A query string Tomcat cannot decode ({@code ?limit=%zz}) is the client's mistake, not ours. */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> undecodableQuery(InvalidParameterException ex) {
		return ProblemResponses.answer(validation(List.of(new FieldViolation("query", "is not correctly percent-encoded"))), null);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return ProblemResponses.answer(HttpProblems.INTERNAL_ERROR.detail("An unexpected error occurred."), null);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new FieldViolation(FieldViolation.fieldName(error.getField()), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(new FieldViolation("body", error.getDefaultMessage())));
		return ProblemResponses.answer(validation(errors), null);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			RequestParam requestParam = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
			if (requestParam != null && !requestParam.name().isEmpty()) {
				name = requestParam.name();
			}
			for (var error : result.getResolvableErrors()) {
				errors.add(new FieldViolation(name, error.getDefaultMessage()));
			}
		});
		return ProblemResponses.answer(validation(errors), null);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		return ProblemResponses.answer(validation(List.of(new FieldViolation(name, "has an invalid value"))), null);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ProblemResponses.answer(validation(List.of(new FieldViolation(ex.getParameterName(), "is required"))), null);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ProblemResponses.answer(validation(List.of(unreadable(ex))), null);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpHeaders answerHeaders = new HttpHeaders();
		answerHeaders.setAccept(ex.getSupportedMediaTypes());
		ProblemDetail body = HttpProblems.UNSUPPORTED_MEDIA_TYPE
			.detail("The request body must be JSON (Content-Type: application/json).");
		return ProblemResponses.problemJson(ResponseEntity.status(body.getStatus()).headers(answerHeaders), body);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ProblemResponses.answer(HttpProblems.NOT_ACCEPTABLE.detail("This resource is only available as JSON."), null);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpHeaders answerHeaders = new HttpHeaders();
		if (ex.getSupportedHttpMethods() != null) {
			answerHeaders.setAllow(ex.getSupportedHttpMethods());
		}
		ProblemDetail body = HttpProblems.METHOD_NOT_ALLOWED
			.detail("Method " + ex.getMethod() + " is not allowed on this resource.");
		return ProblemResponses.problemJson(ResponseEntity.status(body.getStatus()).headers(answerHeaders), body);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ProblemResponses.answer(HttpProblems.NOT_FOUND.detail("No such resource."), null);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// Whatever Spring MVC raises that is not mapped above keeps its status, never its message.
		if (statusCode.is5xxServerError()) {
			log.error("Unhandled MVC error", ex);
			return ProblemResponses.answer(HttpProblems.INTERNAL_ERROR.detail("An unexpected error occurred."), null);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusCode, "The request could not be processed.");
		problem.setType(HttpProblems.VALIDATION_ERROR.uri());
		problem.setTitle("Bad request");
		return ProblemResponses.problemJson(ResponseEntity.status(statusCode).headers(headers), problem);
	}

	private static ProblemDetail validation(List<FieldViolation> errors) {
		ProblemDetail problem = HttpProblems.VALIDATION_ERROR.detail("The request is invalid; see errors.");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static FieldViolation unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof CharacterCodingException) {
			return new FieldViolation("body", "is not valid UTF-8");
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return new FieldViolation(FieldViolation.path(unknown.getPath()), "is not a known field");
		}
		if (cause instanceof DatabindException databind) {
			String field = FieldViolation.path(databind.getPath());
			if (!field.isEmpty()) {
				return new FieldViolation(field, "has the wrong type or format");
			}
			if (cause instanceof MismatchedInputException) {
				return new FieldViolation("body", "must be a JSON object");
			}
		}
		if (cause instanceof InputCoercionException coercion && coercion.processor() != null
				&& coercion.processor().currentName() != null) {
			return new FieldViolation(coercion.processor().currentName(), "is out of range");
		}
		if (cause instanceof JacksonException) {
			return new FieldViolation("body", "is not well-formed JSON");
		}
		return new FieldViolation("body", "is required and must be a JSON object");
	}

	/** One entry of a {@code validation-error}'s {@code errors}. */
	record FieldViolation(String field, String message) {

		static String fieldName(String beanPath) {
			// metadata[order_id] and metadata<K>[order_id] both name the metadata map
			return beanPath.startsWith("metadata") ? "metadata" : beanPath;
		}

		static String path(List<JacksonException.Reference> references) {
			StringBuilder path = new StringBuilder();
			for (JacksonException.Reference reference : references) {
				if (reference.getPropertyName() != null) {
					if (!path.isEmpty()) {
						path.append('.');
					}
					path.append(reference.getPropertyName());
				}
			}
			return path.toString();
		}

	}

}
