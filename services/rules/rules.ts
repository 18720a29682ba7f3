// Rules as versioned data: create, change (always a new version with who/when/why), read, and the
// loads the evaluator and start-up need. The current definition of a rule is its latest version.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Db } from '../../runtime/db.js';
import {
  RULE_STATUSES,
  ruleDefinitionSchema,
  type RuleDefinition,
  ruleCreateSchema,
  type RuleVersion,
  type ruleUpdateSchema,
} from '../../domain/rules/schema.js';
import type { Category } from '../../domain/alerts/alert.js';
import type { RuleListQuery } from '../../domain/rules/schemas.js';
import { DEFAULT_RULE_PACK } from '../../domain/rules/defaultPack.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { vocabularyGaps, type ProductVocabulary } from '../../domain/rules/vocabulary.js';
import { createVocabularyRepository } from './vocabularyRepository.js';
import { isoTime as iso } from '../shared/isoTime.js';
import { keyset } from '../shared/keyset.js';
import { keysetPage } from '../../domain/shared/paging.js';

export type RuleStatus = (typeof RULE_STATUSES)[number];
export type RuleCreateInput = z.infer<typeof ruleCreateSchema>;
export type RuleUpdateInput = z.infer<typeof ruleUpdateSchema>;

/** Why version 1 of a rule exists when its creator gave no reason. */
const CREATED_REASON = 'created';
export const DEFAULT_PACK_REASON = 'default rule pack';

/** A row of `rule_versions`. The definition is as it was stored; loadEvaluableRules parses it again. */
export type RuleVersionRow = {
  key: string;
  version: number;
  definition: RuleDefinition;
  changed_by: string;
  changed_at: Date;
  reason: string;
};

/** A rule as the API shows it: its definition flattened, with the version and who/when/why, and the
 * status it really runs with: an active rule whose product vocabulary is missing runs as shadow
 * (statusReason says what to configure). */
export function ruleView(r: RuleVersionRow, vocabulary: ProductVocabulary) {
  const definition = r.definition;
  const gap = definition.status === 'active' || definition.status === 'shadow' ? vocabularyGaps(ruleDefinitionSchema.parse(definition).condition, vocabulary) : null;
  return {
    key: r.key,
    version: r.version,
    ...definition,
    changedBy: r.changed_by,
    changedAt: iso(r.changed_at),
    reason: r.reason,
    effectiveStatus: gap ? 'shadow' : definition.status,
    statusReason: gap,
  };
}

const vocabularyOf = async (db: Db | Knex.Transaction) => (await createVocabularyRepository(db).get()).vocabulary;

export function ruleVersionView(r: RuleVersionRow) {
  return { version: r.version, changedBy: r.changed_by, changedAt: iso(r.changed_at), reason: r.reason, definition: r.definition };
}

// The definition alone: the key lives in the rules row, the reason in the version row.
function definitionOf(input: RuleCreateInput | RuleUpdateInput): RuleDefinition {
  const { key: _key, reason: _reason, ...definition } = input as RuleCreateInput;
  return definition;
}

/** The current version of each rule, joined to its definition. */
function currentVersions(db: Db | Knex.Transaction) {
  return db('rules as r')
    .join('rule_versions as v', (j) => j.on('v.key', 'r.key').andOn('v.version', 'r.current_version'))
    .select('r.key', 'v.version', 'v.definition', 'v.changed_by', 'v.changed_at', 'v.reason');
}

async function insertVersion(trx: Knex.Transaction, key: string, version: number, definition: RuleDefinition, actor: string, reason: string): Promise<RuleVersionRow> {
  const [row] = await trx('rule_versions')
    .insert({ key, version, definition: JSON.stringify(definition), changed_by: actor, changed_at: trx.fn.now(), reason })
    .returning('*');
  return { ...row, key };
}

/** Creates version 1 of a new rule; a key that exists already is a conflict, never an overwrite. */
export async function createRule(db: Db, input: RuleCreateInput, actor: string) {
  const definition = definitionOf(input);
  return db.transaction(async (trx) => {
    const inserted = await trx('rules')
      .insert({ key: input.key, current_version: 1, status: definition.status, category: definition.category, updated_at: trx.fn.now() })
      .onConflict('key')
      .ignore()
      .returning('key');
    if (inserted.length === 0) throw new ConflictError(`rule "${input.key}" exists already: change it with PUT /rules/${input.key}`);
    return ruleView(await insertVersion(trx, input.key, 1, definition, actor, input.reason ?? CREATED_REASON), await vocabularyOf(trx));
  });
}

/** Replaces a rule's definition by adding the next version; status changes (retiring) go this way too. */
export async function updateRule(db: Db, key: string, input: RuleUpdateInput, actor: string) {
  // What GET showed may come back with the rule: its read-only fields are ignored, but a different
  // key would silently edit another rule than the one the body describes.
  if (input.key !== undefined && input.key !== key) {
    throw new ValidationError([{ path: 'key', message: `is "${input.key}" but this is rule "${key}": a rule's key cannot change` }]);
  }
  const { version: _v, changedBy: _by, changedAt: _at, effectiveStatus: _es, statusReason: _sr, ...rest } = input;
  const definition = definitionOf(rest as RuleUpdateInput);
  return db.transaction(async (trx) => {
    // The row lock serializes concurrent changes, so each gets its own next version number.
    const current = await trx('rules').where({ key }).forUpdate().first('current_version');
    if (!current) throw new NotFoundError(`no rule "${key}"`);
    // After the highest version, not the current one: a proposed draft (addProposedVersion) may sit above it.
    const version = (await highestVersion(trx, key)) + 1;
    await trx('rules').where({ key }).update({ current_version: version, status: definition.status, category: definition.category, updated_at: trx.fn.now() });
    return ruleView(await insertVersion(trx, key, version, definition, actor, input.reason), await vocabularyOf(trx));
  });
}

