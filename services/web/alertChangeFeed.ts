// Alert changes as they happen, for the inbox's server-sent events. A trigger on `alerts` NOTIFYs
// the channel `alert_changes` (migration 20261203700000), so changes made by any process reach
// every API process; each process holds one LISTEN connection from the pool, taken on the first
// subscriber. When that connection fails, every subscriber is told to end (its browser reconnects
// and subscribes again, on a fresh connection).
import type { Db } from '../../runtime/db.js';

export interface AlertChange {
  id: number;
  status: string;
  ownerId: string | null;
}

export interface AlertChangeSubscriber {
  change(c: AlertChange): void;
  /** The feed is gone (connection lost or closing): end the stream. */
  end(): void;
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', fn: (msg: { channel: string; payload?: string }) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  removeAllListeners(event?: string): void;
}

const CHANNEL = 'alert_changes';

export function createAlertChangeFeed(db: Db) {
  const subscribers = new Set<AlertChangeSubscriber>();
  let listening: Promise<PgConnection> | null = null;

  const endAll = () => {
    for (const s of [...subscribers]) s.end();
    subscribers.clear();
  };

  async function listen(): Promise<PgConnection> {
    const conn = (await db.client.acquireConnection()) as PgConnection;
    conn.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      const change = JSON.parse(msg.payload) as AlertChange;
      for (const s of subscribers) s.change(change);
    });
    // A terminated backend can report more than one error; only the first one may end the streams,
    // or a late one would end the subscribers of the next, healthy connection.
    let lost = false;
    conn.on('error', () => {
      if (lost) return;
      lost = true;
      listening = null;
      endAll();
      // Back to the pool, which checks a connection before lending it and discards a broken one.
      conn.removeAllListeners('notification');
      void Promise.resolve(db.client.releaseConnection(conn)).catch(() => undefined);
    });
    await conn.query(`listen ${CHANNEL}`);
    return conn;
  }

  return {
    /** Adds a subscriber (starting to listen if nobody was); answers the unsubscribe. */
    async subscribe(s: AlertChangeSubscriber): Promise<() => void> {
      listening ??= listen().catch((err: unknown) => {
        listening = null;
        throw err;
      });
      await listening;
      subscribers.add(s);
      return () => subscribers.delete(s);
    },
    get subscribers() {
      return subscribers.size;
    },
    /** Ends every stream and gives the connection back to the pool. */
    async close() {
      endAll();
      const pending = listening;
      listening = null;
      const conn = await pending?.catch(() => null);
      if (!conn) return;
      conn.removeAllListeners('notification');
      conn.removeAllListeners('error');
      await conn.query(`unlisten ${CHANNEL}`).catch(() => undefined);
      await db.client.releaseConnection(conn);
    },
  };
}

export type AlertChangeFeed = ReturnType<typeof createAlertChangeFeed>;
