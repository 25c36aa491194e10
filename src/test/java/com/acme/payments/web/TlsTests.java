package com.acme.payments.web;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS from PEM files through Spring Boot's {@code server.ssl.certificate} settings, with a key and
 * certificate the test makes (JDK keytool, exported to PEM), and HSTS on every TLS answer.
 */
@PaymentsTest
class TlsTests {

	static final Path directory = tempDirectory();

	static final KeyStore keyStore = generate();

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		registry.add("server.ssl.certificate", () -> "file:" + directory.resolve("cert.pem"));
		registry.add("server.ssl.certificate-private-key", () -> "file:" + directory.resolve("key.pem"));
	}

	@Value("${local.server.port}")
	int port;

	@Test
	void servesChargesOverTlsWithHsts() throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();
		HttpRequest charge = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/charge"))
			.header("Authorization", "Bearer " + TestTokens.forUser(TestTokens.newUser()))
			.header("Idempotency-Key", ApiClient.newKey())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ApiClient.CHARGE_BODY))
			.timeout(Duration.ofSeconds(30))
			.build();

		HttpResponse<String> answer = client.send(charge, HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).isEqualTo(201);
		assertThat(answer.sslSession()).isPresent();
		assertThat(answer.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
				(hsts) -> assertThat(hsts).contains("max-age="));
	}

	@Test
	void refusesClientsThatDoNotTrustTheCertificate() {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest health = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/actuator/health"))
			.build();

		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> client.send(health, HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
	}

	private static SSLContext trusting(KeyStore keys) throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("payments", keys.getCertificate("tls"));
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	/** A key pair and self-signed certificate for localhost, written as PEM files. */
	private static KeyStore generate() {
		// The cached context may read these until the JVM exits; then they go, before their folder
		// (registered after it), whether or not all of them were written.
		for (String file : new String[] { "tls.p12", "key.pem", "cert.pem" }) {
			directory.resolve(file).toFile().deleteOnExit();
		}
		try {
			Path store = directory.resolve("tls.p12");
			Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
					"-genkeypair", "-alias", "tls", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1", "-dname",
					"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(),
					"-storetype", "PKCS12", "-storepass", "changeit")
				.redirectErrorStream(true)
				.start();
			String output = new String(keytool.getInputStream().readAllBytes());
			if (keytool.waitFor() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			KeyStore keys = KeyStore.getInstance("PKCS12");
			try (FileInputStream in = new FileInputStream(store.toFile())) {
				keys.load(in, "changeit".toCharArray());
			}
			PrivateKey key = (PrivateKey) keys.getKey("tls", "changeit".toCharArray());
			Certificate certificate = keys.getCertificate("tls");
			Files.writeString(directory.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
			Files.writeString(directory.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
			return keys;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not make a test certificate", ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static Path tempDirectory() {
		try {
			Path folder = Files.createTempDirectory("payments-tls");
			folder.toFile().deleteOnExit();
			return folder;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
