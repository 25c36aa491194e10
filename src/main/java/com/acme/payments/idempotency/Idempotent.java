package com.acme.payments.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method as idempotent: it requires an {@code Idempotency-Key}, executes at most once
 * per (user, key) and request, and its 2xx/402 answers are stored and replayed. The handler receives
 * its {@link IdempotentAttempt} as the request attribute {@link IdempotentAttempt#ATTRIBUTE}, and tells
 * it where its side effect starts and how it ended.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

}
