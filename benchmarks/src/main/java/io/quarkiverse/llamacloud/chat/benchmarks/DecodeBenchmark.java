package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.netty.buffer.ByteBuf;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.runtime.json.ChatEvents;
import io.quarkiverse.llamacloud.chat.runtime.json.LlamaCloudJson;
import io.quarkiverse.llamacloud.chat.runtime.sse.SseParser;
import io.vertx.core.buffer.Buffer;

/**
 * SSE body to {@link ChatEvent} records, without the network: the extension's parser and decoder (as
 * {@code TurnStream} calls them) against the raw client's splitter and Jackson alone on the same bytes.
 * <p>
 * Bodies: {@code agent-turn}, a turn recorded from the emulator's agent (thinking, tool call and result with
 * passages, text deltas, text, stop); {@code text-deltas}, 1,000 40-byte text deltas and a stop, as the throughput
 * benchmark streams them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {

    @Param({ "agent-turn", "text-deltas" })
    public String body;

    Buffer chunk;
    byte[] bytes;
    int[] dataOffsets;
    int[] dataLengths;
    private final JsonFactory factory = new JsonFactory();

    @Setup
    public void setUp() {
        bytes = body(body);
        chunk = Buffer.buffer(bytes);
        List<int[]> data = new ArrayList<>();
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        if (text.length() != bytes.length) {
            throw new IllegalStateException("the bodies are ASCII");
        }
        int at = 0;
        while ((at = text.indexOf("data: ", at)) >= 0) {
            int end = text.indexOf('\n', at);
            data.add(new int[] { at + 6, end - at - 6 });
            at = end;
        }
        dataOffsets = data.stream().mapToInt(d -> d[0]).toArray();
        dataLengths = data.stream().mapToInt(d -> d[1]).toArray();
    }

    static byte[] body(String name) {
        if (name.equals("agent-turn")) {
            try (InputStream in = DecodeBenchmark.class.getResourceAsStream("/recorded-turn.txt")) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return BenchBytes.body(1000, 40);
    }

    static int events(String name) {
        String text = new String(body(name), java.nio.charset.StandardCharsets.UTF_8);
        return text.split("\ndata: ", -1).length - 1 + (text.startsWith("data: ") ? 1 : 0);
    }

    /**
     * As {@code TurnStream.decode} and {@code onEvent}: the parser reads the chunk's own array, hands each event's
     * data as bytes, and {@link ChatEvents#decode(byte[], int, int)} makes the record.
     */
    @Benchmark
    @SuppressWarnings("deprecation")
    public void ours(Blackhole blackhole) {
        SseParser parser = new SseParser((eventType, data, length) -> {
            try {
                blackhole.consume(ChatEvents.decode(data, 0, length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 8 * 1024 * 1024);
        ByteBuf buf = chunk.getByteBuf();
        parser.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
    }

    /** The raw client's decoder: copy the chunk once, split lines on bytes, Jackson from bytes, records. */
    @Benchmark
    public void raw(Blackhole blackhole) {
        RawSseDecoder decoder = new RawSseDecoder(new BenchClient.Sink() {
            @Override
            public void onEvent(ChatEvent event) {
                blackhole.consume(event);
            }

            @Override
            public void onError(Throwable failure) {
                throw new IllegalStateException(failure);
            }

            @Override
            public void onEnd() {
            }
        });
        decoder.feed(chunk);
    }

    /** Jackson alone: readTree of each event's JSON, from the bytes, already split. */
    @Benchmark
    public void jacksonTree(Blackhole blackhole) throws IOException {
        for (int i = 0; i < dataOffsets.length; i++) {
            blackhole.consume(LlamaCloudJson.mapper().readTree(bytes, dataOffsets[i], dataLengths[i]));
        }
    }

    /** Jackson's tokenizer alone over each event's JSON (no tree, strings not materialized). */
    @Benchmark
    public void jacksonTokens(Blackhole blackhole) throws IOException {
        for (int i = 0; i < dataOffsets.length; i++) {
            try (JsonParser parser = factory.createParser(bytes, dataOffsets[i], dataLengths[i])) {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    blackhole.consume(token);
                }
            }
        }
    }
}
