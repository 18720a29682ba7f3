// Who may do what: API keys and their roles, and the web sign-in's requests and answers.
import { z } from 'zod';
import { safeString } from '../shared/schemas.js';

// manager: a CSM who also sees their reports' queues (a team member's role; keys may carry it too).
export const ROLES = ['admin', 'csm', 'manager', 'leadership'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const apiKeyCreateSchema = z.object({
  name: safeString().min(1).max(100),
  role: roleSchema,
  teamMemberId: safeString().min(1).max(200).optional().describe('the team member a csm key acts for: it lists only their notifications'),
});
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateSchema>;

export const apiKeyAnswerSchema = z.object({
  id: z.number().int(),
  name: safeString(),
  role: roleSchema,
  key: safeString().describe('shown once: only its SHA-256 is stored'),
});

/** A team member's role (free text in team_members.role) as the access role they sign in with. */
export function accessRoleOf(memberRole: string): Role {
  const r = memberRole.trim().toLowerCase();
  if (r === 'admin') return 'admin';
  if (r === 'manager') return 'manager';
  if (['leadership', 'vp', 'executive', 'cro', 'director'].includes(r)) return 'leadership';
  return 'csm';
}

export const loginLinkRequestSchema = z.object({ email: z.string().trim().toLowerCase().email().max(320) });
export type LoginLinkRequest = z.infer<typeof loginLinkRequestSchema>;

export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  csrfToken: z.string().describe('send as the x-csrf-token header on every state-changing request made with the session cookie'),
});
export type Me = z.infer<typeof meSchema>;
