#!/usr/bin/env node
// `npm test`: type check, unit tests (plain Node), integration tests (inside a real VS Code
// extension host) and UI tests (Playwright in the workbench), then one closing line
// `N passed, N failed` totalling every suite, which CI reads.
//   --unit          unit tests only
//   --integration   integration and UI tests only
//   --vsix FILE     the UI tests against a packaged .vsix installed into VS Code (after npm run package)
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--integration') ? 'integration' : args.includes('--vsix') ? 'vsix' : undefined;
if (only === 'vsix') process.env.TF_VSIX = path.resolve(args[args.indexOf('--vsix') + 1] ?? '');
let passed = 0, failed = 0;
const step = (name) => console.log(`\n== ${name}`);

function runMocha(dir, extra = {}) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.test.js')).map(f => path.join(dir, f)) : [];
  const Mocha = require('mocha');
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 10000, ...extra });
  files.sort().forEach(f => mocha.addFile(f));
  return new Promise(resolve => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures }));
  });
}

(async () => {
  if (only === 'vsix') {
    execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--quiet'], { stdio: 'inherit' });
    // the build above is for the test bundles; the extension under test is the one inside the .vsix
    step(`UI tests against the installed ${path.basename(process.env.TF_VSIX)}`);
    const u = await runMocha(path.join(root, 'out/test/ui'), { timeout: 120000 });
    console.log(`\n${u.passed} passed, ${u.failed} failed`);
    process.exit(u.failed || !u.passed ? 1 : 0);
  }
  step('type check (tsc --noEmit)');
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit' });
  if (tsc.status !== 0) { failed++; console.error('type check failed'); } else console.log('types ok');

  step('build');
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });

  if (only !== 'integration') {
    step('unit tests');
    const r = await runMocha(path.join(root, 'out/test/unit'));
    passed += r.passed; failed += r.failed;
  }

  if (only !== 'unit') {
    step('integration tests (real VS Code extension host)');
    const { hostReady } = require('./host');
    if (!hostReady()) {
      console.log('The VS Code test host is not prepared yet: preparing it once (about a minute)...');
      const s = spawnSync(process.execPath, [path.join(__dirname, 'setup-host.js')], { stdio: 'inherit' });
      if (s.status !== 0 || !hostReady()) {
        console.error('Could not prepare the VS Code host. Run `npm run setup-host` and read its output; it needs the npm registry.');
        failed++;
      }
    }
    if (hostReady()) {
      const { runIntegration } = require('./run-host-tests');
      for (const suite of ['integration', 'untrusted', 'reopen']) {
        if (suite === 'untrusted') step('integration tests in an untrusted workspace (restricted mode)');
        if (suite === 'reopen') step('integration tests across two sessions on one workspace (the saved scan results)');
        const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-results-')), 'results.json');
        let code;
        try { code = await runIntegration({ resultsFile, suite }); } catch (e) { console.error(e.message); code = 1; }
        let r;
        try { r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { r = undefined; }
        fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
        if (r) { passed += r.passed; failed += r.failed; }
        if (!r || (code !== 0 && r.failed === 0)) { console.error(`${suite} run ended with code ${code} without complete results`); failed++; }
      }

      step('UI tests (Playwright in the VS Code workbench)');
      const u = await runMocha(path.join(root, 'out/test/ui'), { timeout: 120000 });
      passed += u.passed; failed += u.failed;
    }
  }

  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => { console.error(e); console.log(`\n${passed} passed, ${failed + 1} failed`); process.exit(1); });
