package com.acme.payments.web;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the service waits for a client.
 *
 * @param bodyTimeout the longest a request body may take to arrive in full; a slower one is
 * answered 408 {@code request-timeout} and its thread freed. Also the longest Tomcat waits for any
 * single read of a connection (env {@code PAYMENTS_HTTP_BODYTIMEOUT})
 */
@Validated
@ConfigurationProperties("payments.http")
public record HttpProperties(
		@DurationMin(millis = 100) @DurationMax(minutes = 10) @DefaultValue("10s") Duration bodyTimeout) {
}
