/**
 * Checking one local file as the workspace scan does it, in a worker (scanWorker.ts) or on the
 * host's own thread (scanPool.ts): read it, check it with the engine and work out its project
 * facts, and answer in plain data that can cross threads. No `vscode` here.
 */
import { EngineConfig } from '../core/config';
import { lint, skipReasonForPath, skipReasonForText } from '../core/engine';
import { factsOf } from '../core/facts';
import { Project } from '../core/project';
import { readSourceUpTo } from '../core/readSource';
import { Finding } from '../core/types';

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
 * the check failed. `askedFacts`: the check read the project's facts (see FactsWatch).
 */
export type FileResult =
  | { findings: Finding[]; facts: string[]; ms: number; askedFacts?: true }
  | { skipped: string }
  | { quiet: true }
  | { failed: string };

/**
 * A project that notes whether a check read its facts. Few checks do: a rule asks about the whole
 * project only once the file has its own trigger (a server start, a literal listen port), and
 * without facts it stays silent. Only those files' findings can change when the facts do, or when
 * they become known at the end of the first scan.
 */
export class FactsWatch implements Project {
  asked = false;
  constructor(private readonly inner: Project) {}
  get paths(): ReadonlySet<string> { return this.inner.paths; }
  read(path: string): string | undefined { return this.inner.read(path); }
  get facts(): ReadonlySet<string> | undefined { this.asked = true; return this.inner.facts; }
}

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
  const watch = new FactsWatch(project);
  const findings = lint({ path: rel, text }, { config, project: watch });
  const ms = performance.now() - started;
  return watch.asked ? { findings, facts: factsOf(rel, text), ms, askedFacts: true } : { findings, facts: factsOf(rel, text), ms };
}
