package com.acme.payments.charge;

import java.util.Map;
import java.util.TreeMap;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code metadata}, a jsonb column, as a map sorted by key (the order the API answers in; jsonb keeps
 * its own). Uses a plain mapper: the text is ours, written by {@link ChargeRepository#insertion}.
 */
@Converter
class MetadataColumn implements AttributeConverter<Map<String, String>, String> {

	private static final TypeReference<TreeMap<String, String>> METADATA = new TypeReference<>() {
	};

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public String convertToDatabaseColumn(Map<String, String> metadata) {
		return json.writeValueAsString(metadata);
	}

	@Override
	public Map<String, String> convertToEntityAttribute(String text) {
		return (text != null) ? json.readValue(text, METADATA) : new TreeMap<>();
	}

}
