package com.acme.payments.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two sets of books a test checks after the fact: our {@code charges} table, and the simulated
 * processor's ledger (what the outside world actually charged) for the user's idempotency keys.
 */
public final class Books {

	private final JdbcClient jdbc;

	public Books(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Rows in {@code charges} for the user. */
	public long charges(String user) {
		return this.jdbc.sql("SELECT count(*) FROM charges WHERE user_id = ?").param(user).query(Long.class).single();
	}

	/** Charges the processor made under the downstream keys of the user's idempotency records. */
	public long processorCharges(String user) {
		return this.jdbc.sql("""
				SELECT count(*) FROM processor_ledger l
				JOIN idempotency_keys k ON k.downstream_key = l.downstream_key WHERE k.user_id = ?""")
			.param(user)
			.query(Long.class)
			.single();
	}

}
