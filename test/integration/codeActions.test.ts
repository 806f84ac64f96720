import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, fileUri, ours, until } from './util';

const CONN = 'config/hardcoded-connection-string';

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  // the workbench cancels a code-action request that a newer one for the same editor supersedes
  // (its own lightbulb, on a loaded machine): ask again rather than fail on "Canceled"
  for (let attempt = 1; ; attempt++) {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
    } catch (e) {
      if (attempt >= 3 || (e as Error)?.message !== 'Canceled') throw e;
      await new Promise(r => setTimeout(r, 200));
    }
  }
}

/** A file's current text as the editor sees it (a fix's edits are not saved to disk). */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try { return (await vscode.workspace.openTextDocument(uri)).getText(); } catch { return undefined; }
}

/** Discard unsaved changes everywhere (fixes leave files dirty) and close every editor. */
async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter(d => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A scratch copy of a file in the fixture workspace, removed afterwards. */
async function scratch(rel: string, text: string): Promise<vscode.Uri> {
  const uri = await fileUri(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

suite('quick fixes in the real host', () => {
  const cleanup: vscode.Uri[] = [];
  suiteSetup(async () => { await vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.activate(); });
  teardown(async () => {
    await revertAll();
    // deleted through the editor, so the extension forgets the files at once
    const remove = new vscode.WorkspaceEdit();
    for (const u of cleanup.splice(0)) remove.deleteFile(u, { recursive: true, ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(remove);
  });

  test('extract to environment variable: one edit changes the code and .env.example; undo restores both', async () => {
    const dir = await fileUri('fixapp');
    cleanup.push(dir);
    const original = "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: 'postgres://app@db.internal:5432/app' });\n";
    const exampleOriginal = '# variables the app reads\nPORT=\n';
    const uri = await scratch('fixapp/db.js', original);
    const example = await scratch('fixapp/.env.example', exampleOriginal);
    // opening it tells the extension about the new file now, without waiting for the file watcher
    const exampleDoc = await vscode.workspace.openTextDocument(example);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diag = await until(() => ours(uri).find(d => codeOf(d) === CONN), 10000, 'the diagnostic');
    const actions = await actionsAt(uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map(a => a.title);
    const extract = actions.find(a => /environment variable/i.test(a.title));
    assert.ok(extract, `an extract fix among: ${titles.join(' | ')}`);
    assert.strictEqual(extract.isPreferred, true);
    assert.ok(titles.some(t => /line/i.test(t)) && titles.some(t => /file/i.test(t)), 'disable for line and for file are offered');
    assert.ok(titles.includes(`Turn off ${CONN} in workspace settings`));
    assert.ok(titles.includes(`Show documentation for ${CONN}`));
    assert.strictEqual(actions.filter(a => a.isPreferred).length, 1, 'only the safe repair is preferred');

    assert.ok(await vscode.workspace.applyEdit(extract.edit!));
    assert.match(editor.document.getText(), /connectionString: process\.env\.DATABASE_URL \}/);
    assert.strictEqual(exampleDoc.getText(), exampleOriginal + 'DATABASE_URL=\n');
    await until(() => !ours(uri).some(d => codeOf(d) === CONN), 10000, 'the finding to go after the fix');

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await until(() => editor.document.getText() === original, 5000, 'undo to restore the code');
    await until(() => exampleDoc.getText() === exampleOriginal, 5000, 'undo to restore .env.example');
  });

  test('disable for this line inserts a suppression comment and the finding goes', async () => {
    cleanup.push(await fileUri('fixapp2'));
    const uri = await scratch('fixapp2/cache.py', 'import redis\n\nclient = redis.from_url("redis://cache.internal:6379/0")\n');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diag = await until(() => ours(uri).find(d => codeOf(d) === CONN), 10000, 'the diagnostic');
    const disable = (await actionsAt(uri, diag.range)).find(a => /line/i.test(a.title) && /disable/i.test(a.title));
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.strictEqual(editor.document.lineAt(2).text, `# twelve-factor-disable-next-line ${CONN}`);
    await until(() => ours(uri).length === 0, 10000, 'the finding to be suppressed');
  });

  test('fix all (source.fixAll.twelveFactor) runs on save through editor.codeActionsOnSave', async () => {
    cleanup.push(await fileUri('fixapp3'));
    const settings = vscode.workspace.getConfiguration('editor', { languageId: 'javascript' });
    await settings.update('codeActionsOnSave', { 'source.fixAll.twelveFactor': 'explicit' }, vscode.ConfigurationTarget.Global);
    try {
      const uri = await scratch('fixapp3/clients.js', "const db = 'postgres://app@db.internal:5432/app';\nconst cache = 'redis://cache.internal:6379';\nmodule.exports = { db, cache };\n");
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      await until(() => ours(uri).filter(d => codeOf(d) === CONN).length === 2, 10000, 'two diagnostics');
      const fixAll = await actionsAt(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.twelveFactor');
      assert.strictEqual(fixAll.length, 1);
      await editor.edit(e => e.insert(new vscode.Position(3, 0), '\n'));
      await doc.save();
      await until(() => /process\.env\.DATABASE_URL/.test(doc.getText()) && /process\.env\.REDIS_URL/.test(doc.getText()), 10000, 'fix all on save');
      // no .env.example near the file: the fix creates one at the workspace root
      const example = await readText(await fileUri('.env.example'));
      assert.strictEqual(example, 'DATABASE_URL=\nREDIS_URL=\n');
    } finally {
      await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global);
      await revertAll();
      // deleted through the editor, so the extension forgets it at once (later tests read the folder)
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(await fileUri('.env.example'), { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(remove);
    }
  });
});
