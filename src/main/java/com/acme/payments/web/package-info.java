/** HTTP plumbing shared by every feature: problem details, the request body limit and the OpenAPI description. */
package com.acme.payments.web;
