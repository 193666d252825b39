import { LitElement, html, css } from 'lit';
import '@vaadin/icon';

/**
 * Folds a turn's events into what a reader sees: deltas joined into one block until the complete event that repeats
 * them arrives (which then replaces them, so nothing shows twice), each tool call with its result, then the stop.
 * Works for live turns (deltas first) and stored histories alike, and for servers that send only one of the two.
 */
export function foldEvents(events) {
    const blocks = [];
    const tools = new Map();
    let open = null; // the thinking or answer block that deltas are still growing
    for (const event of events) {
        switch (event.type) {
            case 'thinking_delta':
            case 'text_delta': {
                const kind = event.type === 'thinking_delta' ? 'thinking' : 'answer';
                if (!open || open.kind !== kind) {
                    open = { kind, content: '' };
                    blocks.push(open);
                }
                open.content += event.content ?? '';
                break;
            }
            case 'thinking':
            case 'text': {
                const kind = event.type === 'thinking' ? 'thinking' : 'answer';
                if (open && open.kind === kind) {
                    open.content = event.content ?? '';
                } else {
                    blocks.push({ kind, content: event.content ?? '' });
                }
                open = null;
                break;
            }
            case 'user_input':
                open = null;
                blocks.push({ kind: 'user', content: event.content ?? '' });
                break;
            case 'tool_call': {
                open = null;
                const block = { kind: 'tool', call: event, result: null };
                blocks.push(block);
                if (event.callId) {
                    tools.set(event.callId, block);
                }
                break;
            }
            case 'tool_result': {
                open = null;
                const block = event.callId ? tools.get(event.callId) : null;
                if (block && !block.result) {
                    block.result = event;
                } else {
                    blocks.push({ kind: 'tool', call: null, result: event });
                }
                break;
            }
            case 'stop':
                open = null;
                blocks.push({ kind: 'stop', stop: event });
                break;
            default:
                open = null;
                blocks.push({ kind: 'unknown', event });
        }
    }
    return blocks;
}

/** Splits a stored history into turns, each starting at its user message. */
export function splitTurns(events) {
    const turns = [];
    for (const event of events ?? []) {
        if (event.type === 'user_input' || turns.length === 0) {
            turns.push([]);
        }
        turns[turns.length - 1].push(event);
    }
    return turns;
}

