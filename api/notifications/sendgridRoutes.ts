// POST /sendgrid/events: SendGrid's Event Webhook (delivered, bounce, dropped). Public (SendGrid
// sends no API key) and proven by SendGrid's signature over the raw body instead: this plugin reads
// JSON bodies as text and leaves parsing to the service after verification.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendgridEventsAnswerSchema } from '../../domain/notifications/schemas.js';
import type { SendGridEventService } from '../../services/notifications/sendgridEvents.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { textBodies } from '../shared/validation.js';

const JSON_TYPE = 'application/json';

export const sendgridRoutes: FastifyPluginAsyncZod<{ events: SendGridEventService }> = async (app, { events }) => {
  tagRoutes(app, 'notifications');
  textBodies(app, JSON_TYPE);
  app.post(
    '/sendgrid/events',
    {
      schema: {
        summary: "SendGrid's Event Webhook: delivered, bounce and dropped events recorded on their notification (signed by SendGrid)",
        headers: z.object({ 'x-twilio-email-event-webhook-signature': z.string().optional(), 'x-twilio-email-event-webhook-timestamp': z.string().optional() }),
        body: z.string().describe('a JSON array of events, as SendGrid posts it'),
        response: { 200: sendgridEventsAnswerSchema, ...errorAnswers(400, 401, 404) },
      },
    },
    async (req) =>
      events.handle(req.body, { signature: req.headers['x-twilio-email-event-webhook-signature'], timestamp: req.headers['x-twilio-email-event-webhook-timestamp'] }),
  );
};
