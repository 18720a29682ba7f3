// Maintenance and holiday windows as admins manage them: create (one-off or RRULE series, scoped to
// everything, a rule, a category, a segment, an account or an owner), list, end early or rename,
// delete, and import a holiday calendar (ICS text or URL from an allowed host; each event a window).
// A window created or changed tells the open alerts in its scope to look again (a notified alert is
// held too); ending or deleting one tells only the alerts it holds, so a hold ends with it.
import type { Client } from '@temporalio/client';
import ICAL from 'ical.js';
import type { Db } from '../../runtime/db.js';
import { windowMergedSchema, type CalendarImport, type WindowCreate, type WindowPatch, type WindowListQuery, type WindowScopeInput } from '../../domain/windows/schemas.js';
import type { SuppressionWindow, WindowScope } from '../../domain/windows/windows.js';
import { zonedTimeToUtc } from '../../domain/notifications/routing.js';
import { formatDuration, parseDuration } from '../../domain/shared/duration.js';
import { windowsChangedSignal } from '../../workflows/alerts/messages.js';
import { createAlertRepository } from '../alerts/alertRepository.js';
import { createAccountRepository } from '../accounts/accountRepository.js';
import { createTeamRepository } from '../accounts/teamRepository.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { createWindowRepository, type NewWindow, type StoredWindow } from './windowRepository.js';
import { keysetPage } from '../../domain/shared/paging.js';

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

/** How long fetching a calendar URL may take, how large it may be, how many redirects it may take. */
const CALENDAR_FETCH_MS = 10_000;
const CALENDAR_MAX_BYTES = 1_000_000;
const CALENDAR_MAX_REDIRECTS = 3;
/** How many alert workflows are signalled at once when a window changes. */
const SIGNAL_CONCURRENCY = 20;

type WorkflowRef = { workflow_id: string; workflow_run_id: string };

function tzidOf(component: ICAL.Component, property: string): string | null {
  const tzid = component.getFirstProperty(property)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : null;
}

function ianaZone(tzid: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tzid });
    return true;
  } catch {
    return false;
  }
}

