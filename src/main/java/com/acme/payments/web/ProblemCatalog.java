package com.acme.payments.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Every problem type the API answers with, as the API reference ({@code docs/api.md}, packaged with
 * the service) describes it: one {@code ### <slug>} section each under "Problem types". What
 * {@code GET /problems/<slug>} serves and what the OpenAPI document lists as the {@code type} enum.
 */
@Component
public class ProblemCatalog {

	private static final Pattern SECTION = Pattern.compile("(?ms)^### ([a-z0-9-]+)\\n(.*?)(?=^#{2,3} |\\z)");

	private final Map<String, String> sections;

	ProblemCatalog() {
		try (InputStream in = new ClassPathResource("docs/api.md").getInputStream()) {
			String reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String problems = reference.substring(reference.indexOf("## Problem types"));
			Map<String, String> found = new LinkedHashMap<>();
			Matcher section = SECTION.matcher(problems);
			while (section.find()) {
				found.put(section.group(1), "# " + section.group(1) + "\n\n" + section.group(2).strip() + "\n");
			}
			this.sections = Collections.unmodifiableMap(found);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The API reference docs/api.md is not packaged", ex);
		}
	}

	/** The documented slugs, in the reference's order. */
	public List<String> slugs() {
		return List.copyOf(this.sections.keySet());
	}

	/** The Markdown description of one problem type. */
	Optional<String> describe(String slug) {
		return Optional.ofNullable(this.sections.get(slug));
	}

}
