package io.quarkiverse.llamacloud.chat.samples;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the time from the command to the answer goes: the JVM's start-up until {@code main}, then each step the demo
 * marks.
 */
final class Timeline {

    private final long mainMillis = System.currentTimeMillis();
    private final long mainNanos = System.nanoTime();
    private final List<String> steps = new ArrayList<>();
    private final List<Long> stepNanos = new ArrayList<>();

    /**
     * @param step the step that just ended
     */
    synchronized void mark(String step) {
        steps.add(step);
        stepNanos.add(System.nanoTime());
    }

    /** @return e.g. {@code JVM 180 ms, Quarkus 510 ms, ...; 1.40 s from launch} */
    synchronized String describe() {
        StringBuilder line = new StringBuilder();
        long jvm = jvmStartupMillis();
        long total = Math.max(jvm, 0);
        if (jvm >= 0) {
            line.append("JVM ").append(jvm).append(" ms");
        }
        long previous = mainNanos;
        for (int i = 0; i < steps.size(); i++) {
            long ms = (stepNanos.get(i) - previous) / 1_000_000;
            previous = stepNanos.get(i);
            total += ms;
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(steps.get(i)).append(' ').append(ms).append(" ms");
        }
        return line.append(String.format("; %.2f s %s", total / 1000.0, jvm >= 0 ? "from launch" : "from main"))
                .toString();
    }

    /** @return seconds from the JVM's start to now, or a negative number when unknown */
    double secondsSinceLaunch() {
        long started = jvmStartMillis();
        return started < 0 ? -1 : (System.currentTimeMillis() - started) / 1000.0;
    }

    private long jvmStartupMillis() {
        long started = jvmStartMillis();
        return started < 0 || started > mainMillis ? -1 : mainMillis - started;
    }

    /**
     * Asked only once the answer is out, as the management classes take some loading. ProcessHandle's start time is
     * no substitute: on Linux it is off by up to a second (the boot time it counts from has whole seconds).
     */
    private static long jvmStartMillis() {
        try {
            return ManagementFactory.getRuntimeMXBean().getStartTime();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
