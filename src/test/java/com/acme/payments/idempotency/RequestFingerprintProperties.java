package com.acme.payments.idempotency;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.characters;
import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.bigDecimals;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/** The fingerprint names the request, not its spelling. Properties checked with QuickTheories. */
class RequestFingerprintProperties {

	@Test
	void reorderedKeysAndOtherWhitespaceGiveTheSameFingerprint() {
		qt().withExamples(300).forAll(value(3), longs().all()).checkAssert((document, seed) -> {
			String plain = write(document, new Random(seed), false);
			String shuffled = write(document, new Random(seed + 1), true);

			assertThat(fingerprint(shuffled)).as(shuffled).isEqualTo(fingerprint(plain));
		});
	}

	@Test
	void anyChangedValueGivesAnotherFingerprint() {
		qt().withExamples(300).forAll(objects(), longs().all()).checkAssert((document, seed) -> {
			Random random = new Random(seed);
			Map<String, Object> changed = new LinkedHashMap<>(document);
			String key = new ArrayList<>(changed.keySet()).get(random.nextInt(changed.size()));
			changed.put(key, mutate(changed.get(key)));

			assertThat(fingerprint(write(changed, random, false)))
				.isNotEqualTo(fingerprint(write(document, random, false)));
		});
	}

	@Test
	void numbersAreComparedByValue() {
		qt().withExamples(100).forAll(longs().all()).checkAssert((amount) -> {
			String integral = "{\"amount\":" + amount + "}";
			String decimal = "{\"amount\":" + amount + ".000}";
			String scientific = "{\"amount\":"
					+ new BigDecimal(amount).stripTrailingZeros().toString().replace("E+", "e") + "}";

			assertThat(fingerprint(decimal)).isEqualTo(fingerprint(integral));
			assertThat(fingerprint(scientific)).isEqualTo(fingerprint(integral));
		});
	}

	@Test
	void methodAndPathArePartOfTheFingerprint() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

		assertThat(RequestFingerprint.of("POST", "/charge", body))
			.isNotEqualTo(RequestFingerprint.of("POST", "/refund", body))
			.isNotEqualTo(RequestFingerprint.of("PUT", "/charge", body));
	}

	@Test
	void bodiesThatAreNotJsonStillHaveAStableFingerprint() {
		byte[] garbage = { (byte) 0xff, 0x00, 0x7b };

		assertThat(RequestFingerprint.of("POST", "/charge", garbage))
			.isEqualTo(RequestFingerprint.of("POST", "/charge", garbage.clone()))
			.isNotEqualTo(RequestFingerprint.of("POST", "/charge", new byte[] { 0x7b }));
	}

	/** Objects of 1 to 6 members whose values nest up to two levels. */
	static Gen<Map<String, Object>> objects() {
		return objectsOf(value(2), 1, 6).assuming((object) -> !object.isEmpty());
	}

	/** JSON objects; built from member lists, as values may be {@code null} (which Collectors refuse). */
	static Gen<Map<String, Object>> objectsOf(Gen<Object> values, int min, int max) {
		return lists().of(names().zip(values, (String name, Object value) -> Pair.of(name, value)))
			.ofSizeBetween(min, max)
			.map((List<Pair<String, Object>> members) -> {
				Map<String, Object> object = new LinkedHashMap<>();
				members.forEach((member) -> object.put(member._1, member._2));
				return object;
			});
	}

	/** Any JSON value, nested up to {@code depth} levels. */
	static Gen<Object> value(int depth) {
		Gen<Object> scalar = oneOf(
				lists().of(frequency(Pair.of(8, characters(' ', '~')), Pair.of(1, pick(List.of('é', 'ü', '€')))))
					.ofSizeBetween(0, 12)
					.map((List<Character> chars) -> (Object) join(chars)),
				longs().all().map((Long n) -> (Object) n),
				bigDecimals().ofBytes(8).withScale(3).map((BigDecimal d) -> (Object) d),
				booleans().all().map((Boolean b) -> (Object) b), constant((Supplier<Object>) () -> null));
		if (depth == 0) {
			return scalar;
		}
		return oneOf(scalar,
				objectsOf(value(depth - 1), 0, 5).map((Map<String, Object> m) -> (Object) m),
				lists().of(value(depth - 1)).ofSizeBetween(0, 4).map((List<Object> l) -> (Object) l));
	}

	/** Member names, sometimes with characters that need escaping. */
	static Gen<String> names() {
		return lists().of(frequency(Pair.of(10, characters('a', 'z')), Pair.of(1, pick(List.of('_', '"', '\\', 'é')))))
			.ofSizeBetween(1, 8)
			.map((List<Character> chars) -> join(chars));
	}

	private static String join(List<Character> chars) {
		StringBuilder joined = new StringBuilder();
		chars.forEach(joined::append);
		return joined.toString();
	}

	private static Object mutate(Object value) {
		if (value instanceof String s) {
			return s + "x";
		}
		if (value instanceof Long l) {
			return l + 1;
		}
		if (value instanceof BigDecimal d) {
			return d.add(new BigDecimal("0.001"));
		}
		if (value instanceof Boolean b) {
			return !b;
		}
		if (value == null) {
			return "null";
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> changed = new LinkedHashMap<>(map);
			changed.put("added_by_mutation", 1);
			return changed;
		}
		List<Object> changed = new ArrayList<>((List<?>) value);
		changed.add("added");
		return changed;
	}

	/** Writes JSON, optionally with shuffled object keys and random insignificant whitespace. */
	private static String write(Object value, Random random, boolean scramble) {
		StringBuilder out = new StringBuilder();
		write(value, random, scramble, out);
		return out.toString();
	}

	private static void write(Object value, Random random, boolean scramble, StringBuilder out) {
		space(random, scramble, out);
		if (value instanceof Map<?, ?> map) {
			List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
			if (scramble) {
				Collections.shuffle(entries, random);
			}
			out.append('{');
			for (int i = 0; i < entries.size(); i++) {
				out.append(i > 0 ? "," : "");
				space(random, scramble, out);
				out.append(quote((String) entries.get(i).getKey()));
				space(random, scramble, out);
				out.append(':');
				write(entries.get(i).getValue(), random, scramble, out);
			}
			space(random, scramble, out);
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				out.append(i > 0 ? "," : "");
				write(list.get(i), random, scramble, out);
			}
			out.append(']');
		}
		else if (value instanceof String s) {
			out.append(quote(s));
		}
		else {
			out.append(value);
		}
		space(random, scramble, out);
	}

	private static void space(Random random, boolean scramble, StringBuilder out) {
		if (scramble) {
			out.append(" \n\t\r", 0, random.nextInt(5));
		}
	}

	private static String quote(String s) {
		return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private static byte[] fingerprint(String json) {
		return RequestFingerprint.of("POST", "/charge", json.getBytes(StandardCharsets.UTF_8));
	}

}
