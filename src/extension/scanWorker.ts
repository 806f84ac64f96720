/**
 * A worker thread of the workspace scan (see scanPool.ts). It reads local files itself, checks them
 * with the engine and works out their project facts, and sends back plain data, so the extension
 * host's own thread only publishes diagnostics. It never imports `vscode`: the editor API exists
 * only on the host's thread.
 *
 * Messages in: a `ScanFolder` (the folder's settings and project, once per folder), then `ScanBatch`es.
 * Messages out: one `BatchResult` per batch, in the order of its files.
 */
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { EngineConfig } from '../core/config';
import { decodeText } from '../core/decode';
import { lint, prepareSharedScan, skipReasonForPath, skipReasonForText } from '../core/engine';
import { factsOf } from '../core/facts';
import { Project } from '../core/project';
import { Finding } from '../core/types';

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

export interface ScanBatch {
  kind: 'batch';
  id: number;
  files: { fsPath: string; rel: string }[];
}

/** What became of one file: checked, skipped (with the reason to log), gone or ignored (quietly), or the check failed. */
export type FileResult =
  | { findings: Finding[]; facts: string[]; ms: number }
  | { skipped: string }
  | { quiet: true }
  | { failed: string };

export interface BatchResult {
  id: number;
  results: FileResult[];
}

/** One local file, read, checked and its facts found, as the host's own thread does it. */
export function checkLocalFile(fsPath: string, rel: string, config: EngineConfig, project: Project): FileResult {
  let text: string;
  try {
    const reason = skipReasonForPath(rel, fs.statSync(fsPath).size, config);
    if (reason) return reason === 'ignored' ? { quiet: true } : { skipped: reason };
    text = decodeText(fs.readFileSync(fsPath));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // deleted between listing and reading: not worth a word
    return code === 'ENOENT' ? { quiet: true } : { skipped: `cannot read: ${code ?? (e as Error).message}` };
  }
  const why = skipReasonForText(text);
  if (why) return { skipped: why };
  const started = performance.now();
  const findings = lint({ path: rel, text }, { config, project });
  const ms = performance.now() - started;
  return { findings, facts: factsOf(rel, text), ms };
}

if (parentPort) {
  const port = parentPort;
  // the checks' shared scan is built while the host lists and sends the first files
  prepareSharedScan();
  let config: EngineConfig | undefined;
  let project: Project = { paths: new Set(), read: () => undefined };
  port.on('message', (m: ScanFolder | ScanBatch) => {
    if (m.kind === 'folder') {
      config = m.config;
      const texts = new Map(m.texts);
      project = { paths: new Set(m.paths), read: p => texts.get(p), facts: m.facts && new Set(m.facts) };
      return;
    }
    const results = m.files.map(f => {
      try {
        return checkLocalFile(f.fsPath, f.rel, config!, project);
      } catch (e) {
        return { failed: String((e as Error).stack ?? e) };
      }
    });
    port.postMessage({ id: m.id, results } satisfies BatchResult);
  });
}
