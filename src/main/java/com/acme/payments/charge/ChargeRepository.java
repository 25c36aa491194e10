package com.acme.payments.charge;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.acme.payments.idempotency.Recording;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.Repository;

/**
 * The {@code charges} table. Reads go through Spring Data JPA, the list with keyset scrolling. The
 * insert is explicit SQL, run by the statement that completes the charge's idempotency key: one round
 * trip writes both, which no repository method can do.
 */
interface ChargeRepository extends Repository<Charge, String> {

	Optional<Charge> findByIdAndUserId(String id, String userId);

	/** The user's charges newest first, from {@code position} on (keyset: created, then id). */
	Window<Charge> findByUserIdOrderByCreatedDescIdDesc(String userId, ScrollPosition position, Limit limit);

	/** Where the page after {@code charge} starts. */
	static ScrollPosition after(Charge charge) {
		return ScrollPosition.forward(Map.of("created", charge.created(), "id", charge.id()));
	}

	/**
	 * The insert that records a charge, run by the statement that completes its idempotency key, so
	 * that the charge and the stored answer commit together.
	 */
	static Recording insertion(Charge charge) {
		Map<String, Object> values = new HashMap<>();
		values.put("id", charge.id());
		values.put("user", charge.userId());
		values.put("amount", charge.amount());
		values.put("currency", charge.currency());
		values.put("status", charge.status().value());
		values.put("source", charge.source());
		values.put("description", charge.description());
		values.put("metadata", new MetadataColumn().convertToDatabaseColumn(charge.metadata()));
		values.put("failureCode", charge.failureCode());
		values.put("processorChargeId", charge.processorChargeId());
		values.put("created", charge.created().atOffset(ZoneOffset.UTC));
		return new Recording("""
				INSERT INTO charges (id, user_id, amount, currency, status, source, description, metadata,
				                     failure_code, processor_charge_id, created, downstream_key)
				SELECT :id, :user, :amount, :currency, :status, :source, :description, CAST(:metadata AS jsonb),
				       :failureCode, :processorChargeId, :created, completed.downstream_key
				FROM completed
				""", values);
	}

}
