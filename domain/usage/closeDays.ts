// POST /metrics/close-days: close the quiet days of a range in one set-based step (each account with
// usage in the 29 days before a day and no row that day gets one, with its windows and health score),
// so a loaded history reads like one that was evaluated every day.
import { z } from 'zod';
import { safeDay } from '../shared/schemas.js';

export const MAX_CLOSE_DAYS = 400;
const day = safeDay();

export const closeDaysSchema = z
  .strictObject({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: 'must not be before from', path: ['to'] })
  .refine((r) => r.to <= new Date().toISOString().slice(0, 10), { message: 'must not be in the future', path: ['to'] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_CLOSE_DAYS, { message: `a range of at most ${MAX_CLOSE_DAYS} days`, path: ['from'] });
export type CloseDaysInput = z.infer<typeof closeDaysSchema>;

/** The answer: the range and how many day rows closing wrote. */
export const closeDaysAnswerSchema = z.object({ from: z.string(), to: z.string(), rows: z.number().int() });
