#!/usr/bin/env node
// `npm run demo`: the CLI on the bundled example app. The example breaks factors on purpose, so
// exit code 1 (findings) is the expected outcome here; anything else is a real failure.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'check', '.', ...process.argv.slice(2)],
  { cwd: path.join(root, 'examples'), stdio: 'inherit' });
if (r.status === 1) console.log('\n(The example app breaks these factors on purpose: see examples/README.md.)');
process.exit(r.status === 0 || r.status === 1 ? 0 : r.status ?? 1);
