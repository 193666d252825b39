package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.vertx.core.Vertx;

/** Runs the benchmarks through the three clients and reports them. */
final class Suite {

    static final List<String> ALL = List.of("throughput", "first-event", "idle", "max-streams", "decode", "startup");
    static final String TURN_PROMPT = "What were the main findings in Q3?";

    private final Args args;
    private final EmulatorProcess emulator;
    private final CpuPinning cpus;
    private final ChatSessions chat;
    private final Vertx vertx;
    private final boolean smoke;
    private final Set<String> only;
    private final Report report = new Report();
    private final List<BenchClient> clients = new ArrayList<>();
    private final Map<String, String> sessions = new LinkedHashMap<>();
    private double maxLoad;
    private final int turnPauseMillis;

    // sizes
    private final int contentBytes;
    private final int events;
    private final int streams;
    private final int streamEvents;
    private final int throughputRuns;
    private final int turns;
    private final List<Integer> idleCounts;

    Suite(Args args, EmulatorProcess emulator, CpuPinning cpus, ChatSessions chat, Vertx vertx) {
        this.args = args;
        this.emulator = emulator;
        this.cpus = cpus;
        this.chat = chat;
        this.vertx = vertx;
        this.smoke = args.has("smoke");
        this.only = Set.of(args.get("only", String.join(",", ALL)).split(","));
        this.contentBytes = args.getInt("content-bytes", 40);
        this.events = args.getInt("events", smoke ? 20_000 : 1_000_000);
        this.streams = args.getInt("streams", smoke ? 10 : 100);
        this.streamEvents = args.getInt("stream-events", smoke ? 500 : 20_000);
        this.throughputRuns = args.getInt("runs", smoke ? 1 : 5);
        this.turns = args.getInt("turns", smoke ? 300 : 10_000);
        this.turnPauseMillis = args.getInt("turn-pause-ms", 0);
        this.idleCounts = args.getInts("idle-counts", smoke ? List.of(50, 100) : List.of(1000, 5000));
    }

