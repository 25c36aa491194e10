package com.acme.payments.web;

import java.sql.SQLException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A store that failed under a request (Postgres unreachable, silent, or lost in the middle of a
 * transaction) is {@code 503 service-unavailable} with {@code Retry-After}: nothing was recorded and a
 * retry is safe. Runs before {@link ProblemDetailsHandler}, whose catch-all would call it a bug.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class InfrastructureProblemsHandler {

	private static final Logger log = LoggerFactory.getLogger(InfrastructureProblemsHandler.class);

	/** How long clients should wait before retrying after an infrastructure failure. */
	static final Duration INFRASTRUCTURE_RETRY_AFTER = Duration.ofSeconds(1);

	/**
	 * Postgres unreachable, or lost in the middle of a transaction (its rollback then fails too):
	 * nothing was recorded, and a retry is safe.
	 */
	@ExceptionHandler({ CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
			DataAccessResourceFailureException.class, TransientDataAccessException.class,
			QueryTimeoutException.class, TransactionSystemException.class })
	ResponseEntity<Object> databaseUnavailable(Exception ex) {
		log.warn("Database unavailable: {}", ex.getClass().getSimpleName());
		return ProblemResponses.answer(HttpProblems.SERVICE_UNAVAILABLE.detail("The service is temporarily unavailable; retry later."),
				INFRASTRUCTURE_RETRY_AFTER);
	}

	/**
	 * JPA reports a connection lost in the middle of a transaction (its rollback failing too) as a
	 * system exception: when the cause is the connection, it is the database that is unavailable.
	 */
	@ExceptionHandler(JpaSystemException.class)
	ResponseEntity<Object> persistenceFailed(JpaSystemException ex) {
		if (lostConnection(ex)) {
			return databaseUnavailable(ex);
		}
		log.error("Unexpected persistence error", ex);
		return ProblemResponses.answer(HttpProblems.INTERNAL_ERROR.detail("An unexpected error occurred."), null);
	}

	/**
	 * Whether the database connection is what failed: a connection-class SQLState (08...), a socket
	 * error, a connection the pool has closed, or a rollback that failed (a rollback on a live
	 * connection does not). Suppressed exceptions count: the I/O error is often one of them.
	 */
	private static boolean lostConnection(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (connectionFailure(cause)) {
				return true;
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				if (connectionFailure(suppressed)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean connectionFailure(Throwable ex) {
		if (ex instanceof SQLException sql && ((sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
				|| "Connection is closed".equals(sql.getMessage()))) {
			return true;
		}
		String type = ex.getClass().getName();
		return ex instanceof java.net.SocketException || ex instanceof java.io.EOFException
				|| type.endsWith("JDBCConnectionException") || type.equals("org.hibernate.TransactionException");
	}

}
