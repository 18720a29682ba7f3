// Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
// `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret, refused
// when the timestamp is more than five minutes from now (a replayed request). Computation only.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Null when the request is Slack's, else why it is refused. */
export function slackSignatureProblem(secret: string, headers: { timestamp?: string; signature?: string }, body: string, nowMs: number): string | null {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return 'missing X-Slack-Request-Timestamp or X-Slack-Signature';
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - ts) > SLACK_MAX_SKEW_SECONDS) return 'the request timestamp is more than 5 minutes old';
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'the signature does not match';
  return null;
}
