package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Many streams at once, and many cancelled streams: nothing lost, doubled or leaked. */
class ConcurrencyTest extends EmulatorTestBase {

    @Test
    void concurrentStreamsAreIdenticalAndSomeFaulted() {
        int streams = 200;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            ids.add(client.createSession("[\"demo-index\"]"));
        }
        List<String> expected = client.stream(client.createSession("[\"demo-index\"]"), StreamTest.Q3).events()
                .stream().map(SseEvent::type).collect(Collectors.toList());
        emulator.faults().failNext(streams / 10, 400);

        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (String id : ids) {
            HttpRequest request = client.request("POST", "/api/v1/chat/" + id + "/messages/stream",
                    client.turnBody(id, StreamTest.Q3)).header("Authorization", "Bearer " + client.apiKey)
                    .build();
            futures.add(client.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = futures.stream().map(CompletableFuture::join)
                .collect(Collectors.toList());

        assertThat(responses).filteredOn(r -> r.statusCode() == 400).hasSize(streams / 10);
        List<HttpResponse<String>> ok = responses.stream().filter(r -> r.statusCode() == 200)
                .collect(Collectors.toList());
        assertThat(ok).hasSize(streams - streams / 10);
        assertThat(ok).allSatisfy(response -> {
            List<SseEvent> events = Sse.parse(response.body()).events();
            assertThat(events.stream().map(SseEvent::type).collect(Collectors.toList())).isEqualTo(expected);
            assertThat(StreamTest.concat(events, "text_delta"))
                    .isEqualTo(StreamTest.single(events, "text").get("content").asText());
        });
        assertThat(emulator.stats().streamsStarted()).isEqualTo(streams - streams / 10 + 1);
        await("streams to end", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
    }

    @Test
    void cancelsAfterTheFirstEventLeakNoStream() throws Exception {
        String id = client.createSession("[\"demo-index\"]");
        emulator.faults().eventDelay(Duration.ofMillis(20));
        for (int i = 0; i < 100; i++) {
            HttpResponse<InputStream> response = client.openStream(id, StreamTest.Q3);
            InputStream body = response.body();
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("data:")) {
                // up to the first event
            }
            assertThat(line).startsWith("data:");
            body.close();
        }
        assertThat(emulator.stats().streamsStarted()).isEqualTo(100);
        await("every stream to be closed", Duration.ofSeconds(10), () -> emulator.stats().openStreams() == 0);
    }
}
