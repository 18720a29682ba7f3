// The web app's own read answers: the ranked inbox and the manager's team view.
import { z } from 'zod';
import { alertStatusSchema, categorySchema, severitySchema } from '../alerts/schemas.js';
import { INBOX_TABS } from './inbox.js';

export const inboxQuerySchema = z.object({
  owner: z.string().max(200).optional().describe('a team member id, "team" (the caller and their reports) or "all"; the caller by default'),
  tab: z.enum([...INBOX_TABS, 'all']).default('all'),
  severity: severitySchema.optional(),
  category: categorySchema.optional(),
  rule: z.string().max(200).optional(),
  segment: z.string().max(200).optional(),
  q: z.string().max(200).optional().describe('account name or id contains'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const inboxItemSchema = z.object({
  id: z.number().int(),
  rank: z.number().int(),
  title: z.string(),
  ruleKey: z.string(),
  severity: severitySchema,
  category: categorySchema,
  status: alertStatusSchema,
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  accountId: z.string(),
  accountName: z.string(),
  segment: z.string().nullable(),
  arrCents: z.number().int().nullable(),
  renewalDate: z.string().nullable(),
  firedAt: z.string(),
  slaDueAt: z.string().nullable(),
  reasons: z.array(z.string()).describe('why the alert sits where it does, most weighty first'),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxAnswerSchema = z.object({
  items: z.array(inboxItemSchema),
  counts: z.object({ new: z.number().int(), acknowledged: z.number().int(), snoozed: z.number().int(), escalated: z.number().int() }),
  owners: z.array(z.object({ id: z.string(), name: z.string() })).describe('whose queues the caller may pick'),
});

export const teamAnswerSchema = z.object({
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      open: z.number().int(),
      overdue: z.number().int(),
      escalated: z.number().int(),
      medianMinutesToAck: z.number().nullable().describe('over alerts acknowledged in the last 30 days'),
    }),
  ),
});
