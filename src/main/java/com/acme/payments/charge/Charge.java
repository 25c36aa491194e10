package com.acme.payments.charge;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import com.acme.payments.processor.ProcessorCharge;
import com.acme.payments.processor.ProcessorResult;

/**
 * A charge as stored: one attempt that reached the processor with a definitive answer. Charges never
 * change once written, so the entity is immutable; it is written by the statement that completes its
 * idempotency key ({@link ChargeRepository#insertion}), and read through JPA.
 */
@Entity
@Immutable
@Table(name = "charges")
class Charge {

	@Id
	private String id;

	@Column(name = "user_id")
	private String userId;

	private long amount;

	private String currency;

	@Convert(converter = StatusColumn.class)
	private Status status;

	private String source;

	private String description;

	@Convert(converter = MetadataColumn.class)
	private Map<String, String> metadata;

	/** The decline code of a failed charge, {@code null} when it succeeded. */
	@Column(name = "failure_code")
	private String failureCode;

	@Column(name = "processor_charge_id")
	private String processorChargeId;

	private Instant created;

	protected Charge() {
		// for JPA
	}

	Charge(String id, String userId, long amount, String currency, Status status, String source, String description,
			Map<String, String> metadata, String failureCode, String processorChargeId, Instant created) {
		this.id = id;
		this.userId = userId;
		this.amount = amount;
		this.currency = currency;
		this.status = status;
		this.source = source;
		this.description = description;
		this.metadata = metadata;
		this.failureCode = failureCode;
		this.processorChargeId = processorChargeId;
		this.created = created;
	}

	/** A new charge for the processor's definitive answer to the request, with a new id. */
	/**
	 * A charge the processor made and the service has no record of, as reconciliation records it: what
	 * the processor's books say, with no description or metadata (the processor does not keep ours).
	 */
	static Charge ofProcessorCharge(ProcessorCharge made) {
		return new Charge(ChargeId.next(), made.user(), made.amount(), made.currency(),
				made.succeeded() ? Status.SUCCEEDED : Status.FAILED, (made.source() != null) ? made.source() : "unknown",
				null, java.util.Collections.emptySortedMap(), made.declineCode(), made.processorChargeId(),
				made.created());
	}

	static Charge of(String userId, ChargeRequest request, ProcessorResult result, Instant created) {
		return new Charge(ChargeId.next(), userId, request.amount(), request.normalizedCurrency(),
				result.approved() ? Status.SUCCEEDED : Status.FAILED, request.source(), request.description(),
				request.metadata(), result.declineCode(), result.processorChargeId(), created);
	}

	String id() {
		return this.id;
	}

	String userId() {
		return this.userId;
	}

	long amount() {
		return this.amount;
	}

	String currency() {
		return this.currency;
	}

	Status status() {
		return this.status;
	}

	String source() {
		return this.source;
	}

	String description() {
		return this.description;
	}

	Map<String, String> metadata() {
		return this.metadata;
	}

	String failureCode() {
		return this.failureCode;
	}

	String processorChargeId() {
		return this.processorChargeId;
	}

	Instant created() {
		return this.created;
	}

	boolean failed() {
		return this.status == Status.FAILED;
	}

	enum Status {

		SUCCEEDED, FAILED;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Status of(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	/** {@code status} is stored as the API spells it. */
	@Converter
	static class StatusColumn implements AttributeConverter<Status, String> {

		@Override
		public String convertToDatabaseColumn(Status status) {
			return (status != null) ? status.value() : null;
		}

		@Override
		public Status convertToEntityAttribute(String value) {
			return (value != null) ? Status.of(value) : null;
		}

	}

}
