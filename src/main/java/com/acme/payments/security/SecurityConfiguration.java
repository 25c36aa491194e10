package com.acme.payments.security;

import com.acme.payments.web.FilterOrder;
import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemWriter;
import com.acme.payments.web.PublicPaths;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Every API request needs a bearer JWT; health, metrics and the API docs are public. No sessions,
 * no cookies, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] PUBLIC_PATHS = PublicPaths.PATTERNS.toArray(String[]::new);

	@Bean
	FilterRegistrationBean<AuthenticationGuardFilter> authenticationGuardFilter(ProblemWriter problems) {
		var registration = new FilterRegistrationBean<>(new AuthenticationGuardFilter(problems));
		registration.setOrder(FilterOrder.AUTHENTICATION_GUARD);
		return registration;
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ProblemWriter problems, JwtProperties jwt) throws Exception {
		var entryPoint = new ProblemAuthenticationEntryPoint(problems, new FailedAuthentications(jwt.failures()));
		AccessDeniedHandler accessDenied = (request, response, denied) -> {
			new BearerTokenAccessDeniedHandler().handle(request, response, denied);
			problems.write(request, response, HttpProblems.FORBIDDEN.detail("The token does not allow this request."));
		};
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(PUBLIC_PATHS)
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.build();
	}

}
