/**
 * Worker threads for the workspace scan. Checking ten thousand files is seconds of CPU: on the host's
 * own thread it competes with every other extension, and each file blocks the thread while it is
 * checked. The pool hands local files to workers (scanWorker.ts) in small batches, a few in flight
 * per worker, and gives each batch's results back on the host's thread as they arrive.
 *
 * A worker that fails or exits gives back its unfinished batches as `undefined`: the caller checks
 * those files itself, so a broken worker costs time, never findings. No `vscode` here.
 */
import { Worker } from 'worker_threads';
import type { BatchResult, FileResult, ScanFolder } from './scanWorker';

export interface LocalFile { fsPath: string; rel: string }

/** Files per message, and messages in flight per worker: small enough to share the work evenly. */
const BATCH = 16;
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  alive: boolean;
  /** Batch ids sent and not answered. */
  pending: Set<number>;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private onMessage?: (slot: Slot, m: BatchResult) => void;
  private onFailure?: (slot: Slot, why: string) => void;
  private disposed = false;

  /** Starts `size` workers running `script`; `log` hears of a worker that fails. */
  constructor(script: string, size: number, private readonly log: (message: string) => void) {
    for (let i = 0; i < size; i++) {
      let worker: Worker;
      try {
        worker = new Worker(script);
      } catch (e) {
        log(`could not start a scan worker: ${(e as Error).message}`);
        break;
      }
      const slot: Slot = { worker, alive: true, pending: new Set() };
      worker.on('message', (m: BatchResult) => this.onMessage?.(slot, m));
      worker.on('error', e => this.fail(slot, `a scan worker failed: ${e.stack ?? e.message}`));
      worker.on('exit', code => this.fail(slot, `a scan worker exited (code ${code})`));
      this.slots.push(slot);
    }
  }

  /** Workers running. */
  get size(): number {
    return this.slots.filter(s => s.alive).length;
  }

  private fail(slot: Slot, why: string): void {
    if (!slot.alive || this.disposed) return;
    slot.alive = false;
    this.log(why);
    this.onFailure?.(slot, why);
  }

  /**
   * Check `files` in the workers. `take(from, to, results)` runs on this thread for each batch, with
   * the results of files[from] to files[to - 1]; `results` is undefined for a batch a failed worker
   * did not finish. Resolves when every batch is answered or given back, or soon after
   * `cancelled()` turns true (batches still out are then dropped).
   */
  run(folder: ScanFolder, files: readonly LocalFile[], take: (from: number, to: number, results: FileResult[] | undefined) => void, cancelled: () => boolean): Promise<void> {
    return new Promise<void>(resolve => {
      let next = 0, outstanding = 0, id = 0, finished = false;
      // a failing `take` is logged, and the run goes on: it must not leave batches unanswered
      const give = (from: number, to: number, results: FileResult[] | undefined) => {
        try { take(from, to, results); } catch (e) { this.log(`taking a scan result failed: ${(e as Error).stack ?? e}`); }
      };
      const batches = new Map<number, [number, number]>();
      const finish = () => {
        if (finished) return;
        finished = true;
        this.onMessage = this.onFailure = undefined;
        resolve();
      };
      const dispatch = (slot: Slot) => {
        while (slot.alive && slot.pending.size < IN_FLIGHT && next < files.length && !cancelled()) {
          const from = next;
          next = Math.min(files.length, next + BATCH);
          batches.set(++id, [from, next]);
          slot.pending.add(id);
          outstanding++;
          slot.worker.postMessage({ kind: 'batch', id, files: files.slice(from, next) });
        }
      };
      const settle = () => {
        if (cancelled() || (next >= files.length && outstanding === 0)) return finish();
        const live = this.slots.filter(s => s.alive);
        for (const s of live) dispatch(s);
        // every worker gone: the rest is given back to the caller
        if (!live.length) {
          while (next < files.length) { const from = next; next = Math.min(files.length, next + BATCH); give(from, next, undefined); }
          if (outstanding === 0) finish();
        }
      };
      this.onMessage = (slot, m) => {
        const batch = batches.get(m.id);
        if (!batch || !slot.pending.delete(m.id)) return;
        batches.delete(m.id);
        outstanding--;
        give(batch[0], batch[1], m.results);
        settle();
      };
      this.onFailure = slot => {
        for (const bid of slot.pending) {
          const [from, to] = batches.get(bid)!;
          batches.delete(bid);
          outstanding--;
          give(from, to, undefined);
        }
        slot.pending.clear();
        settle();
      };
      for (const s of this.slots) if (s.alive) s.worker.postMessage(folder);
      settle();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.onMessage = this.onFailure = undefined;
    for (const s of this.slots) void s.worker.terminate();
  }
}
