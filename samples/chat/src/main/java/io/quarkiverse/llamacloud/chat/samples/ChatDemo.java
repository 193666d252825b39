package io.quarkiverse.llamacloud.chat.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Asks LlamaCloud one question from the terminal and prints the agent's turn as it streams; {@code --help} says how.
 * <p>
 * With {@code LLAMA_CLOUD_API_KEY} set it talks to LlamaCloud (index from {@code --index} or
 * {@code LLAMA_CLOUD_INDEX_ID}); without, it starts the LlamaCloud Chat emulator in-process and asks its demo corpus.
 * The command line is read before Quarkus starts, so that help and mistakes answer at once.
 */
@QuarkusMain
public final class ChatDemo {

    /** The prefix of the demo's own messages on standard error. */
    static final String NAME = "chat";

    private static final String BASE_URL = "quarkus.llamacloud.base-url";
    private static final String API_KEY = "quarkus.llamacloud.api-key";

    /** The launch in progress, for {@link TerminalChat}; one at a time. */
    private static volatile Launch current;

    private ChatDemo() {
    }

    /**
     * @param args the command line; see {@link DemoOptions#usage(String)}
     */
    public static void main(String... args) {
        Timeline timeline = new Timeline();
        DemoOptions.Parsed parsed = DemoOptions.parse(List.of(args), environment());
        if (parsed instanceof DemoOptions.Help) {
            System.out.print(DemoOptions.usage(program()));
            exit(ExitCodes.OK);
            return;
        }
        if (parsed instanceof DemoOptions.Version) {
            System.out.println(version());
            exit(ExitCodes.OK);
            return;
        }
        if (parsed instanceof DemoOptions.Invalid invalid) {
            PrintStream err = System.err;
            err.println(NAME + ": " + invalid.message());
            if (invalid.exitCode() == ExitCodes.USAGE) {
                err.println("Try '" + program() + " --help'.");
            }
            exit(invalid.exitCode());
            return;
        }
        DemoOptions options = ((DemoOptions.Ask) parsed).options();

        Map<String, String> properties = new HashMap<>();
        int emulatorPort = 0;
        if (options.emulator()) {
            // The emulator runs on the application's own Vert.x (a second instance would cost its threads and start-up
            // time), so it starts inside the application; Quarkus reads the base URL before that, so the port is
            // chosen here. Another process could take the port in between, which TerminalChat reports.
            emulatorPort = freeLoopbackPort();
            properties.put(BASE_URL, "http://127.0.0.1:" + emulatorPort);
            properties.put(API_KEY, LlamaCloudEmulator.DEFAULT_API_KEY);
        } else if (options.baseUrl() != null) {
            properties.put(BASE_URL, options.baseUrl());
        }
        Map<String, String> previous = new HashMap<>();
        properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        current = new Launch(options, emulatorPort, timeline);
        try {
            Quarkus.run(TerminalChat.class, ChatDemo::exit, options.question());
        } finally {
            // Reached when the exit handler does not end the JVM (tests launch several times in one).
            current = null;
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /**
     * @return the environment, with {@code -Dquarkus.llamacloud.api-key} standing in for {@code LLAMA_CLOUD_API_KEY}
     *         when only it is given, as the extension itself would take it
     */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        String key = System.getProperty(API_KEY);
        if (key != null && !key.isBlank()) {
            env.put(DemoOptions.API_KEY_VARIABLE, key);
        }
        return env;
    }

    /** @return the launch {@link TerminalChat} runs for */
    static Launch launch() {
        Launch launch = current;
        if (launch == null) {
            throw new IllegalStateException("TerminalChat runs only from ChatDemo.main");
        }
        return launch;
    }

    /**
     * What {@link #main(String...)} decided, handed to {@link TerminalChat}.
     *
     * @param options the parsed command line and environment
     * @param emulatorPort the port the emulator is to listen on, or {@code 0} when LlamaCloud is asked
     * @param timeline the steps so far, for {@code --debug}
     */
    record Launch(DemoOptions options, int emulatorPort, Timeline timeline) {
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on the loopback interface for the emulator", e);
        }
    }

    /**
     * Ends the launch the way Quarkus ends it: the default handler exits the JVM, a test's records the code.
     */
    private static void exit(int code) {
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(code, null);
    }

    private static void exit(Integer code, Throwable failure) {
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(code, failure);
    }

    /** @return how the user started the demo, for the usage text: the launcher script names itself */
    static String program() {
        String launcher = System.getProperty("llamacloud.demo.program");
        if (launcher != null && !launcher.isBlank()) {
            return launcher;
        }
        // What org.graalvm.nativeimage.ImageInfo.inImageRuntimeCode() reads, without its dependency.
        if ("runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            return ProcessHandle.current().info().command().map(command -> Path.of(command).getFileName().toString())
                    .orElse("chat");
        }
        return "java -jar quarkus-run.jar";
    }

    /** @return the demo's version line */
    static String version() {
        Properties versions = new Properties();
        try (InputStream in = ChatDemo.class.getResourceAsStream("/chat-demo.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            // the line below says "unknown"
        }
        return NAME + " (LlamaCloud Chat demo) " + versions.getProperty("version", "unknown") + ", Quarkus "
                + versions.getProperty("quarkus.version", "unknown");
    }
}
