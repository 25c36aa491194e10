package com.acme.payments.idempotency;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The write that records what an attempt's side effect did (for a charge: its row), made by the
 * very statement that completes the key, so that the record and the stored answer commit together
 * in one round trip, or not at all.
 * <p>
 * {@code sql} is one {@code INSERT ... SELECT ... FROM completed}: {@code completed} has one row when
 * the key was still this attempt's (with the key's {@code downstream_key}), and none when its lease
 * was lost, in which case nothing is written. Parameter names must not start with {@code k_}, which the key's statement uses.
 *
 * @param sql the insert, selecting from {@code completed}
 * @param parameters its named parameters
 */
public record Recording(String sql, Map<String, ?> parameters) {

	public Recording {
		if (parameters.keySet().stream().anyMatch((name) -> name.startsWith("k_"))) {
			throw new IllegalArgumentException("Recording parameters must not start with k_");
		}
		// values may be null (SQL NULL), which Map.copyOf refuses
		parameters = Collections.unmodifiableMap(new HashMap<>(parameters));
	}

}
