// A rule version for engine tests: a valid definition around the condition under test.
import { ruleDefinitionSchema, type ConditionInput, type RuleVersion } from '../../domain/rules/schema.js';

export function testRule(key: string, condition: ConditionInput, extra: Record<string, unknown> = {}): RuleVersion {
  return {
    key,
    version: 1,
    definition: ruleDefinitionSchema.parse({
      name: key,
      category: 'risk',
      status: 'active',
      condition,
      severity: { base: 'medium' },
      title: `${key} for {{account.name}}`,
      payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
      ...extra,
    }),
  };
}
