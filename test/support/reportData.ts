// Hand-built history for report, effectiveness, backtest and notification tests: alert rows as the
// lifecycle leaves them (written directly, with the times a test needs), their timeline entries, and account
// outcomes (through this helper until the outcomes API is merged; same table, same columns), and a
// seat-utilization rule to hang them on.
import type { Db } from '../../runtime/db.js';
import { createRule } from '../../services/rules/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';

export interface AlertRow {
  rule: string;
  account: string;
  owner?: string | null;
  category?: string;
  severity?: string;
  firedAt: string;
  notifiedAt?: string | null;
  acknowledgedAt?: string | null;
  closedAt?: string | null;
  status?: string;
  outcome?: string | null;
  valueCents?: number | null;
  dismissReason?: string | null;
  escalationLevel?: number;
  title?: string;
  evidence?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  ruleVersion?: number;
  /** alert_events to add: [type, at] */
  events?: Array<[string, string]>;
}

let seq = 0;
export async function insertAlert(db: Db, a: AlertRow): Promise<number> {
  seq += 1;
  const status = a.status ?? (a.outcome ? 'resolved' : a.dismissReason ? 'dismissed' : a.acknowledgedAt ? 'acknowledged' : a.notifiedAt ? 'notified' : 'fired');
  const [row] = await db('alerts')
    .insert({
      workflow_id: `alert/${a.rule}/${a.account}`,
      workflow_run_id: `test-run-${process.pid}-${seq}`,
      rule_key: a.rule,
      rule_version: a.ruleVersion ?? 1,
      account_id: a.account,
      severity: a.severity ?? 'medium',
      category: a.category ?? 'risk',
      title: a.title ?? 't',
      evidence: JSON.stringify(a.evidence ?? {}),
      payload: JSON.stringify(a.payload ?? {}),
      status,
      owner_id: a.owner ?? null,
      escalation_level: a.escalationLevel ?? 0,
      fired_at: a.firedAt,
      notified_at: a.notifiedAt ?? null,
      acknowledged_at: a.acknowledgedAt ?? null,
      closed_at: a.closedAt ?? null,
      outcome: a.outcome ?? null,
      outcome_value_cents: a.valueCents ?? null,
      dismiss_reason: a.dismissReason ?? null,
    })
    .returning('id');
  const id = Number(row.id);
  for (const [type, at] of a.events ?? []) await db('alert_events').insert({ alert_id: id, type, actor: 'system', data: '{}', at });
  return id;
}

export async function insertOutcome(db: Db, o: { account: string; type: 'churned' | 'renewed' | 'expanded' | 'contracted'; on: string; arrCents?: number }) {
  await db('account_outcomes').insert({ account_id: o.account, type: o.type, occurred_on: o.on, arr_cents: o.arrCents ?? null, source: 'api' });
}

export async function insertTeam(db: Db, members: Array<{ id: string; role: string; managerId?: string | null }>) {
  for (const m of members) await db('team_members').insert({ id: m.id, name: m.id, email: `${m.id}@vendor.test`, role: m.role, manager_id: m.managerId ?? null });
}

export async function insertAccounts(db: Db, accounts: Array<{ id: string; owner?: string | null; segment?: string; arrCents?: number; seatLimit?: number }>) {
  for (const a of accounts) {
    await db('accounts').insert({ id: a.id, name: a.id, owner_id: a.owner ?? null, segment: a.segment ?? null, arr_cents: a.arrCents ?? null, seat_limit: a.seatLimit ?? null });
  }
}

/** A rule on seat utilization (seats used / seat limit ≥ value), through the rules service. */
export async function createSeatRule(db: Db, key: string, opts: { category?: 'expansion' | 'risk'; status?: 'active' | 'shadow'; value?: number; cooldown?: string } = {}) {
  return createRule(db, ruleCreateSchema.parse({
    key,
    name: key.replace(/_/g, ' '),
    category: opts.category ?? 'expansion',
    status: opts.status ?? 'active',
    cooldown: opts.cooldown ?? '3d',
    condition: { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: opts.value ?? 0.8 },
    severity: { base: 'medium', modifiers: [] },
    title: `${key} fired`,
    payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
  }), 'test');
}
