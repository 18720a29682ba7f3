// One row of a bulk event upload (POST /events/bulk), NDJSON or CSV: a flat form of a Segment track
// message. History is re-uploaded, so message_id and timestamp are required (the same file twice
// stores nothing twice). Columns: message_id, timestamp, event, user_id, anonymous_id, account_id,
// properties (a JSON object; in CSV, a quoted JSON cell).
import { parseMessage, type MessageIssue, type TrackMessage } from './segment.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

// Message field names back to the upload's column names, so issues name what the user wrote.
const COLUMN_OF: Record<string, string> = {
  messageId: 'message_id',
  userId: 'user_id',
  anonymousId: 'anonymous_id',
  'context.groupId': 'account_id',
};

export function parseBulkEvent(record: unknown): { ok: true; message: TrackMessage } | { ok: false; issues: MessageIssue[] } {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return { ok: false, issues: [{ field: '(row)', problem: 'must be an object' }] };
  const r = record as Record<string, unknown>;
  let properties = blank(r.properties);
  if (typeof properties === 'string') {
    try {
      properties = JSON.parse(properties);
    } catch {
      // left as a string: the schema reports "expected object"
    }
  }
  const accountId = blank(r.account_id);
  const parsed = parseMessage(
    {
      messageId: blank(r.message_id),
      timestamp: blank(r.timestamp),
      event: blank(r.event),
      userId: blank(r.user_id),
      anonymousId: blank(r.anonymous_id),
      properties,
      ...(accountId === undefined ? {} : { context: { groupId: accountId } }),
    },
    'track',
  );
  const issues: MessageIssue[] = parsed.ok ? [] : parsed.issues.map((i) => ({ field: COLUMN_OF[i.field] ?? i.field, problem: i.problem }));
  if (r.message_id === undefined || r.message_id === '') issues.push({ field: 'message_id', problem: 'is required for bulk uploads' });
  if (r.timestamp === undefined || r.timestamp === '') issues.push({ field: 'timestamp', problem: 'is required for bulk uploads' });
  if (issues.length > 0 || !parsed.ok || parsed.message.type !== 'track') return { ok: false, issues };
  return { ok: true, message: parsed.message };
}
