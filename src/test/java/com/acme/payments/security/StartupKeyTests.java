package com.acme.payments.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.acme.payments.support.Startup;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class StartupKeyTests {

	@Test
	void refusesToStartWithoutAKeyAndNamesThePropertyToSet(CapturedOutput output) {
		assertThatThrownBy(() -> start("--payments.jwt.secret=")).hasRootCauseInstanceOf(JwtKeyMissing.class);
		assertThat(output).contains("payments.jwt.secret").contains("PAYMENTS_JWT_SECRET");
	}

	@Test
	void refusesASecretShorterThan32Bytes(CapturedOutput output) {
		assertThatThrownBy(() -> start("--payments.jwt.secret=too-short")).hasRootCauseInstanceOf(JwtKeyMissing.class);
		assertThat(output).contains("at least 32 bytes");
	}

	@Test
	void localProfileLogsADemoTokenThatTheServiceAccepts(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--spring.profiles.active=local",
				"--payments.idempotency.cache.key-prefix=test:startup:")) {
			assertThat(output).contains("export TOKEN=");
			String token = output.toString().split("export TOKEN=")[1].split("\\s")[0];
			var decoder = context.getBean(org.springframework.security.oauth2.jwt.JwtDecoder.class);
			assertThat(decoder.decode(token).getSubject()).isEqualTo(DemoTokenLogger.DEMO_USER);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--payments.processor.kind=simulator";
		return Startup.start(all);
	}

}
