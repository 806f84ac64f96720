#!/usr/bin/env node
// Runs out/test/integration/index.js (or, with `untrusted`, out/test/untrusted/index.js in a
// workspace that is not trusted) inside code-server's Node extension host (the real VS Code
// 1.100.3 API). The workbench calls window.codeAutomationExit(code) when the suite ends; the suite
// also writes its pass/fail counts to TF_TEST_RESULTS so `npm test` can total them.
'use strict';
const fs = require('fs');
const path = require('path');
const { startHost, root } = require('./host');

const TIMEOUT = +(process.env.HOST_TEST_TIMEOUT || 300000);
const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|Ignoring fetching additional)/;

/** The suites that run inside the host: the main one, and one in a workspace that is not trusted. */
const SUITES = {
  integration: { workspace: 'test/fixtures/workspace', tests: 'out/test/integration/index.js' },
  untrusted: { workspace: 'test/fixtures/untrusted-workspace', tests: 'out/test/untrusted/index.js', untrusted: true },
};

async function runIntegration({ resultsFile, suite = 'integration' } = {}) {
  const t0 = Date.now(), ts = () => `[host +${((Date.now() - t0) / 1000).toFixed(1)}s]`;
  const s = SUITES[suite];
  const workspace = path.join(root, s.workspace);
  const h = await startHost({ workspace, untrusted: s.untrusted, env: resultsFile ? { TF_TEST_RESULTS: resultsFile } : {} });
  const timer = setTimeout(() => { console.error(ts(), 'TIMEOUT\n' + h.serverLog); h.closeSync(); process.exit(2); }, TIMEOUT);
  try {
    const page = h.page;
    const done = new Promise(res => page.exposeFunction('codeAutomationExit', c => res(c)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const s = Array.isArray(args) ? args.join(' ') : String(args);
      if ((type !== 'trace' && type !== 'debug' && !NOISE.test(s)) || process.env.HOST_VERBOSE) console.log(s);
    });
    page.on('pageerror', e => console.error('[pageerror]', e.message));
    const payload = JSON.stringify([['extensionDevelopmentPath', h.remote(root)],
      ['extensionTestsPath', h.remote(path.join(root, s.tests))], ['skipWelcome', 'true']]);
    await page.goto(`http://${h.authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    console.log(ts(), 'workbench loaded, extension host running tests');
    const code = await done;
    console.log(ts(), `${suite} tests finished: exit code ${code}`);
    return code;
  } finally {
    clearTimeout(timer);
    await h.close();
  }
}

module.exports = { runIntegration };

if (require.main === module) {
  runIntegration({ suite: process.argv[2] ?? 'integration' }).then(c => process.exit(c), e => { console.error(e.message); process.exit(1); });
}
