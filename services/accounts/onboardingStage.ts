// When an account's onboarding stage started: one rule for every writer of accounts (Segment group
// traits, bulk uploads, PUT /accounts/:id). The time in stage restarts only when the stage really
// changes; re-sending the same stage (every group call repeats its traits) leaves it alone.

/**
 * SQL for `onboarding_stage_since` in an `insert ... on conflict (id) do update set` of accounts.
 * `stage` is the stage the row will hold after the update, `at` when the change happened (the
 * message's timestamp, or now()). A cleared stage clears its start too.
 */
export function stageSinceOnUpdate(stage: string, at: string): string {
  return `case when (${stage}) is not distinct from accounts.onboarding_stage then accounts.onboarding_stage_since
               when (${stage}) is null then null
               else (${at}) end`;
}

/** The same for a newly inserted account: its stage (if any) starts at `at`. */
export function stageSinceOnInsert(stage: string, at: string): string {
  return `case when (${stage}) is not null then (${at}) end`;
}
