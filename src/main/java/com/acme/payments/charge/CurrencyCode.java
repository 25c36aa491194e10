package com.acme.payments.charge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An ISO 4217 code of money that can be charged, in any case: not a code for testing ({@code XTS}),
 * for no currency ({@code XXX}), for a precious metal ({@code XAU}, {@code XAG}, {@code XPD},
 * {@code XPT}), a bond-market unit ({@code XBA}..{@code XBD}) or an accounting unit ({@code XDR},
 * {@code XSU}, {@code XUA}). {@code null} is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = CurrencyCode.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface CurrencyCode {

	String message() default "must be the ISO 4217 code of a currency that can be charged";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<CurrencyCode, String> {

		/** ISO 4217 codes that name no money a card can be charged in. */
		private static final Set<String> NOT_MONEY = Set.of("XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR", "XSU",
				"XUA");

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || parse(value) != null;
		}

		/** The currency named by {@code code}, or {@code null}. */
		static Currency parse(String code) {
			if (code.length() != 3) {
				return null;
			}
			String upper = code.toUpperCase(Locale.ROOT);
			if (NOT_MONEY.contains(upper) || upper.startsWith("XB")) {
				return null;
			}
			try {
				return Currency.getInstance(upper);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

}
