/** The payment processor port and its built-in simulator, which keeps its own ledger in Postgres. */
package com.acme.payments.processor;
