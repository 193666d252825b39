import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { defaultClient } from 'build-time-data';
import '@vaadin/button';
import '@vaadin/confirm-dialog';
import '@vaadin/select';
import './qwc-llamacloud-turn.js';
import { errorStyles, formatMillis, renderError, splitTurns } from './qwc-llamacloud-turn.js';

/**
 * The project's sessions, page by page: title, index ids, last update and last run's usage. A session opens to its
 * full event history, rendered as the Chat page renders a turn; its title can be generated and it can be deleted,
 * after a confirmation.
 */
export class QwcLlamacloudSessions extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = [errorStyles, css`
        :host {
            display: block;
            padding: 0 var(--lumo-space-m) var(--lumo-space-m);
        }
        .controls {
            display: flex;
            gap: var(--lumo-space-m);
            align-items: baseline;
            flex-wrap: wrap;
        }
        table {
            width: 100%;
            border-collapse: collapse;
            margin: var(--lumo-space-m) 0;
            font-size: var(--lumo-font-size-s);
        }
        th {
            text-align: left;
            color: var(--lumo-secondary-text-color);
            font-weight: normal;
            border-bottom: 1px solid var(--lumo-contrast-20pct);
            padding: var(--lumo-space-xs) var(--lumo-space-s);
        }
        td {
            border-bottom: 1px solid var(--lumo-contrast-10pct);
            padding: var(--lumo-space-xs) var(--lumo-space-s);
            vertical-align: middle;
        }
        tr.selected td {
            background: var(--lumo-primary-color-10pct);
        }
        .id, .index {
            font-family: var(--lumo-font-family-monospace, monospace);
        }
        .untitled, .none {
            color: var(--lumo-secondary-text-color);
            font-style: italic;
        }
        .run-error {
            color: var(--lumo-error-text-color);
        }
        .actions {
            white-space: nowrap;
        }
        .pager {
            display: flex;
            gap: var(--lumo-space-s);
            align-items: center;
        }
        .history {
            border-top: 1px solid var(--lumo-contrast-20pct);
            padding-top: var(--lumo-space-m);
        }
        .history h3 {
            margin: 0 0 var(--lumo-space-m);
            font-size: var(--lumo-font-size-l);
        }
    `];

    static properties = {
        _clients: { state: true },
        _client: { state: true },
        _pageSize: { state: true },
        _page: { state: true },
        _tokens: { state: true },
        _loading: { state: true },
        _error: { state: true },
        _open: { state: true },
        _confirmDelete: { state: true },
    };

    constructor() {
        super();
        this._clients = [defaultClient];
        this._client = defaultClient;
        this._pageSize = 10;
        this._page = null;
        this._tokens = [''];
        this._loading = false;
        this._error = null;
        this._open = null;
        this._confirmDelete = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.clients().then(response => this._clients = response.result);
        this._load();
    }

    render() {
        return html`
            <div class="controls">
                <vaadin-select id="client" label="Client" .items=${this._clients.map(c => ({ label: c, value: c }))}
                    .value=${this._client} @value-changed=${e => this._pickClient(e.detail.value)}></vaadin-select>
                <vaadin-select id="page-size" label="Per page" .items=${[10, 20, 50, 100].map(n => ({ label: String(n), value: String(n) }))}
                    .value=${String(this._pageSize)} @value-changed=${e => this._resize(Number(e.detail.value))}></vaadin-select>
                <vaadin-button id="refresh" @click=${() => this._load()}>Refresh</vaadin-button>
            </div>
            ${renderError(this._error)}
            ${this._page ? this._table() : html`<p>Loading…</p>`}
            ${this._open ? this._history() : ''}
            <vaadin-confirm-dialog id="confirm-delete" header="Delete the session?" confirm-text="Delete" confirm-theme="error primary"
                cancel-button-visible .opened=${this._confirmDelete != null}
                @confirm=${() => this._delete(this._pendingDelete)} @cancel=${() => this._confirmDelete = null}
                @opened-changed=${e => { if (!e.detail.value) this._confirmDelete = null; }}>
                ${this._confirmDelete ? `Session ${this._confirmDelete} and its history will be deleted from LlamaCloud. This cannot be undone.` : ''}
            </vaadin-confirm-dialog>`;
    }

    _table() {
        const items = this._page.items;
        const pageNumber = this._tokens.length;
        return html`
            <table id="sessions">
                <thead><tr><th>Title</th><th>Session</th><th>Indexes</th><th>Last update</th><th>Last run</th><th></th></tr></thead>
                <tbody>
                    ${items.length === 0 ? html`<tr><td colspan="6" class="none">No session in this project.</td></tr>` : ''}
                    ${items.map(s => html`<tr class="${this._open?.sessionId === s.sessionId ? 'selected' : ''}" data-session-id="${s.sessionId}">
                        <td>${s.title ?? html`<span class="untitled">untitled</span>`}</td>
                        <td class="id">${s.sessionId}</td>
                        <td>${s.indexIds?.length ? s.indexIds.map((id, i) => html`${i ? ', ' : ''}<span class="index">${id}</span>`) : html`<span class="none">unbound</span>`}</td>
                        <td>${s.lastUpdatedAt ? new Date(s.lastUpdatedAt).toLocaleString() : ''}</td>
                        <td>${this._lastRun(s.lastRun)}</td>
                        <td class="actions">
                            <vaadin-button theme="tertiary small" class="open" @click=${() => this._openSession(s.sessionId)}>Open</vaadin-button>
                            <vaadin-button theme="tertiary small" class="title" @click=${() => this._generateTitle(s.sessionId)}>Generate title</vaadin-button>
                            <vaadin-button theme="tertiary error small" class="delete" @click=${() => this._askDelete(s.sessionId)}>Delete</vaadin-button>
                        </td>
                    </tr>`)}
                </tbody>
            </table>
            <div class="pager">
                <vaadin-button id="previous" ?disabled=${pageNumber <= 1 || this._loading} @click=${() => this._previous()}>Previous</vaadin-button>
                <span>Page ${pageNumber}</span>
                <vaadin-button id="next" ?disabled=${!this._page.nextPageToken || this._loading} @click=${() => this._next()}>Next</vaadin-button>
            </div>`;
    }

    _lastRun(run) {
        if (!run) {
            return html`<span class="none">never run</span>`;
        }
        const usage = `${run.inputTokens} in / ${run.outputTokens} out tokens · ${formatMillis(run.durationMs)}`;
        return run.isError ? html`<span class="run-error">failed: ${run.error ?? 'no reason given'}</span> · ${usage}` : usage;
    }

    _history() {
        const session = this._open;
        const turns = splitTurns(session.events);
        return html`<div class="history" id="history">
            <h3>${session.title ?? session.sessionId}</h3>
            ${turns.length === 0 ? html`<p class="none">No message in this session yet.</p>` : ''}
            ${turns.map(events => html`<qwc-llamacloud-turn .events=${events}></qwc-llamacloud-turn>`)}
        </div>`;
    }

    _pickClient(client) {
        if (client && client !== this._client) {
            this._client = client;
            this._open = null;
            this._tokens = [''];
            this._load();
        }
    }

    _resize(size) {
        if (size && size !== this._pageSize) {
            this._pageSize = size;
            this._tokens = [''];
            this._load();
        }
    }

    _next() {
        this._tokens = [...this._tokens, this._page.nextPageToken];
        this._load();
    }

    _previous() {
        this._tokens = this._tokens.slice(0, -1);
        this._load();
    }

    _load() {
        this._loading = true;
        const pageToken = this._tokens[this._tokens.length - 1];
        return this.jsonRpc.listSessions({ client: this._client, pageSize: this._pageSize, pageToken }).then(response => {
            this._loading = false;
            if (response.result.error) {
                this._error = response.result.error;
                this._page = this._page ?? { items: [], nextPageToken: null };
                return;
            }
            this._error = null;
            this._page = response.result;
            // A deletion can empty the last page: step back rather than show an empty page with a Previous button.
            if (this._page.items.length === 0 && this._tokens.length > 1) {
                this._previous();
            }
        });
    }

    _openSession(sessionId) {
        this.jsonRpc.getSession({ client: this._client, sessionId }).then(response => {
            if (response.result.error) {
                this._error = response.result.error;
                return;
            }
            this._error = null;
            this._open = response.result;
        });
    }

    _generateTitle(sessionId) {
        this.jsonRpc.generateTitle({ client: this._client, sessionId, firstMessage: '' }).then(response => {
            const summary = response.result;
            if (summary.error) {
                this._error = summary.error;
                return;
            }
            this._error = null;
            this._page = { ...this._page, items: this._page.items.map(s => s.sessionId === sessionId ? summary : s) };
            if (this._open?.sessionId === sessionId) {
                this._open = { ...this._open, title: summary.title };
            }
        });
    }

    _askDelete(sessionId) {
        // Kept apart from the dialog's state: the dialog may report itself closed before it reports the confirmation.
        this._pendingDelete = sessionId;
        this._confirmDelete = sessionId;
    }

    _delete(sessionId) {
        this._confirmDelete = null;
        this.jsonRpc.deleteSession({ client: this._client, sessionId }).then(response => {
            if (response.result.error) {
                this._error = response.result.error;
                return;
            }
            if (this._open?.sessionId === sessionId) {
                this._open = null;
            }
            this._load();
        });
    }
}

customElements.define('qwc-llamacloud-sessions', QwcLlamacloudSessions);
