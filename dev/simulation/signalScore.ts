// Scores a rule pack's daily matches against the simulation's ground truth, as a CSM would live
// them. Pure: matches and labels in, figures out.
//
// Alerts, not matches: a rule matching the same account on consecutive days is one alert while it
// is open. An alert is taken to be open for `openDays` (14: a CSM works it, then closes it); after
// it closes, the rule's cooldown (the deployed lifecycle's: the rule's own `cooldown`, or a fixed
// `cooldownDays` when given) must pass before the same rule can open a new alert on that account.
// A rule with a `refire` policy (re-alert only when worse) is held back as the lifecycle holds it
// (domain/rules/refire.ts decides, as services/evaluation/refire.ts asks it): once its cooldown is
// over, a new match of a pair that alerted before opens a new alert only when the evidence value
// has worsened by the policy's margin, the last alert is older than `withinDays`, or the condition
// let go in between (a day evaluated without a match: every day of the window is evaluated). A
// rule without one re-alerts a condition that holds for months every openDays + cooldown days.
//
// Judging an alert (labels are the simulator's plan, known beyond the last simulated day, so alerts
// near the end are judged on what really happened next rather than dropped or counted wrong):
// - a risk alert is right when the account churns within `churnHorizon` (120) days after it;
// - an expansion alert is right when the account expands within `expansionHorizon` (60) days;
// - recall: churners whose churn day is at least `leadDays` (30) days into the window, caught by a
//   risk alert opened 30–120 days before the churn; expansions at least 60 days into the window,
//   caught by an expansion alert opened in the 60 days before.
// A lapsed trial is not a churn (it never paid): alerts on it count against precision, under the
// hard-negative kind `trial`.
import type { NegativeKind } from './simulator.js';
import type { RefirePolicy } from '../../domain/rules/schema.js';
import { refireDecision } from '../../domain/rules/refire.js';

export interface DailyMatch {
  dayIndex: number;
  ruleKey: string;
  accountId: string;
  /** The evidence's named leaves (kept for rules with a refire policy). */
  conditions?: Record<string, unknown>;
}

export interface RuleInfo {
  key: string;
  category: string;
  status: string;
  cooldownDays: number;
  refire?: RefirePolicy;
}

export interface AccountLabels {
  accountId: string;
  churnIndex: number | null;
  expansionIndexes: number[];
  /** Hard-negative kinds that apply to the account on a day. */
  contextAt(dayIndex: number): NegativeKind[];
}

export interface ScoreOptions {
  windowStart: number;
  lastDay: number;
  openDays?: number;
  cooldownDays?: number | null;
  churnHorizon?: number;
  expansionHorizon?: number;
  leadDays?: number;
  /** Team members receiving alerts, for alerts per person per working day. */
  recipients: number;
  /** Working days (Mon–Fri) in the window. */
  workingDays: number;
}

export interface Alert {
  ruleKey: string;
  accountId: string;
  dayIndex: number;
  category: string;
  correct: boolean;
  kinds: NegativeKind[];
}

export interface RuleFigures {
  key: string;
  category: string;
  status: string;
  alerts: number;
  accounts: number;
  correct: number;
  precision: number | null;
  caught: number;
  recall: number | null;
  falseByKind: Record<string, number>;
}

