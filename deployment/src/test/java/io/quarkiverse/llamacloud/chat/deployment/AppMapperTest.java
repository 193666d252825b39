package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkus.test.QuarkusUnitTest;

/** The application's own mapper reads and writes chat events, as a relay or a cache of turns needs. */
public class AppMapperTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-x")
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://127.0.0.1:9");

    @Inject
    ObjectMapper mapper;

    @Test
    void chatEventsRoundTripThroughTheApplicationsMapper() throws Exception {
        List<ChatEvent> events = List.of(new ChatEvent.TextDelta("Hel"), new ChatEvent.Text("Hello"),
                new ChatEvent.UserInput("Hi"));

        String json = mapper.writeValueAsString(events);
        List<ChatEvent> read = mapper.readValue(json, new TypeReference<List<ChatEvent>>() {
        });

        assertThat(read).isEqualTo(events);
        assertThat(mapper.readValue("{\"type\":\"citation_added\",\"span\":[1,2]}", ChatEvent.class))
                .isInstanceOf(ChatEvent.Unknown.class);
    }
}
