#!/usr/bin/env node
// Checks the packaged .vsix: under 1 MB, and holding only the allowlist (.vscodeignore):
// dist/, media/, snippets/, languages/, walkthroughs/, package.json, README, CHANGELOG, LICENSE.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { name, version } = require('../package.json');
const vsix = path.join(root, `${name}-${version}.vsix`);
if (!fs.existsSync(vsix)) { console.error(`${path.basename(vsix)} not found: run npm run package first`); process.exit(1); }
const size = fs.statSync(vsix).size;
const files = execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
  .split('\n').map(s => s.trim()).filter(Boolean);
const allowed = /^(dist\/(extension|cli|scanWorker)\.js|media\/.+|snippets\/.+|languages\/.+|walkthroughs\/.+|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
const stray = files.filter(f => !allowed.test(f));
console.log(`${path.basename(vsix)}: ${(size / 1024).toFixed(1)} KB, ${files.length} files`);
for (const f of files) console.log(`  ${f}`);
let ok = true;
if (size >= 1024 * 1024) { console.error(`the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB; the budget is 1 MB`); ok = false; }
if (stray.length) { console.error(`files outside the allowlist: ${stray.join(', ')}`); ok = false; }
for (const must of ['dist/extension.js', 'dist/scanWorker.js', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png']) {
  if (!files.includes(must)) { console.error(`missing from the .vsix: ${must}`); ok = false; }
}
process.exit(ok ? 0 : 1);
