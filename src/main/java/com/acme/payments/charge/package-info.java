/** Charges: create one through the processor, read one, list a user's charges. */
package com.acme.payments.charge;
