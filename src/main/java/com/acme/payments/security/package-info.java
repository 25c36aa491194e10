/** Who is calling: bearer JWTs (HS256 secret or an identity provider), 401 problems and the local demo token. */
package com.acme.payments.security;
