// Accounts, team members and support tickets as the API accepts them: just enough of each to
// drive routing (owner, manager chain) and suppression (open tickets).
import { z } from 'zod';
import { safeDateTime, safeDay, safeInt, safeJsonObject, safeString } from '../shared/schemas.js';

/** The characters of an id (accounts, team members, tracking group ids). */
export const ID_PATTERN = /^[A-Za-z0-9_.:@-]+$/;
export const ID_MAX_LENGTH = 200;
const id = safeString().min(1).max(ID_MAX_LENGTH).regex(ID_PATTERN, 'may contain only letters, digits and _ . : @ -');

/** An IANA timezone the runtime knows (its Intl data decides). */
export const timezoneSchema = safeString()
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA timezone such as "Europe/Berlin"');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM" (00:00 to 23:59)');
export const workingHoursSchema = z
  .object({
    start: clock,
    end: clock,
    days: z.array(z.number().int().min(1, 'must be an ISO weekday, 1 (Monday) to 7 (Sunday)').max(7, 'must be an ISO weekday, 1 (Monday) to 7 (Sunday)')).min(1).max(7),
  })
  .refine((h) => h.end > h.start, { path: ['end'], message: 'must be later than start' })
  .refine((h) => new Set(h.days).size === h.days.length, { path: ['days'], message: 'must not repeat a day' });

/** Away from `from` until `until`: new alerts go to the backup (else the manager) meanwhile. */
export const outOfOfficeSchema = z
  .object({
    from: safeDateTime(),
    until: safeDateTime(),
    backupId: id.nullable().optional(),
  })
  .refine((o) => Date.parse(o.until) > Date.parse(o.from), { path: ['until'], message: 'must be later than from' });

export const teamMemberSchema = z.object({
  name: safeString().min(1).max(200),
  email: safeString().email(),
  role: safeString().min(1).max(50),
  managerId: id.nullable().optional(),
  /** Working hours are read in this zone; without one, notifications go out at once. */
  timezone: timezoneSchema.nullable().optional(),
  workingHours: workingHoursSchema.nullable().optional(),
  outOfOffice: outOfOfficeSchema.nullable().optional(),
  /** Slack member id for direct messages; without it Slack is looked up by email. */
  slackUserId: safeString().regex(/^[UW][A-Z0-9]{2,30}$/, 'must be a Slack member id such as "U012AB3CD"').nullable().optional(),
}).refine((m) => !m.workingHours || m.timezone, { path: ['timezone'], message: 'is required with workingHours (they are read in it)' });
export type TeamMemberInput = z.infer<typeof teamMemberSchema>;

export const accountSchema = z.object({
  name: safeString().min(1).max(300),
  ownerId: id.nullable().optional(),
  /** The account executive: rules with routeTo 'ae' route to this team member. */
  aeId: id.nullable().optional(),
  segment: safeString().max(100).nullable().optional(),
  tier: safeString().max(100).nullable().optional(),
  plan: safeString().max(100).nullable().optional(),
  seatLimit: safeInt().min(0).nullable().optional(),
  arrCents: z.number().int().min(0).nullable().optional(),
  renewalDate: safeDay().nullable().optional(),
  /** A change of stage restarts the account's time in stage (daysInOnboardingStage). */
  onboardingStage: safeString().max(100).nullable().optional(),
  traits: safeJsonObject().optional(),
});
export type AccountInput = z.infer<typeof accountSchema>;

export const TICKET_STATUSES = ['open', 'closed'] as const;
// A ticket's times may be backdated (loading history from a help desk), never in the future.
// abort: a malformed time is reported once, not also as "in the future".
const ticketTime = safeDateTime()
  .refine((t) => Date.parse(t) <= Date.now() + 5 * 60_000, 'must not be in the future');
const closedNotBeforeOpened = { message: 'must not be before openedAt', path: ['closedAt'] };

export const ticketCreateSchema = z
  .object({
    id,
    accountId: id,
    priority: z.enum(['urgent', 'high', 'normal', 'low']),
    /** Default: closed when closedAt is given, else open. */
    status: z.enum(TICKET_STATUSES).optional(),
    subject: safeString().max(500).optional(),
    /** When the ticket was opened (default now). */
    openedAt: ticketTime.optional(),
    /** When it was closed (default now for a closed ticket); only for a closed one. */
    closedAt: ticketTime.optional(),
  })
  .refine((t) => !(t.closedAt && t.status === 'open'), { message: 'an open ticket has no closedAt', path: ['closedAt'] })
  .refine((t) => !(t.closedAt && t.openedAt) || Date.parse(t.closedAt) >= Date.parse(t.openedAt), closedNotBeforeOpened)
  .transform((t) => ({ ...t, status: t.status ?? (t.closedAt ? 'closed' : 'open') }));
export type TicketCreateInput = z.infer<typeof ticketCreateSchema>;

export const ticketPatchSchema = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(['urgent', 'high', 'normal', 'low']).optional(),
    /** Corrects when the ticket was opened. */
    openedAt: ticketTime.optional(),
    /** When it was closed: closes it (status closed) at that time, or corrects a closed one's time. */
    closedAt: ticketTime.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change: give status, priority, openedAt or closedAt' })
  .refine((p) => !(p.closedAt && p.status === 'open'), { message: 'an open ticket has no closedAt', path: ['closedAt'] })
  .refine((p) => !(p.closedAt && p.openedAt) || Date.parse(p.closedAt) >= Date.parse(p.openedAt), closedNotBeforeOpened);
export type TicketPatchInput = z.infer<typeof ticketPatchSchema>;

export const idSchema = id;
