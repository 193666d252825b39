package io.quarkiverse.llamacloud.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The quick start's relay, as a browser's EventSource meets it, against the emulator that Dev Services start.
 */
@QuarkusTest
class ChatResourceTest {

    private static final String Q3 = "What were the main findings in Q3?";

    @TestHTTPResource("/chat")
    URI chatUri;

    @TestHTTPResource("/")
    URI root;

    @ConfigProperty(name = "quarkus.llamacloud.base-url")
    String llamaCloud;

    @Inject
    ChatSessions chat;

    EmulatorClient emulator;
    final List<LogRecord> problems = new CopyOnWriteArrayList<>();
    final Handler problemCollector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(llamaCloud).reset();
        Logger.getLogger("").addHandler(problemCollector);
    }

    @AfterEach
    void stopCollecting() {
        Logger.getLogger("").removeHandler(problemCollector);
    }

    @Test
    void streamsTheAnswerAsNamedEventsAndEndsWithDone() throws Exception {
        SseEvents.Received stream = SseEvents.get(ask(Q3, null));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.names()).last().isEqualTo("done");
        assertThat(stream.names().subList(0, stream.names().size() - 1)).isNotEmpty().containsOnly("answer");
        assertThat(stream.json("answer", "text")).startsWith("Here is what I found.").contains("revenue growth of 12%");
        assertThat(stream.json("done", "session")).matches("ses-[a-z0-9]{20}");
        assertThat(problems).isEmpty();
    }

    @Test
    void aFollowUpQuestionContinuesTheSession() throws Exception {
        String session = SseEvents.get(ask(Q3, null)).json("done", "session");
        SseEvents.Received followUp = SseEvents.get(ask("And the risks?", session));

        assertThat(followUp.json("done", "session")).isEqualTo(session);
        List<ChatEvent> history = chat.get(session).await().atMost(Duration.ofSeconds(10)).events();
        assertThat(history).filteredOn(ChatEvent.UserInput.class::isInstance).hasSize(2);
    }

    @Test
    void keepsNewLinesAndLeadingSpacesOfTheAnswer() throws Exception {
        emulator.scriptReply("Two lines?", "{\"type\":\"text_delta\",\"content\":\"First line\"}",
                "{\"type\":\"text_delta\",\"content\":\"\\nsecond line,\"}",
                "{\"type\":\"text_delta\",\"content\":\" and a space\"}");

        assertThat(SseEvents.get(ask("Two lines?", null)).json("answer", "text"))
                .isEqualTo("First line\nsecond line, and a space");
    }

    @Test
    void aFailureBeforeTheFirstEventIsAFailedEventNotACutStream() throws Exception {
        // A 503 on creating the session is not retried (the session may exist): the relay fails at once.
        emulator.failNext(1, 503, Map.of());

        SseEvents.Received stream = SseEvents.get(ask(Q3, null));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.names()).containsExactly("failed");
        assertThat(stream.json("failed", "message")).startsWith("LlamaCloud answered HTTP 503");
        assertThat(problems).extracting(LogRecord::getMessage).anyMatch(message -> message.contains("Chat turn failed"));
    }

    @Test
    void aTurnTheServiceFailsEndsWithAFailedEvent() throws Exception {
        emulator.failTurn("Model overloaded");

        SseEvents.Received stream = SseEvents.get(ask(Q3, null));

        assertThat(stream.names()).last().isEqualTo("failed");
        assertThat(stream.names()).doesNotContain("done");
        assertThat(stream.json("failed", "message")).contains("Model overloaded");
    }

    @Test
    void aMissingQuestionIsABadRequest() throws Exception {
        HttpResponse<String> response = SseEvents.HTTP.send(
                HttpRequest.newBuilder(chatUri).build(),
                HttpResponse.BodyHandlers.ofString());
        // Not 200: EventSource does not reconnect after an error status.
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void servesThePage() throws Exception {
        HttpResponse<String> response = SseEvents.HTTP.send(
                HttpRequest.newBuilder(root).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("new EventSource(url)", "addEventListener('answer'", "addEventListener('done'",
                "addEventListener('failed'", "source.close()");
    }

    @Test
    void aBrowserThatGoesAwayStopsTheTurnWithoutAnError() throws Exception {
        // A page closed mid-answer, ten times: the relay writes events every few milliseconds, so some writes meet
        // the closed connection before the server has noticed the close.
        emulator.eventDelay(Duration.ofMillis(3));
        int tabs = 10;
        for (int i = 0; i < tabs; i++) {
            try (Socket socket = new Socket(chatUri.getHost(), chatUri.getPort())) {
                socket.setSoTimeout(20_000);
                // The connection is reset (RST) on close, as when a browser drops it with data still unread.
                socket.setSoLinger(true, 0);
                OutputStream out = socket.getOutputStream();
                URI uri = ask(Q3, null);
                out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                readUntil(socket.getInputStream(), "event:answer", "event: answer");
            }
        }
        // The browser is gone: the relay cancels the turn, which closes the connection to LlamaCloud.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (emulator.stats().openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(emulator.stats().openStreams()).isZero();
        assertThat(emulator.stats().streamsStarted()).isEqualTo(tabs);
        assertThat(problems).extracting(record -> record.getLoggerName() + ": " + record.getMessage()
                + (record.getThrown() == null ? "" : " " + record.getThrown())).isEmpty();
    }

    private URI ask(String question, String session) {
        String query = "question=" + URLEncoder.encode(question, StandardCharsets.UTF_8)
                + (session == null ? "" : "&session=" + URLEncoder.encode(session, StandardCharsets.UTF_8));
        return URI.create(chatUri + "?" + query);
    }

    private static void readUntil(InputStream in, String... markers) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (true) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new AssertionError("The stream ended before an answer event: " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            for (String marker : markers) {
                if (seen.indexOf(marker) >= 0) {
                    return;
                }
            }
        }
    }
}
