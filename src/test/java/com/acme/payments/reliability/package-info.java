/** Fault-injection suites: real processes, private servers stopped and killed under load. */
package com.acme.payments.reliability;
