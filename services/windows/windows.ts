// Maintenance and holiday windows as admins manage them: create (one-off or RRULE series, scoped to
// everything, a rule, a category, a segment, an account or an owner), list, end early or rename,
// delete, and import a holiday calendar (ICS text or URL; each event a window). Ending, changing or
// deleting a window tells every suppressed alert's workflow to look again, so a hold ends with it.
import type { Client } from '@temporalio/client';
import ICAL from 'ical.js';
import type { Db } from '../../runtime/db.js';
import type { CalendarImport, WindowCreate, WindowPatch, WindowScopeInput } from '../../domain/windows/schemas.js';
import type { WindowScope } from '../../domain/windows/windows.js';
import { zonedTimeToUtc } from '../../domain/notifications/routing.js';
import { formatDuration, parseDuration } from '../../domain/shared/duration.js';
import { windowsChangedSignal } from '../../workflows/alerts/messages.js';
import { createAlertRepository } from '../alerts/alertRepository.js';
import { createAccountRepository } from '../accounts/accountRepository.js';
import { createTeamRepository } from '../accounts/teamRepository.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { createWindowRepository, type NewWindow, type StoredWindow } from './windowRepository.js';

export function windowView(w: StoredWindow) {
  return {
    id: w.id,
    name: w.name,
    kind: w.kind,
    scope: w.scope,
    startsAt: w.startsAt,
    endsAt: w.endsAt,
    rrule: w.rrule,
    duration: w.durationMs === null ? null : formatDuration(w.durationMs),
    holdAfter: w.holdAfterMs > 0 ? formatDuration(w.holdAfterMs) : null,
    timezone: w.timezone,
    source: w.source,
    createdBy: w.createdBy,
    createdAt: w.createdAt,
  };
}

/** How long fetching a calendar URL may take. */
const CALENDAR_FETCH_MS = 10_000;

