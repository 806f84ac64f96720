// Starts a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on 127.0.0.1 with throwaway user
// data, and loads its workbench in headless Chromium, which starts the extension host. Used by the
// integration runner (tests inside the extension host) and by the UI tests (Playwright clicks).
// Every exit path kills code-server's whole process group and removes the temporary folders.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const hostDir = path.join(root, 'test', 'host');
const CODE_SERVER = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const STAMP = path.join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode', '.host-ready');
const hostRequire = m => require(require.resolve(m, { paths: [hostDir] }));

const hostReady = () => fs.existsSync(STAMP);

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer();
  s.on('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});

async function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try { return await hostRequire('@sparticuz/chromium').default.executablePath(); } // npm-shipped, unpacked to $TMPDIR
  catch (e) { if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'; throw e; }
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];

const live = new Set();
const onSignal = sig => { for (const h of live) h.closeSync(); process.exit(sig === 'SIGINT' ? 130 : 143); };
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.once('exit', () => { for (const h of live) h.closeSync(); });

/**
 * @param {{ workspace: string, payload?: [string,string][], env?: object, settings?: object, viewport?: object, installVsix?: string, untrusted?: boolean, again?: { tmp: string, port: number } }} o
 *   untrusted: workspace trust on, and the folder opened without trusting it (restricted mode)
 *   again: a new session of an earlier host (its `tmp` and `port`, kept by `close({ keep: true })`): the
 *     same user data, and the same address (VS Code keys a workspace's storage by it)
 */
async function startHost(o) {
  if (!hostReady()) throw new Error('VS Code host not prepared: run `npm run setup-host` (npm test does it on first use).');
  const port = o.again?.port ?? await freePort(), authority = `127.0.0.1:${port}`;
  const tmp = o.again?.tmp ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tf-vscode-host-'));
  for (const d of ['ud/User', 'exts', 'cfg', 'data']) fs.mkdirSync(path.join(tmp, d), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ud/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': !!o.untrusted, 'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false, 'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'files.autoSave': 'off', ...o.settings }));
  const env = { ...process.env, ...o.env, XDG_CONFIG_HOME: path.join(tmp, 'cfg'), XDG_DATA_HOME: path.join(tmp, 'data'),
    EXTENSIONS_GALLERY: '{"serviceUrl":""}' }; // no marketplace (open-vsx) lookups
  if (o.installVsix) {
    // the packaged extension, installed the way a user installs it (`code --install-extension`)
    const r = require('child_process').spawnSync(process.execPath, [CODE_SERVER, '--user-data-dir', path.join(tmp, 'ud'),
      '--extensions-dir', path.join(tmp, 'exts'), '--install-extension', o.installVsix], { env, encoding: 'utf8' });
    if (r.status !== 0) { fs.rmSync(tmp, { recursive: true, force: true }); throw new Error(`installing ${o.installVsix} failed:\n${r.stdout}${r.stderr}`); }
  }
  const server = spawn(process.execPath, [CODE_SERVER, '--auth', 'none', '--bind-addr', authority,
    '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'exts'),
    '--disable-telemetry', '--disable-update-check', ...(o.untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--log', 'info', o.workspace], {
    stdio: ['ignore', 'pipe', 'pipe'], detached: true, env }); // own process group, killed as a whole
  let serverLog = '';
  server.stdout.on('data', d => { serverLog += d; });
  server.stderr.on('data', d => { serverLog += d; });
  let browser, closed = false, keep = false;
  const h = {
    authority, tmp, port,
    get serverLog() { return serverLog; },
    closeSync() {
      if (closed) return;
      closed = true;
      live.delete(h);
      try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
      try { browser?.process()?.kill('SIGKILL'); } catch { /* already gone */ }
      if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    },
    /** `keep`: the user data stays, for a session `again` (whoever asks removes h.tmp). */
    async close(options) {
      keep = !!options?.keep;
      if (closed) return;
      try { await browser?.close(); } catch { /* already gone */ }
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise(r => { if (server.exitCode !== null) r(); else { server.once('exit', r); setTimeout(r, 3000); } });
      h.closeSync();
    },
  };
  live.add(h);
  try {
    await new Promise((res, rej) => {
      server.once('exit', c => rej(new Error(`code-server exited (${c}):\n${serverLog}`)));
      const end = Date.now() + 60000;
      const poll = () => fetch(`http://${authority}/healthz`).then(r => (r.ok ? res() : retry()), retry);
      const retry = () => (Date.now() > end ? rej(new Error('code-server did not start in 60 s\n' + serverLog)) : setTimeout(poll, 200));
      poll();
    });
    const { chromium } = hostRequire('playwright-core');
    browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: o.viewport ?? { width: 1400, height: 900 } });
    h.browser = browser;
    h.page = page;
    const payload = (o.payload ?? []).concat([['skipWelcome', 'true']]);
    h.url = `http://${authority}/?folder=${encodeURIComponent(o.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    h.remote = p => `vscode-remote://${authority}${p}`;
    return h;
  } catch (e) {
    await h.close();
    throw e;
  }
}

module.exports = { startHost, hostReady, root };

/** Can the Chromium we would use start at all? (.ci/run installs Debian's when not.) */
async function probeChromium() {
  const { chromium } = hostRequire('playwright-core');
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const v = browser.version();
  await browser.close();
  return v;
}

module.exports.probeChromium = probeChromium;

if (require.main === module && process.argv[2] === '--probe-chromium') {
  probeChromium().then(v => { console.log(`chromium ${v} starts`); process.exit(0); },
    e => { console.error(`chromium cannot start: ${e.message.split('\n')[0]}`); process.exit(1); });
}
