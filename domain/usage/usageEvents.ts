// What a tracked event means for the metrics: the documented naming convention, read once at intake
// so that daily aggregation is plain sums over columns.
//
// Convention (for teams instrumenting their product):
//   "Logged In"          a login
//   "API Call"           properties.count API calls (default 1)
//   "Storage Measured"   properties.storage_used = storage in use now (same unit as the account's
//                        storage_limit); a day keeps its largest reading
//   "User Deleted"       the sending user is deleted (kept as a fact: a deleted power user is a risk)
//   "Page Viewed", "Screen Viewed"   Segment page/screen calls: activity, but not product actions
//   "Account Churned", "Subscription Renewed/Upgraded/Downgraded/Cancelled"   account outcomes
//                        (domain/accounts/outcomes.ts), not product actions
//   any other event      a product action; properties.feature names the feature it used,
//                        properties.power = true marks a power action, properties.core = true a core one
//   properties.session_minutes on any event adds to the day's session minutes
import { z } from 'zod';
import { safeString } from '../shared/schemas.js';
import { outcomeTypeOfEvent } from '../accounts/outcomes.js';

export const SYSTEM_EVENTS = {
  login: 'Logged In',
  apiCall: 'API Call',
  storage: 'Storage Measured',
  userDeleted: 'User Deleted',
  pageView: 'Page Viewed',
  screenView: 'Screen Viewed',
} as const;

/** The properties the convention reads; a wrong type is a rejected message, not a silent zero. */
/** A day's worth: more session minutes in one event is a client bug. */
export const MAX_SESSION_MINUTES = 24 * 60;
/** Event names, feature names, message and user ids. */
export const MAX_NAME_LENGTH = 200;

export const measuredPropertiesSchema = z.object({
  session_minutes: z.number().min(0).max(MAX_SESSION_MINUTES).optional(),
  feature: safeString().min(1).max(MAX_NAME_LENGTH).optional(),
  power: z.boolean().optional(),
  core: z.boolean().optional(),
  count: z.number().int().min(0).optional(),
  storage_used: z.number().min(0).optional(),
});

export type ActionKind = 'core' | 'power' | 'other';

export interface EventMeasures {
  isLogin: boolean;
  sessionMinutes: number;
  feature: string | null;
  /** null for the system events, which are not product actions. */
  actionKind: ActionKind | null;
  apiCalls: number;
  storageUsed: number | null;
  deletesUser: boolean;
}

export function measureEvent(event: string, properties: z.infer<typeof measuredPropertiesSchema>): EventMeasures {
  // Outcome events (Account Churned, Subscription Upgraded ...) are account facts, not product use.
  const system = Object.values(SYSTEM_EVENTS).includes(event as never) || outcomeTypeOfEvent(event) !== null;
  return {
    isLogin: event === SYSTEM_EVENTS.login,
    sessionMinutes: properties.session_minutes ?? 0,
    feature: system ? null : (properties.feature ?? null),
    actionKind: system ? null : properties.power === true ? 'power' : properties.core === true ? 'core' : 'other',
    apiCalls: event === SYSTEM_EVENTS.apiCall ? (properties.count ?? 1) : 0,
    storageUsed: event === SYSTEM_EVENTS.storage ? (properties.storage_used ?? null) : null,
    deletesUser: event === SYSTEM_EVENTS.userDeleted,
  };
}
