// Keeps a page's data fresh as alerts change, for the inbox and the alert page alike: the server's
// stream of alert changes (GET /inbox/events, `event: alert` with {"id","status","ownerId"}) asks
// for a reload at once, and a slow poll catches a change missed while the stream was reconnecting
// (EventSource reconnects by itself).
import { useEffect, useRef } from 'react';

export interface AlertChange {
  id: number;
  status: string;
  ownerId: string | null;
}

export interface LiveOptions {
  /** Which changes concern the page; every one when left out. */
  concerns?: (change: AlertChange) => boolean;
  /** The fallback poll's period. */
  pollMs: number;
  /** Changes come in bursts (an evaluation fires hundreds, a transition may write twice): one reload per burst. */
  settleMs?: number;
  /** Window property counting the changes that came by the stream, for the browser tests (which
   * tell a reload by event from one by the poll). */
  counter: string;
}

/** Calls `reload` when a concerning alert changes and every `pollMs`; `reload`'s identity changing
 * (new filters) restarts both, the stream included, so it always reloads what is shown now. */
export function useLiveAlerts(reload: () => unknown, { concerns, pollMs, settleMs = 250, counter }: LiveOptions) {
  // The predicate is read through a ref: a new closure each render must not reopen the stream.
  const concernsRef = useRef(concerns);
  concernsRef.current = concerns;

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), pollMs);
    return () => clearInterval(timer);
  }, [reload, pollMs]);

  useEffect(() => {
    const events = new EventSource('/inbox/events');
    let pending: ReturnType<typeof setTimeout> | undefined;
    events.addEventListener('alert', (e: MessageEvent<string>) => {
      const change = parseChange(e.data);
      if (!change || (concernsRef.current && !concernsRef.current(change))) return;
      const w = window as unknown as Record<string, number | undefined>;
      w[counter] = (w[counter] ?? 0) + 1;
      clearTimeout(pending);
      pending = setTimeout(() => void reload(), settleMs);
    });
    return () => {
      clearTimeout(pending);
      events.close();
    };
  }, [reload, settleMs, counter]);
}

function parseChange(data: string): AlertChange | null {
  try {
    const c = JSON.parse(data) as Partial<AlertChange>;
    return typeof c.id === 'number' ? { id: c.id, status: String(c.status), ownerId: c.ownerId ?? null } : null;
  } catch {
    return null;
  }
}
