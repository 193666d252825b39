package io.quarkiverse.llamacloud.chat.deployment.devui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The machine's headless Chromium, driven through its chromedriver, with helpers that see into the Dev UI's shadow
 * roots (every Dev UI page is a web component inside others).
 * <p>
 * Nothing is downloaded: the browser and driver are the system's (Debian's {@code chromium} and
 * {@code chromium-driver}), or those named by {@code -Dchromium.binary} and {@code -Dwebdriver.chrome.driver}.
 */
final class Browser implements AutoCloseable {

    static final String INSTALL_HINT = "This test drives a real headless Chromium and none was found. Install it with "
            + "'apt-get install -y chromium chromium-driver' (Debian), or point -Dchromium.binary and "
            + "-Dwebdriver.chrome.driver at a Chromium and its matching chromedriver. Under CI=true it fails instead.";

    /**
     * Finds every element matching a selector, in the document and in every open shadow root. {@code " >> "} scopes
     * it: {@code "qwc-llamacloud-chat >> #prompt"} is a {@code #prompt} inside a Chat page (CSS alone cannot cross
     * a shadow root's boundary).
     */
    private static final String DEEP_ALL = """
            let roots = [document];
            let found = [];
            for (const part of arguments[0].split(' >> ')) {
                found = [];
                const visit = root => {
                    root.querySelectorAll(part).forEach(element => found.push(element));
                    root.querySelectorAll('*').forEach(element => { if (element.shadowRoot) visit(element.shadowRoot); });
                };
                roots.forEach(root => {
                    if (root.shadowRoot) visit(root.shadowRoot);
                    visit(root);
                });
                roots = found;
            }
            return [...new Set(found)];
            """;

    /** The text of a node with that of the shadow roots inside it, as a reader sees it. */
    private static final String DEEP_TEXT = """
            const text = node => {
                let result = node.shadowRoot ? text(node.shadowRoot) : '';
                node.childNodes.forEach(child => {
                    result += child.nodeType === Node.TEXT_NODE ? child.textContent : text(child);
                });
                return result;
            };
            return text(arguments[0]);
            """;

    /** The page's markup with that of every shadow root. */
    private static final String DEEP_MARKUP = """
            const markup = [document.documentElement.outerHTML];
            const visit = root => root.querySelectorAll('*').forEach(element => {
                if (element.shadowRoot) {
                    markup.push(element.shadowRoot.innerHTML);
                    visit(element.shadowRoot);
                }
            });
            visit(document);
            return markup.join('\\n');
            """;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * @return the running browser; the test is skipped (or, under {@code CI=true}, fails) when none is installed
     */
    static Browser start() {
        assumeInstalled();
        Optional<String> chromium = chromium();
        Optional<String> chromedriver = chromedriver();
        try {
            Path profile = Files.createTempDirectory("devui-chromium-");
            ChromeOptions options = new ChromeOptions().setBinary(chromium.get()).addArguments(
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1400,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver.get())).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Skips the test, with what to install, when there is no Chromium or chromedriver; under {@code CI=true} fails
     * it instead. The hint also goes to the console, where a skip's reason is otherwise not shown.
     */
    static void assumeInstalled() {
        if (chromium().isEmpty() || chromedriver().isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(INSTALL_HINT);
            }
            System.err.println("[DevUiBrowserTest skipped] " + INSTALL_HINT);
            Assumptions.abort(INSTALL_HINT);
        }
    }

    private static Optional<String> chromium() {
        return executable("chromium.binary", "chromium", "chromium-browser", "google-chrome");
    }

    private static Optional<String> chromedriver() {
        return executable("webdriver.chrome.driver", "chromedriver");
    }

    private static Optional<String> executable(String property, String... names) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured).filter(path -> new File(path).canExecute());
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String name : names) {
            for (String directory : path.split(File.pathSeparator)) {
                File candidate = new File(directory, name);
                if (candidate.isFile() && candidate.canExecute()) {
                    return Optional.of(candidate.getAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    WebDriver driver() {
        return driver;
    }

    /** @return every element matching the selector, in the page and in every shadow root */
    @SuppressWarnings("unchecked")
    List<WebElement> all(String selector) {
        Object found = ((JavascriptExecutor) driver).executeScript(DEEP_ALL, selector);
        return found == null ? List.of() : new ArrayList<>((List<WebElement>) found);
    }

    /** @return the last element matching the selector once one exists (the newest turn's, on the Chat page) */
    WebElement last(String selector) {
        return await("an element matching " + selector, browser -> {
            List<WebElement> found = all(selector);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        });
    }

    /**
     * Clicks with the mouse, at the element's centre. (WebDriver's element click fails on elements inside shadow
     * roots with chromedriver 156: its atom finds no window for them.)
     */
    void click(WebElement element) {
        new Actions(driver).moveToElement(element).click().perform();
    }

    /** Clicks the last element matching the selector, once there is one. */
    void click(String selector) {
        click(last(selector));
    }

    /** Types into a field as the keyboard does, after clicking into it. */
    void type(String selector, String text) {
        WebElement field = last(selector);
        click(field);
        new Actions(driver).sendKeys(field, text).perform();
    }

    /** @return the element's text, that of the shadow roots inside it included */
    String text(WebElement element) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(DEEP_TEXT, element));
    }

    /** @return the markup of the whole page, every shadow root included */
    String markup() {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(DEEP_MARKUP));
    }

    /** @return the value of a Vaadin field or a native input */
    String value(WebElement element) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript("return arguments[0].value;", element));
    }

    /** Waits until the last element matching the selector has a text containing every one of the fragments. */
    WebElement awaitText(String selector, String... fragments) {
        return await(selector + " showing " + String.join(", ", fragments), browser -> {
            List<WebElement> found = all(selector);
            if (found.isEmpty()) {
                return null;
            }
            WebElement element = found.get(found.size() - 1);
            String text = text(element);
            return Stream.of(fragments).allMatch(text::contains) ? element : null;
        });
    }

    /**
     * @param what what is awaited, for the failure message
     * @param condition returns a non-null, non-false value once the page shows what is awaited
     * @return that value
     */
    <T> T await(String what, Function<Browser, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(45), Duration.ofMillis(100))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(ignored -> {
                        T value = condition.apply(this);
                        return Boolean.FALSE.equals(value) ? null : value;
                    });
        } catch (TimeoutException e) {
            Path shot = screenshot("failure");
            throw new AssertionError("The page did not show " + what + " within 45 s (see " + shot + "); it shows:\n"
                    + text(driver.findElement(org.openqa.selenium.By.tagName("body"))), e);
        }
    }

    /** Closes the Dev UI's toasts (Quarkus's own, such as its extension catalogue being offline) before a screenshot. */
    void dismissToasts() {
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('vaadin-notification-card').forEach(card => card.remove());");
    }

    /** Saves what the browser shows as a PNG under {@code target/devui-screenshots}. */
    Path screenshot(String name) {
        dismissToasts();
        try {
            Path directory = Path.of("target", "devui-screenshots");
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A profile left in the temporary directory is harmless.
            }
        }
    }
}
