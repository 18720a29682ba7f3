// The only code that reads or writes `action_token_uses`: one row per spent email action link.
import type { Db } from '../../runtime/db.js';

export interface ActionTokenUse {
  token_id: string;
  alert_id: number;
  action: string;
}

export function createActionTokenRepository(db: Db) {
  return {
    async isSpent(tokenId: string): Promise<boolean> {
      return (await db('action_token_uses').where({ token_id: tokenId }).first('token_id')) !== undefined;
    },
    /** Records the use; false when the token was spent already. */
    async spend(use: ActionTokenUse): Promise<boolean> {
      const spent = await db('action_token_uses').insert(use).onConflict('token_id').ignore().returning('token_id');
      return spent.length > 0;
    },
    /** Gives the token back (the action it was spent on failed). */
    async release(tokenId: string): Promise<void> {
      await db('action_token_uses').where({ token_id: tokenId }).del();
    },
  };
}
