import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, fileUri, ours, until } from './util';

const CONN = 'config/hardcoded-connection-string';
const SHUTDOWN = 'disposability/no-graceful-shutdown';
const DRIFT = 'config/env-example-drift';

/** The extension's workspace scans so far, once a rescan an earlier test's file changes asked for (half a second later) has run. */
async function settledScans(): Promise<number> {
  await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
  await new Promise(r => setTimeout(r, 800));
  await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
  return vscode.extensions.getExtension<{ diagnostics: { scansRun: number } }>('twelve-factor-coach.twelve-factor-coach')!.exports.diagnostics.scansRun;
}

async function setGlobal(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('twelveFactor').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('live in the editor', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.activate();
  });

  test('the workspace scan reports closed files, honouring .gitignore', async () => {
    await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
    const closed = await fileUri('src/closed/cache.py');
    assert.ok(!vscode.workspace.textDocuments.some(d => d.uri.toString() === closed.toString()), 'the file is not open');
    const diags = await until(() => ours(closed).length > 0 && ours(closed), 10000, 'scan diagnostics on a closed file');
    assert.deepStrictEqual(diags.map(codeOf), [CONN]);
    assert.deepStrictEqual(ours(await fileUri('generated/db.js')), [], 'git-ignored files are not checked');
    // a rule that needs the project's facts (does any file handle SIGTERM?) has them once the scan
    // is done: the first scan of a session checks such files again at its end
    assert.deepStrictEqual(ours(await fileUri('src/closed/server.js')).map(codeOf), [SHUTDOWN]);
  });

  test('the scan at startup takes the last session\'s results for unchanged files, and checks what changed', async () => {
    interface Api { scan(token?: undefined, progress?: undefined, reuse?: boolean): Promise<{ files: number; reused: number }>; resultsSaved?: Promise<void>; allFindings(): Iterable<[string, { ruleId: string; range: { start: { offset: number } } }[]]> }
    const api = vscode.extensions.getExtension<{ diagnostics: Api }>('twelve-factor-coach.twelve-factor-coach')!.exports.diagnostics;
    const all = () => [...api.allFindings()].map(([uri, fs]) => `${uri} ${fs.map(f => `${f.ruleId}@${f.range.start.offset}`).join(' ')}`).sort();
    await settledScans();
    await api.resultsSaved;
    // a closed file changes on disk after the results were saved: the watcher checks it again now,
    // and the next session's scan must not take its saved result
    const cache = await fileUri('src/closed/cache.py');
    const before = fs.readFileSync(cache.fsPath, 'utf8');
    assert.deepStrictEqual(ours(cache).map(codeOf), [CONN]);
    fs.writeFileSync(cache.fsPath, 'import os\n\nREDIS_URL = os.environ["REDIS_URL"]\n');
    try {
      await until(() => ours(cache).length === 0, 15000, 'the watcher to check the changed file');
      const r = await api.scan(undefined, undefined, true);
      assert.ok(r.reused > 0 && r.reused < r.files, `${r.reused} of ${r.files} files from the saved results`);
      assert.deepStrictEqual(ours(cache), [], 'the changed file was checked, not taken from the saved results');
      const reused = all();
      await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
      assert.deepStrictEqual(reused, all(), 'the same findings as a scan that checks every file');
    } finally {
      fs.writeFileSync(cache.fsPath, before);
    }
    await until(() => ours(cache).length === 1, 15000, 'the finding back with the file');
  });

  test('a change to the project\'s facts checks again the files that read them, not the whole workspace', async () => {
    const server = await fileUri('src/closed/server.js');
    await until(() => ours(server).length === 1, 10000, 'the server\'s finding');
    const api = vscode.extensions.getExtension<{ diagnostics: { scansRun: number } }>('twelve-factor-coach.twelve-factor-coach')!.exports;
    const scans = await settledScans();
    const handler = await fileUri('src/closed/shutdown.js');
    await vscode.workspace.fs.writeFile(handler, new TextEncoder().encode("process.on('SIGTERM', () => process.exit(0));\n"));
    try {
      await until(() => ours(server).length === 0, 15000, 'the finding to go once a file handles SIGTERM');
    } finally {
      await vscode.workspace.fs.delete(handler);
    }
    await until(() => ours(server).length === 1, 15000, 'the finding to come back with the handler gone');
    assert.strictEqual(api.diagnostics.scansRun, scans, 'no workspace scan ran for it');
  });

  test('a file appearing or going checks again the files that looked for it (node-config\'s development file beside production\'s)', async () => {
    const api = vscode.extensions.getExtension<{ diagnostics: { scansRun: number } }>('twelve-factor-coach.twelve-factor-coach')!.exports;
    // a folder that was there from the start: VS Code's watcher can miss files in a folder created
    // inside a folder that is itself new (seen here: no event at all for a file written 1.5 s later),
    // and for a new folder it reports the folder again, which checks every file in it
    const dir = await fileUri('src/nested/config');
    const production = vscode.Uri.joinPath(dir, 'production.json'), development = vscode.Uri.joinPath(dir, 'development.json');
    const write = (u: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(u, new TextEncoder().encode(text));
    const branching = () => ours(production).map(codeOf).includes('config/environment-branching');
    // what VS Code's watcher reported, to tell its silence from the extension's
    const reported: string[] = [];
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, '*'));
    watcher.onDidCreate(u => reported.push(u.path.slice(u.path.lastIndexOf('/') + 1)));
    const scans = await settledScans();
    try {
      await write(production, '{ "db": { "host": "db.internal" } }\n');
      // checked (the watcher reports the file) with no development file beside it
      await until(() => ours(production).length, 15000, 'the production file to be checked');
      await new Promise(r => setTimeout(r, 500));
      assert.strictEqual(branching(), false);
      await write(development, '{ "db": { "host": "localhost" } }\n');
      await until(branching, 15000, 'the production file\'s finding once a development file sits beside it')
        .catch(e => { throw new Error(`${e.message} (VS Code's watcher reported: ${reported.join(', ') || 'nothing'})`); });
      await vscode.workspace.fs.delete(development);
      await until(() => !branching(), 15000, 'the finding to go with the development file');
      assert.strictEqual(api.diagnostics.scansRun, scans, 'no workspace scan ran for it');
    } finally {
      watcher.dispose();
      for (const u of [production, development]) await vscode.workspace.fs.delete(u).then(undefined, () => undefined);
    }
  });

  test('a change to a project input checks again the files that read it, not the whole workspace', async () => {
    const dir = await fileUri('src/tmp-drift');
    const example = vscode.Uri.joinPath(dir, '.env.example'), app = vscode.Uri.joinPath(dir, 'app.js');
    const write = (u: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(u, new TextEncoder().encode(text));
    const drifts = () => ours(app).map(codeOf).includes(DRIFT);
    await write(example, 'A=\n');
    await write(app, 'const a = process.env.A;\nconst b = process.env.B;\n');
    try {
      await until(drifts, 15000, 'B, which .env.example does not list');
      const api = vscode.extensions.getExtension<{ diagnostics: { scansRun: number } }>('twelve-factor-coach.twelve-factor-coach')!.exports;
      const scans = await settledScans();
      await write(example, 'A=\nB=\n');
      await until(() => !drifts(), 15000, 'the finding to go once .env.example lists B');
      await write(example, 'A=\n');
      await until(drifts, 15000, 'the finding to come back');
      assert.strictEqual(api.diagnostics.scansRun, scans, 'no workspace scan ran for it');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
    await until(() => ours(app).length === 0, 15000, 'the deleted folder\'s findings to go');
  });

  test('a rule turned off in settings disappears at once, and comes back', async () => {
    const closed = await fileUri('src/closed/cache.py');
    await setGlobal('rules', { [CONN]: 'off' });
    try {
      await until(() => ours(closed).length === 0, 10000, 'diagnostics to clear after turning the rule off');
    } finally {
      await setGlobal('rules', undefined);
    }
    await until(() => ours(closed).length === 1, 10000, 'diagnostics to come back');
  });

  test('severity overrides apply', async () => {
    const closed = await fileUri('src/closed/cache.py');
    await setGlobal('rules', { [CONN]: 'error' });
    try {
      await until(() => ours(closed)[0]?.severity === vscode.DiagnosticSeverity.Error, 10000, 'error severity');
    } finally {
      await setGlobal('rules', undefined);
    }
    await until(() => ours(closed)[0]?.severity === vscode.DiagnosticSeverity.Warning, 10000, 'default severity again');
  });

  test('files created, changed and deleted on disk are followed by the watcher', async () => {
    const uri = await fileUri('src/tmp-watch/queue.js');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode("const q = 'amqp://mq.internal:5672';\n"));
    try {
      await until(() => ours(uri).length === 1, 15000, 'diagnostic on a created file');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('const q = process.env.AMQP_URL;\n'));
      await until(() => ours(uri).length === 0, 15000, 'diagnostic to clear after the file changed');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode("const q = 'amqp://mq.internal:5672';\n"));
      await until(() => ours(uri).length === 1, 15000, 'diagnostic again');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
    await until(() => ours(uri).length === 0, 15000, 'diagnostic to go with the deleted file');
  });

  test('an edit that touches a problem removes it before the debounce ends', async () => {
    await setGlobal('debounceMs', 5000);
    await vscode.workspace.getConfiguration('twelveFactor').update('debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
    const uri = await fileUri('src/db.js');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    try {
      const d = await until(() => ours(uri)[0], 10000, 'the diagnostic');
      const started = Date.now();
      await editor.edit(e => e.replace(d.range, 'process.env.DATABASE_URL'));
      await until(() => ours(uri).length === 0, 2000, 'the touched diagnostic to go');
      assert.ok(Date.now() - started < 2000);
    } finally {
      await vscode.workspace.getConfiguration('twelveFactor').update('debounceMs', 10, vscode.ConfigurationTarget.Workspace);
      await setGlobal('debounceMs', undefined);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await until(() => ours(uri).length === 1, 10000, 'the diagnostic after revert');
    // the re-check after the revert (an edit too) says how long it took from its debounce timer
    const api = vscode.extensions.getExtension<{ diagnostics: { lastEditCheck?: { uri: string; ms: number } } }>('twelve-factor-coach.twelve-factor-coach')!.exports;
    const check = api.diagnostics.lastEditCheck;
    assert.ok(check && check.uri === uri.toString() && check.ms >= 0 && check.ms < 10000, JSON.stringify(check));
  });

  test('a re-check that finds the same problems does not send them to VS Code again; one that moves them does', async () => {
    // the extension's own collection: VS Code hands out the Diagnostic objects it was given, so the
    // same object means nothing was sent (other extensions' diagnostics on the file do not matter)
    const api = vscode.extensions.getExtension<{ diagnostics: { lastEditCheck?: object; collection: vscode.DiagnosticCollection } }>('twelve-factor-coach.twelve-factor-coach')!.exports.diagnostics;
    const uri = await fileUri('src/db.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const edited = async (edit: (e: vscode.TextEditorEdit) => void) => {
      const last = api.lastEditCheck;
      await editor.edit(edit);
      await until(() => api.lastEditCheck !== last, 10000, 'the re-check after the edit');
      return api.collection.get(uri) ?? [];
    };
    try {
      const [sent] = await until(() => api.collection.get(uri)?.length === 1 && api.collection.get(uri), 10000, 'the diagnostic');
      // a line added after the problem's line, whose end is the problem's end too: nothing moves
      const same = await edited(e => e.insert(new vscode.Position(doc.lineCount - 1, 0), '// more\n'));
      assert.strictEqual(same.length, 1);
      assert.strictEqual(same[0], sent, 'the same diagnostic was sent again');
      const moved = await edited(e => e.insert(new vscode.Position(0, 0), '\n'));
      assert.strictEqual(moved.length, 1);
      assert.notStrictEqual(moved[0], sent);
      assert.strictEqual(moved[0].range.start.line, sent.range.start.line + 1);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('a hostile folder (symlink loop, dangling link, 50 MB file, binary, file deleted mid-scan) does not stop the scan', async () => {
    const dir = await fileUri('src/tmp-hostile');
    const at = (name: string) => vscode.Uri.joinPath(dir, name);
    fs.mkdirSync(dir.fsPath, { recursive: true });
    try {
      fs.symlinkSync('..', at('loop').fsPath); // src/tmp-hostile/loop/tmp-hostile/loop/...
      fs.symlinkSync('missing.js', at('dangling.js').fsPath);
      fs.writeFileSync(at('huge.js').fsPath, `const u = 'postgres://app@db.internal:5432/app';\n`.padEnd(50 * 1024 * 1024, ' '));
      fs.writeFileSync(at('binary.js').fsPath, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0x70, 0x6f, 0x73, 0x74, 0x67, 0x72, 0x65, 0x73, 0x3a, 0x2f, 0x2f]));
      for (let i = 0; i < 300; i++) fs.writeFileSync(at(`gone-${i}.js`).fsPath, `const u${i} = 'redis://cache.internal:6379';\n`);
      fs.writeFileSync(at('ok.js').fsPath, "const q = 'amqp://mq.internal:5672';\n");
      // files vanish while the scan reads them
      const scanning = vscode.commands.executeCommand<{ files: number; skipped: number; cancelled: boolean; workers: number }>('twelveFactor.scanWorkspace');
      await new Promise(r => setTimeout(r, 20));
      for (let i = 0; i < 300; i += 2) fs.rmSync(at(`gone-${i}.js`).fsPath, { force: true });
      const result = await scanning;
      assert.strictEqual(result.cancelled, false);
      assert.ok(result.workers >= 1, `the 300 local files were checked in worker threads (workers: ${result.workers})`);
      assert.ok(result.skipped >= 2, `the 50 MB and binary files are skipped (skipped: ${result.skipped})`);
      await until(() => ours(at('ok.js')).length === 1, 10000, 'the ordinary file in the hostile folder is still checked');
      assert.deepStrictEqual(ours(at('huge.js')), [], 'the 50 MB file is skipped');
      assert.deepStrictEqual(ours(at('binary.js')), [], 'the binary file is skipped');
      // a second scan (its workers started before the listing, the folder had enough files) sees
      // the deletions: no diagnostics stay on files that are gone
      const second = await vscode.commands.executeCommand<{ workers: number }>('twelveFactor.scanWorkspace');
      assert.ok(second.workers >= 1, `the second scan's early workers checked the files (workers: ${second.workers})`);
      for (let i = 0; i < 300; i += 2) assert.deepStrictEqual(ours(at(`gone-${i}.js`)), [], `gone-${i}.js has no diagnostics`);
      assert.strictEqual(ours(at('gone-1.js')).length, 1);
    } finally {
      fs.rmSync(dir.fsPath, { recursive: true, force: true });
    }
    // too few files left for workers: the ones started early are let go, the files checked here
    const third = await vscode.commands.executeCommand<{ workers: number }>('twelveFactor.scanWorkspace');
    assert.strictEqual(third.workers, 0);
    assert.deepStrictEqual(ours(at('ok.js')), []);
  });

  test('a named pipe in the workspace is skipped, not waited on', async () => {
    const dir = await fileUri('src/tmp-fifo');
    const pipe = vscode.Uri.joinPath(dir, 'pipe.js'), ok = vscode.Uri.joinPath(dir, 'ok.js');
    fs.mkdirSync(dir.fsPath, { recursive: true });
    try {
      let made = false;
      try { execFileSync('mkfifo', [pipe.fsPath]); made = true; } catch { /* no mkfifo here */ }
      fs.writeFileSync(ok.fsPath, "const q = 'amqp://mq.internal:5672';\n");
      // reading the pipe would wait for a writer forever, and the scan with it
      const late = <T>(p: Thenable<T>) => Promise.race([p, new Promise<'late'>(r => setTimeout(() => r('late'), 15000))]);
      const result = await late(vscode.commands.executeCommand<{ cancelled: boolean }>('twelveFactor.scanWorkspace'));
      assert.ok(result !== 'late' && !result.cancelled, `the scan finished (a pipe was ${made ? '' : 'not '}made)`);
      await until(() => ours(ok).length === 1, 10000, 'the file beside the pipe is checked');
      // as the file watcher's events are followed (VS Code's listing leaves pipes out)
      const api = vscode.extensions.getExtension<{ diagnostics: { lintUri(uri: vscode.Uri): Promise<void> } }>('twelve-factor-coach.twelve-factor-coach')!.exports;
      assert.notStrictEqual(await late(api.diagnostics.lintUri(pipe)), 'late', 'checking the pipe returned');
      assert.deepStrictEqual(ours(pipe), []);
    } finally {
      fs.rmSync(dir.fsPath, { recursive: true, force: true });
    }
  });

  test('a malformed .twelve-factor.yml is reported at the spot and the rest keeps working', async () => {
    const uri = await fileUri('.twelve-factor.yml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('rules:\n  config/hardcoded-connection-string: loud\n'));
    try {
      const diags = await until(() => ours(uri).length > 0 && ours(uri), 15000, 'config diagnostics');
      assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
      assert.strictEqual(diags[0].range.start.line, 1);
      assert.match(diags[0].message, /must be one of off, hint, info, warning, error|must be one of error, warning, info, hint, off/);
      assert.strictEqual(ours(await fileUri('src/closed/cache.py')).length, 1, 'other files keep their findings');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await until(() => ours(uri).length === 0, 15000, 'config diagnostics to go with the file');
  });
});
