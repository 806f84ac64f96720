/**
 * The registry of built-in rules. A rule is one file in this folder; add it to the list below and
 * give it fixtures under test/fixtures/<rule-id>/.
 */
import { Rule } from '../rule';
import { rule as hardcodedConnectionString } from './hardcodedConnectionString';

export const ALL_RULES: readonly Rule[] = [
  hardcodedConnectionString,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map(r => [r.meta.id, r]));
export const RULE_IDS: ReadonlySet<string> = new Set(RULES_BY_ID.keys());
