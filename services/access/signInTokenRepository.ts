// The sign_in_tokens table: one-time sign-in link tokens, stored only as SHA-256 hashes. Taking a
// token marks it used in the same statement that checks it, so a link works once even when two
// requests race.
import type { Db } from '../../runtime/db.js';
import { hashKey } from './apiKeys.js';

export function createSignInTokenRepository(db: Db) {
  return {
    async insert(token: string, memberId: string, expiresAt: Date) {
      await db('sign_in_tokens').insert({ token_hash: hashKey(token), member_id: memberId, expires_at: expiresAt });
    },

    /** What a link's confirm page may say: the token's state, without using it. */
    async inspect(token: string): Promise<'valid' | 'used' | 'expired' | 'unknown'> {
      const row = await db('sign_in_tokens').where({ token_hash: hashKey(token) }).first('used_at', 'expires_at');
      if (!row) return 'unknown';
      if (row.used_at) return 'used';
      return new Date(row.expires_at).getTime() <= Date.now() ? 'expired' : 'valid';
    },

    /** Marks the token used and answers its member, or null when it is unknown, used or expired. */
    async take(token: string): Promise<string | null> {
      const [row] = await db('sign_in_tokens')
        .where({ token_hash: hashKey(token) })
        .whereNull('used_at')
        .where('expires_at', '>', db.fn.now())
        .update({ used_at: db.fn.now() })
        .returning('member_id');
      return row ? (row.member_id as string) : null;
    },
  };
}
export type SignInTokenRepository = ReturnType<typeof createSignInTokenRepository>;
