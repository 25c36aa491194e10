package com.acme.payments.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Tomcat's base folder is this instance's, and nothing of it is left once the context closes. */
@PaymentsTest
class TomcatBaseDirectoryTests {

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	TomcatBaseDirectory baseDirectory;

	@Test
	void runningServiceUsesTheFolderItCreatedInTheTempFolder() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Path base = server.getTomcat().getServer().getCatalinaBase().toPath();

		assertThat(this.baseDirectory.created()).containsExactly(base);
		assertThat(base).isDirectory();
		assertThat(base.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
	}

	/**
	 * Closed while running (SIGTERM), or stopped and then closed, as the test framework pauses a
	 * context it does not use: the latter leaves the management server's context open.
	 */
	@ParameterizedTest(name = "stopped first: {0}")
	@ValueSource(booleans = { false, true })
	void managementServerOnItsOwnPortGetsItsOwnFolderAndBoundedReadsAndLeavesNothing(boolean stoppedFirst) {
		Map<String, TomcatWebServer> servers = new ConcurrentHashMap<>();
		ApplicationListener<WebServerInitializedEvent> started = new ApplicationListener<>() {

			@Override
			public void onApplicationEvent(WebServerInitializedEvent event) {
				servers.put(Objects.toString(event.getApplicationContext().getServerNamespace(), "api"),
						(TomcatWebServer) event.getWebServer());
			}

		};
		Map<String, Path> bases = new ConcurrentHashMap<>();

		try (ConfigurableApplicationContext other = Instances.startAnother(this.context,
				Map.of("management.server.port", "0", "payments.http.body-timeout", "7s"), started)) {
			servers.forEach((name, server) -> bases.put(name, server.getTomcat().getServer().getCatalinaBase().toPath()));

			assertThat(bases).containsOnlyKeys("api", "management");
			assertThat(bases.values()).doesNotHaveDuplicates()
				.allSatisfy((base) -> assertThat(base.getFileName().toString()).startsWith("payments-tomcat."))
				.allSatisfy((base) -> assertThat(base).isDirectory());
			assertThat(servers.get("management").getTomcat().getService().findConnectors())
				.allSatisfy((connector) -> assertThat(connector.getProperty("connectionTimeout")).isEqualTo(7000));
			if (stoppedFirst) {
				other.stop();
			}
		}

		assertThat(bases.values()).allSatisfy((base) -> assertThat(base).doesNotExist());
	}

	@Test
	void folderTomcatWroteIntoIsDeletedWhenTheContextCloses() {
		var factory = new TomcatServletWebServerFactory(0);
		var baseDirectory = new TomcatBaseDirectory();
		baseDirectory.customize(factory);
		Path base = baseDirectory.created().get(0);
		WebServer server = factory.getWebServer();
		server.start();
		try {
			assertThat(base).isDirectoryContaining((file) -> file.getFileName().toString().equals("work"));
		}
		finally {
			server.stop();
		}

		// the order of a context's close: the web server stops, beans are destroyed, then the server
		baseDirectory.destroy();
		server.destroy();

		assertThat(base).doesNotExist();
	}

	@Test
	void everyServerItCustomizesGetsItsOwnFolderAndAllAreDeleted() {
		var first = new TomcatServletWebServerFactory(0);
		var second = new TomcatServletWebServerFactory(0);
		var baseDirectory = new TomcatBaseDirectory();

		baseDirectory.customize(first);
		baseDirectory.customize(second);
		var folders = baseDirectory.created();
		baseDirectory.destroy();

		assertThat(folders).hasSize(2).doesNotHaveDuplicates();
		assertThat(first.getBaseDirectory().toPath()).isEqualTo(folders.get(0));
		assertThat(second.getBaseDirectory().toPath()).isEqualTo(folders.get(1));
		assertThat(folders).allSatisfy((folder) -> assertThat(folder).doesNotExist());
	}

	@Test
	void folderSetByTheOperatorIsNeitherReplacedNorDeleted(@TempDir Path operators) throws IOException {
		var factory = new TomcatServletWebServerFactory(0);
		factory.setBaseDirectory(operators.toFile());
		Files.writeString(operators.resolve("keep.txt"), "the operator's");
		var baseDirectory = new TomcatBaseDirectory();

		baseDirectory.customize(factory);
		baseDirectory.destroy();

		assertThat(factory.getBaseDirectory()).isEqualTo(operators.toFile());
		assertThat(baseDirectory.created()).isEmpty();
		assertThat(operators.resolve("keep.txt")).hasContent("the operator's");
	}

}
