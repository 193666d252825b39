package io.quarkiverse.llamacloud.chat.samples;

import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Asks LlamaCloud one question from the terminal and prints the agent's turn as it streams.
 * <p>
 * With {@code LLAMA_CLOUD_API_KEY} set it talks to LlamaCloud (index from {@code LLAMA_CLOUD_INDEX_ID}); without,
 * it starts the LlamaCloud Chat emulator in-process and asks its demo corpus.
 */
@QuarkusMain
public final class ChatDemo {

    private ChatDemo() {
    }

    public static void main(String... args) {
        LlamaCloudEmulator emulator = null;
        if (!isSet(System.getenv("LLAMA_CLOUD_API_KEY")) && !isSet(System.getProperty("quarkus.llamacloud.api-key"))) {
            emulator = LlamaCloudEmulator.start();
            System.setProperty("quarkus.llamacloud.base-url", emulator.baseUrl());
            System.setProperty("quarkus.llamacloud.api-key", emulator.apiKey());
            System.setProperty(TerminalChat.INDEX_PROPERTY, "demo-index");
            System.out.println("\u001b[2m(no LLAMA_CLOUD_API_KEY: asking the built-in emulator at " + emulator.baseUrl()
                    + ")\u001b[0m");
        }
        try {
            Quarkus.run(TerminalChat.class, args);
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
