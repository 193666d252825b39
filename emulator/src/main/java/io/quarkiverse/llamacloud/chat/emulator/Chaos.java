package io.quarkiverse.llamacloud.chat.emulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Random faults for turns, seeded so a run can be replayed: each turn request ({@code POST .../messages/stream})
 * draws at most one fault, at one stage of its life, with the given probabilities (their sum at most 1; the rest of
 * the turns run clean). Set with {@link EmulatorFaults#chaos(Chaos)}.
 *
 * @param seed the seed of the draws
 * @param refuse the connection is reset as soon as the request arrives, before its body is read
 * @param errorStatus the turn is answered {@code 503} with {@code Retry-After-Ms: 10}, not recorded
 * @param resetBeforeStatus the connection is closed once the request is read, before the service handles it
 * @param lateHead the turn is recorded, and its response head comes after {@code lateHeadDelay}
 * @param lateHeadDelay how late, for {@code lateHead}
 * @param cutAfterStatus the connection is closed right after the {@code 200} head
 * @param resetAfterStatus the connection is reset right after the {@code 200} head
 * @param cutMidStream the connection is closed after a random number of events, at least one
 * @param resetMidStream the connection is reset after a random number of events, at least one
 * @param stallMidStream the stream goes silent for {@code stall} after a random number of events, at least one
 * @param stall how long, for {@code stallMidStream}
 */
public record Chaos(long seed, double refuse, double errorStatus, double resetBeforeStatus, double lateHead,
        Duration lateHeadDelay, double cutAfterStatus, double resetAfterStatus, double cutMidStream,
        double resetMidStream, double stallMidStream, Duration stall) {

    /** The stage at which a turn fails, or {@link #NONE}. */
    public enum Fault {
        NONE,
        REFUSE,
        ERROR_STATUS,
        RESET_BEFORE_STATUS,
        LATE_HEAD,
        CUT_AFTER_STATUS,
        RESET_AFTER_STATUS,
        CUT_MID_STREAM,
        RESET_MID_STREAM,
        STALL_MID_STREAM
    }

    /** Checks that every probability is in [0, 1] and that they add up to at most 1. */
    public Chaos {
        Objects.requireNonNull(lateHeadDelay, "lateHeadDelay");
        Objects.requireNonNull(stall, "stall");
        double sum = 0;
        for (double p : new double[] { refuse, errorStatus, resetBeforeStatus, lateHead, cutAfterStatus,
                resetAfterStatus, cutMidStream, resetMidStream, stallMidStream }) {
            if (p < 0 || p > 1 || Double.isNaN(p)) {
                throw new IllegalArgumentException("probabilities must be between 0 and 1, got " + p);
            }
            sum += p;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("probabilities must add up to at most 1, got " + sum);
        }
    }

    /** The draws of one {@link Chaos}, and how many of each fault were drawn. */
    static final class Draws {
        private final Chaos chaos;
        private final Random random;
        private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);

        Draws(Chaos chaos) {
            this.chaos = chaos;
            this.random = new Random(chaos.seed());
        }

        Chaos chaos() {
            return chaos;
        }

        synchronized Fault next() {
            double draw = random.nextDouble();
            double[] weights = { chaos.refuse, chaos.errorStatus, chaos.resetBeforeStatus, chaos.lateHead,
                    chaos.cutAfterStatus, chaos.resetAfterStatus, chaos.cutMidStream, chaos.resetMidStream,
                    chaos.stallMidStream };
            Fault fault = Fault.NONE;
            double upTo = 0;
            for (int i = 0; i < weights.length; i++) {
                upTo += weights[i];
                if (draw < upTo) {
                    fault = Fault.values()[i + 1];
                    break;
                }
            }
            counts.merge(fault, 1, Integer::sum);
            return fault;
        }

        /** @return an event count in [1, events - 1], where a mid-stream fault strikes; 1 for short turns */
        synchronized int midStream(int events) {
            return events <= 2 ? 1 : 1 + random.nextInt(events - 1);
        }

        synchronized Map<Fault, Integer> counts() {
            return new EnumMap<>(counts);
        }
    }
}
