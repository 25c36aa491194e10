/**
 * The payment processor port, its settings, and the circuit breaker in front of it; each adapter
 * lives in a subpackage of its own ({@code simulator}, {@code stripe}).
 */
package com.acme.payments.processor;
