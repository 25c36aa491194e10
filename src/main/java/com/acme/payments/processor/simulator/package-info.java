/** The built-in processor simulator: test tokens, its own ledger in Postgres, charges nobody. */
package com.acme.payments.processor.simulator;
