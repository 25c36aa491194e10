package com.acme.payments.web;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTools;
import com.acme.payments.support.TestTools.Tool;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How developers meet the API: Swagger UI in a real (headless) Chromium, authorize with a bearer
 * token, "Try it out" on POST /charge, see the 201. Chromium and chromedriver come from Debian's
 * packages (scripts/install-test-tools.sh); {@code PAYMENTS_CHROME} and {@code PAYMENTS_CHROMEDRIVER}
 * point elsewhere.
 */
@RequiresTools(Tool.CHROMIUM)
@PaymentsTest
class SwaggerUiBrowserTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	WebDriver browser;

	@BeforeEach
	void openBrowser() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(TestTools.chrome());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,2400",
				"--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(TestTools.chromedriver()))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void developerChargesThroughTryItOut() {
		String user = TestTokens.newUser();
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get(this.api.baseUrl() + "/swagger-ui.html");

		click(wait, By.cssSelector("button.authorize"));
		WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector(".modal-ux input[type='text'], .modal-ux input[aria-label='auth-bearer-value']")));
		token.sendKeys(TestTokens.forUser(user));
		click(wait, By.cssSelector(".modal-ux .auth-btn-wrapper button.authorize"));
		click(wait, By.cssSelector(".modal-ux button.btn-done"));

		click(wait, By.cssSelector("#operations-Charges-createCharge .opblock-summary"));
		click(wait, By.cssSelector("#operations-Charges-createCharge button.try-out__btn"));
		WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("#operations-Charges-createCharge tr[data-param-name='Idempotency-Key'] input")));
		key.clear();
		key.sendKeys(ApiClient.newKey());
		WebElement body = wait.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector("#operations-Charges-createCharge textarea.body-param__text")));
		assertThat(body.getAttribute("value")).contains("tok_visa");
		click(wait, By.cssSelector("#operations-Charges-createCharge button.execute"));

		WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
				"#operations-Charges-createCharge .live-responses-table .response .response-col_status")));
		assertThat(status.getText()).startsWith("201");
		assertThat(new Books(this.jdbc).charges(user))
			.isEqualTo(1);
	}

	private void click(WebDriverWait wait, By selector) {
		WebElement element = wait.until(ExpectedConditions.elementToBeClickable(selector));
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
		element.click();
	}

}
