package io.quarkiverse.llamacloud.chat.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkiverse.llamacloud.chat.runtime.http.StreamTurnRequest;
import io.quarkiverse.llamacloud.chat.runtime.retry.Retries;
import io.quarkiverse.llamacloud.chat.runtime.retry.RetryPolicy;
import io.quarkiverse.llamacloud.chat.runtime.sse.TurnProgress;
import io.quarkiverse.llamacloud.chat.runtime.sse.TurnStreamClient;
import io.quarkiverse.llamacloud.chat.runtime.telemetry.ChatTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends turns, enforcing the turn-sending rule in this one place: a turn's POST is sent again only when the service
 * provably did not take it.
 * <ul>
 * <li>The request was not written (no connection, or the write failed): sent again within the retry budget.</li>
 * <li>The service answered an error status: sent again when the retry policy retries it (429, 5xx, 408, 409,
 * {@code X-Should-Retry: true}).</li>
 * <li>Events arrived, then the stream failed: the service has the turn; never sent again.</li>
 * <li>The request was written and no event arrived (a timeout or reset before the status, or a success status and
 * then nothing): the outcome is unknown, so the session's history is read. Recorded: never sent again. Not recorded:
 * sent again within the retry budget, after the backoff (which also gives a slow service time to record it).</li>
 * </ul>
 * A turn the service took fails with {@link LlamaCloudTurnAcceptedException}; {@link #ask} then waits for it to
 * finish and assembles it from the history. Every turn sends {@code index_ids}, which the service requires: the
 * request's, or else the session's own (from {@link SessionStates}, or one summary request).
 */
final class TurnSender {

    static final String STREAM = TurnStreamClient.OPERATION;

    private final String client;
    private final TurnStreamClient streams;
    private final RetryPolicy policy;
    private final SessionStates states;
    private final ChatTelemetry telemetry;
    private final Duration recoveryTimeout;
    private final String organizationId;
    private final String projectId;
    /** For the session calls the rule needs ({@code get}, {@code summary}), with their retries and typed failures. */
    private final ChatSessions sessions;

    TurnSender(String client, TurnStreamClient streams, RetryPolicy policy, SessionStates states,
            ChatTelemetry telemetry, Duration recoveryTimeout, String organizationId, String projectId,
            ChatSessions sessions) {
        this.client = client;
        this.streams = streams;
        this.policy = policy;
        this.states = states;
        this.telemetry = telemetry;
        this.recoveryTimeout = recoveryTimeout;
        this.organizationId = organizationId;
        this.projectId = projectId;
        this.sessions = sessions;
    }

    /**
     * @return the turn's events; lazy, each subscription is a new turn
     */
    Multi<ChatEvent> stream(String sessionId, String segment, TurnRequest request) {
        return telemetry.turn(client, projectId, sessionId,
                Multi.createFrom().deferred(() -> new Turn(sessionId, segment, request).events()));
    }

    /**
     * @return the turn's events: as streamed, or, when the stream failed after the service took the turn, as the
     *         history recorded them once the turn finished there (within {@code stream.recovery-timeout})
     */
    Uni<List<ChatEvent>> ask(String sessionId, String segment, TurnRequest request) {
        return Uni.createFrom().deferred(() -> {
            Turn turn = new Turn(sessionId, segment, request);
            return telemetry.turn(client, projectId, sessionId, turn.events()).collect().asList()
                    .onFailure(LlamaCloudTurnAcceptedException.class)
                    .recoverWithUni(accepted -> turn.recover((LlamaCloudTurnAcceptedException) accepted));
        });
    }

    /** One turn: its body, what was known before it was sent, and its attempts. */
    private final class Turn {
        private final String sessionId;
        private final String segment;
        private final TurnRequest request;
        private final List<Throwable> failures = new ArrayList<>();
        private final List<ChatEvent> firstEvents = new ArrayList<>();
        private StreamTurnRequest body;
        private Integer turnsBefore;

        Turn(String sessionId, String segment, TurnRequest request) {
            this.sessionId = sessionId;
            this.segment = segment;
            this.request = request;
        }

        Multi<ChatEvent> events() {
            SessionStates.State known = states.get(organizationId, projectId, sessionId);
            turnsBefore = known == null ? null : known.turns();
            if (!request.indexIds().isEmpty()) {
                body = StreamTurnRequest.of(request, request.indexIds());
                return attempt(0);
            }
            if (known != null) {
                body = StreamTurnRequest.of(request, known.indexIds());
                return attempt(0);
            }
            return sessions.summary(sessionId).onItem().transformToMulti(summary -> {
                body = StreamTurnRequest.of(request, summary.indexIds());
                return attempt(0);
            });
        }

        private Multi<ChatEvent> attempt(int attempt) {
            TurnProgress progress = new TurnProgress(
                    () -> states.turnTaken(organizationId, projectId, sessionId, body.indexIds(), turnsBefore),
                    // a turn cut short by its subscriber may run on at the service: its count is no longer known
                    () -> states.turnsUnknown(organizationId, projectId, sessionId));
            return streams.stream(segment, organizationId, projectId, body, attempt, progress)
                    .onFailure().recoverWithMulti(failure -> afterFailure(attempt, progress, failure));
        }

        private Multi<ChatEvent> afterFailure(int attempt, TurnProgress progress, Throwable failure) {
            failures.add(failure);
            if (firstEvents.isEmpty()) {
                firstEvents.addAll(progress.firstEvents());
            }
            if (progress.answered()) {
                return accepted(progress.events(), failure); // a success status or an event: the service took it
            }
            boolean budget = attempt < policy.maxRetries();
            if (failure instanceof LlamaCloudHttpException http) {
                if (!budget || !policy.shouldRetry(failure, true)) {
                    return fail(failure);
                }
                // A rate limit, or the service's own "retry", rejected the turn before any work; another error status
                // may come from a gateway in front of a service that took it, so the history decides.
                return rejectedBeforeWork(http) ? again(attempt, failure) : ask(attempt, failure, true, true);
            }
            if (!progress.written()) {
                return budget && couldNotConnect(failure) ? again(attempt, failure) : fail(failure);
            }
            return ask(attempt, failure, budget && transport(failure), false);
        }

        /**
         * Reads the session's history to learn whether the service recorded the turn.
         *
         * @param resendable whether another attempt may be made when it did not
         * @param resendUnasked whether another attempt may be made when the history cannot be read (an error status,
         *        which the retry rules of LlamaCloud's SDKs resend), or the failure is then final
         */
        private Multi<ChatEvent> ask(int attempt, Throwable failure, boolean resendable, boolean resendUnasked) {
            if (recoveryTimeout.isZero()) {
                if (resendable && resendUnasked) {
                    return again(attempt, failure);
                }
                states.turnsUnknown(organizationId, projectId, sessionId);
                return fail(failure); // nobody asks the service, so nobody may send the turn again
            }
            Uni<Void> backoff = resendable ? pause(policy.delay(attempt + 1, failure)) : Uni.createFrom().voidItem();
            return backoff.onItem().transformToUni(ignored -> sessions.get(sessionId))
                    .onItem().transform(history -> recorded(history).isPresent() ? Asked.RECORDED : Asked.NOT_RECORDED)
                    .onFailure().recoverWithItem(notAsked -> {
                        failure.addSuppressed(notAsked);
                        return Asked.NO_ANSWER;
                    })
                    .onItem().transformToMulti(asked -> switch (asked) {
                        case RECORDED -> accepted(0, failure);
                        case NOT_RECORDED -> resendable ? resend(attempt) : fail(failure);
                        case NO_ANSWER -> {
                            if (resendable && resendUnasked) {
                                yield resend(attempt);
                            }
                            // The service could not say: the turn may be there, so it is not sent again.
                            states.turnsUnknown(organizationId, projectId, sessionId);
                            yield fail(failure);
                        }
                    });
        }

        private Optional<TurnHistory.Recorded> recorded(FullSession history) {
            return TurnHistory.find(history.events(), request.prompt(), turnsBefore, firstEvents);
        }

        private Multi<ChatEvent> again(int attempt, Throwable failure) {
            return pause(policy.delay(attempt + 1, failure)).onItem().transformToMulti(ignored -> resend(attempt));
        }

        private Multi<ChatEvent> resend(int attempt) {
            telemetry.retried(client, "stream");
            return attempt(attempt + 1);
        }

        private Multi<ChatEvent> accepted(long delivered, Throwable failure) {
            states.turnTaken(organizationId, projectId, sessionId, body.indexIds(), turnsBefore);
            LlamaCloudTurnAcceptedException accepted = new LlamaCloudTurnAcceptedException(
                    "The service accepted the turn in session " + sessionId + ", but its stream failed after "
                            + delivered + " events: " + failure.getMessage()
                            + ". The turn is not sent again; read it from the session's history.",
                    sessionId, delivered, failure);
            return fail(accepted);
        }

        private Multi<ChatEvent> fail(Throwable failure) {
            List<Throwable> attempts = new ArrayList<>(failures);
            if (!attempts.isEmpty() && attempts.get(attempts.size() - 1) != failure
                    && attempts.get(attempts.size() - 1) == failure.getCause()) {
                attempts.set(attempts.size() - 1, failure); // the accepted turn stands for its stream's failure
            }
            return Multi.createFrom().failure(Retries.finalFailure(failure, attempts, STREAM));
        }

        /**
         * Waits for a turn the service took to finish there, polling the session with the retry backoff, and gives
         * its events as the history recorded them.
         */
        Uni<List<ChatEvent>> recover(LlamaCloudTurnAcceptedException accepted) {
            if (recoveryTimeout.isZero()) {
                return Uni.createFrom().failure(accepted);
            }
            long deadline = System.nanoTime() + recoveryTimeout.toNanos();
            return poll(accepted, deadline, 0);
        }

        private Uni<List<ChatEvent>> poll(LlamaCloudTurnAcceptedException accepted, long deadline, int round) {
            return sessions.get(sessionId).onItem().transformToUni(history -> {
                Optional<TurnHistory.Recorded> turn = recorded(history);
                if (turn.isPresent() && turn.get().complete()) {
                    return Uni.createFrom().item(turn.get().events());
                }
                long remaining = deadline - System.nanoTime();
                // The last read comes at the deadline, not a backoff step before it.
                Duration wait = Duration.ofNanos(Math.min(policy.delay(round + 1, null).toNanos(), remaining));
                if (remaining <= 0) {
                    accepted.addSuppressed(new LlamaCloudTimeoutException("The turn did not finish in the session's "
                            + "history within " + recoveryTimeout + " (quarkus.llamacloud.stream.recovery-timeout)",
                            null));
                    return Uni.createFrom().failure(accepted);
                }
                return pause(wait).onItem().transformToUni(ignored -> poll(accepted, deadline, round + 1));
            }).onFailure(failure -> failure != accepted).recoverWithUni(failure -> {
                accepted.addSuppressed(failure);
                return Uni.createFrom().failure(accepted);
            });
        }
    }

    /** A wait; none for a zero one, such as a server's {@code Retry-After: 0} (Mutiny refuses to delay by zero). */
    private static Uni<Void> pause(Duration wait) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return wait.isZero() || wait.isNegative() ? now : now.onItem().delayIt().by(wait);
    }

    /** What the session's history said of a turn whose outcome was unknown. */
    private enum Asked {
        RECORDED,
        NOT_RECORDED,
        NO_ANSWER
    }

    /** A 429, or the service's {@code X-Should-Retry: true}: the turn was turned away before any work on it. */
    private static boolean rejectedBeforeWork(LlamaCloudHttpException http) {
        return http.status() == 429 || http.response().header("X-Should-Retry").map(String::trim)
                .filter("true"::equalsIgnoreCase).isPresent();
    }

    /** A failure to connect, which left the service nothing; our own wait for a pooled connection is not one. */
    private static boolean couldNotConnect(Throwable failure) {
        return failure instanceof LlamaCloudIoException && !(failure instanceof LlamaCloudStreamTimeoutException);
    }

    /** A broken or silent connection, which another attempt may not meet; a malformed or oversized event it would. */
    private static boolean transport(Throwable failure) {
        return failure instanceof LlamaCloudIoException;
    }
}
