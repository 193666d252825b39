package io.quarkiverse.llamacloud.chat.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fault injection. Setters return {@code this} for chaining and may be called from any thread.
 * <p>
 * Three kinds of faults:
 * <ul>
 * <li>request faults, for the next API requests (any endpoint, never the admin API): {@link #failNext},
 * {@link #resetConnectionNext}; a pending connection reset is consumed before a pending failure; plus
 * {@link #latency}, for every API response until cleared;</li>
 * <li>next-stream faults, consumed together by the next stream that starts (a stream request rejected with 4xx
 * consumes none): {@link #stallStreamAfter}, {@link #cutStreamAfter}, {@link #resetStreamAfter},
 * {@link #malformedEventAfter}, {@link #unknownEventType}, {@link #failTurn};</li>
 * <li>all-stream faults, for every stream started until cleared: {@link #chunkSize}, {@link #keepAliveEvery},
 * {@link #eventDelay}, {@link #lineEnding}, {@link #abandonTurnOnDisconnect}.</li>
 * </ul>
 * "After K events" counts the JSON events written so far in the stream (injected unknown-type events included,
 * malformed ones and keep-alive comments not); {@code K = 0} means right after the response head. When several
 * next-stream faults share the same K, they act in this order: malformed event, stall, cut, reset. A K at or beyond
 * the stream's number of events has no effect. A turn whose connection is cut or reset goes on in the session's
 * history, as a job of the service's, unless {@link #abandonTurnOnDisconnect} is set.
 */
public final class EmulatorFaults {

    private int failCount;
    private int failStatus;
    private Map<String, String> failHeaders = Map.of();
    private int resetCount;
    private Duration latency = Duration.ZERO;

    private int stallAfter = -1;
    private Duration stall = Duration.ZERO;
    private int cutAfter = -1;
    private int resetAfter = -1;
    private int malformedAfter = -1;
    private String unknownType;
    private String failTurn;

    private int chunkSize;
    private Duration keepAliveEvery = Duration.ZERO;
    private Duration eventDelay = Duration.ZERO;
    private String lineEnding = "\n";
    private boolean abandonTurnOnDisconnect;
    private int errorAfterRecording;
    private Chaos.Draws chaos;

    EmulatorFaults() {
    }

    /**
     * The next {@code count} API requests answer {@code status} with a JSON {@code {"detail": "..."}} body (and an
     * {@code x-request-id} header), without reaching the API.
     *
     * @param count how many requests, {@code 0} to cancel
     * @param status the HTTP status, 100 to 599
     * @return this
     */
    public EmulatorFaults failNext(int count, int status) {
        return failNext(count, status, Map.of());
    }

    /**
     * Like {@link #failNext(int, int)}, with these response headers, e.g. {@code Retry-After}, {@code Retry-After-Ms},
     * {@code X-Should-Retry}.
     *
     * @param count how many requests, {@code 0} to cancel
     * @param status the HTTP status, 100 to 599
     * @param headers headers added to each of these responses
     * @return this
     */
    public EmulatorFaults failNext(int count, int status, Map<String, String> headers) {
        requireNonNegative(count, "count");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
        }
        Map<String, String> copy = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers)));
        synchronized (this) {
            failCount = count;
            failStatus = status;
            failHeaders = copy;
        }
        return this;
    }

    /**
     * The next {@code count} API requests have their TCP connection closed, once their body is read, with no
     * response at all.
     *
     * @param count how many requests, {@code 0} to cancel
     * @return this
     */
    public synchronized EmulatorFaults resetConnectionNext(int count) {
        requireNonNegative(count, "count");
        resetCount = count;
        return this;
    }

    /**
     * Delays every API response by this much. A turn is recorded (and its agent started) when it arrives; only its
     * response head is late, as from a slow service, so a client that gives up first leaves the turn on the service.
     * A turn's validation errors are not delayed.
     *
     * @param delay the delay, {@link Duration#ZERO} to turn it off
     * @return this
     */
    public synchronized EmulatorFaults latency(Duration delay) {
        latency = requireNonNegative(delay, "delay");
        return this;
    }

    /**
     * The next stream, after {@code events} events, writes nothing (keep-alive comments neither) for {@code stall},
     * then goes on.
     *
     * @param events K
     * @param stall how long to stay silent
     * @return this
     */
    public synchronized EmulatorFaults stallStreamAfter(int events, Duration stall) {
        requireNonNegative(events, "events");
        this.stall = requireNonNegative(stall, "stall");
        stallAfter = events;
        return this;
    }

    /**
     * The next stream, after {@code events} events, has its connection closed: no {@code stop}, no terminating
     * chunk.
     *
     * @param events K
     * @return this
     */
    public synchronized EmulatorFaults cutStreamAfter(int events) {
        requireNonNegative(events, "events");
        cutAfter = events;
        return this;
    }

    /**
     * The next stream, after {@code events} events, has its connection reset (a TCP RST, as from a crashed proxy):
     * no {@code stop}, no terminating chunk.
     *
     * @param events K
     * @return this
     */
    public synchronized EmulatorFaults resetStreamAfter(int events) {
        requireNonNegative(events, "events");
        resetAfter = events;
        return this;
    }

    /**
     * Whether a turn whose connection goes away (cancelled by the client, or cut or reset by a fault) stops there,
     * recording nothing more, as a service that cancels the agent when its client leaves. By default it goes on in
     * the session's history to its {@code stop}.
     *
     * @param abandon {@code true} to stop such turns
     * @return this
     */
    public synchronized EmulatorFaults abandonTurnOnDisconnect(boolean abandon) {
        abandonTurnOnDisconnect = abandon;
        return this;
    }

    /**
     * The next turn that starts is taken, recorded and run to its end in the session's history, but answered with
     * this error status instead of its stream: a gateway in front of the service failing after passing it on.
     *
     * @param status the status, 400 to 599
     * @return this
     */
    public synchronized EmulatorFaults errorAfterRecording(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599, was " + status);
        }
        errorAfterRecording = status;
        return this;
    }

    /** @return the status for {@link #errorAfterRecording}, consumed, or {@code 0} */
    synchronized int takeErrorAfterRecording() {
        int status = errorAfterRecording;
        errorAfterRecording = 0;
        return status;
    }

    /**
     * Random faults for every turn from now on, until cleared; see {@link Chaos}. The other faults still apply.
     *
     * @param chaos the probabilities and the seed, or {@code null} to stop
     * @return this
     */
    public synchronized EmulatorFaults chaos(Chaos chaos) {
        this.chaos = chaos == null ? null : new Chaos.Draws(chaos);
        return this;
    }

    /** @return how many turns drew each fault since {@link #chaos(Chaos)}, empty when off */
    public synchronized Map<Chaos.Fault, Integer> chaosCounts() {
        return chaos == null ? Map.of() : chaos.counts();
    }

    /**
     * The next stream, after {@code events} events, writes {@code event: message} / {@code data: {not json}, then goes
     * on.
     *
     * @param events K
     *
     * @return this
     */
    public synchronized EmulatorFaults malformedEventAfter(int events) {
        requireNonNegative(events, "events");
        malformedAfter = events;
        return this;
    }

    /**
     * The next stream carries an event of this type (a newer server's kind), right before the answer's first
     * {@code text_delta} or {@code text} (before {@code stop} if it has none). Its SSE name is {@code delta} when the
     * type ends with {@code _delta}, {@code message} otherwise. It is stored in the session's history.
     *
     * @param type the event type, e.g. {@code citation_added}
     * @return this
     */
    public synchronized EmulatorFaults unknownEventType(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        unknownType = type;
        return this;
    }

    /**
     * The next stream's turn fails: the events before the answer are written, then {@code stop} with
     * {@code is_error: true} and this {@code error}; the session's {@code job_metadata} records the failure.
     *
     * @param error the error message
     * @return this
     */
    public synchronized EmulatorFaults failTurn(String error) {
        failTurn = Objects.requireNonNull(error, "error");
        return this;
    }

    /**
     * Every stream writes its body in HTTP chunks of at most this many bytes, flushing each (1 = a byte at a time).
     * Events and UTF-8 characters are split across chunks; the last chunk of an event may be shorter.
     *
     * @param bytes the chunk size, {@code 0} to turn it off (one chunk per event)
     * @return this
     */
    public synchronized EmulatorFaults chunkSize(int bytes) {
        requireNonNegative(bytes, "bytes");
        chunkSize = bytes;
        return this;
    }

    /**
     * Every stream writes a {@code : keep-alive} comment at this interval while its turn runs (not while stalled).
     *
     * @param interval the interval, {@link Duration#ZERO} to turn it off
     * @return this
     */
    public synchronized EmulatorFaults keepAliveEvery(Duration interval) {
        keepAliveEvery = requireNonNegative(interval, "interval");
        return this;
    }

    /**
     * Every stream pauses this long between two events.
     *
     * @param delay the pause, {@link Duration#ZERO} to turn it off
     * @return this
     */
    public synchronized EmulatorFaults eventDelay(Duration delay) {
        eventDelay = requireNonNegative(delay, "delay");
        return this;
    }

    /**
     * Every stream ends its SSE lines with this: {@code "\n"} (the default), {@code "\r\n"} or {@code "\r"}.
     *
     * @param lineEnding the line ending
     * @return this
     */
    public synchronized EmulatorFaults lineEnding(String lineEnding) {
        if (!"\n".equals(lineEnding) && !"\r\n".equals(lineEnding) && !"\r".equals(lineEnding)) {
            throw new IllegalArgumentException("lineEnding must be \\n, \\r\\n or \\r");
        }
        this.lineEnding = lineEnding;
        return this;
    }

    /** Cancels every fault. */
    public synchronized void clear() {
        failCount = 0;
        failStatus = 0;
        failHeaders = Map.of();
        resetCount = 0;
        latency = Duration.ZERO;
        stallAfter = -1;
        stall = Duration.ZERO;
        cutAfter = -1;
        resetAfter = -1;
        malformedAfter = -1;
        unknownType = null;
        failTurn = null;
        chunkSize = 0;
        abandonTurnOnDisconnect = false;
        errorAfterRecording = 0;
        chaos = null;
        keepAliveEvery = Duration.ZERO;
        eventDelay = Duration.ZERO;
        lineEnding = "\n";
    }

    // ---- consumed by the server

    record Failure(int status, Map<String, String> headers) {
    }

    record StreamFaults(int stallAfter, Duration stall, int cutAfter, int resetAfter, int malformedAfter,
            String unknownType, String failTurn, int chunkSize, Duration keepAliveEvery, Duration eventDelay,
            String lineEnding, boolean abandonTurnOnDisconnect) {
    }

    synchronized boolean takeReset() {
        if (resetCount > 0) {
            resetCount--;
            return true;
        }
        return false;
    }

    synchronized Failure takeFailure() {
        if (failCount > 0) {
            failCount--;
            return new Failure(failStatus, failHeaders);
        }
        return null;
    }

    synchronized Duration latency() {
        return latency;
    }

    /** @return the draws of the chaos in force, or {@code null} */
    synchronized Chaos.Draws chaosDraws() {
        return chaos;
    }

    /**
     * Takes the next-stream faults (clearing them) along with the all-stream ones, and the stream part of a turn's
     * chaos draw on top.
     *
     * @param drawn the turn's chaos draw
     * @param events how many events the turn has, for a mid-stream draw
     */
    synchronized StreamFaults takeStreamFaults(Chaos.Fault drawn, int events) {
        StreamFaults next = takeStreamFaults();
        if (chaos == null || drawn == Chaos.Fault.NONE) {
            return next;
        }
        int cut = next.cutAfter();
        int reset = next.resetAfter();
        int stallAt = next.stallAfter();
        Duration stallFor = next.stall();
        switch (drawn) {
            case CUT_AFTER_STATUS -> cut = 0;
            case RESET_AFTER_STATUS -> reset = 0;
            case CUT_MID_STREAM -> cut = chaos.midStream(events);
            case RESET_MID_STREAM -> reset = chaos.midStream(events);
            case STALL_MID_STREAM -> {
                stallAt = chaos.midStream(events);
                stallFor = chaos.chaos().stall();
            }
            default -> {
                return next;
            }
        }
        return new StreamFaults(stallAt, stallFor, cut, reset, next.malformedAfter(), next.unknownType(),
                next.failTurn(), next.chunkSize(), next.keepAliveEvery(), next.eventDelay(), next.lineEnding(),
                next.abandonTurnOnDisconnect());
    }

    /** Takes the next-stream faults (clearing them) along with the all-stream ones. */
    synchronized StreamFaults takeStreamFaults() {
        StreamFaults faults = new StreamFaults(stallAfter, stall, cutAfter, resetAfter, malformedAfter, unknownType,
                failTurn, chunkSize, keepAliveEvery, eventDelay, lineEnding, abandonTurnOnDisconnect);
        stallAfter = -1;
        stall = Duration.ZERO;
        cutAfter = -1;
        resetAfter = -1;
        malformedAfter = -1;
        unknownType = null;
        failTurn = null;
        return faults;
    }

    // ---- admin API

    synchronized ObjectNode toJson() {
        ObjectNode json = Json.object();
        ObjectNode fail = json.putObject("failNext");
        fail.put("count", failCount);
        fail.put("status", failStatus);
        ObjectNode headers = fail.putObject("headers");
        failHeaders.forEach(headers::put);
        json.put("resetConnectionNext", resetCount);
        json.put("latency", latency.toMillis());
        if (stallAfter >= 0) {
            ObjectNode stalling = json.putObject("stallStreamAfter");
            stalling.put("events", stallAfter);
            stalling.put("stall", stall.toMillis());
        } else {
            json.putNull("stallStreamAfter");
        }
        putOptional(json, "cutStreamAfter", cutAfter);
        putOptional(json, "resetStreamAfter", resetAfter);
        putOptional(json, "malformedEventAfter", malformedAfter);
        json.put("unknownEventType", unknownType);
        json.put("failTurn", failTurn);
        json.put("chunkSize", chunkSize);
        json.put("keepAliveEvery", keepAliveEvery.toMillis());
        json.put("eventDelay", eventDelay.toMillis());
        json.put("lineEnding", lineEnding);
        json.put("abandonTurnOnDisconnect", abandonTurnOnDisconnect);
        json.put("errorAfterRecording", errorAfterRecording);
        if (chaos == null) {
            json.putNull("chaos");
        } else {
            ObjectNode drawn = json.putObject("chaos").putObject("drawn");
            chaos.counts().forEach((fault, count) -> drawn.put(fault.name(), count));
        }
        return json;
    }

    private static void putOptional(ObjectNode json, String name, int value) {
        if (value >= 0) {
            json.put(name, value);
        } else {
            json.putNull(name);
        }
    }

    /**
     * Applies an admin-API request body: every member names a setter; all are validated before any is applied.
     *
     * @throws IllegalArgumentException naming the first invalid member
     */
    void apply(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("Expected a JSON object naming faults, e.g. {\"cutStreamAfter\": 3}");
        }
        List<Runnable> changes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            changes.add(change(field.getKey(), field.getValue()));
        }
        synchronized (this) {
            changes.forEach(Runnable::run);
        }
    }

    private Runnable change(String name, JsonNode value) {
        boolean off = value == null || value.isNull();
        switch (name) {
            case "failNext": {
                if (off) {
                    return () -> failNext(0, 500);
                }
                requireObject(name, value);
                int count = integer(name + ".count", value.get("count"));
                int status = integer(name + ".status", value.get("status"));
                if (status < 100 || status > 599) {
                    throw new IllegalArgumentException(name + ".status must be between 100 and 599");
                }
                Map<String, String> headers = new LinkedHashMap<>();
                JsonNode headersNode = value.get("headers");
                if (headersNode != null && !headersNode.isNull()) {
                    requireObject(name + ".headers", headersNode);
                    headersNode.fields().forEachRemaining(header -> headers.put(header.getKey(),
                            header.getValue().isTextual() ? header.getValue().asText() : header.getValue().toString()));
                }
                return () -> failNext(count, status, headers);
            }
            case "resetConnectionNext": {
                int count = off ? 0 : integer(name, value);
                return () -> resetConnectionNext(count);
            }
            case "latency": {
                Duration delay = off ? Duration.ZERO : duration(name, value);
                return () -> latency(delay);
            }
            case "stallStreamAfter": {
                if (off) {
                    return () -> {
                        stallAfter = -1;
                        stall = Duration.ZERO;
                    };
                }
                requireObject(name, value);
                int events = integer(name + ".events", value.get("events"));
                Duration duration = duration(name + ".stall", value.get("stall"));
                return () -> stallStreamAfter(events, duration);
            }
            case "cutStreamAfter": {
                if (off) {
                    return () -> cutAfter = -1;
                }
                int events = integer(name, value);
                return () -> cutStreamAfter(events);
            }
            case "resetStreamAfter": {
                if (off) {
                    return () -> resetAfter = -1;
                }
                int events = integer(name, value);
                return () -> resetStreamAfter(events);
            }
            case "errorAfterRecording": {
                int status = off ? 0 : integer(name, value);
                return () -> {
                    if (status == 0) {
                        errorAfterRecording = 0;
                    } else {
                        errorAfterRecording(status);
                    }
                };
            }
            case "abandonTurnOnDisconnect": {
                if (!off && !value.isBoolean()) {
                    throw new IllegalArgumentException(name + " must be true or false");
                }
                boolean abandon = !off && value.booleanValue();
                return () -> abandonTurnOnDisconnect(abandon);
            }
            case "chaos": {
                if (off) {
                    return () -> chaos(null);
                }
                requireObject(name, value);
                Chaos mix = new Chaos(value.path("seed").asLong(0), probability(value, "refuse"),
                        probability(value, "errorStatus"), probability(value, "resetBeforeStatus"),
                        probability(value, "lateHead"),
                        value.has("lateHeadDelay") ? duration(name + ".lateHeadDelay", value.get("lateHeadDelay"))
                                : Duration.ofSeconds(2),
                        probability(value, "cutAfterStatus"), probability(value, "resetAfterStatus"),
                        probability(value, "cutMidStream"), probability(value, "resetMidStream"),
                        probability(value, "stallMidStream"),
                        value.has("stall") ? duration(name + ".stall", value.get("stall")) : Duration.ofSeconds(5));
                return () -> chaos(mix);
            }
            case "malformedEventAfter": {
                if (off) {
                    return () -> malformedAfter = -1;
                }
                int events = integer(name, value);
                return () -> malformedEventAfter(events);
            }
            case "unknownEventType": {
                if (off) {
                    return () -> unknownType = null;
                }
                String type = text(name, value);
                if (type.isBlank()) {
                    throw new IllegalArgumentException(name + " must not be blank");
                }
                return () -> unknownEventType(type);
            }
            case "failTurn": {
                if (off) {
                    return () -> failTurn = null;
                }
                String error = text(name, value);
                return () -> failTurn(error);
            }
            case "chunkSize": {
                int bytes = off ? 0 : integer(name, value);
                return () -> chunkSize(bytes);
            }
            case "keepAliveEvery": {
                Duration interval = off ? Duration.ZERO : duration(name, value);
                return () -> keepAliveEvery(interval);
            }
            case "eventDelay": {
                Duration delay = off ? Duration.ZERO : duration(name, value);
                return () -> eventDelay(delay);
            }
            case "lineEnding": {
                String ending = off ? "\n" : text(name, value);
                if (!"\n".equals(ending) && !"\r\n".equals(ending) && !"\r".equals(ending)) {
                    throw new IllegalArgumentException(name + " must be \"\\n\", \"\\r\\n\" or \"\\r\"");
                }
                return () -> lineEnding(ending);
            }
            default:
                throw new IllegalArgumentException("Unknown fault: " + name);
        }
    }

    private static double probability(JsonNode chaos, String name) {
        JsonNode value = chaos.get(name);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("chaos." + name + " must be a number between 0 and 1");
        }
        return value.doubleValue();
    }

    private static void requireObject(String name, JsonNode value) {
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException(name + " must be a JSON object");
        }
    }

    private static int integer(String name, JsonNode value) {
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        int number = value.intValue();
        if (number < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return number;
    }

    private static String text(String name, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return value.asText();
    }

    /** A number of milliseconds, or an ISO-8601 duration string such as {@code PT1.5S}. */
    private static Duration duration(String name, JsonNode value) {
        if (value != null && value.isNumber()) {
            if (value.doubleValue() < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return Duration.ofNanos(Math.round(value.doubleValue() * 1_000_000d));
        }
        if (value != null && value.isTextual()) {
            try {
                Duration duration = Duration.parse(value.asText());
                if (duration.isNegative()) {
                    throw new IllegalArgumentException(name + " must not be negative");
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration like PT1.5S");
            }
        }
        throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration like PT1.5S");
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    private static Duration requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }
}
