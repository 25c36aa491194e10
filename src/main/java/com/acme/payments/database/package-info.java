/** How the service uses Postgres beyond any one feature: the time bounds of schema migrations. */
package com.acme.payments.database;
