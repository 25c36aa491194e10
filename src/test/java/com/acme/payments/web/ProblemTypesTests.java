package com.acme.payments.web;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Every problem type any feature declares resolves to its description, served by the service. */
@PaymentsTest
class ProblemTypesTests {

	@Autowired
	ApiClient api;

	@Test
	void everyDeclaredProblemTypeResolvesToItsDescription() throws Exception {
		List<ProblemType> types = declaredProblemTypes();
		assertThat(types).extracting(ProblemType::slug).contains("validation-error", "card-declined",
				"idempotency-key-reused", "quota-exceeded", "too-many-failed-authentications");

		for (ProblemType type : types) {
			Answer description = this.api.get(type.uri().toString()).send();

			assertThat(description.status()).as(type.slug()).isEqualTo(200);
			assertThat(description.header("Content-Type")).startsWith("text/markdown");
			assertThat(description.text()).startsWith("# " + type.slug()).contains(Integer.toString(type.status().value()));
		}
	}

	@Test
	void unknownProblemTypeIsNotFound() {
		Answer answer = this.api.get("/problems/no-such-problem").send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.problemType()).isEqualTo("not-found");
	}

	/** The static {@link ProblemType} constants of every class of the application. */
	static List<ProblemType> declaredProblemTypes() throws IllegalAccessException {
		List<ProblemType> types = new ArrayList<>();
		for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("com.acme.payments")) {
			for (Field field : type.reflect().getDeclaredFields()) {
				if (field.getType() == ProblemType.class && Modifier.isStatic(field.getModifiers())) {
					field.setAccessible(true);
					types.add((ProblemType) field.get(null));
				}
			}
		}
		return types;
	}

}
