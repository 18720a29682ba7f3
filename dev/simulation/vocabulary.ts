// The simulated product's vocabulary (PRODUCT in simulator.ts) as the product vocabulary the rule
// pack reads (domain/rules/vocabulary.ts): what a customer would set with PUT /product-vocabulary.
import { productVocabularySchema, type ProductVocabulary } from '../../domain/rules/vocabulary.js';
import { PRODUCT } from './simulator.js';

export function simulationVocabulary(): ProductVocabulary {
  const tiers = PRODUCT.tiers as readonly string[];
  return productVocabularySchema.parse({
    // A premium feature is included in its lowest tier and every tier above it.
    premiumFeatures: Object.entries(PRODUCT.premiumFeatures).map(([feature, lowest]) => ({ feature, includedIn: tiers.slice(tiers.indexOf(lowest)) })),
    onboarding: { stages: [...PRODUCT.onboardingStages], doneStage: PRODUCT.onboardingDoneStage },
    keyFeatures: [...PRODUCT.keyFeatures],
    planTerms: { trait: PRODUCT.planTermTrait },
  });
}
