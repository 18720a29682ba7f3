// Accounts and team members: upserts that keep references valid (owners and managers must exist,
// the management chain must not loop), and the reads routing needs.
import type { Db } from '../../runtime/db.js';
import type { AccountInput, TeamMemberInput } from '../../domain/accounts/directory.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { accountMetrics, accountSeries, powerUserActivity, todayUtc } from '../usage/accountMetrics.js';
import { isoTime as iso } from '../shared/isoTime.js';
import { stageSinceOnInsert, stageSinceOnUpdate } from './accountRepository.js';
import { noTeamMember, teamMemberIssues } from './teamMemberRefs.js';
import { recordArrChanges } from './outcomeRepository.js';
import { createTicketRepository } from './ticketRepository.js';
import { ticketView } from './tickets.js';
import { bandPeriods } from '../../domain/usage/healthScore.js';


export function teamMemberView(r: Record<string, any>) {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    managerId: r.manager_id,
    timezone: r.timezone ?? null,
    workingHours: r.working_hours ?? null,
    outOfOffice: r.out_of_office ? { from: r.out_of_office.from, until: r.out_of_office.until, backupId: r.out_of_office.backupId ?? null } : null,
    slackUserId: r.slack_user_id ?? null,
    updatedAt: iso(r.updated_at),
  };
}

export function accountView(r: Record<string, any>) {
  return {
    id: r.id,
    name: r.name,
    ownerId: r.owner_id,
    aeId: r.ae_id ?? null,
    segment: r.segment,
    tier: r.tier,
    plan: r.plan,
    seatLimit: r.seat_limit,
    arrCents: r.arr_cents === null ? null : Number(r.arr_cents),
    renewalDate: r.renewal_date,
    apiLimit: r.api_limit === null || r.api_limit === undefined ? null : Number(r.api_limit),
    storageLimit: r.storage_limit === null || r.storage_limit === undefined ? null : Number(r.storage_limit),
    onboardingStage: r.onboarding_stage ?? null,
    onboardingStageSince: iso(r.onboarding_stage_since ?? null),
    signupDate: r.signup_date ?? null,
    traits: r.traits,
    updatedAt: iso(r.updated_at),
  };
}

export function createDirectoryService(db: Db) {
  return {
    async putTeamMember(id: string, input: TeamMemberInput) {
      return db.transaction(async (trx) => {
        const managerId = input.managerId ?? null;
        if (managerId !== null) {
          // Walk up from the new manager: meeting `id` means the chain would loop.
          let cursor: string | null = managerId;
          const seen = new Set<string>();
          while (cursor !== null) {
            if (cursor === id) throw new ValidationError([{ path: 'managerId', message: 'would make a management loop' }]);
            if (seen.has(cursor)) break;
            seen.add(cursor);
            const m: { manager_id: string | null } | undefined = await trx('team_members').where({ id: cursor }).first('manager_id');
            if (!m) {
              if (cursor === managerId) throw new ValidationError([{ path: 'managerId', message: noTeamMember(managerId) }]);
              break;
            }
            cursor = m.manager_id;
          }
        }
        const backupId = input.outOfOffice?.backupId ?? null;
        if (backupId === id) throw new ValidationError([{ path: 'outOfOffice.backupId', message: 'must be someone else' }]);
        if (backupId !== null && !(await trx('team_members').where({ id: backupId }).first('id'))) {
          throw new ValidationError([{ path: 'outOfOffice.backupId', message: noTeamMember(backupId) }]);
        }
        // A PUT replaces the member: an absent optional field is cleared.
        const [row] = await trx('team_members')
          .insert({
            id,
            name: input.name,
            email: input.email,
            role: input.role,
            manager_id: managerId,
            timezone: input.timezone ?? null,
            working_hours: input.workingHours ? JSON.stringify(input.workingHours) : null,
            out_of_office: input.outOfOffice ? JSON.stringify({ ...input.outOfOffice, backupId }) : null,
            slack_user_id: input.slackUserId ?? null,
            updated_at: trx.fn.now(),
          })
          .onConflict('id')
          .merge()
          .returning('*');
        return teamMemberView(row);
      });
    },

    async listTeamMembers() {
      return (await db('team_members').orderBy('id')).map(teamMemberView);
    },

    async putAccount(id: string, input: AccountInput) {
      return db.transaction(async (trx) => {
        // Owner and account executive must be team members; every unknown one is named.
        const issues = await teamMemberIssues(trx, [['ownerId', input.ownerId], ['aeId', input.aeId]]);
        if (issues.length > 0) throw new ValidationError(issues);
        const values: Record<string, unknown> = { id, name: input.name, updated_at: trx.fn.now() };
        const columns: Array<[keyof AccountInput, string]> = [
          ['ownerId', 'owner_id'],
          ['aeId', 'ae_id'],
          ['segment', 'segment'],
          ['tier', 'tier'],
          ['plan', 'plan'],
          ['seatLimit', 'seat_limit'],
          ['arrCents', 'arr_cents'],
          ['renewalDate', 'renewal_date'],
          ['onboardingStage', 'onboarding_stage'],
        ];
        for (const [field, column] of columns) if (input[field] !== undefined) values[column] = input[field];
        if (input.traits !== undefined) values.traits = JSON.stringify(input.traits);
        // PUT replaces the fields it names and leaves the others (e.g. facts from ingestion) alone.
        // Spelled out as column → excluded.column because the stage's start needs its own SQL.
        const merge: Record<string, unknown> = Object.fromEntries(Object.keys(values).map((c) => [c, trx.raw('??', [`excluded.${c}`])]));
        if (input.onboardingStage !== undefined) {
          values.onboarding_stage_since = trx.raw(stageSinceOnInsert('?::text', 'now()'), [input.onboardingStage]);
          merge.onboarding_stage_since = trx.raw(stageSinceOnUpdate('excluded.onboarding_stage', 'now()'));
        }
        const [row] = await trx('accounts').insert(values).onConflict('id').merge(merge).returning('*');
        await recordArrChanges(trx, 'api', [id]);
        return accountView(row);
      });
    },

    /** The account with its usage as of a UTC day (default today): metrics and the 90-day series. */
    async getAccount(id: string, asOf: string = todayUtc()) {
      const row = await db('accounts').where({ id }).first();
      if (!row) throw new NotFoundError(`no account ${id}`);
      const [metrics, series, powerUsers, tickets] = await Promise.all([
        accountMetrics(db, { ids: [id] }, asOf),
        accountSeries(db, id, asOf),
        powerUserActivity(db, id, asOf),
        createTicketRepository(db).forAccount(id),
      ]);
      return { ...accountView(row), metrics: metrics.get(id)!, series, powerUsers, healthBands: bandPeriods(series), tickets: tickets.map(ticketView) };
    },
  };
}
