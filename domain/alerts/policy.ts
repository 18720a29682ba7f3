// Escalation policy: how long an alert may wait for acknowledgement by severity, how far up the
// management chain it climbs, how long suppression may hold it, and when unworked alerts expire.
// Pure and zod-free: the alert workflow computes its escalation times with it.
import { parseDuration } from '../shared/duration.js';
import type { Severity } from './alert.js';
import type { EscalationPolicy } from './schemas.js';

// The policy's schema (escalationPolicySchema) is in ./schemas.ts: this module stays zod-free for the workflow.
export type { EscalationPolicy };

/** The numbers one alert's workflow runs on: resolved once at fire time so a policy edit never
 * changes the history of a running workflow. Milliseconds; null means "never". */
export interface LifecycleTimings {
  ackSlaMs: number | null;
  escalationIntervalMs: number | null;
  escalationLevels: number;
  maxSuppressionHoldMs: number;
  expireAfterMs: number;
  cooldownMs: number;
}

export function timingsFor(policy: EscalationPolicy, severity: Severity, cooldown?: string): LifecycleTimings {
  const ms = (d: string | null) => (d === null ? null : parseDuration(d));
  const ackSlaMs = ms(policy.ackSla[severity]);
  return {
    ackSlaMs,
    escalationIntervalMs: ms(policy.escalationInterval[severity]) ?? ackSlaMs,
    escalationLevels: policy.escalationLevels,
    maxSuppressionHoldMs: parseDuration(policy.maxSuppressionHold),
    expireAfterMs: parseDuration(policy.expireAfter),
    cooldownMs: parseDuration(cooldown ?? policy.defaultCooldown),
  };
}

/** Active (unsnoozed) time after notification at which escalation `level` (1-based) is due. */
export function escalationDueMs(t: LifecycleTimings, level: number): number | null {
  if (t.ackSlaMs === null || level > t.escalationLevels) return null;
  return t.ackSlaMs + (level - 1) * (t.escalationIntervalMs ?? t.ackSlaMs);
}
