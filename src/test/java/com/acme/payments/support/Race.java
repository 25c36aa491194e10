package com.acme.payments.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs N calls on N real threads that all start at the same instant. */
public final class Race {

	private Race() {
	}

	public static <T> List<T> run(int parallelism, IntFunction<T> call) {
		ExecutorService threads = Executors.newFixedThreadPool(parallelism);
		CountDownLatch ready = new CountDownLatch(parallelism);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < parallelism; i++) {
				int index = i;
				futures.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return call.apply(index);
				}));
			}
			ready.await(30, TimeUnit.SECONDS);
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(120, TimeUnit.SECONDS));
			}
			return results;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Race failed", ex);
		}
		finally {
			threads.shutdownNow();
		}
	}

}
