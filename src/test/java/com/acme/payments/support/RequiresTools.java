package com.acme.payments.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs programs beyond the JDK, Postgres and Redis. The build installs nothing:
 * where a program is missing the test is skipped with a message naming the command that installs it
 * ({@code scripts/install-test-tools.sh}), and with {@code CI=true} the run fails instead, so that
 * CI never goes green on skipped tests.
 */
@Documented
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestTools.Condition.class)
public @interface RequiresTools {

	TestTools.Tool[] value();

}
