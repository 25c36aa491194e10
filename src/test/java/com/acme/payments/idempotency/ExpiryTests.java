package com.acme.payments.idempotency;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest(properties = { "payments.idempotency.ttl=2s", "payments.idempotency.cleanup-interval=1h",
		"payments.idempotency.cleanup-batch-size=100" })
class ExpiryTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IdempotencyCleanup cleanup;

	@Test
	void expiredKeyIsFreeAtOnceEvenBeforeCleanup() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		Answer first = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		assertThat(first.status()).isEqualTo(201);

		Answer afterExpiry = Awaitility.await("the key expired")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.charge(user, key, ApiClient.CHARGE_BODY).send(),
					(answer) -> "false".equals(answer.header("Idempotent-Replayed")));

		assertThat(afterExpiry.status()).isEqualTo(201);
		assertThat(afterExpiry.json().path("id").asString()).isNotEqualTo(first.json().path("id").asString());
		assertThat(new Books(this.jdbc).charges(user))
			.isEqualTo(2);
	}

	@Test
	void cleanupOnSeveralInstancesAtOnceDeletesEveryExpiredAnswerAndNoUnresolvedAttempt() {
		String user = TestTokens.newUser();
		insert(user, "expired", 2_500, "completed", "now() - interval '1 minute'", null);
		insert(user, "freed", 5, "released", "now() - interval '1 minute'", null);
		insert(user, "live", 10, "completed", "now() + interval '1 hour'", null);
		insert(user, "running", 5, "in_flight", "now() - interval '1 minute'", "now() + interval '1 hour'");
		insert(user, "dead", 5, "in_flight", "now() - interval '1 minute'", "now() - interval '1 second'");
		insert(user, "lost", 5, "unknown", "now() - interval '1 minute'", null);

		List<Integer> deleted = Race.run(4, (i) -> this.cleanup.run());

		assertThat(deleted.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(2_505);
		assertThat(rows(user, "expired")).isZero();
		assertThat(rows(user, "freed")).isZero();
		assertThat(rows(user, "live")).isEqualTo(10);
		assertThat(rows(user, "running")).isEqualTo(5);
		// A dead request or a lost answer may hold a charge that is not recorded yet: only recovery
		// (or a retry) may resolve it, expiry never deletes it.
		assertThat(rows(user, "dead")).isEqualTo(5);
		assertThat(rows(user, "lost")).isEqualTo(5);
	}

	private void insert(String user, String prefix, int count, String state, String expiresAt, String leaseExpiresAt) {
		this.jdbc.sql("""
				INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, lease_token, lease_expires_at,
				    downstream_key, response_status, response_body, expires_at)
				SELECT :user, :prefix || g, '\\x00'::bytea, :state,
				       CASE WHEN :state = 'in_flight' THEN gen_random_uuid() END, %s,
				       'dk_' || :prefix || g || :user,
				       CASE WHEN :state = 'completed' THEN 201 END,
				       CASE WHEN :state = 'completed' THEN '\\x7b7d'::bytea END, %s
				FROM generate_series(1, :count) g
				""".formatted((leaseExpiresAt != null) ? leaseExpiresAt : "NULL", expiresAt))
			.param("user", user)
			.param("prefix", prefix)
			.param("state", state)
			.param("count", count)
			.update();
	}

	private long rows(String user, String prefix) {
		return this.jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = ? AND idempotency_key LIKE ?")
			.param(user)
			.param(prefix + "%")
			.query(Long.class)
			.single();
	}

}
