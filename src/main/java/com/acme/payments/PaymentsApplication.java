package com.acme.payments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Payments API: an idempotent, rate-limited {@code POST /charge}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PaymentsApplication {

	public static void main(String[] args) {
		// No JDK connection may re-send a POST on its own (a processor create sent twice in one try).
		System.setProperty("sun.net.http.retryPost", "false");
		SpringApplication.run(PaymentsApplication.class, args);
	}

}
