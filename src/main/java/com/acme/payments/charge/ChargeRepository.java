package com.acme.payments.charge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.idempotency.Recording;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code charges} table, in plain SQL: jsonb metadata and keyset pagination. */
@Repository
class ChargeRepository {

	private static final TypeReference<TreeMap<String, String>> METADATA = new TypeReference<>() {
	};

	private static final String COLUMNS = "id, user_id, amount, currency, status, source, description, metadata::text,"
			+ " failure_code, processor_charge_id, created";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ChargeRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * The insert that records a charge, run by the statement that completes its idempotency key, so
	 * that the charge and the stored answer commit together.
	 */
	Recording insertion(Charge charge) {
		Map<String, Object> values = new HashMap<>();
		values.put("id", charge.id());
		values.put("user", charge.userId());
		values.put("amount", charge.amount());
		values.put("currency", charge.currency());
		values.put("status", charge.status().value());
		values.put("source", charge.source());
		values.put("description", charge.description());
		values.put("metadata", this.json.writeValueAsString(charge.metadata()));
		values.put("failureCode", charge.failureCode());
		values.put("processorChargeId", charge.processorChargeId());
		values.put("created", charge.created().atOffset(ZoneOffset.UTC));
		return new Recording("""
				INSERT INTO charges (id, user_id, amount, currency, status, source, description, metadata,
				                     failure_code, processor_charge_id, created)
				SELECT :id, :user, :amount, :currency, :status, :source, :description, CAST(:metadata AS jsonb),
				       :failureCode, :processorChargeId, :created
				FROM completed
				""", values);
	}

	Optional<Charge> find(String userId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM charges WHERE id = :id AND user_id = :user")
			.param("id", id)
			.param("user", userId)
			.query(this::charge)
			.optional();
	}

	/** Up to {@code limit} of the user's charges, newest first, all older than {@code after} if given. */
	List<Charge> page(String userId, Charge after, int limit) {
		if (after == null) {
			return this.jdbc.sql("SELECT " + COLUMNS + """
					 FROM charges WHERE user_id = :user
					ORDER BY created DESC, id DESC LIMIT :limit
					""").param("user", userId).param("limit", limit).query(this::charge).list();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM charges WHERE user_id = :user AND (created, id) < (:created, :id)
				ORDER BY created DESC, id DESC LIMIT :limit
				""")
			.param("user", userId)
			.param("created", after.created().atOffset(ZoneOffset.UTC))
			.param("id", after.id())
			.param("limit", limit)
			.query(this::charge)
			.list();
	}

	private Charge charge(ResultSet rs, int row) throws SQLException {
		return new Charge(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
				Charge.Status.of(rs.getString(5)), rs.getString(6), rs.getString(7),
				this.json.readValue(rs.getString(8), METADATA), rs.getString(9), rs.getString(10),
				rs.getObject(11, OffsetDateTime.class).toInstant());
	}

}
