import * as assert from 'assert';
import * as vscode from 'vscode';
import { defaultConfig, mergeConfig, parseProjectConfig } from '../../src/core/config';
import { lint } from '../../src/core/engine';
import type { TwelveFactorApi } from '../../src/extension/extension';
import { codeOf, fileUri, ours, until } from '../integration/util';

suite('an untrusted workspace (restricted mode)', () => {
  let api: TwelveFactorApi;
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<TwelveFactorApi>('twelve-factor-coach.twelve-factor-coach')!.activate();
  });

  test('the session\'s first scan reports the findings that need the project\'s facts (they are known only at its end)', async () => {
    // the startup scan, or this one if that has not begun (it then does not run): the first either way
    if (api.diagnostics.scansRun === 0) await api.diagnostics.scan();
    await until(() => api.diagnostics.scanned, 15000, 'the first scan');
    assert.strictEqual(api.diagnostics.scansRun, 1, 'one scan so far');
    assert.deepStrictEqual(ours(await fileUri('src/server.js')).map(codeOf), ['disposability/no-graceful-shutdown']);
  });

  test('the workspace is not trusted, and the extension runs anyway (limited support)', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.isActive);
  });

  test('built-in rules report; the custom rule from .twelve-factor.yml does not run, and the user is told why', async () => {
    const uri = await fileUri('src/app.js');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await until(() => ours(uri).length > 0 && ours(uri), 15000, 'diagnostics in the untrusted workspace');
    // give a custom rule every chance to have reported too
    await new Promise(r => setTimeout(r, 500));
    assert.deepStrictEqual(ours(uri).map(codeOf), diags.map(codeOf));
    assert.ok(diags.some(d => codeOf(d) === 'config/hardcoded-connection-string'), 'a built-in rule reports');
    assert.ok(!ours(uri).some(d => codeOf(d) === 'custom/no-internal-api'), 'the custom rule does not run');
    // ...although it matches this file: trusted, it would report
    const yml = new TextDecoder().decode(await vscode.workspace.fs.readFile(await fileUri('.twelve-factor.yml')));
    const config = mergeConfig(defaultConfig(), parseProjectConfig(yml).layer);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(lint({ path: 'src/app.js', text: doc.getText() }, { config }).some(f => f.ruleId === 'custom/no-internal-api'));
    assert.strictEqual(api.diagnostics.configs.toldUntrusted, true, 'the user is told the custom rules wait for trust');
  });
});
