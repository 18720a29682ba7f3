// The custom search attributes that make alerts filterable in the Temporal Web UI. One list serves
// the workflow (upserts), the dev-server launcher (--search-attribute) and test set-up.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const AlertStatusKey = defineSearchAttributeKey('AlertStatus', SearchAttributeType.KEYWORD);
export const AlertSeverityKey = defineSearchAttributeKey('AlertSeverity', SearchAttributeType.KEYWORD);
export const AlertRuleKey = defineSearchAttributeKey('AlertRule', SearchAttributeType.KEYWORD);
export const AccountIdKey = defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD);
export const AlertOwnerKey = defineSearchAttributeKey('AlertOwner', SearchAttributeType.KEYWORD);

export const CUSTOM_SEARCH_ATTRIBUTES = [AlertStatusKey, AlertSeverityKey, AlertRuleKey, AccountIdKey, AlertOwnerKey];
