/**
 * Checking one local file as the workspace scan does it, in a worker (scanWorker.ts) or on the
 * host's own thread (scanPool.ts): read it, check it with the engine and work out its project
 * facts and what the check read of the project (dependents.ts), and answer in plain data that can
 * cross threads. No `vscode` here.
 */
import { EngineConfig } from '../core/config';
import { lint, skipReasonForPath, skipReasonForText } from '../core/engine';
import { factsOf } from '../core/facts';
import { Project } from '../core/project';
import { readSourceUpTo } from '../core/readSource';
import { Finding } from '../core/types';
import { Dependencies, ProjectWatch } from './dependents';

/** A folder's settings and project as the scan sends them to each worker, once per folder. */
export interface ScanFolder {
  kind: 'folder';
  config: EngineConfig;
  /** Every path of the folder the scan found (relative, `/` separators). */
  paths: string[];
  /** The text of the folder's project inputs (manifests, .env*, Dockerfiles...). */
  texts: [string, string][];
  /** The project's facts, or undefined while no scan has seen every file. */
  facts?: string[];
}

/**
 * What became of one file: checked, skipped (with the reason to log), gone or ignored (quietly), or
 * the check failed. `deps`: what the check read of the project (dependents.ts); `version`: the
 * file as it was read (readSource.ts's diskVersion; the saved results are kept by it, scanCache.ts).
 */
export type FileResult =
  | { findings: Finding[]; facts: string[]; ms: number; version: string; deps?: Dependencies }
  | { skipped: string }
  | { quiet: true }
  | { failed: string };

/** The project a folder message describes, as the rules read it. */
export function projectOf(folder: ScanFolder): Project {
  const texts = new Map(folder.texts);
  return { paths: new Set(folder.paths), read: p => texts.get(p), facts: folder.facts && new Set(folder.facts) };
}

/**
 * One local file, read, checked and its facts found, as the host's own thread does it. With
 * `maxBytes`, a larger file is not read and the answer is undefined (someone else checks it).
 */
export function checkLocalFile(fsPath: string, rel: string, config: EngineConfig, project: Project, maxBytes = Infinity): FileResult | undefined {
  if (skipReasonForPath(rel, 0, config) === 'ignored') return { quiet: true };
  const read = readSourceUpTo(fsPath, config.maxFileSizeKB, maxBytes);
  if ('over' in read) return undefined;
  // deleted between listing and reading: not worth a word
  if ('error' in read) return read.code === 'ENOENT' ? { quiet: true } : { skipped: read.error };
  if ('skip' in read) return { skipped: read.skip };
  const text = read.text;
  const why = skipReasonForText(text);
  if (why) return { skipped: why };
  const started = performance.now();
  const watch = new ProjectWatch(project);
  const findings = lint({ path: rel, text }, { config, project: watch });
  const ms = performance.now() - started;
  const deps = watch.dependencies();
  const checked = { findings, facts: factsOf(rel, text), ms, version: read.version };
  return deps ? { ...checked, deps } : checked;
}
