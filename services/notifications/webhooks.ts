// Webhook subscriptions as admins manage them: create (answering the signing secret once), list,
// delete. Deliveries are made by the alert workflows (activities/notifications/webhooks.ts).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../runtime/db.js';
import type { WebhookCreate, WebhookListQuery } from '../../domain/notifications/schemas.js';
import { keysetPage } from '../../domain/shared/paging.js';
import { NotFoundError } from '../shared/errors.js';
import { createWebhookRepository } from './webhookRepository.js';

export function createWebhookService(db: Db) {
  const repo = createWebhookRepository(db);
  const publicView = ({ secret: _secret, ...rest }: Awaited<ReturnType<typeof repo.insert>>) => rest;
  return {
    async create(input: WebhookCreate, actor: string) {
      // Standard Webhooks' secret format: whsec_ and base64 of 24 random bytes.
      return repo.insert({ ...input, secret: `whsec_${randomBytes(24).toString('base64')}`, createdBy: actor });
    },
    async list(q: WebhookListQuery) {
      const page = keysetPage(await repo.active(q), q.limit, (w) => w.id);
      return { items: page.items.map(publicView), nextAfter: page.next };
    },
    async remove(id: number) {
      if (!(await repo.remove(id))) throw new NotFoundError(`no webhook ${id}`);
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
