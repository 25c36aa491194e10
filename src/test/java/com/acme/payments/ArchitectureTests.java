package com.acme.payments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Features talk to each other only through what they publish, and never in a circle. */
class ArchitectureTests {

	static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.acme.payments");

	@Test
	void featuresHaveNoCycles() {
		slices().matching("com.acme.payments.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void webPlumbingKnowsNoFeature() {
		noClasses().that()
			.resideInAPackage("..payments.web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..payments.charge..", "..payments.idempotency..", "..payments.ratelimit..",
					"..payments.processor..", "..payments.security..")
			.check(classes);
	}

	@Test
	void idempotencyAndRateLimitingKnowNoBusinessFeature() {
		noClasses().that()
			.resideInAnyPackage("..payments.idempotency..", "..payments.ratelimit..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..payments.charge..", "..payments.processor..")
			.check(classes);
	}

	@Test
	void processorKnowsNothingOfCharges() {
		noClasses().that()
			.resideInAPackage("..payments.processor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..payments.charge..", "..payments.idempotency..")
			.check(classes);
	}

	@Test
	void domainExceptionsCarryNoHttpTypes() {
		noClasses().that()
			.areAssignableTo(RuntimeException.class)
			.and()
			.resideInAnyPackage("..payments.charge..", "..payments.processor..", "..payments.idempotency..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.http..", "..payments.web..")
			.check(classes);
	}

	@Test
	void controllersNeverTouchRepositories() {
		noClasses().that()
			.haveSimpleNameEndingWith("Controller")
			.should()
			.dependOnClassesThat()
			.haveSimpleNameEndingWith("Repository")
			.check(classes);
	}

	@Test
	void servicesKnowNothingOfServletsOrSpringMvc() {
		noClasses().that()
			.haveSimpleNameEndingWith("Service")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web..", "org.springframework.http..")
			.check(classes);
	}

}
