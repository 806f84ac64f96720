#!/usr/bin/env node
// Runs out/test/integration/index.js (or, with `untrusted`, out/test/untrusted/index.js in a
// workspace that is not trusted; with `reopen`, out/test/reopen/index.js in two sessions on a copy
// of the fixture workspace, with the same user data) inside code-server's Node extension host (the
// real VS Code 1.100.3 API). The workbench calls window.codeAutomationExit(code) when the suite
// ends; the suite also writes its pass/fail counts to TF_TEST_RESULTS so `npm test` can total them.
'use strict';
const fs = require('fs');
const path = require('path');
const { startHost, root } = require('./host');

const TIMEOUT = +(process.env.HOST_TEST_TIMEOUT || 300000);
const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|Ignoring fetching additional)/;

/**
 * The suites that run inside the host: the main one, one in a workspace that is not trusted, and one
 * whose workspace is opened twice (`between` changes it between the sessions; each session's tests
 * read TF_REOPEN_SESSION, 1 or 2, and may leave what the next one needs in TF_REOPEN_STATE).
 */
const SUITES = {
  integration: { workspace: 'test/fixtures/workspace', tests: 'out/test/integration/index.js' },
  untrusted: { workspace: 'test/fixtures/untrusted-workspace', tests: 'out/test/untrusted/index.js', untrusted: true },
  reopen: {
    workspace: 'test/fixtures/workspace', tests: 'out/test/reopen/index.js', sessions: 2,
    // a closed file changes on disk between the sessions: its connection string goes
    between: ws => fs.writeFileSync(path.join(ws, 'src/closed/cache.py'), 'import os\n\nREDIS_URL = os.environ["REDIS_URL"]\n'),
  },
};

async function runIntegration({ resultsFile, suite = 'integration' } = {}) {
  const s = SUITES[suite];
  if (!s.sessions) return session(s, path.join(root, s.workspace), suite, resultsFile ? { TF_TEST_RESULTS: resultsFile } : {});
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tf-reopen-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(root, s.workspace), workspace, { recursive: true });
  let again, counts = { passed: 0, failed: 0 }, code = 0;
  try {
    for (let n = 1; n <= s.sessions && code === 0; n++) {
      if (n > 1) s.between?.(workspace);
      const results = path.join(tmp, `results-${n}.json`);
      const env = { TF_TEST_RESULTS: results, TF_REOPEN_SESSION: String(n), TF_REOPEN_STATE: path.join(tmp, 'state.json') };
      code = await session(s, workspace, `${suite} (session ${n})`, env, again, h => { again = h; });
      if (fs.existsSync(results)) { const r = JSON.parse(fs.readFileSync(results, 'utf8')); counts = { passed: counts.passed + r.passed, failed: counts.failed + r.failed }; }
    }
    if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(counts));
    return code;
  } finally {
    if (again) fs.rmSync(again.tmp, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** One session of VS Code running suite `s`'s tests; `again`: an earlier session whose user data it opens; `keep`: told the host, kept for another session. */
async function session(s, workspace, name, env, again, keep) {
  const t0 = Date.now(), ts = () => `[host +${((Date.now() - t0) / 1000).toFixed(1)}s]`;
  const h = await startHost({ workspace, untrusted: s.untrusted, env, again });
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
    console.log(ts(), `${name} tests finished: exit code ${code}`);
    return code;
  } finally {
    clearTimeout(timer);
    await h.close({ keep: !!keep });
    keep?.(h);
  }
}

module.exports = { runIntegration };

if (require.main === module) {
  runIntegration({ suite: process.argv[2] ?? 'integration' }).then(c => process.exit(c), e => { console.error(e.message); process.exit(1); });
}
