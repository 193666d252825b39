package io.quarkiverse.llamacloud.chat.samples;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's command line and environment, parsed before Quarkus starts, so that {@code --help}, {@code --version}
 * and mistakes cost no start-up and no request.
 *
 * @param question the question, the operands joined by spaces
 * @param indexId the index to search, or {@code null} for none
 * @param baseUrl the base URL to ask, or {@code null} for the extension's default
 * @param apiKey the API key from the environment, or {@code null}
 * @param emulator whether to ask the built-in emulator
 * @param color whether colours are allowed by the options and the environment (the terminal is checked later)
 * @param debug whether to print a failure's stack trace
 */
record DemoOptions(String question, String indexId, String baseUrl, String apiKey, boolean emulator, boolean color,
        boolean debug) {

    /** The environment variable of the key, as LlamaCloud's own SDKs read it. */
    static final String API_KEY_VARIABLE = "LLAMA_CLOUD_API_KEY";
    static final String INDEX_VARIABLE = "LLAMA_CLOUD_INDEX_ID";
    static final String BASE_URL_VARIABLE = "LLAMA_CLOUD_BASE_URL";
    /** The emulator's demo corpus. */
    static final String DEMO_INDEX = "demo-index";

    /** What the command line asks for. */
    sealed interface Parsed permits Ask, Help, Version, Invalid {
    }

    /** Ask a question. */
    record Ask(DemoOptions options) implements Parsed {
    }

    /** Print the usage text. */
    record Help() implements Parsed {
    }

    /** Print the version. */
    record Version() implements Parsed {
    }

    /**
     * A command line or environment the demo cannot use.
     *
     * @param message one line saying what is wrong
     * @param exitCode {@link ExitCodes#USAGE} or {@link ExitCodes#CONFIG}
     */
    record Invalid(String message, int exitCode) implements Parsed {
    }

    /**
     * @param program how the user runs the demo, for the usage text
     * @return the usage text
     */
    static String usage(String program) {
        return "Usage: " + program + " [OPTION]... [--] QUESTION...\n"
                + "Asks LlamaCloud one question and streams the agent's turn: reasoning, retrieval, answer, usage.\n"
                + "With no API key, a built-in emulator answers from its demo corpus (index " + DEMO_INDEX + ").\n"
                + "\n"
                + "Options:\n"
                + "  -i, --index ID      the index to search (default: $" + INDEX_VARIABLE + "; " + DEMO_INDEX
                + " on the emulator)\n"
                + "      --base-url URL  the LlamaCloud API to ask (default: $" + BASE_URL_VARIABLE + ", else\n"
                + "                      https://api.cloud.llamaindex.ai; https://api.cloud.eu.llamaindex.ai for the EU)\n"
                + "      --emulator      ask the built-in emulator even when an API key is set\n"
                + "      --no-color      no colours (neither when NO_COLOR is set or the output is not a terminal)\n"
                + "      --debug         print the stack trace of a failure\n"
                + "  -h, --help          print this help and exit\n"
                + "  -V, --version       print the version and exit\n"
                + "\n"
                + "Environment:\n"
                + "  " + API_KEY_VARIABLE + "   the key LlamaCloud answers to; without it the emulator answers\n"
                + "  " + INDEX_VARIABLE + "  the index to search\n"
                + "  " + BASE_URL_VARIABLE + "  the API's base URL\n"
                + "  NO_COLOR              set (to anything but empty) to turn colours off\n"
                + "\n"
                + "The answer goes to standard output; where the question went, usage and errors to standard error.\n"
                + "\n"
                + "Exit status:\n"
                + "  " + ExitCodes.OK + "   answered\n"
                + "  " + ExitCodes.TURN_FAILED + "   LlamaCloud reported the turn as failed\n"
                + "  " + ExitCodes.USAGE + "  bad command line\n"
                + "  " + ExitCodes.REJECTED + "  LlamaCloud rejected the question (HTTP 400, 404, 409, 422), e.g. one over"
                + " 1,000 characters\n"
                + "  " + ExitCodes.UNAVAILABLE + "  LlamaCloud is unavailable (HTTP 429 or 5xx, after retries)\n"
                + "  " + ExitCodes.SOFTWARE + "  internal error\n"
                + "  " + ExitCodes.IO + "  LlamaCloud could not be reached (refused, reset, timed out)\n"
                + "  " + ExitCodes.PROTOCOL + "  the turn's stream broke off or could not be read\n"
                + "  " + ExitCodes.NO_PERMISSION + "  the API key was rejected (HTTP 401, 403)\n"
                + "  " + ExitCodes.CONFIG + "  unusable configuration, e.g. a base URL but no API key\n"
                + "\n"
                + "Example:\n"
                + "  " + program + " \"What were the main findings in Q3?\"\n";
    }

    /**
     * @param args the command line
     * @param env the environment
     * @return what to do
     */
    static Parsed parse(List<String> args, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        String indexId = null;
        String baseUrl = null;
        boolean emulator = false;
        boolean noColor = false;
        boolean debug = false;
        boolean baseUrlOption = false;
        boolean operandsOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (operandsOnly || !arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--":
                    operandsOnly = true;
                    break;
                case "-h":
                case "--help":
                    return new Help();
                case "-V":
                case "--version":
                    return new Version();
                case "--emulator":
                    emulator = true;
                    break;
                case "--no-color":
                    noColor = true;
                    break;
                case "--debug":
                    debug = true;
                    break;
                case "-i":
                case "--index":
                case "--base-url":
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            return usageError("option " + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (value.isBlank()) {
                        return usageError("option " + name + " needs a value");
                    }
                    if (name.equals("--base-url")) {
                        baseUrl = value.strip();
                        baseUrlOption = true;
                    } else {
                        indexId = value.strip();
                    }
                    break;
                default:
                    return usageError("unknown option " + arg + " (a question that starts with - goes after --)");
            }
        }
        String question = String.join(" ", words).strip();
        if (question.isEmpty()) {
            return usageError("no question given");
        }

        String apiKey = nonBlank(env.get(API_KEY_VARIABLE));
        if (baseUrl == null) {
            baseUrl = nonBlank(env.get(BASE_URL_VARIABLE));
        }
        if (baseUrl != null) {
            String problem = checkBaseUrl(baseUrl);
            if (problem != null) {
                return usageError(problem);
            }
        }
        if (emulator) {
            if (baseUrlOption) {
                return usageError("--emulator and --base-url exclude each other");
            }
            baseUrl = null;
            apiKey = null;
        } else if (apiKey == null && baseUrl != null) {
            return new Invalid("no API key for " + baseUrl + ": set " + API_KEY_VARIABLE
                    + " (the built-in emulator needs none: leave out the base URL)", ExitCodes.CONFIG);
        }
        emulator = apiKey == null;
        if (indexId == null) {
            indexId = nonBlank(env.get(INDEX_VARIABLE));
        }
        if (indexId == null && emulator) {
            indexId = DEMO_INDEX;
        }
        String noColorVariable = env.get("NO_COLOR");
        boolean color = !noColor && (noColorVariable == null || noColorVariable.isEmpty())
                && !"dumb".equals(env.get("TERM"));
        return new Ask(new DemoOptions(question, indexId, baseUrl, apiKey, emulator, color, debug));
    }

    private static Invalid usageError(String message) {
        return new Invalid(message, ExitCodes.USAGE);
    }

    /** @return what is wrong with the URL, or {@code null} when it can be asked */
    private static String checkBaseUrl(String baseUrl) {
        try {
            URI uri = new URI(baseUrl);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                return "the base URL must be an http:// or https:// URL with a host, not " + baseUrl;
            }
            return null;
        } catch (URISyntaxException e) {
            return "the base URL is not a URL: " + baseUrl;
        }
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        // Never print the key, even where a record would.
        return "DemoOptions[question=" + question + ", indexId=" + indexId + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", emulator=" + emulator + ", color=" + color + ", debug="
                + debug + "]";
    }
}