export interface SignalFigures {
  churners: number;
  churnersCaught: number;
  churnRecall: number | null;
  riskAccounts: number;
  riskAccountsCorrect: number;
  riskPrecision: number | null;
  riskAlerts: number;
  riskAlertPrecision: number | null;
  expansions: number;
  expansionsCaught: number;
  expansionRecall: number | null;
  expansionAlerts: number;
  expansionAlertsCorrect: number;
  expansionPrecision: number | null;
  expansionAccounts: number;
  expansionAccountPrecision: number | null;
  alerts: number;
  alertsPerRecipientPerDay: number;
  rules: RuleFigures[];
  alertList: Alert[];
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** The hard negatives from the most to the least specific: a false alert is put down to the first
 * that applies (an alert on an account that already churned is about that, whatever else holds). */
export const EXPLANATION_ORDER: readonly NegativeKind[] = [
  'after_churn', 'trial', 'downsizing', 'temporary_dip', 'company_shutdown', 'holiday', 'vacation', 'seasonal', 'turnover', 'new_users',
  'onboarding', 'full_no_buy', 'small_stable', 'premium_dabbler', 'monthly_plan', 'machine_usage', 'weekend',
];
export const primaryKind = (kinds: readonly NegativeKind[]): NegativeKind | 'none' => EXPLANATION_ORDER.find((k) => kinds.includes(k)) ?? 'none';

/** Alerts from daily matches: a new alert when the rule has none open or cooling down and, for a
 * rule with a refire policy, when the lifecycle would let it fire again. */
export function alertsFromMatches(matches: DailyMatch[], rules: Map<string, RuleInfo>, openDays: number, cooldownDays: number | null) {
  const sorted = [...matches].sort((a, b) => a.dayIndex - b.dayIndex);
  const pairs = new Map<string, { quietUntil: number; alertDay: number; conditions: Record<string, unknown>; lastMatch: number; letGo: boolean }>();
  const out: Array<{ ruleKey: string; accountId: string; dayIndex: number }> = [];
  // Any date works for the policy's withinDays: only differences of days are read.
  const asOf = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  for (const m of sorted) {
    const k = `${m.ruleKey}\u0000${m.accountId}`;
    const rule = rules.get(m.ruleKey);
    const pair = pairs.get(k);
    if (pair) {
      if (m.dayIndex > pair.lastMatch + 1) pair.letGo = true; // a day evaluated without a match
      pair.lastMatch = m.dayIndex;
      if (pair.quietUntil > m.dayIndex) continue;
      if (rule?.refire) {
        const previous = { asOf: asOf(pair.alertDay), conditions: pair.conditions, letGo: pair.letGo };
        if (!refireDecision(rule.refire, previous, m.conditions ?? {}, asOf(m.dayIndex)).fire) continue;
      }
    }
    const cooldown = cooldownDays ?? rule?.cooldownDays ?? 7;
    pairs.set(k, { quietUntil: m.dayIndex + openDays + cooldown, alertDay: m.dayIndex, conditions: m.conditions ?? {}, lastMatch: m.dayIndex, letGo: false });
    out.push({ ruleKey: m.ruleKey, accountId: m.accountId, dayIndex: m.dayIndex });
  }
  return out;
}

export function scoreSignal(matches: DailyMatch[], rulesList: RuleInfo[], labels: AccountLabels[], o: ScoreOptions): SignalFigures {
  const openDays = o.openDays ?? 14;
  const churnHorizon = o.churnHorizon ?? 120;
  const expansionHorizon = o.expansionHorizon ?? 60;
  const lead = o.leadDays ?? 30;
  const rules = new Map(rulesList.map((r) => [r.key, r]));
  const byAccount = new Map(labels.map((l) => [l.accountId, l]));

  const churnsAfter = (l: AccountLabels, d: number) => l.churnIndex !== null && l.churnIndex > d && l.churnIndex <= d + churnHorizon;
  const expandsAfter = (l: AccountLabels, d: number) => l.expansionIndexes.some((e) => e > d && e <= d + expansionHorizon);

  const alertList: Alert[] = alertsFromMatches(matches, rules, openDays, o.cooldownDays ?? null).map((a) => {
    const l = byAccount.get(a.accountId)!;
    const category = rules.get(a.ruleKey)?.category ?? 'unknown';
    const correct = category === 'expansion' ? expandsAfter(l, a.dayIndex) : churnsAfter(l, a.dayIndex);
    return { ...a, category, correct, kinds: correct ? [] : l.contextAt(a.dayIndex) };
  });
  const active = alertList.filter((a) => rules.get(a.ruleKey)?.status === 'active');
  const risk = active.filter((a) => a.category === 'risk');
  const expansion = active.filter((a) => a.category === 'expansion');

  const churners = labels.filter((l) => l.churnIndex !== null && l.churnIndex >= o.windowStart + lead && l.churnIndex <= o.lastDay);
  const caughtBy = (alerts: Alert[], l: AccountLabels) =>
    alerts.some((a) => a.accountId === l.accountId && a.dayIndex >= l.churnIndex! - churnHorizon && a.dayIndex <= l.churnIndex! - lead);
  const expansionsEligible = labels.flatMap((l) => l.expansionIndexes.filter((e) => e >= o.windowStart + expansionHorizon && e <= o.lastDay).map((e) => ({ l, e })));
  const expansionCaughtBy = (alerts: Alert[], x: { l: AccountLabels; e: number }) =>
    alerts.some((a) => a.accountId === x.l.accountId && a.dayIndex >= x.e - expansionHorizon && a.dayIndex < x.e);

  const accountsOf = (alerts: Alert[]) => new Set(alerts.map((a) => a.accountId));
  const riskAccounts = accountsOf(risk);
  const riskAccountsCorrect = [...riskAccounts].filter((id) => risk.some((a) => a.accountId === id && a.correct)).length;
  const expansionAccounts = accountsOf(expansion);
  const expansionAccountsCorrect = [...expansionAccounts].filter((id) => expansion.some((a) => a.accountId === id && a.correct)).length;

  const ruleFigures: RuleFigures[] = rulesList.map((r) => {
    const mine = alertList.filter((a) => a.ruleKey === r.key);
    const correct = mine.filter((a) => a.correct).length;
    const falseByKind: Record<string, number> = {};
    for (const a of mine) {
      if (a.correct) continue;
      const k = primaryKind(a.kinds);
      falseByKind[k] = (falseByKind[k] ?? 0) + 1;
    }
    const caught = r.category === 'expansion' ? expansionsEligible.filter((x) => expansionCaughtBy(mine, x)).length : churners.filter((l) => caughtBy(mine, l)).length;
    const eligible = r.category === 'expansion' ? expansionsEligible.length : churners.length;
    return {
      key: r.key, category: r.category, status: r.status, alerts: mine.length, accounts: accountsOf(mine).size, correct,
      precision: ratio(correct, mine.length), caught, recall: ratio(caught, eligible), falseByKind,
    };
  });

  const churnersCaught = churners.filter((l) => caughtBy(risk, l)).length;
  const expansionsCaught = expansionsEligible.filter((x) => expansionCaughtBy(expansion, x)).length;
  const expansionCorrect = expansion.filter((a) => a.correct).length;
  return {
    churners: churners.length,
    churnersCaught,
    churnRecall: ratio(churnersCaught, churners.length),
    riskAccounts: riskAccounts.size,
    riskAccountsCorrect,
    riskPrecision: ratio(riskAccountsCorrect, riskAccounts.size),
    riskAlerts: risk.length,
    riskAlertPrecision: ratio(risk.filter((a) => a.correct).length, risk.length),
    expansions: expansionsEligible.length,
    expansionsCaught,
    expansionRecall: ratio(expansionsCaught, expansionsEligible.length),
    expansionAlerts: expansion.length,
    expansionAlertsCorrect: expansionCorrect,
    expansionPrecision: ratio(expansionCorrect, expansion.length),
    expansionAccounts: expansionAccounts.size,
    expansionAccountPrecision: ratio(expansionAccountsCorrect, expansionAccounts.size),
    alerts: active.length,
    alertsPerRecipientPerDay: active.length / Math.max(1, o.recipients) / Math.max(1, o.workingDays),
    rules: ruleFigures,
    alertList,
  };
}

/** Pools several seeds' figures: counts add up, ratios are recomputed from the pooled counts. */
export function poolFigures(all: SignalFigures[]): Omit<SignalFigures, 'alertList'> {
  const sum = (f: (x: SignalFigures) => number) => all.reduce((s, x) => s + f(x), 0);
  const rules = new Map<string, RuleFigures>();
  for (const fig of all) {
    for (const r of fig.rules) {
      const p: RuleFigures = rules.get(r.key) ?? { ...r, alerts: 0, accounts: 0, correct: 0, caught: 0, falseByKind: {} as Record<string, number>, precision: null, recall: null, eligible: 0 } as RuleFigures;
      p.alerts += r.alerts;
      p.accounts += r.accounts;
      p.correct += r.correct;
      p.caught += r.caught;
      (p as RuleFigures & { eligible: number }).eligible += r.category === 'expansion' ? fig.expansions : fig.churners;
      for (const [k, n] of Object.entries(r.falseByKind)) p.falseByKind[k] = (p.falseByKind[k] ?? 0) + n;
      rules.set(r.key, p);
    }
  }
  const pooledRules = [...rules.values()].map((r) => {
    const { eligible, ...rest } = r as RuleFigures & { eligible: number };
    return { ...rest, precision: ratio(r.correct, r.alerts), recall: ratio(r.caught, eligible) };
  });
  const churners = sum((x) => x.churners);
  const riskAccounts = sum((x) => x.riskAccounts);
  const expansions = sum((x) => x.expansions);
  const expansionAlerts = sum((x) => x.expansionAlerts);
  const expansionAccounts = sum((x) => x.expansionAccounts);
  const riskAlerts = sum((x) => x.riskAlerts);
  return {
    churners,
    churnersCaught: sum((x) => x.churnersCaught),
    churnRecall: ratio(sum((x) => x.churnersCaught), churners),
    riskAccounts,
    riskAccountsCorrect: sum((x) => x.riskAccountsCorrect),
    riskPrecision: ratio(sum((x) => x.riskAccountsCorrect), riskAccounts),
    riskAlerts,
    riskAlertPrecision: ratio(sum((x) => (x.riskAlertPrecision ?? 0) * x.riskAlerts), riskAlerts),
    expansions,
    expansionsCaught: sum((x) => x.expansionsCaught),
    expansionRecall: ratio(sum((x) => x.expansionsCaught), expansions),
    expansionAlerts,
    expansionAlertsCorrect: sum((x) => x.expansionAlertsCorrect),
    expansionPrecision: ratio(sum((x) => x.expansionAlertsCorrect), expansionAlerts),
    expansionAccounts,
    expansionAccountPrecision: ratio(sum((x) => (x.expansionAccountPrecision ?? 0) * x.expansionAccounts), expansionAccounts),
    alerts: sum((x) => x.alerts),
    alertsPerRecipientPerDay: sum((x) => x.alertsPerRecipientPerDay) / Math.max(1, all.length),
    rules: pooledRules,
  };
}
