package io.moniflux.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.delivery.HttpOptions;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestSpec;
import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;

/**
 * The dashboard in the system's headless Chromium, as a user drives it: a token entered once, a test
 * created and started from the form, its live chart advancing, its rates changed, cancelled, and its
 * report opened. Screenshots land in target/screenshots.
 */
@FullStackTest
@Tag("browser")
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final HttpSink receiver = new HttpSink().countingOnly();

    @LocalServerPort
    int port;

    @Autowired
    TestQueries tests;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                // nothing but the service under test: no updates, sync, metrics or other calls home
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1400,1100", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-first-run",
                        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
                        "--no-pings", "--disable-features=OptimizationHints,MediaRouter,Translate");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // the live table is redrawn every second, so an element found a moment ago may be gone: look again
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    @Test
    void createStartWatchChangeRatesCancelAndOpenTheReport() {
        String testID = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        signIn();

        click(By.id("new-test"));
        type("f-testID", testID);
        type("f-duration", "120");
        type("f-logRate", "50");
        type("f-traceRate", "10");
        new Select(browser.findElement(By.id("f-type"))).selectByValue("http");
        type("f-endpoint", receiver.url());
        click(By.id("f-start"));

        waitFor(b -> "Running".equals(b.findElement(By.id("d-status")).getAttribute("data-status")));
        int seconds = waitFor(b -> chartedSeconds() >= 3 ? chartedSeconds() : null);
        assertThat(browser.findElements(By.cssSelector("#live-charts .uplot"))).as("rate and latency charts").hasSize(2);
        waitFor(b -> chartedSeconds() > seconds ? true : null);
        String achieved = waitFor(b -> b.findElement(By.cssSelector("#live-numbers tr[data-signal=logs] [data-field=achievedRate]"))
                .getText());
        assertThat(Double.parseDouble(achieved.replace(",", ""))).isBetween(40.0, 60.0);
        screenshot("1-live-chart");

        type("r-logRate", "100");
        click(By.id("r-apply"));
        waitFor(b -> targetOf("logs").equals("100") ? true : null);

        click(By.cssSelector("#d-actions button[data-action=cancel]"));
        waitFor(b -> "Cancelled".equals(b.findElement(By.id("d-status")).getAttribute("data-status")));
        WebElement run = waitFor(b -> b.findElements(By.cssSelector("#runs tr[data-run-id]")).stream().findFirst().orElse(null));
        assertThat(run.getText()).contains("Cancelled");
        waitFor(b -> b.findElement(By.id("live-state")).getText().contains("ended") ? true : null);
        assertThat(browser.findElement(By.id("live")).isDisplayed()).as("the chart of the run that just ended stays").isTrue();
        assertThat(browser.findElements(By.cssSelector("#live-charts .uplot"))).hasSize(2);
        long runSeconds = StreamSupport.stream(new Api(port).get("/tests/" + testID + "/runs/" + testID
                + "-run-1/timeline").json().spliterator(), false).map(p -> p.path("second").asLong()).distinct().count();
        waitFor(b -> chartedSeconds() == runSeconds ? true : null); // the chart of the ended run has its last second
        screenshot("2-cancelled");

        String dashboard = browser.getWindowHandle();
        // found again: the runs table is drawn anew when the run's end arrives
        click(By.cssSelector("#runs tr[data-run-id] button[data-action=report]"));
        String report = waitFor(b -> b.getWindowHandles().stream().filter(h -> !h.equals(dashboard)).findFirst().orElse(null));
        browser.switchTo().window(report);
        waitFor(b -> b.findElements(By.cssSelector("body[data-charted-seconds]")).isEmpty() ? null : true);
        assertThat(browser.getTitle()).isEqualTo("MoniFlux run 1 of " + testID);
        assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("Cancelled");
        assertThat(Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-charted-seconds"))).isGreaterThan(3);
        assertThat(browser.findElements(By.cssSelector("#timeline-charts .uplot"))).hasSize(3);
        screenshot("3-report");
        browser.close();
        browser.switchTo().window(dashboard);

        // the list filters by status; the token outlives a reload
        browser.navigate().refresh();
        waitFor(b -> b.findElement(By.id("app")).isDisplayed() ? true : null);
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("Running");
        waitFor(b -> b.findElements(By.cssSelector("#tests tr[data-test-id='" + testID + "']")).isEmpty() ? true : null);
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("Cancelled");
        waitFor(b -> b.findElements(By.cssSelector("#tests tr[data-test-id='" + testID + "']")).isEmpty() ? null : true);
        screenshot("4-list");
    }

    @Test
    void schedulesATestFromTheFormAndShowsRefusalsWithTheirReasons() {
        String testID = "ui-sched-" + UUID.randomUUID().toString().substring(0, 8);
        signIn();

        click(By.id("new-test"));
        type("f-testID", testID);
        type("f-endpoint", receiver.url());
        new Select(browser.findElement(By.id("f-type"))).selectByValue("http");
        type("f-logRate", "-5");
        click(By.id("f-create"));
        // the browser's own check stops a negative rate; the server's checks show their reasons
        type("f-logRate", "5");
        type("f-duration", "999999999");
        click(By.id("f-create"));
        WebElement error = waitFor(b -> b.findElements(By.cssSelector("#messages [data-test=error]")).stream()
                .filter(message -> message.getText().contains("Creating failed")).findFirst().orElse(null));
        assertThat(error.getText()).contains("duration");
        assertThat(new Api(port).get("/tests/" + testID).status()).as("nothing was created").isEqualTo(404);
        screenshot("5-refused");

        type("f-duration", "30");
        String inAnHour = LocalDateTime.ofInstant(Instant.now().plus(Duration.ofHours(1)), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id("f-at")), inAnHour);
        click(By.id("f-schedule"));
        waitFor(b -> "Scheduled".equals(b.findElement(By.id("d-status")).getAttribute("data-status")) ? true : null);
        assertThat(new Api(port).get("/tests/" + testID).json().path("status").asString()).isEqualTo("Scheduled");
        waitFor(b -> b.findElement(By.id("live-state")).getText().contains("waiting") ? true : null);

        click(By.cssSelector("#d-actions button[data-action=cancel]"));
        waitFor(b -> "Cancelled".equals(b.findElement(By.id("d-status")).getAttribute("data-status")) ? true : null);
    }

    @Test
    void editingKeepsWhatTheFormDoesNotShowAndMoreSettingsTakesJson() {
        String testID = "ui-edit-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = new Api(port);
        assertThat(api.post("/create-test", Map.of("testID", testID, "logRate", 5, "duration", 60,
                "destination", Map.of("endpoint", receiver.url(), "apiKey", "dash-secret", "headers", Map.of("X-Team", "obs")),
                "thresholds", List.of(Map.of("metric", "errorRate", "max", 0.01)))).status()).isEqualTo(201);
        signIn();

        click(By.cssSelector("#tests tr[data-test-id='" + testID + "'] button[data-action=edit]"));
        waitFor(b -> b.findElement(By.id("f-extra")).getAttribute("value").contains("errorRate") ? true : null);
        type("f-logRate", "7");
        type("f-extra", "{\"thresholds\": [{\"metric\": \"errorRate\", \"max\": 0.01}], \"webhook\": {");
        click(By.id("f-create"));
        WebElement refused = waitFor(b -> b.findElements(By.cssSelector("#messages [data-test=error]")).stream()
                .filter(message -> message.getText().contains("More settings")).findFirst().orElse(null));
        assertThat(refused.getText()).contains("not valid JSON");

        type("f-extra", "{\"thresholds\": [{\"metric\": \"errorRate\", \"max\": 0.05}], \"webhook\": {\"url\": \""
                + receiver.url() + "/hook\"}}");
        click(By.id("f-start"));
        waitFor(b -> "Running".equals(b.findElement(By.id("d-status")).getAttribute("data-status")) ? true : null);
        screenshot("6-edited");

        TestSpec stored = tests.get(testID).spec();
        assertThat(stored.logRate()).isEqualTo(7.0);
        assertThat(stored.destination().apiKeyValue()).as("the stored apiKey, never shown to the page").isEqualTo("dash-secret");
        assertThat(((HttpOptions) stored.destination()).headerValues()).containsEntry("X-Team", "obs");
        assertThat(stored.thresholds()).singleElement().satisfies(t -> assertThat(t.max()).isEqualTo(0.05));
        assertThat(stored.webhook().url().value()).isEqualTo(receiver.url() + "/hook");
        api.post("/cancel-test", Map.of("testID", testID));
    }

    @Test
    void chartsTheWatchedEndpointsSeriesLiveAndInTheReport() {
        AtomicLong scrapes = new AtomicLong();
        // a collector's metrics page: its accepted count grows by 100 a scrape, its queue holds 7
        try (HttpSink collector = new HttpSink().answering(request -> new HttpSink.Answer(200, "text/plain; version=0.0.4",
                ("# TYPE otelcol_receiver_accepted_log_records_total counter\n"
                        + "otelcol_receiver_accepted_log_records_total{receiver=\"otlp\"} " + 100 * scrapes.incrementAndGet() + "\n"
                        + "# TYPE otelcol_exporter_queue_size gauge\notelcol_exporter_queue_size{exporter=\"otlp\"} 7\n")
                        .getBytes(StandardCharsets.UTF_8)))) {
            Api api = new Api(port);
            String testID = "ui-obs-" + UUID.randomUUID().toString().substring(0, 6);
            assertThat(api.post("/start-test", Map.of("testID", testID, "logRate", 20, "duration", 8,
                    "destination", Map.of("endpoint", receiver.url()),
                    "observe", List.of(Map.of("name", "collector", "url", collector.url() + "/metrics", "preset", "otelcol")))).status())
                    .isEqualTo(200);
            signIn();
            click(By.cssSelector("#tests tr[data-test-id='" + testID + "'] td button"));
            waitFor(b -> b.findElements(By.cssSelector("#live-charts [data-chart^='observed ']")).size() >= 2 ? true : null);
            assertThat(browser.findElements(By.cssSelector("#live-charts [data-chart^='observed ']")))
                    .extracting(element -> element.getAttribute("data-chart"))
                    .contains("observed otelcol_receiver_accepted_log_records_total", "observed otelcol_exporter_queue_size");
            waitFor(b -> b.findElement(By.id("live-state")).getText().contains("watching collector: ") ? true : null);
            screenshot("8-observed-live");

            Runs.awaitEnd(api, testID, Duration.ofSeconds(30));
            String dashboard = browser.getWindowHandle();
            click(By.cssSelector("#runs tr[data-run-id] button[data-action=report]"));
            String report = waitFor(b -> b.getWindowHandles().stream().filter(h -> !h.equals(dashboard)).findFirst().orElse(null));
            browser.switchTo().window(report);
            waitFor(b -> b.findElements(By.cssSelector("body[data-observed-charts]")).isEmpty() ? null : true);
            assertThat(browser.findElement(By.tagName("body")).getAttribute("data-observed-charts")).isEqualTo("2");
            assertThat(browser.findElement(By.id("observation")).getText()).contains("collector", collector.url() + "/metrics");
            screenshot("9-observed-report");
            browser.close();
            browser.switchTo().window(dashboard);
        }
    }

    @Test
    void picksRunsOfTwoTestsAndOpensTheirComparison() {
        Api api = new Api(port);
        String first = "ui-cmp-a-" + UUID.randomUUID().toString().substring(0, 6);
        String second = "ui-cmp-b-" + UUID.randomUUID().toString().substring(0, 6);
        for (String testID : List.of(first, second)) {
            assertThat(api.post("/start-test", Map.of("testID", testID, "logRate", testID.equals(first) ? 10 : 20, "duration", 2,
                    "destination", Map.of("endpoint", receiver.url()))).status()).isEqualTo(200);
        }
        Runs.awaitEnd(api, first, Duration.ofSeconds(30));
        Runs.awaitEnd(api, second, Duration.ofSeconds(30));
        signIn();

        for (String testID : List.of(first, second)) {
            click(By.cssSelector("#tests tr[data-test-id='" + testID + "'] td button"));
            waitFor(b -> b.findElements(By.cssSelector("#runs tr[data-run-id='" + testID + "-run-1']")).isEmpty() ? null : true);
            click(By.cssSelector("#runs tr[data-run-id='" + testID + "-run-1'] input[data-action=compare-pick]"));
        }
        assertThat(browser.findElement(By.id("compare-picked")).getText()).contains("2 picked", "baseline " + first + "/" + first + "-run-1");
        String dashboard = browser.getWindowHandle();
        click(By.id("compare-runs"));
        String comparison = waitFor(b -> b.getWindowHandles().stream().filter(h -> !h.equals(dashboard)).findFirst().orElse(null));
        browser.switchTo().window(comparison);
        waitFor(b -> b.findElements(By.cssSelector("#charts .uplot")).size() >= 2 ? true : null);
        assertThat(browser.getTitle()).isEqualTo("MoniFlux: 2 runs compared");
        assertThat(browser.findElement(By.cssSelector("#signals tr[data-run=B]")).getText()).contains("×2.000");
        screenshot("7-comparison");
        browser.close();
        browser.switchTo().window(dashboard);
    }

    private void signIn() {
        browser.get("http://127.0.0.1:" + port + "/");
        waitFor(b -> b.findElement(By.id("sign-in")).isDisplayed() ? true : null);
        type("token", "mfx_wrong-token-000000000000000000");
        click(By.cssSelector("#sign-in-form button"));
        waitFor(b -> b.findElements(By.cssSelector("#messages [data-test=error]")).isEmpty() ? null : true);
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        type("token", Api.ADMIN_TOKEN);
        click(By.cssSelector("#sign-in-form button"));
        waitFor(b -> b.findElement(By.id("app")).isDisplayed() ? true : null);
        waitFor(b -> new Select(b.findElement(By.id("f-type"))).getOptions().size() > 5 ? true : null);
    }

    private int chartedSeconds() {
        String value = browser.findElement(By.id("live-charts")).getAttribute("data-seconds");
        return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private String targetOf(String signal) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#live-numbers tr[data-signal=" + signal + "] td"));
        return cells.size() > 1 ? cells.get(1).getText() : "";
    }

    private void click(By by) {
        wait.until(b -> {
            WebElement element = b.findElement(by);
            return element.isDisplayed() && element.isEnabled() ? element : null;
        }).click();
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        return wait.until(b -> {
            T value = condition.apply(b);
            return value instanceof Boolean flag && !flag ? null : value;
        });
    }

    private void screenshot(String name) {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
