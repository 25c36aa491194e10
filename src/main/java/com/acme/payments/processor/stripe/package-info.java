/** The Stripe adapter: PaymentIntents through the official SDK, every call bounded end to end. */
package com.acme.payments.processor.stripe;
