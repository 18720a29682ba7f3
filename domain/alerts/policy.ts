// Escalation policy: how long an alert may wait for acknowledgement by severity, how far up the
// management chain it climbs, how long suppression may hold it, and when unworked alerts expire.
import { z } from 'zod';
import { durationSchema, parseDuration } from '../shared/duration.js';
import type { Severity } from './alert.js';

const perSeverity = z.object({
  critical: durationSchema.nullable(),
  high: durationSchema.nullable(),
  medium: durationSchema.nullable(),
  low: durationSchema.nullable(),
});

export const escalationPolicySchema = z.object({
  ackSla: perSeverity,
  escalationLevels: z.number().int().min(0).max(10),
  escalationInterval: perSeverity,
  maxSuppressionHold: durationSchema,
  expireAfter: durationSchema,
  defaultCooldown: durationSchema,
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

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
