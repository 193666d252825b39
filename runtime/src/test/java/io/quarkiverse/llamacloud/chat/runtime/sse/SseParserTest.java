package io.quarkiverse.llamacloud.chat.runtime.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The parser against the WHATWG rules for interpreting an event stream, with the input split at every byte.
 */
class SseParserTest {

    /** What the listener saw, one string per event. */
    private static final class Recorder implements SseParser.Listener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEvent(String eventType, byte[] data, int length) {
            seen.add(eventType + "|" + new String(data, 0, length, StandardCharsets.UTF_8));
        }
    }

    private static List<String> parse(String body, int... splits) {
        return parse(body.getBytes(StandardCharsets.UTF_8), splits);
    }

    private static List<String> parse(byte[] bytes, int... splits) {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder, 1 << 20);
        int from = 0;
        for (int split : splits) {
            parser.feed(bytes, from, split - from);
            from = split;
        }
        parser.feed(bytes, from, bytes.length - from);
        parser.finish();
        return recorder.seen;
    }

    @Test
    void namedEventsAndDataAreDispatchedOnABlankLine() {
        assertThat(parse("event: delta\ndata: {\"type\":\"text_delta\"}\n\nevent: message\ndata: {\"type\":\"stop\"}\n\n"))
                .containsExactly("delta|{\"type\":\"text_delta\"}", "message|{\"type\":\"stop\"}");
    }

    @Test
    void anEventWithoutANameIsAMessage() {
        assertThat(parse("data: x\n\n")).containsExactly("message|x");
    }

    @Test
    void multipleDataLinesAreJoinedWithNewlines() {
        assertThat(parse("data: a\ndata:b\ndata:  c\ndata\n\n")).containsExactly("message|a\nb\n c\n");
    }

    @Test
    void crLfAndCrlfLineEndsAreAllAccepted() {
        assertThat(parse("data: a\r\rdata: b\r\n\r\ndata: c\n\ndata: d\r\n\n"))
                .containsExactly("message|a", "message|b", "message|c", "message|d");
    }

    @Test
    void commentsAreNotEvents() {
        assertThat(parse(": keep-alive\n\n:\ndata: x\n: inside\n\n")).containsExactly("message|x");
    }

    @Test
    void aLeadingByteOrderMarkIsSkippedOnlyAtTheStart() {
        assertThat(parse("\uFEFFdata: x\n\ndata: \uFEFFy\n\n")).containsExactly("message|x", "message|\uFEFFy");
    }

    @Test
    void bytesThatOnlyStartLikeABomAreContent() {
        byte[] bytes = { (byte) 0xEF, 'd', 'a', 't', 'a', ':', 'x', '\n', '\n' };
        assertThat(parse(bytes)).isEmpty(); // the field is "\uFFFDdata", unknown, so no data
        assertThat(parse(new byte[] { (byte) 0xEF, (byte) 0xBB, '\n', 'd', 'a', 't', 'a', ':', 'x', '\n', '\n' }))
                .containsExactly("message|x");
    }

    @Test
    void idAndRetryAreIgnoredByAClientThatNeverReconnects() {
        assertThat(parse("id: 7\ndata: a\n\nretry: 1500\nid: 8\u0000\ndata: b\n\nid\ndata: c\n\n"))
                .containsExactly("message|a", "message|b", "message|c");
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValueAndUnknownFieldsAreIgnored() {
        assertThat(parse("event\ndata\n\nfoo: bar\ndata: x\n\n")).containsExactly("message|", "message|x");
    }

    @Test
    void eventsWithoutDataAreNotDispatchedAndDoNotLeakTheirName() {
        assertThat(parse("event: delta\n\ndata: x\n\n")).containsExactly("message|x");
    }

    @Test
    void anIncompleteEventAtTheEndIsDiscarded() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder, 1024);
        parser.feed("data: complete\n\ndata: partial\n".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.finish()).isTrue();
        assertThat(recorder.seen).containsExactly("message|complete");
    }

    @Test
    void everySplitOfTheInputGivesTheSameEvents() {
        String body = "\uFEFF: hi\r\nevent: delta\r\ndata: {\"content\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE80\"}\r\n\r\n"
                + "data: line1\rdata: line2\r\rid: 42\ndata: \u00e9\n\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> expected = parse(bytes);
        assertThat(expected).containsExactly("delta|{\"content\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE80\"}",
                "message|line1\nline2", "message|\u00e9");
        for (int split = 1; split < bytes.length; split++) {
            assertThat(parse(bytes, split)).as("split at %d", split).isEqualTo(expected);
        }
        int[] everyByte = new int[bytes.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(parse(bytes, everyByte)).isEqualTo(expected);
    }

    @Test
    void anEventLargerThanTheLimitFailsInsteadOfGrowing() {
        SseParser parser = new SseParser(new Recorder(), 1000);
        parser.feed(("data: " + "x".repeat(500) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> parser.feed(("data: " + "y".repeat(600) + "\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SseParser.EventTooLargeException.class).hasMessageContaining("1000");
    }

    @Test
    void anEndlessLineFailsAtTheLimit() {
        SseParser parser = new SseParser(new Recorder(), 4096);
        byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                parser.feed(chunk);
            }
        }).isInstanceOf(SseParser.EventTooLargeException.class);
    }

    @Test
    void theLimitAppliesPerEventNotPerStream() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder, 100);
        for (int i = 0; i < 1000; i++) {
            parser.feed(("data: " + "z".repeat(50) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(recorder.seen).hasSize(1000);
    }

    @Test
    void eventNamesAreReadAfreshForEveryEvent() {
        assertThat(parse("event: delta\ndata: 1\n\nevent: delta2\ndata: 2\n\nevent: delt\ndata: 3\n\n"
                + "event: delta\ndata: 4\n\ndata: 5\n\nevent: d\u00e9lta\ndata: 6\n\n"))
                .containsExactly("delta|1", "delta2|2", "delt|3", "delta|4", "message|5", "d\u00e9lta|6");
    }

    @Test
    void dataLinesFedOneByteAtATimeAreJoinedAsUtf8() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder, 1 << 20);
        byte[] body = "id: 7\nevent: delta\ndata: {\"a\":\"\u00fc\"}\ndata: second line\n\ndata: x\n\n"
                .getBytes(StandardCharsets.UTF_8);
        for (byte b : body) {
            parser.feed(new byte[] { b });
        }
        assertThat(recorder.seen).containsExactly("delta|{\"a\":\"\u00fc\"}\nsecond line", "message|x");
    }

    @Test
    void dataIsKeptWhenTheChunkIsReusedBeforeTheEventEnds() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder, 1 << 20);
        byte[] chunk = "event: delta\ndata: {\"type\":\"text_delta\"}\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(chunk);
        java.util.Arrays.fill(chunk, (byte) 'X'); // as a transport reusing its buffer
        parser.feed("\ndata: next\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(recorder.seen).containsExactly("delta|{\"type\":\"text_delta\"}", "message|next");
    }
}
