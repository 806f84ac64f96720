import * as assert from 'assert';
import * as vscode from 'vscode';
import { inBackground, registerGuardedCommand } from '../../src/extension/guard';
import { codeOf, fileUri, ours, until } from './util';

const EXTENSION_ID = 'twelve-factor-coach.twelve-factor-coach';

suite('extension in a real VS Code host', () => {
  test('runs in VS Code 1.100 and activates', async () => {
    console.log(`    host: VS Code ${vscode.version} (${vscode.env.appName}), Node ${process.version}`);
    assert.match(vscode.version, /^1\.100\./);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension is installed in the host');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('a failing command or background task is logged, never thrown into the host', async () => {
    const log = vscode.window.createOutputChannel('Twelve-Factor guard test', { log: true });
    const logged: string[] = [];
    const error = log.error.bind(log);
    log.error = (m: string | Error, ...rest: unknown[]) => { logged.push(String(m)); error(m, ...rest); };
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    const command = registerGuardedCommand(log, 'twelveFactor.test.throws', () => { throw new Error('boom'); });
    try {
      assert.strictEqual(await vscode.commands.executeCommand('twelveFactor.test.throws'), undefined);
      inBackground(log, 'a background task', () => Promise.reject(new Error('later')));
      inBackground(log, 'a synchronous task', () => { throw new Error('now'); });
      await until(() => logged.length === 3, 5000, 'three logged failures');
      assert.match(logged[0], /^twelveFactor\.test\.throws failed: Error: boom\n\s+at /);
      assert.ok(logged.some(l => /^a background task failed: Error: later/.test(l)));
      assert.ok(logged.some(l => /^a synchronous task failed: Error: now/.test(l)));
      await new Promise(r => setTimeout(r, 100));
      assert.deepStrictEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
      command.dispose();
      log.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  test('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['twelveFactor.scanWorkspace', 'twelveFactor.showOutput']) assert.ok(all.includes(c), `${c} is registered`);
  });

  test('a hardcoded connection string in an open file becomes a diagnostic', async () => {
    const uri = await fileUri('src/db.js');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await until(() => ours(uri).length > 0 && ours(uri), 15000, 'diagnostics on src/db.js');
    assert.strictEqual(diags.length, 1);
    const d = diags[0];
    assert.strictEqual(codeOf(d), 'config/hardcoded-connection-string');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /^Factor III \(Config\): PostgreSQL connection string to db\.internal:5432 is hardcoded/);
    assert.strictEqual(d.range.start.line, 3);
    const target = (d.code as { target: vscode.Uri }).target;
    assert.match(target.toString(), /docs\/rules\.md#confighardcoded-connection-string$/);
  });

  test('the same URL in a comment or read from the environment is not flagged', async () => {
    const uri = await fileUri('src/clean.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await new Promise(r => setTimeout(r, 500));
    assert.deepStrictEqual(ours(uri).map(codeOf), []);
  });

  test('editing the file updates its diagnostics', async () => {
    const uri = await fileUri('src/clean.js');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit(e => e.insert(end, "\nconst cache = 'redis://cache.internal:6379';\n"));
    const diags = await until(() => ours(uri).length > 0 && ours(uri), 10000, 'diagnostic after an edit');
    assert.strictEqual(codeOf(diags[0]), 'config/hardcoded-connection-string');
    await vscode.commands.executeCommand('undo');
    await until(() => ours(uri).length === 0, 10000, 'diagnostic to clear after undo');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
