package io.quarkiverse.llamacloud.chat.deployment.devui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI pages in a real headless Chromium, as a developer uses them in {@code quarkus dev}: from the Dev UI's
 * extension card to the Chat page, a turn against the emulator streamed to the answer and its usage line, a 503
 * injected from the Emulator page (in a second tab) shown as the typed error, a slowed turn cancelled, and the
 * Sessions page with the session's history and a confirmed deletion. Screenshots go to
 * {@code target/devui-screenshots}.
 * <p>
 * Skipped when no Chromium is installed, with what to install; under {@code CI=true} it fails instead, so CI
 * always runs it.
 */
public class DevUiBrowserTest {

    static final String Q3 = "What were the main findings in Q3?";
    static final String API_KEY = "llx-emulator";

    @RegisterExtension
    static final QuarkusDevModeTest dev = DevModeApp.create();

    @Test
    void chatSessionsAndEmulatorPagesInABrowser() {
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            String devUi = "http://localhost:" + DevModeApp.port(dev) + "/q/dev-ui";

            driver.get(devUi + "/extensions");
            browser.last("qwc-extension-link[webcomponenttagname='qwc-llamacloud-emulator'] >> a");
            browser.screenshot("extension-card");
            browser.click("qwc-extension-link[webcomponenttagname='qwc-llamacloud-chat'] >> a");

            // The Emulator page's index is suggested, so that a first prompt retrieves something.
            WebElement indexIds = browser.last("qwc-llamacloud-chat >> #index-ids");
            browser.await("the emulator's index suggested", b -> b.value(indexIds).equals("demo-index"));
            browser.type("qwc-llamacloud-chat >> #prompt textarea", Q3);
            browser.click("qwc-llamacloud-chat >> #send");

            WebElement usage = browser.awaitText(".usage", "output tokens", "1 turn", "first event after");
            assertThat(browser.text(usage)).matches(".*[1-9]\\d* input tokens · [1-9]\\d* output tokens · 1 turn · .*");
            assertThat(browser.text(browser.last(".answer"))).contains("[q3-results]", "48.2M");
            assertThat(browser.text(browser.last(".thinking"))).contains("demo-index");
            assertThat(browser.text(browser.last(".tool"))).contains("retrieve", "call-1", "3 results", "page-1.png");
            assertThat(browser.text(browser.last(".user"))).isEqualTo(Q3);
            assertThat(browser.all(".error")).isEmpty();
            browser.screenshot("chat");

            // The tool call opens to its arguments and its result, as JSON.
            browser.click("qwc-llamacloud-turn >> .tool summary");
            browser.awaitText("qwc-llamacloud-turn >> .tool pre.arguments", "\"query\": \"" + Q3 + "\"", "demo-index");
            assertThat(browser.last("qwc-llamacloud-turn >> .tool pre.result").isDisplayed()).isTrue();
            assertThat(browser.text(browser.last("qwc-llamacloud-turn >> .tool pre.result")))
                    .contains("\"document_id\": \"q3-results\"", "\"score\"");
            String session = browser.value(browser.last("qwc-llamacloud-chat >> #session"));
            assertThat(session).startsWith("ses-");
            browser.screenshot("chat-tool-call");

            // The fault is set from the Emulator page in a second tab, closed before the next turn: Quarkus 3.34's Dev
            // UI cancels a subscription of one tab when another tab sends a request with the same message number.
            String chatTab = driver.getWindowHandle();
            driver.switchTo().newWindow(WindowType.TAB).get(devUi + "/quarkus-llamacloud-chat/emulator");
            browser.awaitText("qwc-llamacloud-emulator >> #base-url", "http://127.0.0.1:");
            browser.awaitText("qwc-llamacloud-emulator >> #counter-streamsStarted", "1");
            // Nine: the turn's 3 POSTs, and between them the 2 history reads (3 attempts each) that tell a gateway's
            // 503 from the service's.
            browser.type("qwc-llamacloud-emulator >> #fail-next-count input", Keys.END + "" + Keys.BACK_SPACE + "9");
            browser.click("qwc-llamacloud-emulator >> #apply-fail-next");
            browser.awaitText("qwc-llamacloud-emulator >> #in-force", "The next 9 request(s) answer HTTP 503");
            browser.screenshot("emulator-fault");
            driver.close();
            driver.switchTo().window(chatTab);

            browser.type("qwc-llamacloud-chat >> #prompt textarea", "And in Q4?");
            browser.click("qwc-llamacloud-chat >> #send");
            WebElement error = browser.awaitText(".error", "LlamaCloudServerException", "HTTP 503", "request id req-",
                    "3 attempts");
            assertThat(browser.text(error)).contains("Service Unavailable (emulated fault)");
            assertThat(browser.all(".usage")).as("usage lines: only the first turn's").hasSize(1);
            browser.screenshot("chat-error");

            // The refused attempts and reads used the fault up, and the counters show the application's requests.
            browser.click("qwc-extension-link[webcomponenttagname='qwc-llamacloud-emulator'] >> a");
            browser.awaitText("qwc-llamacloud-emulator >> #in-force", "No fault is in force");
            browser.await("the requests counted", b -> Integer.parseInt(b.text(b.last(
                    "qwc-llamacloud-emulator >> #counter-requests")).trim()) >= 5);
            assertThat(browser.text(browser.last("qwc-llamacloud-emulator >> #counter-streamsStarted")).trim())
                    .isEqualTo("1");
            browser.screenshot("emulator");

            // A slow turn, cancelled from the Chat page: the stream closes at once.
            browser.click("qwc-llamacloud-emulator >> #apply-event-delay");
            browser.awaitText("qwc-llamacloud-emulator >> #in-force", "200 ms between events");
            browser.click("qwc-extension-link[webcomponenttagname='qwc-llamacloud-chat'] >> a");
            browser.awaitText("qwc-llamacloud-chat >> #conversation", "[q3-results]");
            browser.type("qwc-llamacloud-chat >> #prompt textarea", "Who approved the buyback?");
            browser.click("qwc-llamacloud-chat >> #send");
            browser.await("the slow turn's first event", b -> b.all(".thinking").size() >= 2);
            browser.click("qwc-llamacloud-chat >> #cancel");
            browser.awaitText(".cancelled", "Cancelled");
            assertThat(browser.all(".usage")).as("usage lines: the cancelled turn has none").hasSize(1);
            browser.click("qwc-extension-link[webcomponenttagname='qwc-llamacloud-emulator'] >> a");
            browser.awaitText("qwc-llamacloud-emulator >> #counter-streamsStarted", "2");
            browser.awaitText("qwc-llamacloud-emulator >> #counter-openStreams", "0");
            browser.click("qwc-llamacloud-emulator >> #clear-faults");
            browser.awaitText("qwc-llamacloud-emulator >> #in-force", "No fault is in force");

            browser.click("qwc-extension-link[webcomponenttagname='qwc-llamacloud-sessions'] >> a");
            WebElement row = browser.last("qwc-llamacloud-sessions >> tr[data-session-id='" + session + "']");
            assertThat(browser.text(row)).contains(Q3, "demo-index", "out tokens");
            browser.click(row.findElement(By.cssSelector("vaadin-button.open")));
            browser.awaitText("qwc-llamacloud-sessions >> #history", Q3, "[q3-results]", "output tokens");
            // The refused turn never reached the service; the cancelled one keeps what had been sent.
            assertThat(browser.all("qwc-llamacloud-sessions >> #history >> .user")).extracting(browser::text)
                    .containsExactly(Q3, "Who approved the buyback?");
            browser.screenshot("sessions");

            assertThat(browser.markup()).as("the page, shadow roots included").doesNotContain(API_KEY);

            browser.click(row.findElement(By.cssSelector("vaadin-button.delete")));
            browser.awaitText("qwc-llamacloud-sessions >> vaadin-confirm-dialog", "cannot be undone");
            browser.screenshot("sessions-delete");
            browser.click("qwc-llamacloud-sessions >> vaadin-confirm-dialog >> vaadin-button[slot='confirm-button']");
            browser.await("the deleted session gone from the table",
                    b -> b.all("qwc-llamacloud-sessions >> tr[data-session-id='" + session + "']").isEmpty());
            browser.awaitText("qwc-llamacloud-sessions >> #sessions", "No session in this project.");
        }
    }

}
