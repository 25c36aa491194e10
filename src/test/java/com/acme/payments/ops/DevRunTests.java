package com.acme.payments.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.acme.payments.PaymentsApplication;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.DevServices;
import com.acme.payments.support.TestTokens;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw spring-boot:test-run} (TestPaymentsApplication) brings its own Postgres and Redis: it
 * charges with the machine's services out of reach.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevRunTests {

	static final String LOCAL_PROFILE_SECRET = "local-development-secret-not-for-production-0123456789";

	@Test
	void chargesWithThrowawayServicesWhenTheLocalOnesAreOutOfReach(CapturedOutput output) {
		java.nio.file.Path postgresFolder = null;
		java.nio.file.Path redisFolder = null;
		java.nio.file.Path tomcatFolder;
		try (ConfigurableApplicationContext app = SpringApplication.from(PaymentsApplication::main)
			.with(DevServices.class)
			.withAdditionalProfiles("local")
			.run("--server.port=0", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=1")
			.getApplicationContext()) {
			ApiClient api = ApiClient.at("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
			String token = TestTokens.sign(LOCAL_PROFILE_SECRET, org.springframework.security.oauth2.jwt.JwtClaimsSet
				.builder()
				.subject("dev")
				.expiresAt(java.time.Instant.now().plusSeconds(600))
				.build());

			Answer charge = api.post("/charge").bearer(token).key(ApiClient.newKey()).json(ApiClient.CHARGE_BODY).send();

			assertThat(charge.status()).isEqualTo(201);
			assertThat(api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
			assertThat(app.getEnvironment().getProperty("spring.data.redis.port")).isEqualTo("1");
			tomcatFolder = ((TomcatWebServer) ((WebServerApplicationContext) app).getWebServer()).getTomcat()
				.getServer()
				.getCatalinaBase()
				.toPath();
			assertThat(tomcatFolder).isDirectory();
			DevServices.EmbeddedDatabase postgres = app.getBeanProvider(DevServices.EmbeddedDatabase.class).getIfAvailable();
			DevServices.EmbeddedRedis redis = app.getBeanProvider(DevServices.EmbeddedRedis.class).getIfAvailable();
			if (postgres == null) {
				// Testcontainers: it removes its containers itself
				assertThat(output.getOut()).contains("Dev services: a Docker engine answered");
			}
			else {
				postgresFolder = postgres.directory();
				redisFolder = redis.directory();
				assertThat(postgresFolder).isDirectory();
				assertThat(redisFolder).isDirectory();
			}
		}
		assertThat(tomcatFolder).as("Tomcat's base folder is removed when it stops").doesNotExist();
		if (postgresFolder == null) {
			return;
		}
		assertThat(output.getOut()).as("it says which servers it started").contains("Dev services (")
			.contains("Dev services: started embedded redis-server");
		assertThat(output.getOut().lines().filter((line) -> line.contains(" ERROR ")))
			.as("no alarming ERROR for an expected fallback").isEmpty();
		assertThat(postgresFolder).as("what it created is removed when it stops").doesNotExist();
		assertThat(redisFolder).doesNotExist();
	}

	/**
	 * {@code spring-boot:run} (and {@code test-run}) fork the lifecycle up to {@code test-compile}:
	 * the clients are generated, and compiled, in a later phase, so that running the service
	 * generates none of them.
	 */
	@Test
	void theClientsAreGeneratedAfterTheLastPhaseSpringBootRunForks() throws Exception {
		java.util.List<String> lifecycle = java.util.List.of("validate", "initialize", "generate-sources",
				"process-sources", "generate-resources", "process-resources", "compile", "process-classes",
				"generate-test-sources", "process-test-sources", "generate-test-resources", "process-test-resources",
				"test-compile", "process-test-classes", "test");
		org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(java.nio.file.Path.of("pom.xml").toFile());
		javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
		org.w3c.dom.NodeList phases = (org.w3c.dom.NodeList) xpath.evaluate(
				"/project/build/plugins/plugin[artifactId='openapi-generator-maven-plugin']/executions/execution/phase",
				pom, javax.xml.xpath.XPathConstants.NODESET);
		org.w3c.dom.NodeList compiles = (org.w3c.dom.NodeList) xpath.evaluate(
				"/project/build/plugins/plugin[artifactId='maven-compiler-plugin']/executions/execution[id='java-client-compile']/phase",
				pom, javax.xml.xpath.XPathConstants.NODESET);

		assertThat(phases.getLength()).as("the Java and the TypeScript client").isEqualTo(2);
		assertThat(compiles.getLength()).isEqualTo(1);
		for (org.w3c.dom.NodeList list : java.util.List.of(phases, compiles)) {
			for (int i = 0; i < list.getLength(); i++) {
				assertThat(lifecycle.indexOf(list.item(i).getTextContent().trim()))
					.as("bound after test-compile, where spring-boot:run stops")
					.isGreaterThan(lifecycle.indexOf("test-compile"));
			}
		}
	}

}
