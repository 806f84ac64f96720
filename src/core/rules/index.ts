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
import { rule as envExampleDrift } from './envExampleDrift';
import { rule as dotenvCommitted } from './dotenvCommitted';
import { rule as unpinnedBaseImage } from './unpinnedBaseImage';
import { rule as installAtRuntime } from './installAtRuntime';
import { rule as secretInDockerfile } from './secretInDockerfile';
import { rule as shellFormCmd } from './shellFormCmd';
import { rule as missingLockfile } from './missingLockfile';
import { rule as unpinnedVersion } from './unpinnedVersion';
import { rule as implicitSystemTool } from './implicitSystemTool';
import { rule as hardcodedPort } from './hardcodedPort';
import { rule as noGracefulShutdown } from './noGracefulShutdown';
import { rule as daemonizing } from './daemonizing';
import { rule as differentBackingServices } from './differentBackingServices';
import { rule as environmentBranching } from './environmentBranching';

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
  envExampleDrift,
  dotenvCommitted,
  unpinnedBaseImage,
  installAtRuntime,
  secretInDockerfile,
  shellFormCmd,
  missingLockfile,
  unpinnedVersion,
  implicitSystemTool,
  hardcodedPort,
  noGracefulShutdown,
  daemonizing,
  differentBackingServices,
  environmentBranching,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map(r => [r.meta.id, r]));
export const RULE_IDS: ReadonlySet<string> = new Set(RULES_BY_ID.keys());
