import * as assert from 'assert';
import * as vscode from 'vscode';

const FACTOR_SLUGS = ['codebase', 'dependencies', 'config', 'backing-services', 'build-release-run', 'processes',
  'port-binding', 'concurrency', 'disposability', 'dev-prod-parity', 'logs', 'admin-processes'];

interface Step { id: string; title: string; description: string; media: { markdown?: string }; completionEvents: string[] }

suite('walkthrough', () => {
  const ext = () => vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!;

  test('contributes twelve factor steps plus the intro, each with its page and image on disk', async () => {
    const walkthroughs = ext().packageJSON.contributes.walkthroughs as { id: string; steps: Step[] }[];
    const w = walkthroughs.find(x => x.id === 'twelveFactor.welcome');
    assert.ok(w, 'walkthrough twelveFactor.welcome');
    assert.deepStrictEqual(w.steps.map(s => s.id), ['scan', ...FACTOR_SLUGS]);
    for (const [i, s] of w.steps.entries()) {
      const md = vscode.Uri.joinPath(ext().extensionUri, s.media.markdown!);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(md));
      const image = /!\[[^\]]+\]\(\.\.\/(media\/[^)]+\.svg)\)/.exec(text)?.[1];
      assert.ok(image, `${s.id}: the page embeds an svg with alt text`);
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext().extensionUri, image));
      if (i > 0) {
        assert.ok(s.media.markdown!.endsWith(`${String(i).padStart(2, '0')}-${s.id}.md`));
        assert.ok(s.completionEvents.some(e => e.startsWith('onCommand:twelveFactor.')), `${s.id} completes on a command`);
        assert.ok(s.completionEvents.includes(`onContext:twelveFactor.clean.${s.id}`) || ['codebase', 'admin-processes'].includes(s.id),
          `${s.id} completes when a scan finds it clean`);
      }
    }
  });

  test('after a scan, factors with no findings are clean and the others are not', async () => {
    const api = await ext().activate() as { cleanKeys: { clean(): Set<string>; update(): Promise<void> } };
    await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
    await api.cleanKeys.update();
    const clean = api.cleanKeys.clean();
    assert.ok(!clean.has('config'), 'config has findings in the fixture workspace');
    assert.ok(clean.has('logs'), 'nothing in the fixture workspace logs to a file');
    assert.ok(!clean.has('codebase') && !clean.has('admin-processes'), 'factors no rule checks are never "clean"');
  });
});
