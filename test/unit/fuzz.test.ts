/**
 * A short, fixed-seed run of the fuzzer (test/fuzz/fuzz.ts; `npm run fuzz` runs it for longer):
 * random bytes, mutated fixtures and real files from the machine, under every kind of file name,
 * must not make the engine or the fixes throw or leave the document (how long they take is
 * `npm run fuzz`'s to judge: a unit test asserts no timings).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FUZZ_CLASSES, formatReport, fuzz, generateCase, isFailure } from '../fuzz/fuzz';
import { ROOT } from './paths';

const TIMING: ReadonlySet<string> = new Set(['slow', 'super-linear', 'hang']);

suite('fuzz', () => {
  test('a fixed-seed run over every class finds nothing', function () {
    this.timeout(30000);
    const failureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-fuzz-'));
    try {
      const report = fuzz({ seed: 20240611, seconds: 4, maxIterations: 300, classes: FUZZ_CLASSES, root: ROOT, failureDir, maxInputBytes: 128 * 1024 });
      for (const cls of FUZZ_CLASSES) assert.ok((report.classes[cls]?.iterations ?? 0) > 0, `no ${cls} input was tried`);
      // correctness only: timings belong to `npm run fuzz` and the bench, never to a unit test
      assert.deepStrictEqual(report.failures.filter(f => isFailure(f) && !TIMING.has(f.kind)), [], formatReport(report));
    } finally {
      fs.rmSync(failureDir, { recursive: true, force: true });
    }
  });

  test('an input is rebuilt from its seed, class and iteration alone', () => {
    for (const cls of FUZZ_CLASSES) {
      const a = generateCase({ seed: 7, root: ROOT }, cls, 11);
      const b = generateCase({ seed: 7, root: ROOT }, cls, 11);
      assert.strictEqual(a.text, b.text);
      assert.deepStrictEqual(a.runs, b.runs);
    }
  });
});
