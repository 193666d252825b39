package io.quarkiverse.llamacloud.chat.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/**
 * Decoding events from bytes, as the stream does, gives exactly what decoding their text gives.
 */
class ChatEventsTest {

    private static ChatEvent fromBytes(String json) throws IOException {
        byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return ChatEvents.decode(bytes, 2, bytes.length - 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"text_delta\",\"content\":\"Q3 revenue grew\"}",
            "{\"content\":\"content before type\",\"type\":\"thinking_delta\"}",
            "{\"type\":\"text_delta\",\"content\":null}",
            "{\"type\":\"text_delta\"}",
            "{\"type\":\"text_delta\",\"content\":\"escapes \\\"\\n\\u00e9 and ünïcödé 📈\"}",
            "{\"type\":\"text_delta\",\"content\":\"first\",\"content\":\"last wins\"}",
            "{\"type\":\"text_delta\",\"content\":42}",
            "{\"type\":\"text_delta\",\"content\":{\"nested\":true}}",
            "{\"type\":\"text_delta\",\"content\":\"x\",\"extra\":[1,2]}",
            "{\"type\":\"text\",\"content\":\"done\"}",
            "{\"type\":\"thinking\",\"content\":\"hmm\"}",
            "{\"type\":\"user_input\",\"content\":\"hi\"}",
            "{\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":{\"query\":\"q3\"}}",
            "{\"type\":\"stop\",\"is_error\":false,\"usage\":{\"duration_ms\":1.5,\"total_input_tokens\":3,"
                    + "\"total_output_tokens\":4,\"turns\":1},\"skipped_index_ids\":[\"a\"]}",
            "{\"type\":\"brand_new_event\",\"content\":\"kept raw\"}",
            "{\"type\":7,\"content\":\"x\"}",
            "{\"content\":\"no type\"}",
            "{}" })
    void bytesDecodeExactlyAsText(String json) throws IOException {
        assertThat(fromBytes(json)).isEqualTo(ChatEvents.decode(json)).isNotNull();
    }

    @Test
    void toolCallArgumentsAreTheTreeAsSentAndAnEmptyObjectWhenAbsent() throws IOException {
        ChatEvent.ToolCall nested = (ChatEvent.ToolCall) fromBytes("{\"type\":\"tool_call\",\"call_id\":\"c1\","
                + "\"name\":\"search\",\"arguments\":{\"filters\":{\"year\":2024},\"top_k\":12345678901234}}");
        assertThat(nested.arguments().path("filters").path("year").asInt()).isEqualTo(2024);
        assertThat(nested.arguments().path("top_k").asLong()).isEqualTo(12345678901234L);
        for (String absent : new String[] { "", ",\"arguments\":null" }) {
            ChatEvent.ToolCall call = (ChatEvent.ToolCall) fromBytes(
                    "{\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\"" + absent + "}");
            assertThat(call.arguments().isObject()).isTrue();
            assertThat(call.arguments().isEmpty()).isTrue();
        }
        ChatEvent.ToolCall text = (ChatEvent.ToolCall) fromBytes(
                "{\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":\"q=Q3\"}");
        assertThat(text.arguments().asText()).isEqualTo("q=Q3");
    }

    @Test
    void deltasBecomeTheirRecords() throws IOException {
        assertThat(fromBytes("{\"type\":\"text_delta\",\"content\":\"Q3\"}")).isEqualTo(new ChatEvent.TextDelta("Q3"));
        assertThat(fromBytes("{\"type\":\"thinking_delta\",\"content\":\"hm\"}"))
                .isEqualTo(new ChatEvent.ThinkingDelta("hm"));
        assertThat(fromBytes("{\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":{\"q\":1}}"))
                .isEqualTo(new ChatEvent.ToolCall("c1", "search", JsonNodeFactory.instance.objectNode().put("q", 1)));
    }

    @Test
    void invalidUtf8InsideAStringIsReplacedAsTheEventStreamSpecificationSays() throws IOException {
        byte[] bytes = { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', 't', 'e', 'x', 't', '_', 'd', 'e', 'l', 't', 'a', '"',
                ',', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', 'a', (byte) 0xC3, '"', '}' };
        assertThat(ChatEvents.decode(bytes, 0, bytes.length)).isEqualTo(new ChatEvent.TextDelta("a\uFFFD"));
    }

    static Stream<Arguments> bytesThatAreNotPlainUtf8() {
        byte[] utf16 = "{\"type\":\"text_delta\",\"content\":\"x\"}".getBytes(StandardCharsets.UTF_16LE);
        return Stream.of(
                Arguments.of("overlong slash", delta(0xC0, 0xAF)),
                Arguments.of("overlong three-byte slash", delta(0xE0, 0x80, 0xAF)),
                Arguments.of("encoded surrogate", delta(0xED, 0xA0, 0x80)),
                Arguments.of("past U+10FFFF", delta(0xF4, 0x90, 0x80, 0x80)),
                Arguments.of("F5 lead byte", delta(0xF5, 0x80, 0x80, 0x80)),
                Arguments.of("truncated sequence", delta(0xE2, 0x82)),
                Arguments.of("lone continuation", delta(0x80)),
                Arguments.of("UTF-16LE JSON", utf16),
                Arguments.of("byte-order mark", concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
                        "{\"type\":\"text_delta\",\"content\":\"x\"}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("valid multi-byte text", delta(0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x93, 0x88)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bytesThatAreNotPlainUtf8")
    void bytesDecodeAsTheirUtf8TextWithReplacementCharacters(String name, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Object expected;
        try {
            expected = ChatEvents.decode(text);
        } catch (IOException e) {
            expected = e.getClass();
        }
        Object actual;
        try {
            actual = ChatEvents.decode(bytes, 0, bytes.length);
        } catch (IOException e) {
            actual = e.getClass();
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static byte[] delta(int... content) {
        byte[] start = "{\"type\":\"text_delta\",\"content\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] middle = new byte[content.length];
        for (int i = 0; i < content.length; i++) {
            middle[i] = (byte) content[i];
        }
        return concat(concat(start, middle), "b\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void validJsonThatIsNotAnObjectIsNull() throws IOException {
        assertThat(fromBytes("[1,2]")).isNull();
        assertThat(fromBytes("\"text\"")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"type\":\"text_delta\",\"content\":\"unterminated", "not json", "{\"type\":}" })
    void malformedJsonFails(String json) {
        assertThatThrownBy(() -> fromBytes(json)).isInstanceOf(JsonProcessingException.class);
    }
}
