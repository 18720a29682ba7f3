// The notifications feature's HTTP shapes: the outbox as GET /notifications reads it, and the
// routing policy as admins read and replace it.
import { z } from 'zod';
import { afterIdCursor, beforeIdCursor, isoTimeSchema, nextAfterIdField, nextBeforeField, pageLimit, safeString } from '../shared/schemas.js';
import { CATEGORIES } from '../alerts/alert.js';
import { CHANNELS, ESCALATION_CHANNELS, TIMINGS, WEBHOOK_EVENTS } from './routing.js';

export const notificationQuerySchema = z.object({
  alertId: z.coerce.number().int().positive().optional(),
  recipient: safeString().max(320).optional(),
  limit: pageLimit(200, 50),
  before: beforeIdCursor('notifications'),
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
  deliveryStatus: z.enum(['delivered', 'bounced', 'dropped']).nullable().describe("what SendGrid's Event Webhook reported after accepting it"),
  deliveryDetail: z.string().nullable().describe('the bounce or drop reason'),
});
export const notificationListAnswerSchema = z.object({ items: z.array(notificationAnswerSchema), nextBefore: nextBeforeField });

// ---- Routing policies (GET/PUT /routing-policies/:name) -------------------------------------------
const routeSchema = z.object({
  channels: z
    .array(z.enum(CHANNELS))
    .min(1, 'must name at least one channel')
    .refine((c) => new Set(c).size === c.length, 'must not repeat a channel'),
  timing: z.enum(TIMINGS).describe("'immediately', or 'working_hours': held until the owner's next working period"),
});
const overrideSchema = z.object({ critical: routeSchema, high: routeSchema, medium: routeSchema, low: routeSchema }).partial().strict();
const ruleKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'must be a rule key (lowercase letters, digits, _)');

/** Which channels an alert uses and when: by severity, overridden per category, then per rule. */
export const routingPolicyDefinitionSchema = z
  .object({
    severities: z.object({ critical: routeSchema, high: routeSchema, medium: routeSchema, low: routeSchema }).strict(),
    categories: z.partialRecord(z.enum(CATEGORIES), overrideSchema).default({}),
    rules: z.record(ruleKeySchema, overrideSchema).default({}),
    escalation: z
      .object({
        channels: z
          .array(z.enum(ESCALATION_CHANNELS))
          .min(1, 'must name at least one channel')
          .refine((c) => new Set(c).size === c.length, 'must not repeat a channel')
          .describe("email to the manager, a Slack DM to them, the alert's CRM task reassigned to them"),
      })
      .strict()
      .optional()
      .describe('how escalations reach the manager; absent: email only'),
  })
  .strict();
export type RoutingPolicyInput = z.infer<typeof routingPolicyDefinitionSchema>;

export const routingPolicyPutSchema = routingPolicyDefinitionSchema.extend({
  reason: safeString().trim().min(1, 'say why the policy changes').max(1000),
});
export const routingPolicyNameParamsSchema = z.object({ name: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be a policy name such as "default"') });

export const routingPolicyAnswerSchema = routingPolicyDefinitionSchema.extend({
  name: z.string(),
  version: z.number().int(),
  changedBy: z.string(),
  changedAt: isoTimeSchema,
  reason: z.string(),
});
export const routingPolicyVersionsAnswerSchema = z.object({ items: z.array(routingPolicyAnswerSchema) });

// ---- Outbound webhooks (POST/GET /webhooks, DELETE /webhooks/:id) ---------------------------------
export const webhookCreateSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, 'must name at least one event')
      .refine((e) => new Set(e).size === e.length, 'must not repeat an event'),
  })
  .strict();
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

export const webhookAnswerSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.string()),
  createdBy: z.string(),
  createdAt: isoTimeSchema,
});
export const webhookCreatedAnswerSchema = webhookAnswerSchema.extend({
  secret: z.string().describe('the Standard Webhooks signing secret (whsec_...), shown only now'),
});
export const webhookListQuerySchema = z.object({ limit: pageLimit(1000, 500), after: afterIdCursor('subscriptions') });
export type WebhookListQuery = z.infer<typeof webhookListQuerySchema>;
export const webhookListAnswerSchema = z.object({ items: z.array(webhookAnswerSchema).describe('oldest first'), nextAfter: nextAfterIdField });

// ---- SendGrid Event Webhook (POST /sendgrid/events) ---------------------------------------------
/** One event as SendGrid posts it; the mail's custom args (our outbox key) come as fields. */
export const sendgridEventSchema = z.looseObject({
  event: z.string(),
  timestamp: z.number().int().nonnegative(),
  email: z.string().optional(),
  reason: z.string().optional(),
  idempotency_key: z.string().optional(),
});
export const sendgridEventsSchema = z.array(sendgridEventSchema).max(10_000);
export const sendgridEventsAnswerSchema = z.object({ received: z.number().int(), applied: z.number().int(), ignored: z.number().int() });
