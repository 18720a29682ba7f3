// Accounts, team members and support tickets as the API accepts them: just enough of each to
// drive routing (owner, manager chain) and suppression (open tickets).
import { z } from 'zod';

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:@-]+$/, 'may contain only letters, digits and _ . : @ -');

export const teamMemberSchema = z.object({
  name: z.string().min(1).max(200),
  email: z.string().email(),
  role: z.string().min(1).max(50),
  managerId: id.nullable().optional(),
});
export type TeamMemberInput = z.infer<typeof teamMemberSchema>;

export const accountSchema = z.object({
  name: z.string().min(1).max(300),
  ownerId: id.nullable().optional(),
  /** The account executive: rules with routeTo 'ae' route to this team member. */
  aeId: id.nullable().optional(),
  segment: z.string().max(100).nullable().optional(),
  tier: z.string().max(100).nullable().optional(),
  plan: z.string().max(100).nullable().optional(),
  seatLimit: z.number().int().min(0).nullable().optional(),
  arrCents: z.number().int().min(0).nullable().optional(),
  renewalDate: z.iso.date().nullable().optional(),
  /** A change of stage restarts the account's time in stage (daysInOnboardingStage). */
  onboardingStage: z.string().max(100).nullable().optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
});
export type AccountInput = z.infer<typeof accountSchema>;

export const TICKET_STATUSES = ['open', 'closed'] as const;
export const ticketCreateSchema = z.object({
  id,
  accountId: id,
  priority: z.enum(['urgent', 'high', 'normal', 'low']),
  status: z.enum(TICKET_STATUSES).default('open'),
  subject: z.string().max(500).optional(),
});
export type TicketCreateInput = z.infer<typeof ticketCreateSchema>;

export const ticketPatchSchema = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(['urgent', 'high', 'normal', 'low']).optional(),
  })
  .refine((p) => p.status !== undefined || p.priority !== undefined, { message: 'nothing to change: give status or priority' });
export type TicketPatchInput = z.infer<typeof ticketPatchSchema>;

export const idSchema = id;
