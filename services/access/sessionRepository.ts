// The sessions table: the server side of the web app's session cookie, shaped as the store
// @fastify/session calls (get/set/destroy with callbacks). An expired row reads as no session, so
// the browser is sent back to sign in; expired rows are deleted as new sessions are written.
import type { SessionStore } from '@fastify/session';
import type { Db } from '../../runtime/db.js';

export function createSessionRepository(db: Db, maxAgeMs: number): SessionStore {
  const expiryOf = (session: { cookie?: { expires?: Date | string | null } }) => {
    const e = session.cookie?.expires;
    return e ? new Date(e) : new Date(Date.now() + maxAgeMs);
  };
  return {
    set(sid, session, cb) {
      const memberId = (session as { memberId?: string }).memberId ?? null;
      db.transaction(async (trx) => {
        await trx('sessions')
          .insert({ sid, member_id: memberId, data: JSON.stringify(session), expires_at: expiryOf(session), updated_at: trx.fn.now() })
          .onConflict('sid')
          .merge();
        await trx('sessions').where('expires_at', '<', trx.fn.now()).delete();
      }).then(() => cb(), cb);
    },
    get(sid, cb) {
      db('sessions')
        .where({ sid })
        .where('expires_at', '>', db.fn.now())
        .first('data')
        .then((row) => cb(null, row ? row.data : null), (err) => cb(err, null));
    },
    destroy(sid, cb) {
      db('sessions').where({ sid }).delete().then(() => cb(), cb);
    },
  };
}

/** Ends a member's sessions everywhere (tests use it to expire one). */
export async function expireSessions(db: Db, memberId: string) {
  await db('sessions').where({ member_id: memberId }).update({ expires_at: db.fn.now() });
}