async function highestVersion(trx: Knex.Transaction, key: string): Promise<number> {
  const row = await trx('rule_versions').where({ key }).max('version as v').first();
  return Number(row?.v ?? 0);
}

/** Adds a version that is proposed, not applied: the rule's current version stays as it is (so a
 * draft is never evaluated); applying it is a PUT /rules/:key with its definition. */
export async function addProposedVersion(db: Db, key: string, definition: RuleDefinition, actor: string, reason: string) {
  return db.transaction(async (trx) => {
    const current = await trx('rules').where({ key }).forUpdate().first('current_version');
    if (!current) throw new NotFoundError(`no rule "${key}"`);
    return ruleVersionView(await insertVersion(trx, key, (await highestVersion(trx, key)) + 1, definition, actor, reason));
  });
}

export async function getRule(db: Db, key: string) {
  const row: RuleVersionRow | undefined = await currentVersions(db).where('r.key', key).first();
  if (!row) throw new NotFoundError(`no rule "${key}"`);
  return ruleView(row, await vocabularyOf(db));
}

/** A page of rules by key (`after`: the previous page's last key). */
export async function listRules(db: Db, filter: RuleListQuery) {
  const query = keyset(currentVersions(db), { table: 'r', from: 'rules', columns: ['key'], direction: 'asc' }, { limit: filter.limit, cursor: filter.after });
  if (filter.status) query.where('r.status', filter.status);
  if (filter.category) query.where('r.category', filter.category);
  const vocabulary = await vocabularyOf(db);
  const page = keysetPage(await query, filter.limit, (r: RuleVersionRow) => r.key);
  return { items: page.items.map((r: RuleVersionRow) => ruleView(r, vocabulary)), nextAfter: page.next };
}

/** The keys among `keys` that name a rule (one query). */
export async function knownRuleKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  return new Set(keys.length ? ((await db('rules').whereIn('key', [...keys]).pluck('key')) as string[]) : []);
}

/** The rule's own row (status, current version), without its definition. */
export async function ruleHead(db: Db, key: string): Promise<{ key: string; status: RuleStatus; current_version: number } | undefined> {
  return db('rules').where({ key }).first('key', 'status', 'current_version');
}

/** The stored definition of one version of a rule (undefined: no such version). */
export async function ruleVersionDefinition(db: Db, key: string, version: number): Promise<unknown> {
  return (await db('rule_versions').where({ key, version }).first('definition'))?.definition;
}

/** All versions of a rule, newest first. */
export async function listRuleVersions(db: Db, key: string) {
  const rows: RuleVersionRow[] = await db('rule_versions').where({ key }).orderBy('version', 'desc');
  if (rows.length === 0) throw new NotFoundError(`no rule "${key}"`);
  return { key, items: rows.map(ruleVersionView) };
}

/** The current versions the evaluator runs: active and shadow rules unless told otherwise, optionally
 * only some keys. Definitions are parsed again so fields added to the language later get defaults. */
export async function loadEvaluableRules(
  db: Db,
  { keys, statuses = ['active', 'shadow'] }: { keys?: readonly string[]; statuses?: readonly RuleStatus[] } = {},
): Promise<RuleVersion[]> {
  const query = currentVersions(db).whereIn('r.status', [...statuses]).orderBy('r.key');
  if (keys) query.whereIn('r.key', [...keys]);
  return (await query).map((r: RuleVersionRow) => ({ key: r.key, version: r.version, definition: ruleDefinitionSchema.parse(r.definition) }));
}

/** Adds the default pack's rules whose keys do not exist yet, as version 1. Safe on every start-up:
 * rules already there, even changed or retired ones, are left as their owners made them. */
export async function installDefaultPack(db: Db, actor: string): Promise<{ installed: string[] }> {
  const installed: string[] = [];
  await db.transaction(async (trx) => {
    for (const raw of DEFAULT_RULE_PACK) {
      const input = ruleCreateSchema.parse(raw); // fills the defaults a stored definition carries
      const definition = definitionOf(input);
      const inserted = await trx('rules')
        .insert({ key: input.key, current_version: 1, status: definition.status, category: definition.category, updated_at: trx.fn.now() })
        .onConflict('key')
        .ignore()
        .returning('key');
      if (inserted.length === 0) continue;
      await insertVersion(trx, input.key, 1, definition, actor, DEFAULT_PACK_REASON);
      installed.push(input.key);
    }
  });
  return { installed };
}

/** The rule use cases bound to one database, for the API. */
export function createRuleService(db: Db) {
  return {
    create: (input: RuleCreateInput, actor: string) => createRule(db, input, actor),
    update: (key: string, input: RuleUpdateInput, actor: string) => updateRule(db, key, input, actor),
    get: (key: string) => getRule(db, key),
    list: (filter: RuleListQuery) => listRules(db, filter),
    versions: (key: string) => listRuleVersions(db, key),
  };
}

export type RuleService = ReturnType<typeof createRuleService>;
