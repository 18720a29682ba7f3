// The notification outbox as GET /notifications reads it: filters and the answer.
import { z } from 'zod';
import { isoTimeSchema } from '../shared/schemas.js';

export const notificationQuerySchema = z.object({
  alertId: z.coerce.number().int().positive().optional(),
  recipient: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type NotificationQuery = z.infer<typeof notificationQuerySchema>;

export const notificationAnswerSchema = z.object({
  id: z.number().int(),
  alertId: z.number().int().nullable(),
  channel: z.string(),
  recipientId: z.string().nullable(),
  recipient: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.string(),
  createdAt: isoTimeSchema.nullable(),
  sentAt: isoTimeSchema.nullable(),
});
export const notificationListAnswerSchema = z.object({ items: z.array(notificationAnswerSchema) });
