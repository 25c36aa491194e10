package com.acme.payments.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every problem {@code type} resolves: {@code GET /problems/<slug>} answers that problem's section of
 * the API reference ({@code docs/api.md}, packaged with the service), as Markdown.
 */
@Hidden
@RestController
class ProblemDocsController {

	static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

	private static final Pattern SECTION = Pattern.compile("(?ms)^### ([a-z0-9-]+)\\n(.*?)(?=^#{2,3} |\\z)");

	private final Map<String, String> sections;

	ProblemDocsController() throws IOException {
		try (InputStream in = new ClassPathResource("docs/api.md").getInputStream()) {
			String reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String problems = reference.substring(reference.indexOf("## Problem types"));
			this.sections = new LinkedHashMap<>();
			Matcher section = SECTION.matcher(problems);
			while (section.find()) {
				this.sections.put(section.group(1), "# " + section.group(1) + "\n\n" + section.group(2).strip() + "\n");
			}
		}
	}

	@GetMapping(path = "/problems/{slug}")
	ResponseEntity<Object> describe(@PathVariable String slug) {
		String section = this.sections.get(slug);
		if (section == null) {
			return ResponseEntity.status(HttpProblems.NOT_FOUND.status())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(HttpProblems.NOT_FOUND.detail("No such problem type."));
		}
		return ResponseEntity.ok().contentType(MARKDOWN).body(section);
	}

}
