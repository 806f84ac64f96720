#!/usr/bin/env node
// `npm run fuzz`: feed the engine random, mutated and real inputs under every kind of file name and
// check it never throws, keeps every range inside the document, computes fixes that edit inside it,
// and stays about linear in time (see test/fuzz/fuzz.ts). Seeded and bounded: it stops by itself.
//   --seed N          seed (default 1207); the same seed gives the same inputs on the same machine
//   --seconds S       stop starting new inputs after S seconds (default 60)
//   --max N           stop after N inputs in all (default 1000000)
//   --classes LIST    comma-separated subset of random,mutated,real (default all)
//   --hang-seconds S  a lint still running after S seconds is reported as a hang, and fuzzing goes on
//                     with the next input (default 10)
//   --replay FILE     run one reproducer (a .json written to node_modules/.cache/fuzz-failures/) again
// Exits 1 when anything failed; each failure's input is kept under node_modules/.cache/fuzz-failures/.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
function arg(name, def) {
  const i = args.indexOf(name);
  if (i < 0) return def;
  if (i + 1 >= args.length) { console.error(`${name} needs a value`); process.exit(2); }
  return args[i + 1];
}
function num(name, def) {
  const v = Number(arg(name, def));
  if (!Number.isFinite(v) || v < 0) { console.error(`${name} must be a non-negative number`); process.exit(2); }
  return v;
}
const known = new Set(['--seed', '--seconds', '--max', '--classes', '--hang-seconds', '--replay']);
for (let i = 0; i < args.length; i += 2) {
  if (!known.has(args[i])) { console.error(`unknown option ${args[i]} (known: ${[...known].join(', ')})`); process.exit(2); }
}

const seed = num('--seed', 1207);
const seconds = num('--seconds', 60);
const maxIterations = num('--max', 1000000);
const hangSeconds = num('--hang-seconds', 10);
const classes = arg('--classes', 'random,mutated,real').split(',').map(s => s.trim()).filter(Boolean);
const replay = arg('--replay', undefined);

const cache = path.join(root, 'node_modules', '.cache', 'tf-fuzz');
const bundle = path.join(cache, 'fuzz.js');

async function main() {
  fs.mkdirSync(cache, { recursive: true });
  // inside node_modules so the bundle's external packages resolve from the repository
  await esbuild.build({ entryPoints: [path.join(root, 'test', 'fuzz', 'fuzz.ts')], outfile: bundle, bundle: true, platform: 'node',
    target: 'node20', format: 'cjs', packages: 'external', sourcemap: 'inline', logLevel: 'warning' });
  process.env.TF_ROOT = root;
  const fuzzer = require(bundle);
  const bad = classes.filter(c => !fuzzer.FUZZ_CLASSES.includes(c));
  if (bad.length) { console.error(`unknown class ${bad.join(', ')} (known: ${fuzzer.FUZZ_CLASSES.join(', ')})`); process.exit(2); }

  if (replay) {
    process.setSourceMapsEnabled?.(true);
    const out = fuzzer.replayCase(path.resolve(replay));
    console.log(`lint ${out.lintMs.toFixed(1)} ms, fixes ${out.fixMs.toFixed(1)} ms, ${out.findings} finding(s)`);
    for (const p of out.problems) console.log(`- ${p.kind}${p.ruleId ? ` in ${p.ruleId}` : ''}: ${p.message}${p.stack ? `\n${p.stack}` : ''}`);
    process.exitCode = out.problems.length ? 1 : 0;
    return;
  }

  console.log(`fuzzing with seed ${seed} for up to ${seconds} s / ${maxIterations} inputs (${classes.join(', ')})...`);
  const deadline = Date.now() + seconds * 1000;
  const reports = [];
  const lost = [];
  let startAt = 0;
  // after a hang the worker is stopped and a new one continues with the input after it
  for (;;) {
    const left = maxIterations - startAt;
    const secondsLeft = (deadline - Date.now()) / 1000;
    if (left <= 0 || secondsLeft <= 0) break;
    const r = await runWorker(fuzzer, { seed, seconds: secondsLeft, maxIterations: left, classes, root, startAt });
    if (r.report) reports.push(r.report);
    if (!r.failure) break;
    lost.push(r.failure);
    startAt = r.next;
  }
  const report = fuzzer.mergeReports(reports, lost);
  report.elapsedSeconds = seconds - (deadline - Date.now()) / 1000;
  report.failureDir ||= path.join(root, 'node_modules', '.cache', 'fuzz-failures');
  console.log(fuzzer.formatReport(report));
  process.exitCode = report.failures.some(fuzzer.isFailure) ? 1 : 0;
}

