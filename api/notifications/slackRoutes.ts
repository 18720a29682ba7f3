// POST /slack/interactions: Slack's interactivity request URL. Public (Slack cannot send an API
// key) and proven by Slack's request signature instead, which is computed over the raw body: this
// plugin reads form bodies as text and leaves parsing to the service after verification.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SlackInteractionService } from '../../services/notifications/slackInteractions.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { textBodies } from '../shared/validation.js';

const FORM = 'application/x-www-form-urlencoded';

export const slackRoutes: FastifyPluginAsyncZod<{ interactions: SlackInteractionService }> = async (app, { interactions }) => {
  tagRoutes(app, 'notifications');
  textBodies(app, FORM);
  app.post(
    '/slack/interactions',
    {
      schema: {
        summary: "Slack's interactivity request URL: a button press on an alert message (signed by Slack)",
        headers: z.object({ 'x-slack-request-timestamp': z.string().optional(), 'x-slack-signature': z.string().optional() }),
        body: z.string().describe('payload=<JSON> as Slack sends it, form-encoded'),
        response: { 200: z.object({ ok: z.literal(true), text: z.string() }), ...errorAnswers(400, 401, 404) },
      },
    },
    async (req) =>
      interactions.handle(req.body, { timestamp: req.headers['x-slack-request-timestamp'], signature: req.headers['x-slack-signature'] }),
  );
};
