import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { emulatorBaseUrl, defaultClient } from 'build-time-data';
import '@vaadin/button';
import '@vaadin/combo-box';
import '@vaadin/select';
import '@vaadin/text-area';
import '@vaadin/text-field';
import './qwc-llamacloud-turn.js';
import { errorStyles, renderError, splitTurns } from './qwc-llamacloud-turn.js';

// Kept for the Dev UI session: navigating to another page and back finds the same client and session.
const remembered = { client: defaultClient, sessionId: null, indexIds: null };

/**
 * The chat playground: pick a client, create a session on chosen indexes or pick an existing one, type a prompt and
 * watch the turn stream in, typed. A turn can be cancelled.
 */
export class QwcLlamacloudChat extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = [errorStyles, css`
        :host {
            display: flex;
            flex-direction: column;
            height: 100%;
            padding: 0 var(--lumo-space-m);
            box-sizing: border-box;
        }
        .controls {
            display: flex;
            flex-wrap: wrap;
            gap: var(--lumo-space-m);
            align-items: baseline;
        }
        #session {
            min-width: 24em;
        }
        .conversation {
            flex: 1;
            overflow-y: auto;
            padding: var(--lumo-space-m) 0;
        }
        .empty {
            color: var(--lumo-secondary-text-color);
        }
        .prompt {
            display: flex;
            gap: var(--lumo-space-s);
            align-items: flex-end;
            padding-bottom: var(--lumo-space-m);
        }
        #prompt {
            flex: 1;
        }
    `];

    static properties = {
        _clients: { state: true },
        _client: { state: true },
        _sessions: { state: true },
        _sessionId: { state: true },
        _indexIds: { state: true },
        _turns: { state: true },
        _prompt: { state: true },
        _streaming: { state: true },
        _error: { state: true },
    };

    constructor() {
        super();
        this._clients = [defaultClient];
        this._client = remembered.client;
        this._sessions = [];
        this._sessionId = remembered.sessionId;
        this._indexIds = remembered.indexIds ?? '';
        this._turns = [];
        this._prompt = '';
        this._streaming = null;
        this._error = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.clients().then(response => {
            this._clients = response.result;
            if (!this._clients.includes(this._client)) {
                this._client = this._clients[0];
            }
        });
        if (emulatorBaseUrl && remembered.indexIds == null) {
            // Suggests the emulator's indexes, so that a first prompt retrieves something.
            this.jsonRpc.emulatorInfo().then(response => {
                const indexes = response.result?.indexes ?? [];
                if (!this._indexIds && indexes.length) {
                    this._indexIds = indexes[0].indexId;
                }
            });
        }
        this._loadSessions();
        if (this._sessionId) {
            this._loadHistory(this._sessionId);
        }
    }

    disconnectedCallback() {
        this._cancel();
        super.disconnectedCallback();
    }

    render() {
        // Bound by item rather than by value: the label then follows a title that the first turn generated.
        const items = this._sessionItems();
        return html`
            <div class="controls">
                <vaadin-select id="client" label="Client" .items=${this._clients.map(c => ({ label: c, value: c }))}
                    .value=${this._client} @value-changed=${e => this._pickClient(e.detail.value)}></vaadin-select>
                <vaadin-combo-box id="session" label="Session" placeholder="New session on the next prompt"
                    clear-button-visible .items=${items} item-label-path="label" item-value-path="value"
                    .selectedItem=${items.find(item => item.value === this._sessionId) ?? null}
                    @selected-item-changed=${e => this._pickSession(e.detail.value?.value)}></vaadin-combo-box>
                <vaadin-text-field id="index-ids" label="Index ids (comma-separated)" .value=${this._indexIds}
                    placeholder="none: an unbound session" @value-changed=${e => this._indexIds = e.detail.value}></vaadin-text-field>
                <vaadin-button id="new-session" @click=${() => this._newSession()} ?disabled=${this._streaming != null}>New session</vaadin-button>
            </div>
            ${renderError(this._error)}
            <div class="conversation" id="conversation">
                ${this._turns.length === 0
                    ? html`<div class="empty">${this._sessionId ? 'No message in this session yet.' : 'Type a prompt to start a session.'}</div>`
                    : this._turns.map(turn => html`<qwc-llamacloud-turn .events=${turn.events} .state=${turn.state}
                        .error=${turn.error} .timeToFirstEventMs=${turn.timeToFirstEventMs}></qwc-llamacloud-turn>`)}
            </div>
            <div class="prompt">
                <vaadin-text-area id="prompt" label="Prompt" placeholder="Ask something (Ctrl+Enter sends)"
                    .value=${this._prompt} @value-changed=${e => this._prompt = e.detail.value}
                    @keydown=${this._keydown}></vaadin-text-area>
                ${this._streaming
                    ? html`<vaadin-button id="cancel" theme="error" @click=${() => this._cancel()}>Cancel</vaadin-button>`
                    : html`<vaadin-button id="send" theme="primary" ?disabled=${!this._prompt.trim()} @click=${() => this._send()}>Send</vaadin-button>`}
            </div>`;
    }

    _sessionItems() {
        const items = this._sessions.map(s => ({ label: `${s.title ?? '(untitled)'} · ${s.sessionId}`, value: s.sessionId }));
        if (this._sessionId && !items.some(item => item.value === this._sessionId)) {
            items.unshift({ label: this._sessionId, value: this._sessionId });
        }
        return items;
    }

    _pickClient(client) {
        if (client && client !== this._client) {
            this._client = remembered.client = client;
            this._sessionId = remembered.sessionId = null;
            this._turns = [];
            this._loadSessions();
        }
    }

    _pickSession(sessionId) {
        const id = sessionId || null;
        if (id === this._sessionId) {
            return;
        }
        this._cancel();
        this._sessionId = remembered.sessionId = id;
        this._turns = [];
        this._error = null;
        if (id) {
            this._loadHistory(id);
        }
    }

    _loadSessions() {
        this.jsonRpc.listSessions({ client: this._client, pageSize: 50, pageToken: '' }).then(response => {
            if (!response.result.error) {
                this._sessions = response.result.items;
            }
        });
    }

    _loadHistory(sessionId) {
        this.jsonRpc.getSession({ client: this._client, sessionId }).then(response => {
            const session = response.result;
            if (sessionId !== this._sessionId) {
                return;
            }
            if (session.error) {
                this._error = session.error;
                return;
            }
            this._indexIds = session.indexIds.join(', ');
            this._turns = splitTurns(session.events).map(events => ({ events, state: 'done', error: null }));
        });
    }

    _newSession() {
        this._cancel();
        this._error = null;
        return this.jsonRpc.createSession({ client: this._client, indexIds: this._indexIds }).then(response => {
            const session = response.result;
            if (session.error) {
                this._error = session.error;
                return null;
            }
            remembered.indexIds = this._indexIds;
            this._sessions = [session, ...this._sessions];
            this._sessionId = remembered.sessionId = session.sessionId;
            this._turns = [];
            return session.sessionId;
        });
    }

    _keydown(e) {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            this._send();
        }
    }

    async _send() {
        const prompt = this._prompt.trim();
        if (!prompt || this._streaming) {
            return;
        }
        this._error = null;
        const sessionId = this._sessionId ?? await this._newSession();
        if (!sessionId) {
            return;
        }
        this._prompt = '';
        const turn = { events: [{ type: 'user_input', content: prompt }], state: 'streaming', error: null, timeToFirstEventMs: null };
        this._turns = [...this._turns, turn];
        this._streaming = this.jsonRpc.streamTurn({ client: this._client, sessionId, prompt })
            .onNext(response => this._onItem(turn, response.result))
            .onError(response => this._end(turn, 'done', { type: 'JSON-RPC error', message: response.error?.message ?? String(response.error) }));
    }

    _onItem(turn, item) {
        if (item.kind === 'event') {
            turn.events = [...turn.events, item.event];
            this._turns = [...this._turns];
            this._scrollDown();
        } else {
            turn.timeToFirstEventMs = item.timeToFirstEventMs ?? null;
            this._end(turn, 'done', item.kind === 'error' ? item.error : null);
            this._loadSessions();
        }
    }

    _end(turn, state, error) {
        turn.state = state;
        turn.error = error;
        this._streaming = null;
        this._turns = [...this._turns];
        this._scrollDown();
    }

    _cancel() {
        if (!this._streaming) {
            return;
        }
        // Unsubscribing cancels the turn on the server, which closes its connection to LlamaCloud.
        this._streaming.cancel();
        const turn = this._turns[this._turns.length - 1];
        if (turn) {
            this._end(turn, 'cancelled', null);
        }
        this._streaming = null;
    }

    _scrollDown() {
        this.updateComplete.then(() => {
            const conversation = this.renderRoot.querySelector('#conversation');
            if (conversation) {
                conversation.scrollTop = conversation.scrollHeight;
            }
        });
    }
}

customElements.define('qwc-llamacloud-chat', QwcLlamacloudChat);
