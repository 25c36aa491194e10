package com.acme.payments.web;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * What the management server takes of {@link WebConfiguration} when it listens on a port of its own
 * ({@code management.server.port}; docker-compose.yml sets one): Spring Boot builds that server in a
 * child context, whose servers the application's customizers never see. So it gets a Tomcat base
 * folder of ours, deleted when the application stops (else Boot's {@code tomcat.<port>.*} folder was
 * left behind on every run), and the same bounded reads as the API's port.
 * <p>
 * Boot loads this class into the child context from
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}.
 * The application's component scan finds it too: {@link InChildContext} keeps it out of the main
 * context, whose own server {@link WebConfiguration} customizes.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementServerConfiguration.InChildContext.class)
class ManagementServerConfiguration {

	/**
	 * The application's {@link TomcatBaseDirectory} creates this server's folder too and deletes it when
	 * the application's context closes: the child context is not always closed (Boot closes it only if
	 * it is running when the application closes; a context stopped first, as the test framework pauses
	 * unused ones, leaves it open).
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementTomcatBaseDirectory(
			TomcatBaseDirectory application) {
		return application::customize;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementSlowClientLimits(HttpProperties http) {
		return WebConfiguration.slowClientLimitsOf(http);
	}

	/**
	 * True in a context whose parent is this application's: the management server's. An application
	 * that itself has a parent (a bootstrap context) does not match, since its parent has no
	 * {@link TomcatBaseDirectory}.
	 */
	static final class InChildContext implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getBeanFactory() != null
					&& context.getBeanFactory().getParentBeanFactory() instanceof ListableBeanFactory parent
					&& parent.getBeanNamesForType(TomcatBaseDirectory.class, false, false).length > 0;
		}

	}

}
