/**
 * Worker threads for the workspace scan. Checking ten thousand files is seconds of CPU: on the host's
 * own thread it competes with every other extension, and each file blocks the thread while it is
 * checked. The pool hands local files to workers (scanWorker.ts) in small batches, a few in flight
 * per worker, and gives each file's result back on the host's thread as its batch arrives. A pool
 * can run again and again. The host's thread can take part too, from the other end of the list:
 * small files only, in time slices, so it never blocks for long (the workers get every larger file
 * it passes over); once through its share, it takes back those of the larger files no worker has
 * taken yet, up to a second limit, so the run does not end with the workers alone on a queue of them.
 *
 * A worker that fails or exits gives back its unfinished files as `undefined`: the caller checks
 * those files itself, so a broken worker costs time, never findings. No `vscode` here.
 */
import { Worker } from 'worker_threads';
import type { FileResult, ScanFolder } from './localCheck';
import type { BatchResult } from './scanWorker';

export interface LocalFile { fsPath: string; rel: string }

/** Files per message, and messages in flight per worker: small enough to share the work evenly. */
const BATCH = 16;
const IN_FLIGHT = 2;

/** The host thread's part of a run: `check` answers a file, or undefined for one it leaves to the workers. */
export interface HereCheck {
  check(file: LocalFile): FileResult | undefined;
  /**
   * Once this thread is through its own share, a file it left to the workers and they have not
   * taken yet, answered here after all (within a larger limit), or undefined: the workers' for good.
   * Without it, this thread stops when its share is done, while the workers may still have a queue
   * of the larger files it passed them.
   */
  checkPassed?(file: LocalFile): FileResult | undefined;
  /** The longest it works before letting the host's other work run. */
  sliceMs: number;
}

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
  /** The last batch id sent, over all runs. */
  private lastId = 0;

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
   * Check `files` in the workers, and with `here` on this thread too. `take(i, result)` runs on this
   * thread once for each file, with files[i]'s result, or undefined for a file a failed worker did
   * not finish. Resolves when every file is answered or given back, or soon after `cancelled()`
   * turns true (batches still out are then dropped).
   */
  run(folder: ScanFolder, files: readonly LocalFile[], take: (i: number, result: FileResult | undefined) => void, cancelled: () => boolean, here?: HereCheck): Promise<void> {
    return new Promise<void>(resolve => {
      // workers take files from the front, this thread from the back; `passed` are files this thread
      // left to the workers (it may still take them back at the end), `theirs` are the workers' alone
      let next = 0, end = files.length, outstanding = 0, finished = false;
      // a cancelled run's batches may still be answered: their ids are never reused, and no slot
      // waits for them
      for (const s of this.slots) s.pending.clear();
      const passed: number[] = [], theirs: number[] = [];
      // a failing `take` is logged, and the run goes on: it must not leave files unanswered
      const give = (i: number, result: FileResult | undefined) => {
        try { take(i, result); } catch (e) { this.log(`taking a scan result failed: ${(e as Error).stack ?? e}`); }
      };
      const batches = new Map<number, number[]>();
      const finish = () => {
        if (finished) return;
        finished = true;
        this.onMessage = this.onFailure = undefined;
        resolve();
      };
      const claim = (): number[] => {
        const batch = theirs.splice(0, BATCH);
        if (batch.length < BATCH) batch.push(...passed.splice(0, BATCH - batch.length));
        while (batch.length < BATCH && next < end) batch.push(next++);
        return batch;
      };
      const dispatch = (slot: Slot) => {
        while (slot.alive && slot.pending.size < IN_FLIGHT && !cancelled()) {
          const batch = claim();
          if (!batch.length) return;
          const id = ++this.lastId;
          batches.set(id, batch);
          slot.pending.add(id);
          outstanding++;
          slot.worker.postMessage({ kind: 'batch', id, files: batch.map(i => files[i]) });
        }
      };
      const settle = () => {
        if (finished) return;
        if (cancelled() || (next >= end && !passed.length && !theirs.length && outstanding === 0)) return finish();
        const live = this.slots.filter(s => s.alive);
        for (const s of live) dispatch(s);
        // every worker gone: the rest is given back to the caller
        if (!live.length) {
          for (let batch = claim(); batch.length; batch = claim()) for (const i of batch) give(i, undefined);
          if (outstanding === 0) finish();
        }
      };
      const hereLoop = async (h: HereCheck) => {
        for (;;) {
          // first: whatever the caller did before this run, and the last slice, end the host's turn
          await new Promise(r => setImmediate(r));
          if (finished || cancelled() || (next >= end && !(h.checkPassed && passed.length))) break;
          const started = performance.now();
          while (performance.now() - started < h.sliceMs) {
            // its own share first, from the back; then the files it passed that no worker took yet
            const own = next < end;
            if (!own && !(h.checkPassed && passed.length)) break;
            const i = own ? --end : passed.pop()!;
            let result: FileResult | undefined;
            try { result = own ? h.check(files[i]) : h.checkPassed!(files[i]); } catch (e) { result = { failed: String((e as Error).stack ?? e) }; }
            if (result) give(i, result); else (own ? passed : theirs).push(i);
          }
          settle();
        }
        settle();
      };
      this.onMessage = (slot, m) => {
        const batch = batches.get(m.id);
        if (!batch || !slot.pending.delete(m.id)) return;
        batches.delete(m.id);
        outstanding--;
        batch.forEach((i, k) => give(i, m.results[k]));
        settle();
      };
      this.onFailure = slot => {
        for (const bid of slot.pending) {
          const batch = batches.get(bid)!;
          batches.delete(bid);
          outstanding--;
          for (const i of batch) give(i, undefined);
        }
        slot.pending.clear();
        settle();
      };
      for (const s of this.slots) if (s.alive) s.worker.postMessage(folder);
      settle();
      if (here && !finished) void hereLoop(here);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.onMessage = this.onFailure = undefined;
    for (const s of this.slots) void s.worker.terminate();
  }
}
