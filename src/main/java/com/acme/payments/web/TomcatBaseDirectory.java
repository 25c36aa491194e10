package com.acme.payments.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.FileSystemUtils;

/**
 * Tomcat's base folder (its work folder; uploads would go there too): a temporary folder of this
 * instance, deleted when the application context closes, after the web server has stopped. Spring
 * Boot's own is only marked delete-on-exit, which the JVM skips once Tomcat has written into it, so
 * every run used to leave a {@code tomcat.<port>.*} folder behind. A folder set with
 * {@code server.tomcat.basedir} is the operator's, and is left alone. Each server customized gets its
 * own folder: the management server on its own port ({@code management.server.port}) too, through
 * {@link ManagementServerConfiguration}.
 */
final class TomcatBaseDirectory implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TomcatBaseDirectory.class);

	private final List<Path> created = new CopyOnWriteArrayList<>();

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (factory.getBaseDirectory() != null) {
			return;
		}
		try {
			Path folder = Files.createTempDirectory("payments-tomcat.");
			this.created.add(folder);
			factory.setBaseDirectory(folder.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create Tomcat's temporary base folder", ex);
		}
	}

	/** The folders this instance created, one per server it customized. */
	List<Path> created() {
		return List.copyOf(this.created);
	}

	@Override
	public void destroy() {
		for (Path folder : this.created) {
			try {
				FileSystemUtils.deleteRecursively(folder);
				this.created.remove(folder);
			}
			catch (IOException ex) {
				log.warn("Could not delete Tomcat's temporary base folder {}: {}", folder, ex.toString());
			}
		}
	}

}
