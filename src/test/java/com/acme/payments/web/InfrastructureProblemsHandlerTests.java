package com.acme.payments.web;

import java.sql.SQLException;

import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;

import org.springframework.orm.jpa.JpaSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection lost in the middle of a JPA transaction is the database being unavailable, not a bug. */
class InfrastructureProblemsHandlerTests {

	final InfrastructureProblemsHandler handler = new InfrastructureProblemsHandler();

	@Test
	void failedRollbackOnAClosedConnectionIsA503WithRetryAfter() {
		var lost = new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
				new SQLException("Connection is closed")));

		var answer = this.handler.persistenceFailed(lost);

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
	}

	@Test
	void ioErrorSuppressedBesideTheFailureIsA503() {
		RuntimeException failure = new RuntimeException("flush failed");
		failure.addSuppressed(new SQLException("An I/O error occurred while sending to the backend.", "08006"));

		assertThat(this.handler.persistenceFailed(new JpaSystemException(failure)).getStatusCode().value())
			.isEqualTo(503);
	}

	@Test
	void otherPersistenceFailuresStayInternalErrorsAndSayNothing() {
		var bug = new JpaSystemException(new RuntimeException("select * from secret_table"));

		var answer = this.handler.persistenceFailed(bug);

		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(String.valueOf(answer.getBody())).doesNotContain("secret_table");
	}

}