export function createWindowService(deps: { db: Db; temporal: Client; calendarHosts?: string[] }) {
  const { db, temporal } = deps;
  const calendarHosts = new Set((deps.calendarHosts ?? []).map((h) => h.toLowerCase()));
  const windows = createWindowRepository(db);
  const alertRepo = createAlertRepository(db);

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

  /** Tells each alert workflow (once) that windows changed; one finished meanwhile needs nothing. */
  async function tell(...groups: WorkflowRef[][]) {
    const refs = [...new Map(groups.flat().map((r) => [r.workflow_run_id, r])).values()];
    for (let i = 0; i < refs.length; i += SIGNAL_CONCURRENCY) {
      await Promise.all(
        refs.slice(i, i + SIGNAL_CONCURRENCY).map((a) => temporal.workflow.getHandle(a.workflow_id, a.workflow_run_id).signal(windowsChangedSignal).catch(() => undefined)),
      );
    }
  }
  /** The open alerts a window may hold. All are told, even of a window starting months ahead: each
   * then sets its timer to the start (the workflow's clock decides what is soon, not this one's). */
  async function openInScope(w: SuppressionWindow): Promise<WorkflowRef[]> {
    if (w.scope.type === 'segment') return alertRepo.openMatching({ type: 'accounts', value: await createAccountRepository(db).idsInSegment(w.scope.value!) });
    return alertRepo.openMatching({ type: w.scope.type, value: w.scope.value });
  }

  /** The calendar's text from a URL on an allowed host: each redirect checked the same way, the body
   * cut off past CALENDAR_MAX_BYTES (a calendar is kilobytes; anything larger is refused). */
  async function fetchCalendar(url: string): Promise<string> {
    const refuse = (message: string): never => {
      throw new ValidationError([{ path: 'url', message }]);
    };
    if (calendarHosts.size === 0) refuse('calendar import by URL is off here (CALENDAR_URL_HOSTS is unset): send the ICS text as "ics"');
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      if (!calendarHosts.has(target.hostname.toLowerCase()) && !calendarHosts.has(target.host.toLowerCase())) {
        refuse(`host "${target.host}" is not among the calendar hosts allowed (CALENDAR_URL_HOSTS)`);
      }
      let res: Response;
      try {
        res = await fetch(target, { signal: AbortSignal.timeout(CALENDAR_FETCH_MS), redirect: 'manual' });
      } catch (err) {
        return refuse(`could not be fetched: ${(err as Error).message}`);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        if (hop >= CALENDAR_MAX_REDIRECTS) refuse(`redirected more than ${CALENDAR_MAX_REDIRECTS} times`);
        target = new URL(location, target);
        continue;
      }
      if (!res.ok) refuse(`answered HTTP ${res.status}`);
      if (Number(res.headers.get('content-length') ?? 0) > CALENDAR_MAX_BYTES) {
        await res.body?.cancel();
        refuse(`is larger than ${CALENDAR_MAX_BYTES} bytes`);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body ?? []) {
        size += (chunk as Uint8Array).byteLength;
        if (size > CALENDAR_MAX_BYTES) refuse(`is larger than ${CALENDAR_MAX_BYTES} bytes`);
        chunks.push(chunk as Uint8Array);
      }
      return Buffer.concat(chunks).toString('utf8');
    }
  }

  async function calendarText(input: CalendarImport): Promise<string> {
    return input.ics !== undefined ? input.ics : fetchCalendar(input.url!);
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
      await tell(await openInScope(stored!));
      return windowView(stored!);
    },

    async list(query: WindowListQuery) {
      const rows = await windows.list(query, query.active === 'true' ? new Date().toISOString() : undefined);
      // The page resumes at the cursor window's start; a window deleted since has none, and the
      // page would come back empty as if the walk were over.
      if (rows.length === 0 && query.after !== undefined && !(await windows.get(query.after))) {
        throw new ValidationError([{ path: 'query.after', message: `no window ${query.after} (deleted since the last page): start again from the first page` }]);
      }
      const page = keysetPage(rows, query.limit, (w) => w.id);
      return { items: page.items.map(windowView), nextAfter: page.next };
    },

    async get(id: number) {
      const w = await windows.get(id);
      if (!w) throw new NotFoundError(`no window ${id}`);
      return windowView(w);
    },

    /** Any field changed (ended early: `endsAt`, e.g. now). The alerts it holds look again (a hold
     * ends or moves with it), and so do the open alerts of its scope unless only its name or end
     * changed (an earlier end holds nobody new). */
    async patch(id: number, change: WindowPatch) {
      const before = await windows.get(id);
      if (!before) throw new NotFoundError(`no window ${id}`);
      const view = windowView(before);
      const merged = {
        startsAt: change.startsAt ?? view.startsAt,
        endsAt: change.endsAt === undefined ? view.endsAt : change.endsAt,
        rrule: change.rrule === undefined ? view.rrule : change.rrule,
        duration: change.duration === undefined ? view.duration : change.duration,
      };
      const checked = windowMergedSchema.safeParse(merged);
      if (!checked.success) throw new ValidationError(checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      const holdAfter = change.holdAfter === undefined ? view.holdAfter : change.holdAfter;
      const after = await windows.update(id, {
        ...before,
        name: change.name ?? before.name,
        kind: change.kind ?? before.kind,
        scope: change.scope ? await checkScope(change.scope, 'scope') : before.scope,
        startsAt: new Date(merged.startsAt).toISOString(),
        endsAt: merged.endsAt === null ? null : new Date(merged.endsAt).toISOString(),
        rrule: merged.rrule?.trim().replace(/^RRULE:/i, '') ?? null,
        durationMs: merged.duration ? parseDuration(merged.duration) : null,
        holdAfterMs: holdAfter ? parseDuration(holdAfter) : 0,
        timezone: change.timezone ?? before.timezone,
      });
      if (!after) throw new NotFoundError(`no window ${id}`);
      const holdsMore = Object.keys(change).some((k) => k !== 'name' && k !== 'endsAt') || (change.endsAt !== undefined && (before.endsAt === null || (change.endsAt !== null && Date.parse(change.endsAt) > Date.parse(before.endsAt))));
      if (Object.keys(change).some((k) => k !== 'name')) await tell(await alertRepo.heldByWindow(id), holdsMore ? await openInScope(after) : []);
      return windowView(after);
    },

    async remove(id: number) {
      const held = await alertRepo.heldByWindow(id);
      if (!(await windows.remove(id))) throw new NotFoundError(`no window ${id}`);
      await tell(held);
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
      // A time's zone: UTC; its TZID when that is an IANA name (its real daylight-saving rules);
      // else the calendar's own VTIMEZONE of that TZID, which ical.js applies; all-day and floating
      // times are read in the import's `timezone`.
      const zoneOf = (t: ICAL.Time, tzid: string | null): string | 'vtimezone' => {
        if (t.isDate || !tzid) return t.zone?.tzid === 'UTC' ? 'UTC' : input.timezone;
        if (ianaZone(tzid)) return tzid;
        return t.zone?.tzid === tzid ? 'vtimezone' : input.timezone;
      };
      const instant = (t: ICAL.Time, zone: string) =>
        zone === 'vtimezone' ? t.toUnixTime() * 1000 : zonedTimeToUtc(t.year, t.month, t.day, t.isDate ? 0 : t.hour * 60 + t.minute, zone) + (t.isDate ? 0 : t.second * 1000);
      const made: NewWindow[] = events.map((component, i) => {
        const e = new ICAL.Event(component);
        if (!e.startDate) throw new ValidationError([{ path: `${field}.VEVENT ${i + 1}`, message: 'has no DTSTART' }]);
        const zone = zoneOf(e.startDate, tzidOf(component, 'dtstart'));
        const start = instant(e.startDate, zone);
        const end = e.endDate ? instant(e.endDate, zoneOf(e.endDate, tzidOf(component, 'dtend'))) : start + (e.startDate.isDate ? 86_400_000 : 0);
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
          timezone: zone === 'vtimezone' || zone === 'UTC' ? input.timezone : zone,
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