export function createWindowService(deps: { db: Db; temporal: Client }) {
  const { db, temporal } = deps;
  const windows = createWindowRepository(db);

  /** A scope naming an account or owner must name one that exists. */
  async function checkScope(scope: WindowScopeInput, path: string): Promise<WindowScope> {
    const value = scope.value ?? null;
    if (scope.type === 'account' && !(await createAccountRepository(db).exists(value!))) {
      throw new ValidationError([{ path: `${path}.value`, message: `no account with id "${value}"` }]);
    }
    if (scope.type === 'owner' && !(await createTeamRepository(db).get(value!))) {
      throw new ValidationError([{ path: `${path}.value`, message: `no team member with id "${value}"` }]);
    }
    return { type: scope.type, value };
  }

  async function tellHeldAlerts() {
    const held = await createAlertRepository(db).suppressedWorkflows();
    await Promise.all(
      held.map(async (a) => {
        try {
          await temporal.workflow.getHandle(a.workflow_id, a.workflow_run_id).signal(windowsChangedSignal);
        } catch {
          // Finished meanwhile: nothing waits on this window.
        }
      }),
    );
  }

  async function calendarText(input: CalendarImport): Promise<string> {
    if (input.ics !== undefined) return input.ics;
    let res: Response;
    try {
      res = await fetch(input.url!, { signal: AbortSignal.timeout(CALENDAR_FETCH_MS), redirect: 'follow' });
    } catch (err) {
      throw new ValidationError([{ path: 'url', message: `could not be fetched: ${(err as Error).message}` }]);
    }
    if (!res.ok) throw new ValidationError([{ path: 'url', message: `answered HTTP ${res.status}` }]);
    return res.text();
  }

  return {
    async create(input: WindowCreate, actor: string) {
      const scope = await checkScope(input.scope, 'scope');
      const [stored] = await windows.insert([
        {
          name: input.name,
          kind: input.kind,
          scope,
          startsAt: new Date(input.startsAt).toISOString(),
          endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
          rrule: input.rrule?.trim().replace(/^RRULE:/i, '') ?? null,
          durationMs: input.duration ? parseDuration(input.duration) : null,
          holdAfterMs: input.holdAfter ? parseDuration(input.holdAfter) : 0,
          timezone: input.timezone,
          source: null,
          createdBy: actor,
        },
      ]);
      return windowView(stored!);
    },

    async list(query: { active?: 'true' | 'false' }) {
      const items = await windows.list(query.active === 'true' ? new Date().toISOString() : undefined);
      return { items: items.map(windowView) };
    },

    async get(id: number) {
      const w = await windows.get(id);
      if (!w) throw new NotFoundError(`no window ${id}`);
      return windowView(w);
    },

    /** Renamed, or ended early (`endsAt`, e.g. now): the alerts it holds are released at that time. */
    async patch(id: number, change: WindowPatch) {
      const before = await windows.get(id);
      if (!before) throw new NotFoundError(`no window ${id}`);
      if (change.endsAt !== undefined && Date.parse(change.endsAt) <= Date.parse(before.startsAt)) {
        throw new ValidationError([{ path: 'endsAt', message: `must be after the window's start (${before.startsAt}); delete a window that should never have been` }]);
      }
      const after = await windows.update(id, { name: change.name, endsAt: change.endsAt === undefined ? undefined : new Date(change.endsAt).toISOString() });
      if (!after) throw new NotFoundError(`no window ${id}`);
      if (change.endsAt !== undefined) await tellHeldAlerts();
      return windowView(after);
    },

    async remove(id: number) {
      if (!(await windows.remove(id))) throw new NotFoundError(`no window ${id}`);
      await tellHeldAlerts();
    },

    /** Each VEVENT of the calendar becomes a window (all-day events from midnight to midnight in
     * `timezone`; recurring ones a series); importing the same events again for the same scope
     * replaces them. */
    async importCalendar(input: CalendarImport, actor: string) {
      const scope = await checkScope(input.scope, 'scope');
      const text = await calendarText(input);
      const field = input.ics !== undefined ? 'ics' : 'url';
      let events: ICAL.Component[];
      try {
        const root = new ICAL.Component(ICAL.parse(text));
        events = root.name === 'vcalendar' ? root.getAllSubcomponents('vevent') : [];
      } catch (err) {
        throw new ValidationError([{ path: field, message: `is not an iCalendar (RFC 5545) file: ${(err as Error).message}` }]);
      }
      if (events.length === 0) throw new ValidationError([{ path: field, message: 'holds no VEVENT' }]);
      const instant = (t: ICAL.Time) =>
        t.zone?.tzid === 'UTC' ? t.toJSDate().getTime() : zonedTimeToUtc(t.year, t.month, t.day, t.isDate ? 0 : t.hour * 60 + t.minute, input.timezone);
      const made: NewWindow[] = events.map((component, i) => {
        const e = new ICAL.Event(component);
        if (!e.startDate) throw new ValidationError([{ path: `${field}.VEVENT ${i + 1}`, message: 'has no DTSTART' }]);
        const start = instant(e.startDate);
        const end = e.endDate ? instant(e.endDate) : start + (e.startDate.isDate ? 86_400_000 : 0);
        const rrule = component.getFirstPropertyValue('rrule');
        const summary = e.summary || `event ${i + 1}`;
        return {
          name: input.name ? `${input.name}: ${summary}` : summary,
          kind: input.kind,
          scope,
          startsAt: new Date(start).toISOString(),
          endsAt: rrule ? null : new Date(Math.max(end, start + 60_000)).toISOString(),
          rrule: rrule ? rrule.toString() : null,
          durationMs: rrule ? Math.max(end - start, 60_000) : null,
          holdAfterMs: 0,
          timezone: input.timezone,
          source: `ics:${e.uid || `${summary}@${new Date(start).toISOString()}`}`,
          createdBy: actor,
        };
      });
      const stored = await db.transaction(async (trx) => {
        const repo = createWindowRepository(trx);
        const replaced = await repo.removeImported(made.map((m) => m.source!), scope);
        return { replaced, items: await repo.insert(made) };
      });
      return { replaced: stored.replaced, items: stored.items.map(windowView) };
    },
  };
}

export type WindowService = ReturnType<typeof createWindowService>;
