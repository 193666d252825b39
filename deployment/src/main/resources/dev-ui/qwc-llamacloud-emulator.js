import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { notifier } from 'notifier';
import '@vaadin/button';
import '@vaadin/integer-field';
import '@vaadin/text-area';
import '@vaadin/text-field';
import { errorStyles, renderError } from './qwc-llamacloud-turn.js';

/**
 * Each fault the page offers: its fields (numbers unless said otherwise) and the admin JSON it applies. The
 * emulator validates the values; its refusal shows on the page.
 */
const FAULTS = [
    {
        id: 'fail-next', title: 'Fail the next requests',
        help: 'The next N API calls (any endpoint) answer this status, with Retry-After when given. The extension retries 5xx and 429 twice by default: fail 3 to see the error.',
        fields: [{ name: 'count', label: 'Requests', value: 3 }, { name: 'status', label: 'Status', value: 503 },
            { name: 'retryAfter', label: 'Retry-After (s)', value: null, optional: true }],
        json: v => ({ failNext: { count: v.count, status: v.status, headers: v.retryAfter == null ? {} : { 'Retry-After': String(v.retryAfter) } } })
    },
    {
        id: 'reset-connection', title: 'Drop the connection of the next requests',
        help: 'The next N API calls get their TCP connection closed, with no answer.',
        fields: [{ name: 'count', label: 'Requests', value: 1 }],
        json: v => ({ resetConnectionNext: v.count })
    },
    {
        id: 'stall', title: 'Stall the next stream',
        help: 'After K events nothing at all is written (no keep-alives either) for this long, then the stream goes on.',
        fields: [{ name: 'events', label: 'After events', value: 2 }, { name: 'stall', label: 'For (ms)', value: 5000 }],
        json: v => ({ stallStreamAfter: { events: v.events, stall: v.stall } })
    },
    {
        id: 'cut', title: 'Cut the next stream',
        help: 'After K events the connection closes: no stop event.',
        fields: [{ name: 'events', label: 'After events', value: 3 }],
        json: v => ({ cutStreamAfter: v.events })
    },
    {
        id: 'malformed', title: 'Malformed event in the next stream',
        help: 'After K events, an event whose data is not JSON.',
        fields: [{ name: 'events', label: 'After events', value: 2 }],
        json: v => ({ malformedEventAfter: v.events })
    },
    {
        id: 'fail-turn', title: 'Fail the next turn',
        help: 'The next turn ends with a stop event flagged as an error, with this text.',
        fields: [{ name: 'error', label: 'Error', value: 'Model overloaded', text: true }],
        json: v => ({ failTurn: v.error })
    },
    {
        id: 'unknown-event', title: 'Unknown event type in the next stream',
        help: 'An event of a type the client does not know, before the answer.',
        fields: [{ name: 'type', label: 'Type', value: 'citation_added', text: true }],
        json: v => ({ unknownEventType: v.type })
    },
    {
        id: 'keep-alive', title: 'Keep-alives on every stream',
        help: 'A keep-alive comment at this interval while a turn streams; 0 switches them off.',
        fields: [{ name: 'every', label: 'Every (ms)', value: 100 }],
        json: v => ({ keepAliveEvery: v.every })
    },
    {
        id: 'event-delay', title: 'Slow streams',
        help: 'A pause between two events of every stream; 0 switches it off.',
        fields: [{ name: 'delay', label: 'Pause (ms)', value: 200 }],
        json: v => ({ eventDelay: v.delay })
    },
    {
        id: 'latency', title: 'Latency',
        help: 'Every API response, and every stream\'s head, is delayed this much; 0 switches it off.',
        fields: [{ name: 'latency', label: 'Delay (ms)', value: 500 }],
        json: v => ({ latency: v.latency })
    },
];

