#!/usr/bin/env node
// Fast inner loop while writing rules: bundle the unit tests into a private temp folder (so several
// people can run it at once without touching out/) and run them with mocha, optionally filtered.
//   node scripts/quick-test.js [--grep PATTERN] [test file names...]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const gi = args.indexOf('--grep');
const grep = gi >= 0 ? args.splice(gi, 2)[1] : undefined;
const unitDir = path.join(root, 'test', 'unit');
const wanted = args.length ? args.map(a => path.basename(a).replace(/\.js$/, '.ts')) : fs.readdirSync(unitDir).filter(f => f.endsWith('.test.ts'));
// inside node_modules so the bundles' external packages resolve from the repository
fs.mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
const outdir = fs.mkdtempSync(path.join(root, 'node_modules', '.cache', 'tf-quick-'));
process.env.TF_ROOT = root;

esbuild.build({ entryPoints: wanted.map(f => path.join(unitDir, f)), outdir, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', packages: 'external', sourcemap: 'inline', logLevel: 'warning' })
  .then(() => {
    const mocha = new Mocha({ ui: 'tdd', reporter: 'dot', timeout: 10000, grep });
    for (const f of fs.readdirSync(outdir).filter(f => f.endsWith('.test.js'))) mocha.addFile(path.join(outdir, f));
    mocha.run(failures => { fs.rmSync(outdir, { recursive: true, force: true }); process.exitCode = failures ? 1 : 0; });
  }, e => { console.error(e.message); process.exit(1); });
