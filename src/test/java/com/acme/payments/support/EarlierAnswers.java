package com.acme.payments.support;

import java.util.ArrayList;
import java.util.List;

import com.acme.payments.support.ApiClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/** Charges answered before a failover, to check after it that each one replays byte for byte. */
public final class EarlierAnswers {

	private final ApiClient api;

	private final String user;

	private final List<String> keys = new ArrayList<>();

	private final List<String> bodies = new ArrayList<>();

	private EarlierAnswers(ApiClient api, String user) {
		this.api = api;
		this.user = user;
	}

	/** Makes {@code count} charges for {@code user}, each answered 201. */
	public static EarlierAnswers charge(ApiClient api, String user, int count) {
		EarlierAnswers answers = new EarlierAnswers(api, user);
		for (int i = 0; i < count; i++) {
			String key = ApiClient.newKey();
			Answer charged = api.charge(user, key, ApiClient.CHARGE_BODY).send();
			assertThat(charged.status()).isEqualTo(201);
			answers.keys.add(key);
			answers.bodies.add(charged.text());
		}
		return answers;
	}

	/** Every earlier charge, retried, replays: same status and body, {@code Idempotent-Replayed: true}. */
	public void assertEachReplays() {
		for (int i = 0; i < this.keys.size(); i++) {
			Answer replay = this.api.charge(this.user, this.keys.get(i), ApiClient.CHARGE_BODY).send();
			assertThat(replay.status()).isEqualTo(201);
			assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
			assertThat(replay.text()).isEqualTo(this.bodies.get(i));
		}
	}

}
