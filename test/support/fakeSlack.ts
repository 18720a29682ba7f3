// A local server speaking the part of Slack's Web API contract the app uses (POST /api/<method>,
// bearer token, form-encoded arguments with JSON-encoded blocks, `{ok: false, error}` answers, 429
// with Retry-After), so the real @slack/web-api client is exercised: users.lookupByEmail,
// chat.postMessage (a DM to a user id lands in a D… channel) and chat.update.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Array<Record<string, any>>;
  updates: number;
}

export interface FakeSlack {
  apiUrl: string;
  token: string;
  /** Every call as received, in order: method and arguments. */
  calls: Array<{ method: string; args: Record<string, any> }>;
  messages: SlackMessage[];
  /** Members by email (users.lookupByEmail); a DM to a member's id goes to `D<id>`. */
  users: Map<string, string>;
  channels: Set<string>;
  /** The next n calls answer 429 with Retry-After: 1. */
  rateLimitNext(n: number): void;
  close(): Promise<void>;
}

export async function startFakeSlack(token = 'xoxb-test-token'): Promise<FakeSlack> {
  const calls: FakeSlack['calls'] = [];
  const messages: SlackMessage[] = [];
  const users = new Map<string, string>();
  const channels = new Set<string>();
  let limited = 0;
  let seq = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const reply = (code: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const method = req.url?.match(/^\/api\/([\w.]+)/)?.[1];
      if (req.method !== 'POST' || !method) return reply(404, { ok: false, error: 'unknown_method' });
      if (limited > 0) {
        limited--;
        return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const args: Record<string, any> = req.headers['content-type']?.includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      if (typeof args.blocks === 'string') args.blocks = JSON.parse(args.blocks);
      calls.push({ method, args });
      if (req.headers.authorization !== `Bearer ${token}`) return reply(200, { ok: false, error: 'invalid_auth' });
      switch (method) {
        case 'users.lookupByEmail': {
          const id = users.get(String(args.email));
          return reply(200, id ? { ok: true, user: { id, name: String(args.email).split('@')[0] } } : { ok: false, error: 'users_not_found' });
        }
        case 'chat.postMessage': {
          const to = String(args.channel ?? '');
          const isUser = [...users.values()].includes(to);
          if (!isUser && !channels.has(to)) return reply(200, { ok: false, error: 'channel_not_found' });
          if (!args.text && !args.blocks) return reply(200, { ok: false, error: 'no_text' });
          const channel = isUser ? `D${to}` : to;
          const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
          messages.push({ channel, ts, text: String(args.text ?? ''), blocks: args.blocks ?? [], updates: 0 });
          return reply(200, { ok: true, channel, ts, message: { text: args.text, ts } });
        }
        case 'chat.update': {
          const m = messages.find((x) => x.channel === args.channel && x.ts === args.ts);
          if (!m) return reply(200, { ok: false, error: 'message_not_found' });
          m.text = String(args.text ?? m.text);
          m.blocks = args.blocks ?? m.blocks;
          m.updates++;
          return reply(200, { ok: true, channel: m.channel, ts: m.ts, text: m.text });
        }
        default:
          return reply(200, { ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    token,
    calls,
    messages,
    users,
    channels,
    rateLimitNext: (n) => void (limited = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
