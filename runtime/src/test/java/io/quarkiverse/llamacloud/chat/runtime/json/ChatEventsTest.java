package io.quarkiverse.llamacloud.chat.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/**
 * Decoding events from bytes (the streaming fast path for deltas, the tree for everything else) gives exactly what
 * decoding their text gives.
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
    void deltasBecomeTheirRecords() throws IOException {
        assertThat(fromBytes("{\"type\":\"text_delta\",\"content\":\"Q3\"}")).isEqualTo(new ChatEvent.TextDelta("Q3"));
        assertThat(fromBytes("{\"type\":\"thinking_delta\",\"content\":\"hm\"}"))
                .isEqualTo(new ChatEvent.ThinkingDelta("hm"));
        assertThat(fromBytes("{\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":{\"q\":1}}"))
                .isEqualTo(new ChatEvent.ToolCall("c1", "search", Map.of("q", 1)));
    }

    @Test
    void invalidUtf8InsideAStringIsReplacedAsTheEventStreamSpecificationSays() throws IOException {
        byte[] bytes = { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', 't', 'e', 'x', 't', '_', 'd', 'e', 'l', 't', 'a', '"',
                ',', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', 'a', (byte) 0xC3, '"', '}' };
        assertThat(ChatEvents.decode(bytes, 0, bytes.length)).isEqualTo(new ChatEvent.TextDelta("a\uFFFD"));
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
