import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, fileUri, ours, until } from '../integration/util';

/** What the tests read of the extension's API (src/extension/extension.ts). */
interface Api {
  diagnostics: {
    scansRun: number;
    lastScan?: { files: number; reused: number; findings: number };
    resultsSaved?: Promise<void>;
    allFindings(): Iterable<[string, { ruleId: string; range: { start: { offset: number } } }[]]>;
  };
}

const api = () => vscode.extensions.getExtension<Api>('twelve-factor-coach.twelve-factor-coach')!.exports.diagnostics;
const all = () => [...api().allFindings()].map(([uri, fs]) => `${uri} ${fs.map(f => `${f.ruleId}@${f.range.start.offset}`).join(' ')}`).sort();
const session = process.env.TF_REOPEN_SESSION;
const state = process.env.TF_REOPEN_STATE!;

suite('the workspace opened again: the scan at startup and the last session\'s results', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.activate();
  });

  if (session === '1') {
    test('first session: the scan at startup finds nothing saved, checks every file and saves its results', async () => {
      const first = await until(() => api().lastScan, 30000, 'the scan at startup');
      assert.strictEqual(first.reused, 0, 'nothing was saved before');
      await api().resultsSaved;
      assert.deepStrictEqual(ours(await fileUri('src/closed/cache.py')).map(codeOf), ['config/hardcoded-connection-string']);
      fs.writeFileSync(state, JSON.stringify({ files: first.files, findings: all() }));
    });
  }

  if (session === '2') {
    test('second session: the scan at startup takes the saved results of the unchanged files, checks the changed one, and finds what a full scan finds', async () => {
      const before = JSON.parse(fs.readFileSync(state, 'utf8')) as { files: number; findings: string[] };
      const startup = await until(() => api().lastScan, 30000, 'the scan at startup');
      assert.strictEqual(startup.files, before.files);
      assert.ok(startup.reused > 0 && startup.reused < startup.files, `${startup.reused} of ${startup.files} files from the saved results`);
      // src/closed/cache.py lost its connection string between the sessions
      const cache = await fileUri('src/closed/cache.py');
      assert.deepStrictEqual(ours(cache), [], 'the changed file was checked, not taken from the saved results');
      const atStartup = all();
      assert.deepStrictEqual(atStartup, before.findings.filter(f => !f.startsWith(`${cache.toString()} `)), 'the same findings as before, but the changed file\'s');
      const scans = api().scansRun;
      await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
      assert.strictEqual(api().scansRun, scans + 1);
      assert.deepStrictEqual(all(), atStartup, 'the same findings as a scan that checks every file');
    });
  }
});
