package com.acme.payments.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository stands on its own: every link in its documents resolves to a file inside it. */
class DocumentationLinksTests {

	static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	@Test
	void everyLinkInReadmeAndDocsResolvesInsideTheRepository() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench", "README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).forEach(documents::add);
		}
		List<String> links = new ArrayList<>();
		for (Path document : documents) {
			Matcher link = LINK.matcher(Files.readString(document, StandardCharsets.UTF_8));
			while (link.find()) {
				String target = link.group(1);
				links.add(target);
				assertThat(target).as("%s links outside the repository", document).doesNotContain("://");
				String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
				if (!file.isEmpty()) {
					Path resolved = document.resolveSibling(file).normalize();
					assertThat(resolved.toString()).as("%s -> %s stays in the repository", document, target)
						.doesNotStartWith("..");
					assertThat(resolved).as("%s -> %s", document, target).exists();
				}
			}
			assertThat(Files.readString(document)).as(document.toString()).doesNotContain("../shared");
		}
		assertThat(links).contains("docs/api.md");
	}

}
