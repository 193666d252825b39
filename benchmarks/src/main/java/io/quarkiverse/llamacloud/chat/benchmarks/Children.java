package io.quarkiverse.llamacloud.chat.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.vertx.core.Vertx;

/**
 * The suite's child processes, one client each, so that a process's RSS and heap belong to that client alone:
 * {@code --child=idle} (memory per idle stream at given counts) and {@code --child=max} (how many idle streams the
 * process holds). They print {@code RESULT <json>} / {@code HELD ...} lines for the parent.
 */
final class Children {

    private static final int STEP_TIMEOUT_SECONDS = 120;

    private Children() {
    }

    static int run(Args args, ChatSessions chat, Vertx vertx) throws Exception {
        String baseUrl = args.get("base-url", null);
        String apiKey = args.get("api-key", EmulatorProcess.API_KEY);
        String clientName = args.get("client", "ours");
        EmulatorProcess.Admin admin = new EmulatorProcess.Admin(baseUrl);
        try (BenchClient client = Clients.create(clientName, chat, vertx, baseUrl, apiKey)) {
            String session = admin.createSession(null);
            warmUp(client, session, admin);
            return switch (args.get("child", "")) {
                case "idle" -> idle(args, client, session, admin);
                case "max" -> max(args, client, session, admin);
                default -> throw new IllegalArgumentException("No child mode " + args.get("child", ""));
            };
        }
    }

    /** One short turn and a few idle streams opened and closed, so that the baseline has the client loaded. */
    private static void warmUp(BenchClient client, String session, EmulatorProcess.Admin admin) {
        Sinks.Counting turn = new Sinks.Counting();
        client.open(session, "bench:100:40", turn);
        turn.await(60, "warm-up turn");
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        List<BenchClient.Handle> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handles.add(client.open(session, "idle", new Sinks.Idle(failures, ended)));
        }
        if (!admin.awaitOpenStreams(n -> n >= 20, Duration.ofSeconds(60))) {
            throw new IllegalStateException("warm-up: the idle streams did not open");
        }
        handles.forEach(BenchClient.Handle::cancel);
        admin.awaitOpenStreams(n -> n == 0, Duration.ofSeconds(30));
        Processes.sleep(500);
    }

    private static ObjectNode measurement(int streams) {
        ObjectNode point = Json.object();
        point.put("streams", streams);
        point.put("heapAfterGc", Processes.heapAfterGc());
        point.put("rss", Processes.rss());
        return point;
    }

    /**
     * Opens streams up to {@code target}, {@code step} at a time, waiting each time until the emulator counts them all.
     *
     * @return {@code null} if they all opened, else why not
     */
    private static String openUpTo(int target, int step, BenchClient client, String session, EmulatorProcess.Admin admin,
            List<BenchClient.Handle> handles, AtomicInteger failures, List<Sinks.Idle> sinks) {
        while (handles.size() < target) {
            int batch = Math.min(step, target - handles.size());
            for (int i = 0; i < batch; i++) {
                Sinks.Idle sink = new Sinks.Idle(failures, new AtomicInteger());
                sinks.add(sink);
                handles.add(client.open(session, "idle", sink));
            }
            int expected = handles.size();
            long deadline = System.nanoTime() + Duration.ofSeconds(STEP_TIMEOUT_SECONDS).toNanos();
            while (true) {
                if (failures.get() > 0) {
                    Throwable failure = sinks.stream().map(s -> s.failure).filter(f -> f != null).findFirst()
                            .orElse(null);
                    return failures.get() + " streams failed at " + expected + ": " + failure;
                }
                int open = admin.openStreams();
                if (open >= expected) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return "only " + open + " of " + expected + " streams open after " + STEP_TIMEOUT_SECONDS + " s";
                }
                Processes.sleep(20);
            }
        }
        return null;
    }

    private static int idle(Args args, BenchClient client, String session, EmulatorProcess.Admin admin) {
        List<Integer> counts = args.getInts("counts", List.of(1000, 5000));
        int step = args.getInt("step", 500);
        ObjectNode result = Json.object();
        result.put("client", client.name());
        result.set("base", measurement(0));
        ArrayNode points = result.putArray("points");
        List<BenchClient.Handle> handles = new ArrayList<>();
        List<Sinks.Idle> sinks = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int count : counts) {
            String problem = openUpTo(count, step, client, session, admin, handles, failures, sinks);
            if (problem != null) {
                result.put("failure", problem);
                break;
            }
            Processes.sleep(1000);
            points.add(measurement(count));
        }
        System.out.println("RESULT " + result);
        handles.forEach(BenchClient.Handle::cancel);
        return 0;
    }

    private static int max(Args args, BenchClient client, String session, EmulatorProcess.Admin admin) {
        int step = args.getInt("step", 500);
        long fileLimit = Processes.openFileLimit();
        // Each stream is a socket; keep room for the JVM's own files (jars, epoll, pipes).
        int fileCap = (int) Math.min(1_000_000, (fileLimit - Processes.openFiles() - 300) / step * step);
        int cap = Math.min(args.getInt("cap", Integer.MAX_VALUE), fileCap);
        System.out.println("INFO " + Json.object().put("fileLimit", fileLimit).put("cap", cap)
                .put("capIsFileLimit", cap == fileCap).put("maxHeap", Runtime.getRuntime().maxMemory()));
        ObjectNode base = measurement(0);
        System.out.println("BASE " + base);
        List<BenchClient.Handle> handles = new ArrayList<>();
        List<Sinks.Idle> sinks = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        String stop = "cap";
        while (handles.size() + step <= cap) {
            String problem;
            try {
                problem = openUpTo(handles.size() + step, step, client, session, admin, handles, failures, sinks);
            } catch (OutOfMemoryError e) {
                problem = "OutOfMemoryError: " + e.getMessage();
            }
            if (problem != null) {
                stop = problem;
                break;
            }
            System.out.println("HELD " + measurement(handles.size()));
        }
        System.out.println("STOP " + Json.object().put("reason", stop));
        handles.forEach(BenchClient.Handle::cancel);
        return 0;
    }
}
