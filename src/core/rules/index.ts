/**
 * The registry of built-in rules. A rule is one file in this folder; add it to the list below and
 * give it fixtures under test/fixtures/<rule-id>/.
 */
import { Rule } from '../rule';
import { rule as hardcodedConnectionString } from './hardcodedConnectionString';
import { rule as hardcodedHost } from './hardcodedHost';
import { rule as sqliteDatabase } from './sqliteDatabase';
import { rule as hardcodedCredentials } from './hardcodedCredentials';
import { rule as envFallback } from './envFallback';
import { rule as inMemorySessionStore } from './inMemorySessionStore';
import { rule as localFileStorage } from './localFileStorage';
import { rule as inProcessState } from './inProcessState';
import { rule as fileLogging } from './fileLogging';

export const ALL_RULES: readonly Rule[] = [
  hardcodedConnectionString,
  hardcodedHost,
  sqliteDatabase,
  hardcodedCredentials,
  envFallback,
  inMemorySessionStore,
  localFileStorage,
  inProcessState,
  fileLogging,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map(r => [r.meta.id, r]));
export const RULE_IDS: ReadonlySet<string> = new Set(RULES_BY_ID.keys());
