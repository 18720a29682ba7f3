// Accounts and team members: upserts that keep references valid (owners and managers must exist,
// the management chain must not loop), their views, and the account page with its usage. The rows
// are read and written by the account and team repositories.
import type { Db } from '../../runtime/db.js';
import type { AccountInput, TeamMemberInput } from '../../domain/accounts/directory.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { accountMetrics, accountSeries, powerUserActivity, todayUtc } from '../usage/accountMetrics.js';
import { isoTime as iso } from '../shared/isoTime.js';
import { createAccountRepository, type WholeAccountRow } from './accountRepository.js';
import { createTeamRepository, type TeamMemberRow } from './teamRepository.js';
import { noTeamMember, teamMemberIssues } from './teamMemberRefs.js';
import { recordArrChanges } from './outcomeRepository.js';
import { createTicketRepository } from './ticketRepository.js';
import { ticketView } from './tickets.js';
import { bandPeriods } from '../../domain/usage/healthScore.js';
import { createOutboxRepository } from '../notifications/outboxRepository.js';
import type { TeamMemberListQuery } from '../../domain/accounts/schemas.js';
import { keysetPage } from '../../domain/shared/paging.js';


/** The last delivery event SendGrid reported for mail to a member's address, when it did not arrive. */
export type EmailProblem = { status: 'bounced' | 'dropped'; detail: string | null; at: string };

export function teamMemberView(r: TeamMemberRow, emailProblem: EmailProblem | null = null) {
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
    emailProblem,
  };
}

export function accountView(r: WholeAccountRow) {
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
        const team = createTeamRepository(trx);
        const managerId = input.managerId ?? null;
        if (managerId !== null) {
          // Walk up from the new manager: meeting `id` means the chain would loop.
          let cursor: string | null = managerId;
          const seen = new Set<string>();
          while (cursor !== null) {
            if (cursor === id) throw new ValidationError([{ path: 'managerId', message: 'would make a management loop' }]);
            if (seen.has(cursor)) break;
            seen.add(cursor);
            const next: string | null | undefined = await team.managerOf(cursor);
            if (next === undefined) {
              if (cursor === managerId) throw new ValidationError([{ path: 'managerId', message: noTeamMember(managerId) }]);
              break;
            }
            cursor = next;
          }
        }
        const backupId = input.outOfOffice?.backupId ?? null;
        if (backupId === id) throw new ValidationError([{ path: 'outOfOffice.backupId', message: 'must be someone else' }]);
        if (backupId !== null && !(await team.known([backupId])).has(backupId)) {
          throw new ValidationError([{ path: 'outOfOffice.backupId', message: noTeamMember(backupId) }]);
        }
        // A PUT replaces the member: an absent optional field is cleared.
        const row = await team.put({
            id,
            name: input.name,
            email: input.email,
            role: input.role,
            manager_id: managerId,
            timezone: input.timezone ?? null,
            working_hours: input.workingHours ? JSON.stringify(input.workingHours) : null,
            out_of_office: input.outOfOffice ? JSON.stringify({ ...input.outOfOffice, backupId }) : null,
            slack_user_id: input.slackUserId ?? null,
          });
        return teamMemberView(row);
      });
    },

    /** With each member's email problem: the latest SendGrid event for their current address was
     * a bounce or a drop (a later delivery clears it), so an admin sees an owner nobody can reach. */
    async listTeamMembers(q: TeamMemberListQuery) {
      const page = keysetPage(await createTeamRepository(db).list(q), q.limit, (r) => r.id);
      const last = await createOutboxRepository(db).lastDeliveryEvents(page.items.map((r) => r.email));
      const items = page.items.map((r) => {
        const e = last.get(r.email);
        const problem = e && e.delivery_status !== 'delivered' ? { status: e.delivery_status, detail: e.delivery_detail, at: iso(e.delivery_at)! } : null;
        return teamMemberView(r, problem);
      });
      return { items, nextAfter: page.next };
    },

    async putAccount(id: string, input: AccountInput) {
      return db.transaction(async (trx) => {
        // Owner and account executive must be team members; every unknown one is named.
        const issues = await teamMemberIssues(trx, [['ownerId', input.ownerId], ['aeId', input.aeId]]);
        if (issues.length > 0) throw new ValidationError(issues);
        const values: Record<string, unknown> = { name: input.name };
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
        const row = await createAccountRepository(trx).put(id, values);
        await recordArrChanges(trx, 'api', [id]);
        return accountView(row);
      });
    },

    /** The account with its usage as of a UTC day (default today): metrics and the 90-day series. */
    async getAccount(id: string, asOf: string = todayUtc()) {
      const row = await createAccountRepository(db).get(id);
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
