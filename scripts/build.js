#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild, and the tests (one bundle per test file, packages
// left external) into out/. `--production` minifies and drops source maps.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const production = process.argv.includes('--production');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  minify: production, sourcemap: !production, sourcesContent: false, legalComments: 'none' };

const testEntries = dir => {
  const abs = path.join(root, 'test', dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs).filter(f => f.endsWith('.ts')).map(f => path.join(abs, f));
};

(async () => {
  const t0 = Date.now();
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  const builds = [
    // the extension: only `vscode` stays outside; yaml, dotenv, picomatch are bundled in
    // (banner and footer: when the bundle's module code starts and ends, so activation can say how long it took)
    esbuild.build({ ...common, entryPoints: [path.join(root, 'src/extension/extension.ts')], outfile: path.join(root, 'dist/extension.js'), external: ['vscode'], banner: { js: '"use strict";var __twelveFactorLoadStart = performance.now();' }, footer: { js: 'var __twelveFactorLoadEnd = performance.now();' } }),
    // the workspace scan's worker thread: the engine without `vscode`
    esbuild.build({ ...common, entryPoints: [path.join(root, 'src/extension/scanWorker.ts')], outfile: path.join(root, 'dist/scanWorker.js') }),
    esbuild.build({ ...common, entryPoints: [path.join(root, 'src/cli/cli.ts')], outfile: path.join(root, 'dist/cli.js') }),
  ];
  if (!production) {
    fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
    for (const dir of ['unit', 'integration', 'untrusted', 'reopen', 'ui']) {
      const entryPoints = testEntries(dir);
      if (entryPoints.length) builds.push(esbuild.build({ ...common, entryPoints, outdir: path.join(root, 'out/test', dir), packages: 'external' }));
    }
  }
  await Promise.all(builds);
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  if (!process.argv.includes('--quiet')) console.log(`[build] ${production ? 'production' : 'development'} build in ${Date.now() - t0} ms`);
})().catch(e => { console.error(e.message); process.exit(1); });
