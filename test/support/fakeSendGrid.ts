// A local server that speaks SendGrid's v3 mail-send contract (POST /v3/mail/send, bearer key,
// 202 with X-Message-Id, 400 with an errors array), so the real @sendgrid/mail client is exercised.
// Recipients at @rejected.test are refused (400), at @ratelimited.test answered 429 (a retry may pass).
// `failNext` scripts an outage: the next sends are answered with the given statuses, in order.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  customArgs: Record<string, string>;
  messageId: string;
}

export interface FakeSendGrid {
  baseUrl: string;
  apiKey: string;
  received: ReceivedMail[];
  /** The next sends get these answers (e.g. 429 with Retry-After, then 500), whatever they hold. */
  failNext(...replies: Array<{ status: number; headers?: Record<string, string> }>): void;
  /** How many sends were answered by `failNext`'s script. */
  failedSends(): number;
  /** Resolves when at least `count` mails have arrived (rejects after `timeoutMs`). */
  waitForCount(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startFakeSendGrid(apiKey = 'SG.test-key'): Promise<FakeSendGrid> {
  const received: ReceivedMail[] = [];
  let seq = 0;
  const script: Array<{ status: number; headers?: Record<string, string> }> = [];
  let failed = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const reply = (code: number, body?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/v3/mail/send') return reply(404, { errors: [{ message: 'not found' }] });
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return reply(401, { errors: [{ field: null, message: 'The provided authorization grant is invalid, expired, or revoked' }] });
      }
      const scripted = script.shift();
      if (scripted) {
        failed++;
        return reply(scripted.status, { errors: [{ field: null, message: `scripted ${scripted.status}` }] }, scripted.headers);
      }
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { errors: [{ field: null, message: 'Invalid JSON' }] });
      }
      const errors: Array<{ field: string; message: string }> = [];
      const to = (body.personalizations ?? []).flatMap((p: any) => (p.to ?? []).map((t: any) => t.email));
      if (to.length === 0) errors.push({ field: 'personalizations.0.to', message: 'The to array is required for all personalization objects' });
      if (!body.from?.email) errors.push({ field: 'from.email', message: 'The from email does not contain a valid address.' });
      if (!body.subject) errors.push({ field: 'subject', message: 'The subject is required.' });
      const content = Object.fromEntries((body.content ?? []).map((c: any) => [c.type, c.value]));
      if (!content['text/plain'] && !content['text/html']) errors.push({ field: 'content', message: 'content is required' });
      if (to.some((t: string) => t.endsWith('@rejected.test'))) errors.push({ field: 'personalizations.0.to.0.email', message: 'Does not contain a valid address.' });
      if (errors.length > 0) return reply(400, { errors });
      if (to.some((t: string) => t.endsWith('@ratelimited.test'))) return reply(429, { errors: [{ field: null, message: 'too many requests' }] });
      const messageId = `fake-${++seq}`;
      received.push({
        to,
        from: body.from.email,
        subject: body.subject,
        text: content['text/plain'] ?? '',
        html: content['text/html'] ?? '',
        customArgs: body.custom_args ?? body.personalizations?.[0]?.custom_args ?? {},
        messageId,
      });
      reply(202, undefined, { 'x-message-id': messageId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    received,
    failNext: (...replies) => void script.push(...replies),
    failedSends: () => failed,
    async waitForCount(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
