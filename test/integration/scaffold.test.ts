import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { until } from './util';

interface Result { written: string[]; skipped: string[]; cancelled: boolean; notes: string[] }

const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const app = 'scaffold-app';

suite('scaffolding commands', () => {
  const dir = () => path.join(root(), app);
  suiteSetup(async () => {
    await vscode.extensions.getExtension('twelve-factor-coach.twelve-factor-coach')!.activate();
    fs.mkdirSync(dir(), { recursive: true });
    fs.writeFileSync(path.join(dir(), 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { express: '^4.19.2', pg: '^8.12.0', ioredis: '^5.4.1' } }, null, 2));
    fs.writeFileSync(path.join(dir(), 'package-lock.json'), JSON.stringify({ name: 'shop', lockfileVersion: 3, packages: {} }));
    fs.writeFileSync(path.join(dir(), 'server.js'), "const express = require('express');\nconst app = express();\nconst db = process.env.DATABASE_URL;\nconst cache = process.env.REDIS_URL;\napp.listen(process.env.PORT || 3000);\n");
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir(), { recursive: true, force: true });
  });

  test('Add Dockerfile writes a twelve-factor Dockerfile and .dockerignore for the detected stack', async () => {
    const r = await vscode.commands.executeCommand<Result>('twelveFactor.addDockerfile', { app, open: false, ifExists: 'cancel' });
    assert.deepStrictEqual(r?.written, [`${app}/Dockerfile`, `${app}/.dockerignore`]);
    const dockerfile = fs.readFileSync(path.join(dir(), 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM node:\d+[\w.-]*/m);
    assert.match(dockerfile, /npm ci/);
    assert.match(dockerfile, /^USER (?!root)/m);
    assert.match(dockerfile, /^CMD \[/m);
    assert.ok(!/COPY \.env\b/.test(dockerfile));
    const ignore = fs.readFileSync(path.join(dir(), '.dockerignore'), 'utf8');
    assert.match(ignore, /^\.env\*?$/m);
    assert.match(ignore, /^!\.env\.example$/m);
  });

  test('an existing file is never overwritten without a yes: cancel and skip leave it byte-identical', async () => {
    const file = path.join(dir(), 'Dockerfile');
    const mine = 'FROM node:22-slim\n# my own Dockerfile\nCMD ["node", "server.js"]\n';
    fs.writeFileSync(file, mine);
    const cancelled = await vscode.commands.executeCommand<Result>('twelveFactor.addDockerfile', { app, open: false, ifExists: 'cancel' });
    assert.strictEqual(cancelled?.cancelled, true);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), mine);
    const skipped = await vscode.commands.executeCommand<Result>('twelveFactor.addDockerfile', { app, open: false, ifExists: 'skip' });
    assert.ok(skipped?.skipped.includes(`${app}/Dockerfile`));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), mine);
    const over = await vscode.commands.executeCommand<Result>('twelveFactor.addDockerfile', { app, open: false, ifExists: 'overwrite' });
    assert.ok(over?.written.includes(`${app}/Dockerfile`));
    assert.notStrictEqual(fs.readFileSync(file, 'utf8'), mine);
  });

  test('Generate .env.example finds the variables the code reads, and merges into an existing one', async () => {
    const file = path.join(dir(), '.env.example');
    // (this test waited out mocha's 30 s, or the 12 s below, in about one run of five: the editor the
    // first call left held the file written on disk just before the merge, and the merge's edit and save
    // there conflicted. The command now writes on disk a file no editor has unsaved changes in. If a
    // call hangs again, say which one and what was there)
    const existed = fs.existsSync(file);
    const within = async <T>(what: string, p: Thenable<T>): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(
        `${what} did not return in 12 s (.env.example there before the first call: ${existed}; editors open: ${vscode.window.visibleTextEditors.map(e => path.basename(e.document.uri.path)).join(', ') || 'none'})`)), 12000); });
      try { return await Promise.race([p, late]); } finally { clearTimeout(timer); }
    };
    const r = await within('the first Generate .env.example', vscode.commands.executeCommand<Result>('twelveFactor.generateEnvExample', { app, open: false }));
    assert.ok(r?.written.includes(`${app}/.env.example`));
    const text = fs.readFileSync(file, 'utf8');
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'PORT']) assert.match(text, new RegExp(`^${k}=`, 'm'));
    const mine = '# kept as written\nDATABASE_URL=postgres://localhost/dev\n';
    fs.writeFileSync(file, mine);
    await within('Generate .env.example with merge', vscode.commands.executeCommand<Result>('twelveFactor.generateEnvExample', { app, open: false, ifExists: 'merge' }));
    const merged = fs.readFileSync(file, 'utf8');
    assert.ok(merged.startsWith(mine), 'the user\'s lines stay byte-identical at the top');
    assert.match(merged, /^REDIS_URL=/m);
  });

  test('Generate .env.example merges into a file an editor holds: one that changed on disk since, and one with unsaved changes', async () => {
    const uri = vscode.Uri.file(path.join(dir(), '.env.example'));
    const mine = '# kept as written\nDATABASE_URL=postgres://localhost/dev\n';
    fs.writeFileSync(uri.fsPath, mine);
    const doc = await vscode.workspace.openTextDocument(uri);
    await until(() => doc.getText() === mine, 10000, 'the editor to hold the file');
    // changed on disk: the editor still holds the old text when the command runs (an edit and a save
    // there used to fail as a conflict, leave the file unsaved, and say it was written)
    const changed = '# changed on disk\nDATABASE_URL=postgres://localhost/dev\n';
    fs.writeFileSync(uri.fsPath, changed);
    const r = await vscode.commands.executeCommand<Result>('twelveFactor.generateEnvExample', { app, open: false, ifExists: 'merge' });
    assert.deepStrictEqual(r?.written, [`${app}/.env.example`]);
    const merged = fs.readFileSync(uri.fsPath, 'utf8');
    assert.ok(merged.startsWith(changed) && /^REDIS_URL=/m.test(merged), merged);
    await until(() => doc.getText() === merged, 10000, 'the editor to show what was written');
    assert.ok(!doc.isDirty);
    // unsaved changes in the editor: the merge keeps them (they are what the user sees) and saves
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit(e => e.insert(new vscode.Position(0, 0), '# typed, not saved\nAPP_SECRET=\n'));
    fs.writeFileSync(path.join(dir(), 'worker.js'), 'const q = process.env.AMQP_URL;\n');
    try {
      const again = await vscode.commands.executeCommand<Result>('twelveFactor.generateEnvExample', { app, open: false, ifExists: 'merge' });
      assert.deepStrictEqual(again?.written, [`${app}/.env.example`]);
      const saved = fs.readFileSync(uri.fsPath, 'utf8');
      assert.ok(saved.startsWith(`# typed, not saved\nAPP_SECRET=\n${merged}`) && /^AMQP_URL=/m.test(saved), saved);
      assert.ok(!doc.isDirty);
      assert.strictEqual(doc.getText(), saved);
    } finally {
      fs.rmSync(path.join(dir(), 'worker.js'));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('Add compose file lists the backing services the code uses', async () => {
    const r = await vscode.commands.executeCommand<Result>('twelveFactor.addCompose', { app, open: false, ifExists: 'overwrite' });
    const written = r?.written[0];
    assert.ok(written);
    const text = fs.readFileSync(path.join(root(), written), 'utf8');
    assert.match(text, /postgres/);
    assert.match(text, /redis/);
    assert.match(text, /env_file/);
  });
});
