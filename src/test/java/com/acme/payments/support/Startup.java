package com.acme.payments.support;

import com.acme.payments.PaymentsApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole service as {@code main} would, outside the test profile, on a free port. */
public final class Startup {

	private Startup() {
	}

	public static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(PaymentsApplication.class, ServicesConfiguration.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		String[] all = new String[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--server.port=0";
		return application.run(all);
	}

}
