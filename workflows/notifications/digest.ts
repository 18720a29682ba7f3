// One owner's daily digest, id `digest/<owner>/<date>` (their local date), started when the first
// medium/low alert of the day is queued for it: waits on a durable timer until the start of the
// owner's working day (computed in their timezone, so daylight-saving changes are honoured), then
// one activity mails whatever is still waiting. The id makes a day's digest go out once.
import * as wf from '@temporalio/workflow';
import type { NotificationRunActivities as Activities } from '../../activities/notifications/index.js';

const mail = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
});

export interface DigestInput {
  ownerId: string;
  date: string;
  sendAt: string;
}

export async function ownerDigest(input: DigestInput): Promise<{ sent: boolean; alerts: number; left: number }> {
  const wait = Date.parse(input.sendAt) - Date.now();
  if (wait > 0) await wf.sleep(wait);
  return mail.sendDigest({ ownerId: input.ownerId, date: input.date });
}