/** What is in force, in words, from the emulator's fault state; nothing for the values that mean off. */
export function describeFaults(state) {
    if (!state) {
        return [];
    }
    const lines = [];
    const failNext = state.failNext;
    if (failNext?.count > 0) {
        const retryAfter = failNext.headers?.['Retry-After'];
        lines.push(`The next ${failNext.count} request(s) answer HTTP ${failNext.status}${retryAfter != null ? ` with Retry-After ${retryAfter}` : ''}`);
    }
    if (state.resetConnectionNext > 0) {
        lines.push(`The next ${state.resetConnectionNext} request(s) have their connection dropped`);
    }
    if (state.stallStreamAfter) {
        lines.push(`The next stream stalls after ${state.stallStreamAfter.events} event(s) for ${state.stallStreamAfter.stall} ms`);
    }
    if (state.cutStreamAfter != null) {
        lines.push(`The next stream is cut after ${state.cutStreamAfter} event(s)`);
    }
    if (state.malformedEventAfter != null) {
        lines.push(`The next stream sends a malformed event after ${state.malformedEventAfter} event(s)`);
    }
    if (state.unknownEventType != null) {
        lines.push(`The next stream sends an event of unknown type ${state.unknownEventType}`);
    }
    if (state.failTurn != null) {
        lines.push(`The next turn fails with "${state.failTurn}"`);
    }
    if (state.keepAliveEvery > 0) {
        lines.push(`Keep-alives every ${state.keepAliveEvery} ms`);
    }
    if (state.eventDelay > 0) {
        lines.push(`${state.eventDelay} ms between events`);
    }
    if (state.latency > 0) {
        lines.push(`${state.latency} ms of latency`);
    }
    if (state.chunkSize > 0) {
        lines.push(`Streams written in chunks of ${state.chunkSize} bytes`);
    }
    if (state.lineEnding && state.lineEnding !== '\n') {
        lines.push(`Lines end with ${JSON.stringify(state.lineEnding)}`);
    }
    return lines;
}

/**
 * The emulator that Dev Services run: its URL and indexes, its counters, fault injection and scripted replies, so
 * that a developer can watch the application under each fault.
 */