export function formatMillis(ms) {
    if (ms == null) {
        return '–';
    }
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

function plural(count, word) {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The usage line of a stop, with the live turn's time to first event when known. */
export function usageLine(usage, timeToFirstEventMs) {
    const parts = [
        plural(usage?.inputTokens ?? 0, 'input token'),
        plural(usage?.outputTokens ?? 0, 'output token'),
        plural(usage?.turns ?? 0, 'turn'),
        `duration ${formatMillis(usage?.durationMs)}`
    ];
    if (timeToFirstEventMs != null) {
        parts.push(`first event after ${formatMillis(timeToFirstEventMs)}`);
    }
    return parts.join(' · ');
}

export const errorStyles = css`
    .error {
        border-left: 4px solid var(--lumo-error-color);
        background: var(--lumo-error-color-10pct);
        padding: var(--lumo-space-s) var(--lumo-space-m);
        border-radius: var(--lumo-border-radius-s);
        margin-bottom: var(--lumo-space-s);
    }
    .error-message {
        white-space: pre-wrap;
    }
    .error-type {
        font-weight: bold;
        color: var(--lumo-error-text-color);
    }
    .error-meta {
        font-size: var(--lumo-font-size-s);
        color: var(--lumo-secondary-text-color);
    }
`;

/** A typed failure as the JSON-RPC service describes it: type, HTTP status, request id, attempts, cause, message. */
export function renderError(error) {
    if (!error) {
        return html``;
    }
    const meta = [];
    if (error.status != null) {
        meta.push(html`<span class="error-status">HTTP ${error.status}</span>`);
    }
    if (error.requestId != null) {
        meta.push(html`<span class="error-request-id">request id ${error.requestId}</span>`);
    }
    if (error.attempts != null && error.attempts > 1) {
        meta.push(html`<span>${error.attempts} attempts</span>`);
    }
    if (error.cause != null) {
        // LlamaCloudTurnAcceptedException: the service has the turn; say what broke its stream
        meta.push(html`<span class="error-cause">accepted by the service, then ${error.cause}</span>`);
    }
    return html`<div class="error" role="alert">
        <div><span class="error-type">${error.type}</span>
            ${meta.length ? html`<span class="error-meta"> · ${meta.map((m, i) => html`${i ? ' · ' : ''}${m}`)}</span>` : ''}
        </div>
        <div class="error-message">${error.message}</div>
    </div>`;
}

/**
 * One turn, rendered from its events: the user's message, the agent's thinking (dimmed), each tool call with its
 * arguments and paired result (collapsible JSON, image attachment names), the answer text, then the usage line;
 * or the typed error that ended it.
 */
export class QwcLlamacloudTurn extends LitElement {

    static styles = [errorStyles, css`
        :host {
            display: block;
            margin-bottom: var(--lumo-space-m);
        }
        .user {
            align-self: flex-end;
            background: var(--lumo-primary-color-10pct);
            border-radius: var(--lumo-border-radius-l);
            padding: var(--lumo-space-s) var(--lumo-space-m);
            margin-bottom: var(--lumo-space-s);
            white-space: pre-wrap;
            max-width: 80%;
            margin-left: auto;
            width: fit-content;
        }
        .thinking {
            color: var(--lumo-secondary-text-color);
            font-style: italic;
            opacity: 0.75;
            white-space: pre-wrap;
            margin-bottom: var(--lumo-space-s);
        }
        .answer {
            white-space: pre-wrap;
            margin-bottom: var(--lumo-space-s);
            line-height: var(--lumo-line-height-m);
        }
        .tool {
            border: 1px solid var(--lumo-contrast-10pct);
            border-radius: var(--lumo-border-radius-m);
            padding: var(--lumo-space-xs) var(--lumo-space-s);
            margin-bottom: var(--lumo-space-s);
            background: var(--lumo-contrast-5pct);
        }
        .tool summary {
            cursor: pointer;
            font-size: var(--lumo-font-size-s);
        }
        .tool-name, .call-id, code {
            font-family: var(--lumo-font-family-monospace, monospace);
        }
        .call-id, .tool-state, .json-label {
            color: var(--lumo-secondary-text-color);
        }
        .json-label {
            font-size: var(--lumo-font-size-xs);
            margin-top: var(--lumo-space-xs);
        }
        vaadin-icon {
            width: var(--lumo-icon-size-s);
            height: var(--lumo-icon-size-s);
            color: var(--lumo-secondary-text-color);
        }
        pre {
            margin: var(--lumo-space-xs) 0;
            font-size: var(--lumo-font-size-xs);
            max-height: 14em;
            overflow: auto;
            white-space: pre-wrap;
            word-break: break-word;
        }
        .attachment {
            font-size: var(--lumo-font-size-s);
        }
        .usage {
            font-size: var(--lumo-font-size-s);
            color: var(--lumo-secondary-text-color);
            border-top: 1px dashed var(--lumo-contrast-20pct);
            padding-top: var(--lumo-space-xs);
        }
        .failed-turn {
            color: var(--lumo-error-text-color);
        }
        .status {
            font-size: var(--lumo-font-size-s);
            color: var(--lumo-secondary-text-color);
        }
    `];

    static properties = {
        events: { type: Array },
        state: { type: String },
        error: { type: Object },
        timeToFirstEventMs: { type: Number },
    };

    constructor() {
        super();
        this.events = [];
        this.state = 'done';
        this.error = null;
        this.timeToFirstEventMs = null;
    }

    render() {
        return html`${foldEvents(this.events).map(block => this._block(block))}
            ${this.state === 'streaming' ? html`<div class="status streaming">Streaming…</div>` : ''}
            ${this.state === 'cancelled' ? html`<div class="status cancelled">Cancelled</div>` : ''}
            ${renderError(this.error)}`;
    }

    _block(block) {
        switch (block.kind) {
            case 'user':
                return html`<div class="user">${block.content}</div>`;
            case 'thinking':
                return html`<div class="thinking">${block.content}</div>`;
            case 'answer':
                return html`<div class="answer">${block.content}</div>`;
            case 'tool':
                return this._tool(block);
            case 'stop':
                return this._stop(block.stop);
            default:
                return html`<div class="tool unknown"><details><summary><vaadin-icon icon="font-awesome-solid:question"></vaadin-icon>
                    <span class="tool-name">${block.event.type || 'event'}</span> <span class="tool-state">· an event type this version does not know</span></summary>
                    <pre>${JSON.stringify(block.event.raw ?? block.event, null, 2)}</pre></details></div>`;
        }
    }

    _tool(block) {
        const call = block.call;
        const result = block.result;
        const name = call?.name ?? result?.name ?? 'tool';
        const callId = call?.callId ?? result?.callId;
        const attachment = result?.imageAttachment;
        const found = Array.isArray(result?.result) ? ` · ${plural(result.result.length, 'result')}` : '';
        return html`<div class="tool">
            <details>
                <summary><vaadin-icon icon="font-awesome-solid:wrench"></vaadin-icon>
                    <span class="tool-name">${name}</span>${callId ? html` <span class="call-id">${callId}</span>` : ''}
                    <span class="tool-state">${result ? found || ' · result' : ' · waiting for the result…'}</span></summary>
                ${call ? html`<div class="json-label">Arguments</div>
                    <pre class="arguments">${JSON.stringify(call.arguments ?? {}, null, 2)}</pre>` : ''}
                ${result ? html`<div class="json-label">Result</div>
                    <pre class="result">${JSON.stringify(result.result ?? null, null, 2)}</pre>` : ''}
            </details>
            ${attachment ? html`<div class="attachment"><vaadin-icon icon="font-awesome-solid:image"></vaadin-icon>
                Image attachment <code>${attachment.attachmentName}</code>${attachment.sourceId ? html` from <code>${attachment.sourceId}</code>` : ''}</div>` : ''}
        </div>`;
    }

    _stop(stop) {
        return html`${stop.isError ? html`<div class="failed-turn">The turn failed: ${stop.error ?? 'no reason given'}</div>` : ''}
            ${stop.skippedIndexIds?.length ? html`<div class="status">Skipped indexes: ${stop.skippedIndexIds.join(', ')}</div>` : ''}
            <div class="usage">${usageLine(stop.usage, this.timeToFirstEventMs)}</div>`;
    }
}

customElements.define('qwc-llamacloud-turn', QwcLlamacloudTurn);
