package com.acme.payments.web;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Hidden;

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

	private final ProblemCatalog catalog;

	ProblemDocsController(ProblemCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping(path = "/problems/{slug}")
	ResponseEntity<Object> describe(@PathVariable String slug) {
		String section = this.catalog.describe(slug).orElse(null);
		if (section == null) {
			return ResponseEntity.status(HttpProblems.NOT_FOUND.status())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(HttpProblems.NOT_FOUND.detail("No such problem type."));
		}
		return ResponseEntity.ok().contentType(MARKDOWN).body(section);
	}

}
