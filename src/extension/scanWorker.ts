/**
 * A worker thread of the workspace scan (see scanPool.ts). It reads local files itself, checks them
 * with the engine and works out their project facts (localCheck.ts), and sends back plain data, so
 * the extension host's own thread mostly publishes diagnostics. It never imports `vscode`: the
 * editor API exists only on the host's thread.
 *
 * Messages in: a `ScanFolder` (the folder's settings and project, once per folder), then `ScanBatch`es.
 * Messages out: one `BatchResult` per batch, in the order of its files.
 */
import * as fs from 'fs';
import * as os from 'os';
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

/** The worker's niceness on Linux (see lowerPriority). */
const WORKER_NICE = 10;

/**
 * On Linux this thread alone (Linux takes a thread's id where a process id goes) runs at a lower
 * priority than the extension host's own thread: when every core is busy (the worker starting up
 * while VS Code lists the files, the window, a language server), the host's thread still gets a
 * core at once. The worker loses nothing while a core is free. Elsewhere: normal priority.
 */
function lowerPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0 && tid !== process.pid) os.setPriority(tid, WORKER_NICE);
  } catch {
    // no /proc, or not allowed: normal priority
  }
}

if (parentPort) {
  const port = parentPort;
  lowerPriority();
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