export class QwcLlamacloudEmulator extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = [errorStyles, css`
        :host {
            display: block;
            padding: 0 var(--lumo-space-m) var(--lumo-space-m);
        }
        section {
            border: 1px solid var(--lumo-contrast-10pct);
            border-radius: var(--lumo-border-radius-m);
            padding: var(--lumo-space-s) var(--lumo-space-m);
            margin-bottom: var(--lumo-space-m);
        }
        h3 {
            margin: 0 0 var(--lumo-space-s);
            font-size: var(--lumo-font-size-l);
        }
        code {
            font-family: var(--lumo-font-family-monospace, monospace);
        }
        .counters {
            display: flex;
            gap: var(--lumo-space-xl);
        }
        .counter .value {
            font-size: var(--lumo-font-size-xxl);
            font-weight: bold;
        }
        .counter .label, .help, .muted {
            color: var(--lumo-secondary-text-color);
            font-size: var(--lumo-font-size-s);
        }
        .fault {
            display: grid;
            grid-template-columns: minmax(16em, 26em) 1fr;
            gap: var(--lumo-space-m);
            align-items: end;
            border-top: 1px solid var(--lumo-contrast-10pct);
            padding: var(--lumo-space-xs) 0;
        }
        .fault .name {
            display: flex;
            flex-direction: column;
            align-self: center;
        }
        .fault .fields {
            display: flex;
            flex-wrap: wrap;
            gap: var(--lumo-space-s);
            align-items: flex-end;
        }
        .fault vaadin-integer-field, .fault vaadin-text-field {
            width: 8.5em;
        }
        .fault .help {
            font-size: var(--lumo-font-size-xs);
        }
        ul.in-force {
            margin: var(--lumo-space-xs) 0;
        }
        .row {
            display: flex;
            gap: var(--lumo-space-s);
            align-items: baseline;
            flex-wrap: wrap;
        }
        #script-prompt {
            width: 24em;
        }
        vaadin-text-area {
            width: 100%;
        }
    `];

    static properties = {
        _info: { state: true },
        _stats: { state: true },
        _statsAt: { state: true },
        _faults: { state: true },
        _values: { state: true },
        _error: { state: true },
        _script: { state: true },
    };

    constructor() {
        super();
        this._info = null;
        this._stats = null;
        this._faults = null;
        this._error = null;
        this._values = Object.fromEntries(FAULTS.map(f => [f.id, Object.fromEntries(f.fields.map(x => [x.name, x.value]))]));
        this._script = { prompt: 'Who won?', answer: 'The home team.', events: '' };
    }

    connectedCallback() {
        super.connectedCallback();
        this._call('emulatorInfo', {}).then(info => { if (info) this._info = info; });
        this._refreshFaults();
        this._refreshStats();
        // The counters move with every request the application makes; a developer watches them change. Not while
        // the tab is hidden: Quarkus 3.34's Dev UI cancels a streaming turn in another tab when a request from this
        // one happens to carry the same message number, and a hidden page has nothing to show anyway.
        this._timer = setInterval(() => {
            if (document.visibilityState !== 'hidden') {
                this._refreshStats();
            }
        }, 2000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    render() {
        const inForce = describeFaults(this._faults);
        return html`
            ${renderError(this._error)}
            <section id="about">
                <h3>Emulator</h3>
                <div>Running at <code id="base-url">${this._info?.baseUrl ?? '…'}</code>, started by Dev Services. Its API key is not shown.</div>
                <div class="muted">Indexes: ${(this._info?.indexes ?? []).map((index, i) => html`${i ? '; ' : ''}<code>${index.indexId}</code> (${index.documentIds.length} documents)`)}</div>
                <div class="row">
                    <vaadin-button id="reset" theme="error tertiary" @click=${() => this._reset()}>Reset the emulator</vaadin-button>
                    <span class="muted">Clears sessions, scripts, faults and counters; keeps the documents.</span>
                </div>
            </section>
            <section id="counters">
                <h3>Counters</h3>
                <div class="counters">
                    ${this._counter('requests', 'requests', 'API requests received')}
                    ${this._counter('openConnections', 'open connections', 'TCP connections open now')}
                    ${this._counter('openStreams', 'open streams', 'turns streaming now')}
                    ${this._counter('streamsStarted', 'streams started', 'turns that started streaming')}
                </div>
                <div class="muted">${this._statsAt ? `Updated ${this._statsAt.toLocaleTimeString()}, every 2 seconds.` : ''}</div>
            </section>
            <section id="faults">
                <h3>Faults</h3>
                <div id="in-force">${inForce.length === 0
                    ? html`<span class="muted">No fault is in force.</span>`
                    : html`In force: <ul class="in-force">${inForce.map(line => html`<li>${line}</li>`)}</ul>`}</div>
                <vaadin-button id="clear-faults" ?disabled=${inForce.length === 0} @click=${() => this._clearFaults()}>Clear all faults</vaadin-button>
                ${FAULTS.map(fault => this._faultRow(fault))}
            </section>
            <section id="scripts">
                <h3>Scripted replies</h3>
                <div class="help">For this exact prompt, in any session, the emulator answers with this text (streamed word by word) or, when given, these events (a JSON array), instead of its agent.</div>
                <div class="row">
                    <vaadin-text-field id="script-prompt" label="Prompt" .value=${this._script.prompt}
                        @value-changed=${e => this._script = { ...this._script, prompt: e.detail.value }}></vaadin-text-field>
                </div>
                <vaadin-text-area id="script-answer" label="Answer" .value=${this._script.answer}
                    @value-changed=${e => this._script = { ...this._script, answer: e.detail.value }}></vaadin-text-area>
                <vaadin-text-area id="script-events" label="Or events (JSON array)" placeholder='[{"type": "text", "content": "Hello"}]'
                    .value=${this._script.events} @value-changed=${e => this._script = { ...this._script, events: e.detail.value }}></vaadin-text-area>
                <div class="row">
                    <vaadin-button id="script" theme="primary" @click=${() => this._scriptReply()}>Script the reply</vaadin-button>
                    <vaadin-button id="clear-scripts" @click=${() => this._clearScripts()}>Clear all scripts</vaadin-button>
                </div>
            </section>`;
    }

    _counter(key, label, title) {
        return html`<div class="counter" title="${title}"><div class="value" id="counter-${key}">${this._stats?.[key] ?? '–'}</div><div class="label">${label}</div></div>`;
    }

    _faultRow(fault) {
        const values = this._values[fault.id];
        return html`<div class="fault" id="fault-${fault.id}">
            <div class="name"><span>${fault.title}</span><span class="help">${fault.help}</span></div>
            <div class="fields">
            ${fault.fields.map(field => field.text
                ? html`<vaadin-text-field id="${fault.id}-${field.name}" label="${field.label}" .value=${values[field.name] ?? ''}
                    @value-changed=${e => this._set(fault.id, field.name, e.detail.value)}></vaadin-text-field>`
                : html`<vaadin-integer-field id="${fault.id}-${field.name}" label="${field.label}" min="0"
                    .value=${values[field.name] == null ? '' : String(values[field.name])} ?clear-button-visible=${field.optional}
                    @value-changed=${e => this._set(fault.id, field.name, e.detail.value === '' ? null : Number(e.detail.value))}></vaadin-integer-field>`)}
                <vaadin-button id="apply-${fault.id}" theme="primary" @click=${() => this._apply(fault)}>Apply</vaadin-button>
            </div>
        </div>`;
    }

    _set(faultId, field, value) {
        this._values = { ...this._values, [faultId]: { ...this._values[faultId], [field]: value } };
    }

    _apply(fault) {
        const values = this._values[fault.id];
        const missing = fault.fields.find(f => !f.optional && (values[f.name] == null || values[f.name] === ''));
        if (missing) {
            this._error = { type: 'Missing value', message: `${fault.title}: ${missing.label} is needed.` };
            return;
        }
        this._call('applyFaults', { faults: JSON.stringify(fault.json(values)) }).then(state => {
            if (state) {
                this._faults = state;
                notifier.showInfoMessage(`Applied: ${fault.title.toLowerCase()}`);
            }
        });
    }

    _clearFaults() {
        this._call('clearFaults', {}).then(state => { if (state) this._faults = state; });
    }

    _refreshFaults() {
        this._call('emulatorFaults', {}).then(state => { if (state) this._faults = state; });
    }

    _refreshStats() {
        if (this._statsPending) {
            return;
        }
        this._statsPending = true;
        this.jsonRpc.emulatorStats().then(response => {
            this._statsPending = false;
            if (!response.result.error) {
                this._stats = response.result;
                this._statsAt = new Date();
            }
            // Next-request and next-stream faults are used up by the application's calls: show what is left.
            this._refreshFaults();
        }, () => this._statsPending = false);
    }

    _scriptReply() {
        this._call('scriptReply', { prompt: this._script.prompt, answer: this._script.answer, events: this._script.events })
                        // The notifier renders HTML: it gets no user text.
            .then(result => { if (result) notifier.showInfoMessage('Reply scripted'); });
    }

    _clearScripts() {
        this._call('clearScripts', {}).then(result => { if (result) notifier.showInfoMessage('Every scripted reply removed'); });
    }

    _reset() {
        this._call('resetEmulator', {}).then(result => {
            if (result) {
                this._refreshFaults();
                this._refreshStats();
                notifier.showInfoMessage('The emulator was reset');
            }
        });
    }

    /** Calls an emulator action; its refusal shows as an error on the page and resolves to nothing. */
    _call(method, params) {
        return this.jsonRpc[method](params).then(response => {
            const result = response.result;
            if (result?.error) {
                this._error = result.error;
                return null;
            }
            this._error = null;
            return result;
        }, response => {
            this._error = { type: 'JSON-RPC error', message: response?.error?.message ?? String(response) };
            return null;
        });
    }
}

customElements.define('qwc-llamacloud-emulator', QwcLlamacloudEmulator);
