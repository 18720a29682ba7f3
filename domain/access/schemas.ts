// API keys and their roles: the request to make one and the answer that shows the key once.
import { z } from 'zod';
import { safeString } from '../shared/schemas.js';

export const ROLES = ['admin', 'csm', 'leadership'] as const;
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
