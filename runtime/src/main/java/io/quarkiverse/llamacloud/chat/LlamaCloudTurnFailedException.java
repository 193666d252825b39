package io.quarkiverse.llamacloud.chat;

/**
 * The service reported the turn as failed: its {@code stop} event had {@code is_error: true}. Raised by the
 * convenience methods ({@link ChatSessions#ask(String, String)}, {@link ChatSessions#streamText(String, String)});
 * {@link ChatSessions#stream(String, String)} delivers the {@link ChatEvent.Stop} as an event instead.
 */
public class LlamaCloudTurnFailedException extends LlamaCloudException {

    private static final long serialVersionUID = 1L;

    private final transient ChatTurn turn;

    /**
     * @param turn the turn as assembled up to its failing {@code stop}
     */
    public LlamaCloudTurnFailedException(ChatTurn turn) {
        super("LlamaCloud reported the turn as failed: " + (turn.error() == null ? "(no error text)" : turn.error()),
                null);
        this.turn = turn;
    }

    /** @return the server's error text, or {@code null} */
    public String error() {
        return turn.error();
    }

    /** @return the turn as assembled up to its failing {@code stop}: partial answer, tool calls, usage */
    public ChatTurn turn() {
        return turn;
    }
}
