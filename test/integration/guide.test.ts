import * as assert from 'assert';
import * as vscode from 'vscode';

interface Guide {
  panel: vscode.WebviewPanel;
  ready: Promise<string[]>;
  refused: number;
  handleMessage(m: unknown): Promise<void>;
}

suite('guide webview', () => {
  let guide: Guide;
  suiteSetup(async () => {
    await vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.activate();
    guide = (await vscode.commands.executeCommand<Guide>('twelveFactor.openGuide', 'config/hardcoded-host'))!;
  });
  suiteTeardown(() => guide?.panel.dispose());

  test('opens and reports the twelve factors it rendered', async () => {
    const factors = await Promise.race([guide.ready, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('the guide never said ready')), 20000))]);
    assert.strictEqual(factors.length, 12);
    assert.strictEqual(factors[0], 'I. Codebase');
    assert.strictEqual(factors[2], 'III. Config');
    assert.strictEqual(factors[11], 'XII. Admin processes');
  });

  test('has a strict content security policy with a per-load nonce', () => {
    const html = guide.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'a nonce of at least 16 characters');
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), 'no unsafe-inline or unsafe-eval');
    assert.ok(!/\son\w+=/i.test(html), 'no inline event handlers');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map(m => m[1]);
    assert.ok(scripts.length > 0 && scripts.every(a => a.includes(`nonce="${nonce}"`)), 'every script carries the nonce');
    const media = guide.panel.webview.asWebviewUri(vscode.Uri.joinPath(vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.extensionUri, 'media')).toString();
    const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map(m => m[1]);
    assert.ok(refs.length >= 2);
    for (const r of refs) assert.ok(r.startsWith(media), `only the extension's media folder is loaded: ${r}`);
    assert.deepStrictEqual(guide.panel.webview.options.localResourceRoots?.map(u => u.path.split('/').pop()), ['media']);
  });

  test('unknown, malformed and unsafe messages from the page are refused', async () => {
    const before = guide.refused;
    const editors = vscode.window.visibleTextEditors.length;
    await guide.handleMessage('not an object');
    await guide.handleMessage({ type: 'explode' });
    await guide.handleMessage({ type: 'command', command: 'workbench.action.quit' });
    await guide.handleMessage({ type: 'command', command: 'twelveFactor.scanWorkspace', arg: 'x'.repeat(5000) });
    await guide.handleMessage({ type: 'open', uri: 'file:///etc/passwd', line: 0, column: 0 });
    await guide.handleMessage({ type: 'open', uri: 'file:///etc/passwd', line: -1, column: 0 });
    assert.strictEqual(guide.refused - before, 6);
    assert.strictEqual(vscode.window.visibleTextEditors.length, editors, 'nothing was opened');
  });

  test('a finding in the page opens its file at the line', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'src/db.js');
    await vscode.workspace.openTextDocument(uri);
    const end = Date.now() + 10000;
    while (!vscode.languages.getDiagnostics(uri).some(d => d.source === 'twelve-factor') && Date.now() < end) await new Promise(r => setTimeout(r, 50));
    await guide.handleMessage({ type: 'open', uri: uri.toString(), line: 3, column: 43 });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), uri.toString());
    assert.strictEqual(editor?.selection.active.line, 3);
  });
});