/**
 * Run the fuzzer in a worker, so that an input that never finishes can be stopped and reported.
 * Resolves to { report } when it ends by itself, or to { report, failure, next } after a hang or a
 * crash of the worker (out of memory): the report as of the last snapshot, the failing input
 * written as a reproducer, and the index of the input after it.
 */
function runWorker(fuzzer, options) {
  // the worker writes here before each lint: class, iteration, run, lint count, input index, step, rule
  const progress = new Int32Array(new SharedArrayBuffer(28));
  Atomics.store(progress, 4, options.startAt);
  Atomics.store(progress, 6, -1);
  const worker = new Worker(`
    const { parentPort, workerData } = require('worker_threads');
    process.setSourceMapsEnabled?.(true);
    const f = require(workerData.bundle);
    const p = workerData.progress;
    let posted = Date.now(), failures = 0;
    const report = f.fuzz({ ...workerData.options,
      onProgress: x => {
        Atomics.store(p, 0, f.FUZZ_CLASSES.indexOf(x.cls)); Atomics.store(p, 1, x.iteration); Atomics.store(p, 2, x.run);
        Atomics.add(p, 3, 1); Atomics.store(p, 4, x.total);
        // a snapshot every 2 s and after each new failure, so a hang loses little
        if (Date.now() - posted > 2000 || x.failures !== failures) {
          failures = x.failures;
          parentPort.postMessage({ snapshot: x.snapshot() });
          posted = Date.now();
        }
      },
      onStep: (step, rule) => { Atomics.store(p, 5, f.FUZZ_STEPS.indexOf(step)); Atomics.store(p, 6, rule); },
    });
    parentPort.postMessage({ report });
  `, { eval: true, workerData: { bundle, options, progress }, env: { ...process.env, TF_ROOT: root } });
  return new Promise(resolve => {
    let lastCount = -1;
    let still = 0;
    let finished = false;
    let snapshot;
    const lost = async (kind, message) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      await worker.terminate();
      if (Atomics.load(progress, 3) === 0) {
        // nothing started: not an input's fault
        console.error(`${kind}: ${message}`);
        process.exit(1);
      }
      const at = { cls: fuzzer.FUZZ_CLASSES[Atomics.load(progress, 0)], iteration: Atomics.load(progress, 1), run: Atomics.load(progress, 2) };
      const stepName = fuzzer.FUZZ_STEPS[Atomics.load(progress, 5)];
      const ruleId = fuzzer.FUZZ_RULE_IDS[Atomics.load(progress, 6)];
      const fc = fuzzer.generateCase({ seed: options.seed, root }, at.cls, at.iteration);
      const run = fc.runs[at.run];
      const failure = { kind, ruleId, message: `${message}, in ${stepName}${ruleId ? ` (rule ${ruleId})` : ''}`, seed: options.seed, cls: at.cls,
        iteration: at.iteration, run: at.run, path: run.path, languageId: run.languageId, origin: fc.origin, bytes: fc.text.length };
      Object.assign(failure, fuzzer.writeReproducer(path.join(root, 'node_modules', '.cache', 'fuzz-failures'), options.seed, fc, at.run, failure));
      console.log(`${kind} at class ${at.cls}, iteration ${at.iteration}, run ${at.run} (${run.path}, ${fc.text.length} characters, ${stepName}${ruleId ? ` in ${ruleId}` : ''}); continuing after it`);
      resolve({ report: snapshot, failure, next: Atomics.load(progress, 4) + 1 });
    };
    const watchdog = setInterval(() => {
      const count = Atomics.load(progress, 3);
      if (count !== lastCount) { lastCount = count; still = 0; return; }
      if (++still >= hangSeconds) lost('hang', `one lint with its fixes ran for more than ${hangSeconds} s`);
    }, 1000);
    worker.on('message', m => {
      if (m.snapshot) { snapshot = m.snapshot; return; }
      finished = true;
      clearInterval(watchdog);
      resolve({ report: m.report });
    });
    worker.on('error', e => lost('exception', `the fuzzer's worker died: ${(e && e.stack) || e}`));
    worker.on('exit', code => lost('exception', `the fuzzer's worker exited with code ${code}`));
  });
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
