// Every Chat API call of LlamaCloud's official TypeScript SDK, against the emulator at $BASE with key $KEY.
// Prints one JSON object of what came back; OfficialSdkTest checks it.
const sdk = require('@llamaindex/llama-cloud');
const LlamaCloud = sdk.default ?? sdk;

async function outcome(call) {
  try {
    return { ok: await call() };
  } catch (e) {
    return { error: e.constructor.name, status: e.status ?? null, body: e.error ?? null };
  }
}

(async () => {
  const client = new LlamaCloud({ apiKey: process.env.KEY, baseURL: process.env.BASE, maxRetries: 0 });
  const out = {};
  out.created = await client.beta.chat.create({ index_ids: ['demo-index'] });
  out.unbound = await client.beta.chat.create();
  const id = out.created.session_id;
  const streamed = await client.beta.chat.stream(id, { index_ids: ['demo-index'], prompt: process.env.PROMPT });
  out.streamed = typeof streamed === 'string' ? streamed : JSON.stringify(streamed);
  out.full = await client.beta.chat.retrieve(id);
  out.summary = await client.beta.chat.getSummary(id);
  out.listed = [];
  for await (const session of client.beta.chat.list({ page_size: 1 })) {
    out.listed.push(session.session_id);
  }
  out.deleted = await outcome(() => client.beta.chat.delete(out.unbound.session_id));
  out.afterDelete = await outcome(() => client.beta.chat.getSummary(out.unbound.session_id));
  // Outside the SDK's typings: a turn without its required index_ids.
  out.withoutIndexIds = await outcome(() => client.beta.chat.stream(id, { prompt: 'no index ids' }));
  out.badKey = await outcome(() => new LlamaCloud({ apiKey: 'llx-wrong', baseURL: process.env.BASE, maxRetries: 0 })
      .beta.chat.list());
  console.log(JSON.stringify(out));
})().catch((e) => {
  console.error('contract.js failed:', e);
  process.exit(1);
});