    /** @return {@code benchmarks/target/quarkus-app}, the directory of the running {@code quarkus-run.jar} */
    static Path appDirectory() {
        String classPath = System.getProperty("java.class.path", "");
        Path jar = Path.of(classPath.split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        return jar.getParent();
    }

    int run() {
        String heading = heading();
        System.out.println(heading);
        for (String name : Clients.NAMES) {
            BenchClient client = Clients.create(name, chat, vertx, emulator.baseUrl(), EmulatorProcess.API_KEY);
            clients.add(client);
            sessions.put(name, emulator.admin.createSession(null));
        }
        if (args.has("profile")) {
            return profile();
        }
        Instant start = Instant.now();
        List<String> failed = new ArrayList<>();
        for (String benchmark : ALL) {
            if (!only.contains(benchmark)) {
                continue;
            }
            long began = System.nanoTime();
            System.err.println("Running " + benchmark + " (load average " + Processes.loadAverage() + ") ...");
            try {
                switch (benchmark) {
                    case "throughput" -> throughput();
                    case "first-event" -> firstEvent();
                    case "idle" -> idle();
                    case "max-streams" -> maxStreams();
                    case "decode" -> decode();
                    case "startup" -> startup();
                    default -> throw new IllegalStateException(benchmark);
                }
            } catch (RuntimeException e) {
                failed.add(benchmark);
                System.err.println("FAILED: " + benchmark + ": " + e);
                e.printStackTrace();
            }
            maxLoad = Math.max(maxLoad, Processes.loadAverage1());
            System.err.printf("  (%s took %.1f s)%n", benchmark, (System.nanoTime() - began) / 1e9);
        }
        clients.forEach(BenchClient::close);
        String footer = String.format("Finished in %d s; load average at the end %s (highest seen between benchmarks %.2f)",
                Duration.between(start, Instant.now()).toSeconds(), Processes.loadAverage(), maxLoad);
        System.out.println();
        System.out.println(footer);
        Path out = Path.of(args.get("out", appDirectory().resolve("../benchmark-results").normalize().toString()));
        report.results.put("heading", heading);
        report.results.put("footer", footer);
        report.write(out, heading + "\n" + footer);
        System.out.println("Results written to " + out.toAbsolutePath());
        if (!failed.isEmpty()) {
            System.out.println("FAILED benchmarks: " + failed);
            return 1;
        }
        return 0;
    }

    /**
     * {@code --profile=CLIENT [--profile-runs=N] [--streams=N]}: only that client's throughput, run after run, for a
     * profiler (e.g. {@code java -XX:StartFlightRecording=settings=profile,filename=ours.jfr -jar ...}).
     */
    private int profile() {
        BenchClient client = client(args.get("profile", "ours"));
        int runs = args.getInt("profile-runs", 20);
        int streamCount = args.getInt("profile-streams", 1);
        int perStream = streamCount == 1 ? events : streamEvents;
        for (int run = 0; run < runs; run++) {
            double rate = throughputRun(client, streamCount, perStream);
            System.out.println(client.name() + " run " + run + ": " + Report.count(rate) + " events/s");
        }
        return 0;
    }

    private String heading() {
        Runtime runtime = Runtime.getRuntime();
        List<String> busy = Processes.busyProcesses();
        return String.format("quarkus-llamacloud-chat benchmarks%s%n"
                + "JVM: %s %s (%s), -Xmx %d MiB; %d CPUs; load average at start %s%n"
                + "Emulator: separate process (pid %d) at %s, same JVM binary; other busy processes: %s%n"
                + "CPUs: %s",
                smoke ? " (SMOKE: tiny sizes, numbers not meaningful)" : "",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.home"), runtime.maxMemory() / (1024 * 1024), runtime.availableProcessors(),
                Processes.loadAverage(), emulator.pid(), emulator.baseUrl(), busy.isEmpty() ? "none" : busy,
                cpus.describe());
    }

    private BenchClient client(String name) {
        return clients.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The clients in a rotated order, so that none always runs first or last in a round. */
    private List<BenchClient> rotated(int round) {
        List<BenchClient> order = new ArrayList<>(clients);
        java.util.Collections.rotate(order, round);
        return order;
    }

    // ---- throughput

    /** @return events per second over all streams, from the first request to the last stop */
    private double throughputRun(BenchClient client, int streamCount, int eventsPerStream) {
        String prompt = "bench:" + eventsPerStream + ":" + contentBytes;
        Sinks.Counting[] sinks = new Sinks.Counting[streamCount];
        String session = sessions.get(client.name());
        long start = System.nanoTime();
        for (int i = 0; i < streamCount; i++) {
            sinks[i] = new Sinks.Counting();
            client.open(session, prompt, sinks[i]);
        }
        long end = 0;
        for (Sinks.Counting sink : sinks) {
            sink.await(600, client.name() + " throughput");
            if (sink.events != eventsPerStream + 1 || sink.textChars != (long) eventsPerStream * contentBytes) {
                throw new IllegalStateException(client.name() + ": " + sink.events + " events, " + sink.textChars
                        + " characters; expected " + (eventsPerStream + 1));
            }
            end = Math.max(end, sink.stopNanos);
        }
        return (double) streamCount * eventsPerStream / ((end - start) / 1e9);
    }

    private void throughput() {
        record Case(String label, int streams, int events) {
        }
        List<Case> cases = List.of(new Case("1 stream × " + Report.count(events), 1, events),
                new Case(streams + " streams × " + Report.count(streamEvents), streams, streamEvents));
        Map<String, Map<Case, double[]>> results = new LinkedHashMap<>();
        for (Case c : cases) {
            System.err.println("  " + c.label() + ": warming up ...");
            for (int warm = 0; warm < (smoke ? 1 : 3); warm++) {
                for (BenchClient client : clients) {
                    throughputRun(client, c.streams(), c.events());
                }
            }
            for (BenchClient client : clients) {
                results.computeIfAbsent(client.name(), n -> new LinkedHashMap<>()).put(c, new double[throughputRuns]);
            }
            for (int run = 0; run < throughputRuns; run++) {
                for (BenchClient client : rotated(run)) {
                    System.gc();
                    results.get(client.name()).get(c)[run] = throughputRun(client, c.streams(), c.events());
                }
            }
        }
        Report.Table table = new Report.Table("Throughput: text_delta events/s (" + contentBytes
                + "-byte content, " + BenchBytes.eventBytes(contentBytes) + " bytes per event on the wire), median of "
                + throughputRuns + " runs [min-max]", "client", cases.get(0).label(), "range", cases.get(1).label(),
                "range");
        ObjectNode json = report.results.putObject("throughput");
        for (String name : Clients.NAMES) {
            List<Object> row = new ArrayList<>(List.of(name));
            for (Case c : cases) {
                double[] values = results.get(name).get(c);
                row.add(Report.count(Stats.median(values)));
                row.add(Report.count(Stats.min(values)) + "-" + Report.count(Stats.max(values)));
                Report.child(json, c.label()).put(name, Stats.median(values));
                Report.child(json, c.label() + " runs").set(name, Json.MAPPER.valueToTree(values));
                report.chart("Throughput (events/s)", name, c.streams() == 1 ? "1 stream" : c.streams() + " streams",
                        Stats.median(values));
            }
            table.row(row.toArray());
        }
        for (String baseline : List.of("raw", "peer")) {
            List<Object> row = new ArrayList<>(List.of("ours/" + baseline));
            for (Case c : cases) {
                row.add(Report.ratio(Stats.median(results.get("ours").get(c)), Stats.median(results.get(baseline).get(c))));
                row.add("");
            }
            table.row(row.toArray());
        }
        table.note("Goal: ours ≥ 0.90× raw and ≥ 1.00× peer. Each run: from the first request to the last stop event.");
        report.add(table);
    }

    // ---- time to first event

    private void firstEvent() {
        // Long enough that the JIT has settled: compilations during the measured turns share the clients' CPU.
        int warmUp = args.getInt("warmup-turns", smoke ? 100 : 10_000);
        int rounds = smoke ? 2 : 10;
        int perRound = turns / rounds;
        String prompt = "bench:1:" + contentBytes;
        Map<String, long[]> samples = new LinkedHashMap<>();
        Map<String, Integer> filled = new LinkedHashMap<>();
        for (BenchClient client : clients) {
            samples.put(client.name(), new long[perRound * rounds]);
            filled.put(client.name(), 0);
            for (int i = 0; i < warmUp; i++) {
                firstEventTurn(client, prompt);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (BenchClient client : rotated(round)) {
                long[] values = samples.get(client.name());
                int at = filled.get(client.name());
                for (int i = 0; i < perRound; i++) {
                    values[at++] = firstEventTurn(client, prompt);
                }
                filled.put(client.name(), at);
            }
        }
        Report.Table table = new Report.Table("Time to first event, ms: " + Report.count(perRound * rounds)
                + " sequential turns per client on a warm JVM (each a text_delta then stop, server answering at once; "
                + "from the call to the first event)", "client", "p50", "p90", "p99", "p99.9", "max", "mean", "turns > 1 ms");
        ObjectNode json = report.results.putObject("firstEvent");
        Map<String, double[]> percentiles = new LinkedHashMap<>();
        if (args.has("dump-first-event")) {
            dumpSamples(Path.of(args.get("dump-first-event", "first-event")), samples);
        }
        for (String name : Clients.NAMES) {
            long[] values = samples.get(name);
            Arrays.sort(values);
            double[] p = { Stats.percentile(values, 50), Stats.percentile(values, 90), Stats.percentile(values, 99),
                    Stats.percentile(values, 99.9), values[values.length - 1], Arrays.stream(values).average().orElse(0) };
            percentiles.put(name, p);
            long slow = Arrays.stream(values).filter(v -> v > 1_000_000).count();
            table.row(name, Report.millis(p[0]), Report.millis(p[1]), Report.millis(p[2]), Report.millis(p[3]),
                    Report.millis(p[4]), Report.millis(p[5]), Report.count(slow));
            ObjectNode entry = json.putObject(name);
            entry.put("turnsOver1ms", slow);
            entry.put("p50Nanos", p[0]).put("p90Nanos", p[1]).put("p99Nanos", p[2]).put("p999Nanos", p[3])
                    .put("maxNanos", p[4]).put("meanNanos", p[5]);
            report.chart("Time to first event (µs)", name, "p50", p[0] / 1e3);
            report.chart("Time to first event (µs)", name, "p99", p[2] / 1e3);
        }
        for (String baseline : List.of("raw", "peer")) {
            double[] o = percentiles.get("ours");
            double[] b = percentiles.get(baseline);
            table.row("ours/" + baseline, Report.ratio(o[0], b[0]), Report.ratio(o[1], b[1]), Report.ratio(o[2], b[2]),
                    Report.ratio(o[3], b[3]), Report.ratio(o[4], b[4]), Report.ratio(o[5], b[5]), "");
        }
        double[] o = percentiles.get("ours");
        double[] r = percentiles.get("raw");
        table.row("ours−raw", Report.millis(o[0] - r[0]), Report.millis(o[1] - r[1]), Report.millis(o[2] - r[2]),
                Report.millis(o[3] - r[3]), Report.millis(o[4] - r[4]), Report.millis(o[5] - r[5]), "");
        table.note("Goal: ours p99 within 1 ms of raw. Turns alternate between the clients in " + rounds + " rounds, after "
                + Report.count(warmUp) + " warm-up turns each; each turn starts as soon as the previous one has ended.");
        report.add(table);
    }

    /** {@code --dump-first-event=PREFIX}: each client's samples in the order taken, one per line, for a closer look. */
    private static void dumpSamples(Path prefix, Map<String, long[]> samples) {
        for (Map.Entry<String, long[]> entry : samples.entrySet()) {
            try {
                Files.write(Path.of(prefix + "-" + entry.getKey() + ".txt"),
                        Arrays.stream(entry.getValue()).mapToObj(Long::toString).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private long firstEventTurn(BenchClient client, String prompt) {
        Sinks.FirstEvent sink = new Sinks.FirstEvent();
        long start = System.nanoTime();
        client.open(sessions.get(client.name()), prompt, sink);
        sink.await(60, client.name() + " first event");
        if (turnPauseMillis > 0) {
            Processes.sleep(turnPauseMillis);
        }
        return sink.firstNanos - start;
    }

    // ---- child processes

    /** Runs {@code quarkus-run.jar --child=...} for one client, returning its output lines. */
    private List<String> child(String mode, String client, List<String> jvmOptions, String... extra) {
        List<String> command = new ArrayList<>();
        command.add(Processes.java());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.llamacloud.base-url=" + emulator.baseUrl());
        command.add("-Dquarkus.llamacloud.api-key=" + EmulatorProcess.API_KEY);
        command.add("-Dquarkus.log.level=WARN");
        command.add("-jar");
        command.add(appDirectory().resolve("quarkus-run.jar").toString());
        command.add("--child=" + mode);
        command.add("--client=" + client);
        command.add("--base-url=" + emulator.baseUrl());
        command.addAll(List.of(extra));
        List<String> lines = new ArrayList<>();
        int exit = Processes.run(command, line -> {
            lines.add(line);
            if (line.startsWith("HELD ")) {
                JsonNode held = Json.parse(line.substring(5));
                System.err.println("  " + client + ": " + held.path("streams") + " streams held, heap after GC "
                        + Report.mib(held.path("heapAfterGc").asDouble()) + " MiB, RSS "
                        + Report.mib(held.path("rss").asDouble()) + " MiB");
            } else if (!line.startsWith("RESULT ") && !line.startsWith("BASE ") && !line.startsWith("INFO ")
                    && !line.isBlank()) {
                System.err.println("  [" + client + "] " + line);
            }
        });
        lines.add("EXIT " + exit);
        return lines;
    }

    private static JsonNode line(List<String> lines, String prefix) {
        JsonNode found = null;
        for (String line : lines) {
            if (line.startsWith(prefix + " ")) {
                found = Json.parse(line.substring(prefix.length() + 1));
            }
        }
        return found;
    }

    // ---- memory per idle stream

    private void idle() {
        List<String> jvm = List.of("-Xmx1g");
        String counts = idleCounts.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (String name : Clients.NAMES) {
            emulator.admin.awaitQuiet(Duration.ofSeconds(120));
            System.err.println("  " + name + ": opening " + counts + " idle streams in a child JVM ...");
            List<String> lines = child("idle", name, jvm, "--counts=" + counts, "--step=" + (smoke ? 50 : 500));
            JsonNode result = line(lines, "RESULT");
            if (result == null) {
                throw new IllegalStateException(name + ": the idle child printed no result: " + lines);
            }
            if (result.has("failure")) {
                throw new IllegalStateException(name + ": " + result.get("failure").asText());
            }
            results.put(name, result);
        }
        List<String> header = new ArrayList<>(List.of("client"));
        for (int count : idleCounts) {
            header.add("heap/stream @" + Report.count(count) + " (KiB)");
            header.add("RSS/stream @" + Report.count(count) + " (KiB)");
        }
        Report.Table table = new Report.Table("Memory per open idle stream (keep-alive comments only), child JVM per "
                + "client with " + String.join(" ", jvm) + ": (measure at N streams − measure with none) / N",
                header.toArray(String[]::new));
        ObjectNode json = report.results.putObject("idle");
        Map<String, double[]> perStream = new LinkedHashMap<>();
        for (String name : Clients.NAMES) {
            JsonNode result = results.get(name);
            json.set(name, result);
            double baseHeap = result.path("base").path("heapAfterGc").asDouble();
            double baseRss = result.path("base").path("rss").asDouble();
            List<Object> row = new ArrayList<>(List.of(name));
            double[] values = new double[idleCounts.size() * 2];
            int i = 0;
            for (JsonNode point : result.path("points")) {
                int n = point.path("streams").asInt();
                values[i] = (point.path("heapAfterGc").asDouble() - baseHeap) / n;
                values[i + 1] = (point.path("rss").asDouble() - baseRss) / n;
                row.add(Report.kib(values[i]));
                row.add(Report.kib(values[i + 1]));
                i += 2;
            }
            perStream.put(name, values);
            table.row(row.toArray());
            report.chart("Memory per idle stream @" + Report.count(idleCounts.get(idleCounts.size() - 1)) + " (KiB)",
                    name, "heap", values[values.length - 2] / 1024);
            report.chart("Memory per idle stream @" + Report.count(idleCounts.get(idleCounts.size() - 1)) + " (KiB)",
                    name, "RSS", values[values.length - 1] / 1024);
        }
        for (String baseline : List.of("raw", "peer")) {
            List<Object> row = new ArrayList<>(List.of("ours/" + baseline));
            for (int i = 0; i < idleCounts.size() * 2; i++) {
                row.add(Report.ratio(perStream.get("ours")[i], perStream.get(baseline)[i]));
            }
            table.row(row.toArray());
        }
        List<Object> base = new ArrayList<>();
        for (String name : Clients.NAMES) {
            JsonNode b = results.get(name).path("base");
            base.add(name + " " + Report.mib(b.path("heapAfterGc").asDouble()) + " MiB heap after GC, "
                    + Report.mib(b.path("rss").asDouble()) + " MiB RSS");
        }
        table.note("With no stream open (after a warm-up turn and 20 idle streams opened and closed): " + base + ".");
        table.note("Goal: ours within 1.5× raw. Heap: used after System.gc(); RSS: VmRSS of /proc/self/status.");
        report.add(table);
    }

    // ---- most streams with -Xmx512m

    private void maxStreams() {
        List<String> jvm = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");
        int step = smoke ? 50 : 500;
        int cap = args.getInt("max-cap", smoke ? 200 : Integer.MAX_VALUE);
        Report.Table table = new Report.Table("Most idle streams one JVM holds open with -Xmx512m (child JVM per client, "
                + "streams opened " + step + " at a time until one fails or a limit is reached)", "client",
                "streams held", "stopped by", "heap after GC (MiB)", "RSS (MiB)", "heap/stream (KiB)",
                "512 MiB at that rate");
        ObjectNode json = report.results.putObject("maxStreams");
        Map<String, Double> held = new LinkedHashMap<>();
        for (String name : Clients.NAMES) {
            emulator.admin.awaitQuiet(Duration.ofSeconds(180));
            System.err.println("  " + name + ": opening idle streams until something gives ...");
            List<String> lines = child("max", name, jvm, "--step=" + step,
                    cap == Integer.MAX_VALUE ? "--cap=" + Integer.MAX_VALUE : "--cap=" + cap);
            JsonNode info = line(lines, "INFO");
            JsonNode base = line(lines, "BASE");
            JsonNode last = line(lines, "HELD");
            JsonNode stop = line(lines, "STOP");
            String exit = lines.get(lines.size() - 1);
            String reason;
            if (stop != null) {
                reason = stop.path("reason").asText();
                if (reason.equals("cap")) {
                    reason = info != null && info.path("capIsFileLimit").asBoolean()
                            ? "open-file limit (" + info.path("fileLimit").asLong() + ")"
                            : "cap of the run";
                }
            } else {
                reason = lines.stream().filter(l -> l.contains("OutOfMemoryError")).findFirst()
                        .map(l -> "OutOfMemoryError").orElse("process ended (" + exit + ")");
            }
            int streamsHeld = last == null ? 0 : last.path("streams").asInt();
            double heap = last == null ? 0 : last.path("heapAfterGc").asDouble();
            double rss = last == null ? 0 : last.path("rss").asDouble();
            double baseHeap = base == null ? 0 : base.path("heapAfterGc").asDouble();
            double perStream = streamsHeld == 0 ? 0 : (heap - baseHeap) / streamsHeld;
            double projected = perStream > 0 ? (512.0 * 1024 * 1024 - baseHeap) / perStream : 0;
            table.row(name, Report.count(streamsHeld), reason, Report.mib(heap), Report.mib(rss), Report.kib(perStream),
                    projected > 0 ? "~" + Report.count(Math.floor(projected / 1000) * 1000) : "n/a");
            held.put(name, (double) streamsHeld);
            ObjectNode entry = json.putObject(name);
            entry.put("streamsHeld", streamsHeld).put("stoppedBy", reason).put("heapAfterGc", heap).put("rss", rss)
                    .put("heapPerStream", perStream).put("projectedAt512MiB", projected);
        }
        for (String baseline : List.of("raw", "peer")) {
            table.row("ours/" + baseline, Report.ratio(held.get("ours"), held.get(baseline)), "", "", "", "", "");
        }
        table.note("\"512 MiB at that rate\": (512 MiB − heap with no stream) / heap per stream, for when the run stops "
                + "at another limit first (here: the process's open-file limit, one socket per stream).");
        report.add(table);
    }

    // ---- decoding (JMH)

    private void decode() {
        Path app = appDirectory();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> appJars = Files.list(app.resolve("app")); Stream<Path> libs = Files.list(app.resolve("lib/main"))) {
            appJars.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
            libs.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-cp",
                jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                DecodeRunner.class.getName()));
        if (smoke) {
            command.add("--smoke");
        }
        List<JsonNode> results = new ArrayList<>();
        boolean[] summary = { false };
        int exit = Processes.run(command, line -> {
            if (line.startsWith("RESULT ")) {
                results.add(Json.parse(line.substring(7)));
            } else if (line.startsWith("# Run complete")) {
                summary[0] = true;
            } else if (summary[0] || line.contains("ERROR") || line.contains("Exception")) {
                System.err.println("  [jmh] " + line);
            }
        });
        if (exit != 0 || results.isEmpty()) {
            throw new IllegalStateException("JMH ended with " + exit + " and " + results.size() + " results");
        }
        Report.Table table = new Report.Table("Decoding a recorded body into ChatEvent records (JMH, 1 thread, average "
                + "time; µs per body, ns per event)", "benchmark", "body", "events", "µs/body", "± (99.9%)",
                "ns/event", "vs jackson-tree");
        ObjectNode json = report.results.putObject("decode");
        Map<String, Double> jackson = new LinkedHashMap<>();
        for (JsonNode r : results) {
            if (r.path("benchmark").asText().equals("jacksonTree")) {
                jackson.put(r.path("input").asText(), r.path("score").asDouble());
            }
        }
        for (JsonNode r : results) {
            String input = r.path("input").asText();
            double score = r.path("score").asDouble();
            int count = r.path("events").asInt();
            table.row(r.path("benchmark").asText(), input + " (" + Report.count(r.path("bytes").asInt()) + " B)", count,
                    Report.decimal(score, 2), Report.decimal(r.path("error").asDouble(), 2),
                    Report.decimal(score * 1000 / count, 0), Report.ratio(score, jackson.getOrDefault(input, 0.0)));
            Report.child(json, input).set(r.path("benchmark").asText(), r);
        }
        table.note("ours: SseParser over the chunk's array (each line copied once), then ChatEvents.decode of each "
                + "event's bytes (decoded as UTF-8 text; plain deltas read token by token, other events as a tree), as "
                + "TurnStream does. raw: the raw client's byte splitter, then a Jackson tree of each event's bytes mapped to the records. jacksonTree: only readTree of each "
                + "event's JSON bytes (split beforehand). jacksonTokens: only Jackson's tokenizer over the same bytes.");
        report.add(table);
    }

    // ---- start-up

    private void startup() {
        Path repo = appDirectory().resolve("../../..").normalize();
        Path itApp = Path.of(args.get("it-app",
                repo.resolve("integration-tests/target/quarkus-app/quarkus-run.jar").toString()));
        if (!Files.isRegularFile(itApp)) {
            throw new IllegalStateException("No integration-tests app at " + itApp
                    + ": build it (./mvnw -pl integration-tests -am package -DskipTests) or pass --it-app=PATH");
        }
        // A copy, so that a concurrent rebuild of integration-tests cannot change it under the runs.
        Path copy = copyApp(itApp.getParent());
        int launches = smoke ? 1 : 5;
        Report.Table table = new Report.Table("Start-up, JVM mode: launch → first completed call and → first completed "
                + "turn, and RSS after one turn; median of " + launches + " launches", "application", "first call (ms)",
                "first turn (ms)", "RSS after the turn (MiB)", "runs (first call, ms)");
        ObjectNode json = report.results.putObject("startup");
        Map<String, double[][]> runs = new LinkedHashMap<>();
        runs.put("ours: integration-tests app (Quarkus, REST server + extension)", new double[launches][]);
        runs.put("raw: bare main, Vert.x client", new double[launches][]);
        runs.put("peer: bare main, OkHttp + okhttp-sse", new double[launches][]);
        for (int i = 0; i < launches; i++) {
            emulator.admin.awaitQuiet(Duration.ofSeconds(60));
            runs.get("ours: integration-tests app (Quarkus, REST server + extension)")[i] = launchItApp(
                    copy.resolve("quarkus-run.jar"));
            runs.get("raw: bare main, Vert.x client")[i] = launchProbe("raw");
            runs.get("peer: bare main, OkHttp + okhttp-sse")[i] = launchProbe("peer");
        }
        for (Map.Entry<String, double[][]> entry : runs.entrySet()) {
            double[] call = Arrays.stream(entry.getValue()).mapToDouble(r -> r[0]).toArray();
            double[] turn = Arrays.stream(entry.getValue()).mapToDouble(r -> r[1]).toArray();
            double[] rss = Arrays.stream(entry.getValue()).mapToDouble(r -> r[2]).toArray();
            table.row(entry.getKey(), Report.decimal(Stats.median(call), 0), Report.decimal(Stats.median(turn), 0),
                    Report.mib(Stats.median(rss)),
                    Arrays.stream(call).mapToObj(v -> Report.decimal(v, 0)).collect(Collectors.joining(" ")));
            ObjectNode e = json.putObject(entry.getKey().substring(0, entry.getKey().indexOf(':')));
            e.put("firstCallMillis", Stats.median(call)).put("firstTurnMillis", Stats.median(turn))
                    .put("rssAfterTurn", Stats.median(rss));
        }
        table.note("Each launch may use every CPU (start-up is mostly class loading and JIT, which a one-CPU pin would "
                + "serialize); the emulator is idle meanwhile.");
        table.note("ours: java -jar integration-tests/target/quarkus-app/quarkus-run.jar with quarkus.llamacloud.base-url "
                + "and api-key pointing at the emulator process; first call = POST /sessions (creates a session through "
                + "the extension), turn = POST /sessions/{id}/ask (\"" + TURN_PROMPT + "\"), polled every 5 ms. "
                + "raw and peer: a bare main() with only that client and Jackson on its class path, doing the same two "
                + "calls against the emulator; a reference, not a goal.");
        report.add(table);
    }

    private static Path copyApp(Path itAppDirectory) {
        try {
            Path target = Files.createTempDirectory("bench-it-app");
            try (Stream<Path> files = Files.walk(itAppDirectory)) {
                for (Path source : files.toList()) {
                    Path destination = target.resolve(itAppDirectory.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return first call ms, first turn ms, RSS bytes */
    private double[] launchItApp(Path jar) {
        int port = freePort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<String> command = new ArrayList<>(cpus.allCpusCommandPrefix());
        command.addAll(List.of(Processes.java(), "-Dquarkus.http.port=" + port,
                "-Dquarkus.llamacloud.base-url=" + emulator.baseUrl(),
                "-Dquarkus.llamacloud.api-key=" + EmulatorProcess.API_KEY,
                // The app also declares a named client, "archive", which in production needs its own key.
                "-Dquarkus.llamacloud.archive.base-url=" + emulator.baseUrl(),
                "-Dquarkus.llamacloud.archive.api-key=" + EmulatorProcess.API_KEY, "-jar", jar.toString()));
        Path log;
        try {
            log = Files.createTempFile("bench-it-app", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            URI create = URI.create("http://127.0.0.1:" + port + "/sessions");
            String session = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (session == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the integration-tests app exited with " + process.exitValue()
                            + " before answering; its output:\n" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the integration-tests app did not answer within 60 s; its output:\n"
                            + tail(log));
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(create)
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("[\"demo-index\"]")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        session = Json.parse(response.body()).path("session_id").asText();
                    } else {
                        throw new IllegalStateException("POST /sessions: " + response.statusCode() + " " + response.body());
                    }
                } catch (IOException notYet) {
                    Processes.sleep(5);
                }
            }
            double call = (System.nanoTime() - start) / 1e6;
            HttpResponse<String> turn = http.send(HttpRequest.newBuilder(URI.create(create + "/" + session + "/ask"))
                    .header("Content-Type", "text/plain").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(TURN_PROMPT)).build(), HttpResponse.BodyHandlers.ofString());
            if (turn.statusCode() != 200) {
                throw new IllegalStateException("POST /sessions/{id}/ask: " + turn.statusCode() + " " + turn.body());
            }
            double turnMillis = (System.nanoTime() - start) / 1e6;
            long rss = Processes.rss(process.pid());
            return new double[] { call, turnMillis, rss };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            stop(process);
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** The last 40 lines of a launched app's output, for a failure message. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(its output could not be read: " + e + ")";
        }
    }

    /** @return first call ms, first turn ms, RSS bytes of a bare main with one client */
    private double[] launchProbe(String client) {
        Path app = appDirectory();
        List<String> jars = new ArrayList<>();
        try (Stream<Path> appJars = Files.list(app.resolve("app")); Stream<Path> libs = Files.list(app.resolve("lib/main"))) {
            appJars.forEach(p -> jars.add(p.toString()));
            // Only what the probe needs: the records (the extension's jar), Jackson, and the client's own stack.
            List<String> wanted = client.equals("raw") ? List.of("io.vertx.vertx-core-", "io.netty.", "com.fasterxml.jackson")
                    : List.of("com.squareup.", "org.jetbrains.kotlin", "com.fasterxml.jackson");
            libs.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("io.quarkiverse.llamacloud.quarkus-llamacloud-chat-999")
                        || wanted.stream().anyMatch(name::startsWith);
            }).sorted().forEach(p -> jars.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(cpus.allCpusCommandPrefix());
        command.addAll(List.of(Processes.java(), "-cp", String.join(java.io.File.pathSeparator, jars),
                StartupProbe.class.getName(), client, emulator.baseUrl(), EmulatorProcess.API_KEY, TURN_PROMPT));
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A probe that hangs is killed, which ends the read below.
        java.util.concurrent.CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(process::destroyForcibly);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            double call = -1;
            double turn = -1;
            String line;
            StringBuilder seen = new StringBuilder();
            while (turn < 0 && (line = reader.readLine()) != null) {
                if (line.equals("CALL")) {
                    call = (System.nanoTime() - start) / 1e6;
                } else if (line.equals("TURN")) {
                    turn = (System.nanoTime() - start) / 1e6;
                } else {
                    seen.append(line).append('\n');
                }
            }
            if (turn < 0) {
                throw new IllegalStateException(client + " probe failed:\n" + seen);
            }
            return new double[] { call, turn, Processes.rss(process.pid()) };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            stop(process);
            try {
                reader.close();
            } catch (IOException ignored) {
                // the process is gone
            }
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
