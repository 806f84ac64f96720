#!/usr/bin/env node
// The same integration suite in desktop VS Code through @vscode/test-electron. It downloads VS Code,
// so it runs on a developer machine or hosted CI (under xvfb on Linux), not on machines without
// internet access beyond the npm registry, where `npm test` uses the code-server host instead.
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '..');
runTests({
  version: process.env.VSCODE_VERSION || '1.100.3',
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
  launchArgs: [path.join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
}).then(() => process.exit(0), e => { console.error('electron tests failed:', e.message ?? e); process.exit(1); });
