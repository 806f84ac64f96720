/**
 * A worker thread of the workspace scan (see scanPool.ts). It reads local files itself, checks them
 * with the engine and works out their project facts (localCheck.ts), and sends back plain data, so
 * the extension host's own thread mostly publishes diagnostics. It never imports `vscode`: the
 * editor API exists only on the host's thread.
 *
 * Messages in: a `ScanFolder` (the folder's settings and project, once per folder), then `ScanBatch`es.
 * Messages out: one `BatchResult` per batch, in the order of its files.
 */
import { parentPort } from 'worker_threads';
import { EngineConfig } from '../core/config';
import { prepareSharedScan } from '../core/engine';
import { Project } from '../core/project';
import { FileResult, ScanFolder, checkLocalFile, projectOf } from './localCheck';

export interface ScanBatch {
  kind: 'batch';
  id: number;
  files: { fsPath: string; rel: string }[];
}

export interface BatchResult {
  id: number;
  results: FileResult[];
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
      project = projectOf(m);
      return;
    }
    const results = m.files.map((f): FileResult => {
      try {
        return checkLocalFile(f.fsPath, f.rel, config!, project)!;
      } catch (e) {
        return { failed: String((e as Error).stack ?? e) };
      }
    });
    port.postMessage({ id: m.id, results } satisfies BatchResult);
  });
}
