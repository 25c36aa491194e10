package com.acme.payments.charge;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListChargesTests {

	@Autowired
	ApiClient api;

	final String user = TestTokens.newUser();

	/** Ids of the user's charges, oldest first. */
	final List<String> created = new ArrayList<>();

	@BeforeEach
	void createCharges() {
		if (!this.created.isEmpty()) {
			return;
		}
		for (int i = 0; i < 25; i++) {
			Answer answer = this.api.charge(this.user, ApiClient.newKey(), CreateChargeTests.body("tok_visa")).send();
			assertThat(answer.status()).isEqualTo(201);
			this.created.add(answer.json().path("id").asString());
		}
	}

	@Test
	void listsNewestFirstTenByDefault() {
		Answer answer = this.api.get("/charges").as(this.user).send();

		assertThat(answer.status()).isEqualTo(200);
		JsonNode list = answer.json();
		assertThat(list.path("object").asString()).isEqualTo("list");
		assertThat(list.path("has_more").asBoolean()).isTrue();
		assertThat(ids(list)).containsExactlyElementsOf(newest(0, 10));
	}

	@Test
	void walksEveryChargeOnceWithStartingAfter() {
		List<String> seen = new ArrayList<>();
		String cursor = null;
		boolean more = true;
		while (more) {
			String path = "/charges?limit=7" + ((cursor != null) ? "&starting_after=" + cursor : "");
			JsonNode page = this.api.get(path).as(this.user).send().json();
			List<String> ids = ids(page);
			seen.addAll(ids);
			cursor = ids.get(ids.size() - 1);
			more = page.path("has_more").asBoolean();
		}
		assertThat(seen).containsExactlyElementsOf(newest(0, 25));
	}

	@Test
	void lastPageSaysThereIsNoMore() {
		JsonNode page = this.api.get("/charges?limit=100").as(this.user).send().json();

		assertThat(ids(page)).hasSize(25);
		assertThat(page.path("has_more").asBoolean()).isFalse();
	}

	@Test
	void rejectsLimitOutsideOneToHundred() {
		for (String limit : new String[] { "0", "101", "-1", "ten" }) {
			Answer answer = this.api.get("/charges?limit=" + limit).as(this.user).send();
			assertThat(answer.status()).as(limit).isEqualTo(400);
			assertThat(answer.problemType()).isEqualTo("validation-error");
			assertThat(answer.json().path("errors").findValuesAsString("field")).contains("limit");
		}
	}

	@Test
	void rejectsCursorThatIsNotOneOfTheUsersCharges() {
		String other = TestTokens.newUser();
		String othersCharge = this.api.charge(other, ApiClient.newKey(), CreateChargeTests.body("tok_visa"))
			.send()
			.json()
			.path("id")
			.asString();

		for (String cursor : new String[] { othersCharge, "ch_doesnotexist" }) {
			Answer answer = this.api.get("/charges?starting_after=" + cursor).as(this.user).send();
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.json().path("errors").findValuesAsString("field")).contains("starting_after");
		}
	}

	@Test
	void anotherUsersChargeIsNotFound() {
		String stranger = TestTokens.newUser();

		Answer answer = this.api.get("/charges/" + this.created.get(0)).as(stranger).send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.problemType()).isEqualTo("not-found");
		assertThat(answer.text()).doesNotContain(this.user);
		assertThat(this.api.get("/charges").as(stranger).send().json().path("data").size()).isZero();
	}

	@Test
	void retrievesOwnChargeAsCreated() {
		Answer answer = this.api.get("/charges/" + this.created.get(3)).as(this.user).send();

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("id").asString()).isEqualTo(this.created.get(3));
		assertThat(answer.json().path("amount").asLong()).isEqualTo(500);
	}

	@Test
	void unknownChargeIsNotFound() {
		Answer answer = this.api.get("/charges/ch_unknown").as(this.user).send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.problemType()).isEqualTo("not-found");
	}

	private List<String> newest(int from, int to) {
		List<String> newestFirst = new ArrayList<>(this.created);
		java.util.Collections.reverse(newestFirst);
		return newestFirst.subList(from, to);
	}

	private static List<String> ids(JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.path("data").forEach((charge) -> ids.add(charge.path("id").asString()));
		return ids;
	}

}
