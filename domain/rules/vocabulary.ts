// The product vocabulary: the few facts about the customer's own product that rules cannot guess —
// which features are premium and which tiers include them, the onboarding stages in order and which
// one means done, the key features whose abandonment is a churn signal, which plans renew monthly
// and which yearly, and the company holidays. Stored once (services/rules/vocabularyRepository.ts),
// set with PUT /product-vocabulary, and read by the compiler (domain/rules/compile.ts) when a rule
// refers to it. A rule that needs a part that is not configured is not evaluated: it stays in
// shadow with the reason `vocabularyGaps` gives, instead of firing on guessed names. Pure.
import { z } from 'zod';
import { safeDay, safeString } from '../shared/schemas.js';
import type { Condition } from './schema.js';

const name = safeString().min(1).max(200);
const uniqueNames = (what: string) =>
  z.array(name).max(200).refine((xs) => new Set(xs).size === xs.length, { message: `lists a ${what} twice` });

export const premiumFeatureSchema = z.strictObject({
  feature: name, // the `feature` property of tracked events
  /** Tiers whose price includes the feature: using it on any other tier is an expansion signal. */
  includedIn: uniqueNames('tier').pipe(z.array(name).min(1, 'name at least one tier that includes the feature')),
});

export const productVocabularySchema = z
  .strictObject({
    premiumFeatures: z.array(premiumFeatureSchema).max(30).default([]),
    onboarding: z
      .strictObject({
        /** The stages in the order an account goes through them (accounts.onboarding_stage values). */
        stages: uniqueNames('stage').pipe(z.array(name).min(1)),
        /** The stage that means onboarding is finished; one of `stages`. */
        doneStage: name,
      })
      .refine((o) => o.stages.includes(o.doneStage), { message: 'must be one of the stages', path: ['doneStage'] })
      .nullable()
      .default(null),
    keyFeatures: uniqueNames('feature').pipe(z.array(name).max(30)).default([]),
    /** How often each account renews: accounts.plan values listed by term, and/or an account trait
     * whose value is the term itself ("monthly" or "annual", e.g. a Segment group trait billing_period). */
    planTerms: z
      .strictObject({
        monthly: uniqueNames('plan').default([]),
        annual: uniqueNames('plan').default([]),
        trait: safeString().min(1).max(100).regex(/^[A-Za-z0-9_]+$/, 'may contain only letters, digits and _').optional(),
      })
      .refine((p) => !p.monthly.some((m) => p.annual.includes(m)), { message: 'a plan cannot be both monthly and annual', path: ['annual'] })
      .nullable()
      .default(null),
    /** Company-wide holidays (UTC days): anomaly leaves do not judge these days. */
    holidays: z.array(z.strictObject({ day: safeDay(), name: safeString().max(200).default('') })).max(400).default([]),
  })
  .refine((v) => new Set(v.premiumFeatures.map((p) => p.feature)).size === v.premiumFeatures.length, {
    message: 'lists a feature twice',
    path: ['premiumFeatures'],
  });

export type ProductVocabulary = z.infer<typeof productVocabularySchema>;
export const EMPTY_VOCABULARY: ProductVocabulary = productVocabularySchema.parse({});

/** The parts of the vocabulary rule conditions can depend on. */
export type VocabularyPart = 'premiumFeatures' | 'onboarding' | 'keyFeatures' | 'planTerms';

const PART_HELP: Record<VocabularyPart, string> = {
  premiumFeatures: 'premiumFeatures (the premium features and the tiers that include them)',
  onboarding: 'onboarding (the stages in order and the one that means done)',
  keyFeatures: 'keyFeatures (the features whose abandonment is a churn signal)',
  planTerms: 'planTerms (which plans renew monthly and which annually)',
};

function configured(v: ProductVocabulary, part: VocabularyPart): boolean {
  switch (part) {
    case 'premiumFeatures':
      return v.premiumFeatures.length > 0;
    case 'onboarding':
      return v.onboarding !== null;
    case 'keyFeatures':
      return v.keyFeatures.length > 0;
    case 'planTerms':
      return v.planTerms !== null && (v.planTerms.trait !== undefined || v.planTerms.monthly.length + v.planTerms.annual.length > 0);
  }
}

/** The vocabulary parts a condition reads. */
export function vocabularyNeeds(c: Condition): Set<VocabularyPart> {
  const needs = new Set<VocabularyPart>();
  const walk = (x: Condition): void => {
    if ('all' in x) return x.all.forEach(walk);
    if ('any' in x) return x.any.forEach(walk);
    if ('not' in x) return walk(x.not);
    switch (x.kind) {
      case 'persistent':
        return walk(x.condition);
      case 'score':
        return x.factors.forEach((f) => walk(f.condition));
      case 'premiumFeatureUse':
        needs.add('premiumFeatures');
        return;
      case 'milestone':
        if ('onboardingDone' in x.milestone) needs.add('onboarding');
        return;
      case 'onboardingStage':
        needs.add('onboarding');
        return;
      case 'renewal':
        if (x.terms) needs.add('planTerms');
        return;
      case 'trend':
      case 'sustained':
      case 'anomaly':
      case 'hysteresis':
        if (x.metric === 'keyFeatureUses') needs.add('keyFeatures');
        return;
      case 'threshold':
      case 'cohort':
        if (typeof x.measure === 'object' && 'metric' in x.measure && x.measure.metric === 'keyFeatureUses') needs.add('keyFeatures');
        return;
      default:
        return;
    }
  };
  walk(c);
  return needs;
}

/** Why a rule cannot be evaluated with this vocabulary (null: it can). */
export function vocabularyGaps(c: Condition, v: ProductVocabulary): string | null {
  const missing = [...vocabularyNeeds(c)].filter((p) => !configured(v, p));
  if (missing.length === 0) return null;
  return `waiting for the product vocabulary: ${missing.map((p) => PART_HELP[p]).join('; ')} — set it with PUT /product-vocabulary`;
}
