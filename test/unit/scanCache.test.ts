import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../src/core/config';
import { lint } from '../../src/core/engine';
import { Project } from '../../src/core/project';
import { diskVersion, readSource } from '../../src/core/readSource';
import { ProjectWatch } from '../../src/extension/dependents';
import { FolderReuse, SavedFile, ScanCacheFile, atOnce, engineBuildOf, folderKey, savedFolder } from '../../src/extension/scanCache';

/** A folder's project: its paths and the text of its inputs. */
function projectOf(texts: Record<string, string>, others: string[]): Project {
  const t = new Map(Object.entries(texts));
  return { paths: new Set([...t.keys(), ...others]), read: p => t.get(p) };
}

/** Each file checked as the scan checks it, its result as the scan saves it (size and time made up). */
function checked(project: Project, files: Record<string, string>): [string, SavedFile][] {
  return Object.entries(files).map(([rel, text], i) => {
    const watch = new ProjectWatch(project);
    const findings = lint({ path: rel, text }, { config: defaultConfig(), project: watch });
    const f: SavedFile = { version: `${text.length}:${1000 + i}:${2000 + i}` };
    if (findings.length) f.findings = findings;
    const deps = watch.dependencies();
    if (deps) f.deps = deps;
    return [rel, f];
  });
}

suite('scanCache: the last session\'s results, and when they still hold', () => {
  const server = "const url = process.env.DATABASE_URL;\nconst secret = process.env.SESSION_SECRET;\n";
  const plain = "export const add = (a, b) => a + b;\n";
  const texts = { 'svc/.env.example': 'DATABASE_URL=\n', 'package.json': '{"name":"app"}' };
  const sources = { 'svc/server.js': server, 'lib/add.js': plain };
  const project = projectOf(texts, Object.keys(sources));
  const files = checked(project, sources);
  const saved = atOnce(savedFolder('k', project, files));
  const [serverResult, addResult] = files.map(f => f[1]);

  test('the fixture: the server\'s check looks up its .env.example (and finds a key missing), the other file\'s looks for one beside it', () => {
    assert.ok(serverResult.deps?.paths?.includes('svc/.env.example'), JSON.stringify(serverResult.deps));
    assert.ok(serverResult.findings?.some(f => f.ruleId === 'config/env-example-drift'), JSON.stringify(serverResult.findings));
    assert.ok(addResult.deps?.paths?.includes('lib/.env.example') && !addResult.deps.paths.includes('svc/.env.example'), JSON.stringify(addResult.deps));
    assert.ok(saved.looked.some(([p, sig]) => p === 'svc/.env.example' && sig.startsWith('+') && sig.length > 1));
  });

  test('a file unchanged in an unchanged project: its saved result holds, findings and all', () => {
    const reuse = new FolderReuse(saved, projectOf(texts, Object.keys(sources)));
    assert.deepStrictEqual(reuse.result('svc/server.js', serverResult.version), serverResult);
    assert.deepStrictEqual(reuse.result('lib/add.js', addResult.version), addResult);
  });

  test('a file whose size, modification time or change time changed, or that was not saved: no saved result', () => {
    const reuse = new FolderReuse(saved, projectOf(texts, Object.keys(sources)));
    assert.strictEqual(reuse.result('svc/server.js', serverResult.version.replace(/^\d+/, n => String(Number(n) + 1))), undefined);
    assert.strictEqual(reuse.result('svc/server.js', serverResult.version.replace(/\d+$/, n => String(Number(n) + 1))), undefined, 'the change time alone');
    assert.strictEqual(reuse.result('lib/new.js', serverResult.version), undefined);
  });

  test('a project input the check read changed: its result no longer holds; a file that did not read it keeps its own', () => {
    const reuse = new FolderReuse(saved, projectOf({ ...texts, 'svc/.env.example': 'DATABASE_URL=\nSESSION_SECRET=\n' }, Object.keys(sources)));
    assert.strictEqual(reuse.result('svc/server.js', serverResult.version), undefined);
    assert.ok(reuse.result('lib/add.js', addResult.version));
    // and the file checked again in that project finds something else: the saved result would have been wrong
    const now = checked(projectOf({ ...texts, 'svc/.env.example': 'DATABASE_URL=\nSESSION_SECRET=\n' }, Object.keys(sources)), { 'svc/server.js': server });
    assert.notDeepStrictEqual(now[0][1].findings, serverResult.findings);
  });

  test('a path the check looked for appears, or one it found goes: no saved result', () => {
    assert.ok(!project.paths.has('lib/.env.example'));
    const appeared = new FolderReuse(saved, projectOf({ ...texts, 'lib/.env.example': 'X=\n' }, Object.keys(sources)));
    assert.strictEqual(appeared.result('lib/add.js', addResult.version), undefined);
    assert.ok(appeared.result('svc/server.js', serverResult.version));
    const { 'svc/.env.example': _gone, ...rest } = texts;
    assert.strictEqual(new FolderReuse(saved, projectOf(rest, Object.keys(sources))).result('svc/server.js', serverResult.version), undefined);
  });

  test('a check that went through all paths holds only while the paths are the same; others do not mind a new file elsewhere', async () => {
    const walker: SavedFile = { version: '5:7:7', deps: { allPaths: true, facts: true } };
    const withWalker = atOnce(savedFolder('k', project, [...files, ['walk.js', walker]]));
    assert.deepStrictEqual(new FolderReuse(withWalker, projectOf(texts, Object.keys(sources))).result('walk.js', '5:7:7'), walker);
    const grown = new FolderReuse(withWalker, projectOf(texts, [...Object.keys(sources), 'lib/more.js']));
    assert.strictEqual(grown.result('walk.js', '5:7:7'), undefined);
    assert.ok(grown.result('svc/server.js', serverResult.version));
    const renamed = new FolderReuse(withWalker, projectOf(texts, ['svc/server.js', 'lib/sum.js']));
    assert.strictEqual(renamed.result('walk.js', '5:7:7'), undefined, 'same number of paths, not the same paths');
  });

  test('what the checks read is saved once per distinct record, each path once: files of one folder share theirs', async () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`lib/f${i}.js`, plain]));
    const p = projectOf(texts, Object.keys(many));
    const all = checked(p, many);
    const s = atOnce(savedFolder('k', p, all));
    assert.strictEqual(s.deps.length, 1);
    assert.strictEqual(new Set(s.looked.map(([path]) => path)).size, s.looked.length);
    const reuse = new FolderReuse(s, p);
    for (const [rel, f] of all) assert.deepStrictEqual(reuse.result(rel, f.version), f);
  });

  test('a saved record that is not what this version writes: no saved result, no exception', () => {
    const broken = { ...saved, files: saved.files.map(([rel, f]) => [rel, { ...f, deps: 99 }] as typeof saved.files[number]) };
    assert.strictEqual(new FolderReuse(broken, project).result('svc/server.js', serverResult.version), undefined);
  });

  test('a file\'s version changes when its content is replaced with the same size and its modification time put back (as cp -p does)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-version-'));
    try {
      const f = path.join(dir, 'a.js');
      const then = new Date('2025-01-01T00:00:00Z');
      fs.writeFileSync(f, 'one');
      fs.utimesSync(f, then, then);
      const before = readSource(f, 1024) as { version: string };
      const mtimeMs = fs.statSync(f).mtimeMs;
      await new Promise(r => setTimeout(r, 20));
      fs.writeFileSync(f, 'two');
      fs.utimesSync(f, then, then);
      assert.strictEqual(fs.statSync(f).mtimeMs, mtimeMs);
      assert.notStrictEqual((readSource(f, 1024) as { version: string }).version, before.version);
      assert.strictEqual((readSource(f, 1024) as { version: string }).version, diskVersion(fs.statSync(f)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the key: another configuration or another engine build is another key', () => {
    const config = defaultConfig();
    assert.strictEqual(folderKey('b1', config), folderKey('b1', defaultConfig()));
    assert.notStrictEqual(folderKey('b1', config), folderKey('b2', config));
    assert.notStrictEqual(folderKey('b1', config), folderKey('b1', { ...config, rules: { 'config/env-example-drift': 'off' } }));
    // a custom rule's pattern is a RegExp: its source and flags are part of the key
    const custom = (pattern: RegExp) => ({ ...config, customRules: [{ id: 'no-ftp', factor: 'config' as const, pattern, message: 'm', languages: [], severity: 'warning' as const }] });
    assert.strictEqual(folderKey('b1', custom(/ftp:/)), folderKey('b1', custom(/ftp:/)));
    assert.notStrictEqual(folderKey('b1', custom(/ftp:/)), folderKey('b1', custom(/sftp:/)));
    assert.notStrictEqual(folderKey('b1', custom(/ftp:/)), folderKey('b1', custom(/ftp:/i)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-build-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.js'), 'one');
      const one = engineBuildOf(path.join(dir, 'a.js'));
      assert.strictEqual(engineBuildOf(path.join(dir, 'a.js')), one);
      fs.writeFileSync(path.join(dir, 'a.js'), 'two');
      assert.notStrictEqual(engineBuildOf(path.join(dir, 'a.js')), one);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  suite('the file in the workspace\'s storage', () => {
    let dir: string;
    const logged: string[] = [];
    setup(() => { dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cache-')), 'storage'); logged.length = 0; });
    teardown(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

    test('saved and read back by the next session, findings (and their fixes) as they were, in chunks with pauses; none before the first save', async () => {
      assert.ok(serverResult.findings?.some(f => f.fixes?.length), 'a finding with a fix');
      assert.deepStrictEqual(await new ScanCacheFile(dir, m => logged.push(m)).load(), new Map());
      // a folder of more files than one chunk holds, written and read with pauses between chunks
      const big = { ...saved, files: Array.from({ length: 1234 }, (_, i) => [`f${i}.js`, { version: `${i}:1:1`, findings: serverResult.findings }] as typeof saved.files[number]) };
      let pauses = 0;
      const pause = () => { pauses++; return new Promise<void>(r => setImmediate(r)); };
      await new ScanCacheFile(dir, m => logged.push(m)).save(new Map([['file:///w', saved], ['file:///big', big]]), pause);
      assert.ok(pauses >= 3, `${pauses} pauses writing`);
      pauses = 0;
      assert.deepStrictEqual(await new ScanCacheFile(dir, m => logged.push(m)).load(pause), new Map([['file:///w', saved], ['file:///big', big]]));
      assert.ok(pauses >= 3, `${pauses} pauses reading`);
      new ScanCacheFile(dir, m => logged.push(m)).saveSync(new Map([['file:///v', saved]]));
      assert.deepStrictEqual([...(await new ScanCacheFile(dir, m => logged.push(m)).load()).keys()], ['file:///v']);
      assert.deepStrictEqual(fs.readdirSync(dir), ['scan-results.bin'], 'no file left over from writing');
      assert.deepStrictEqual(logged, []);
    });

    test('a save overtaken by a later one (the one when the extension stops) does not replace its file', async () => {
      const file = new ScanCacheFile(dir, m => logged.push(m));
      let release!: () => void;
      const held = new Promise<void>(r => { release = r; });
      const big = { ...saved, files: Array.from({ length: 1200 }, (_, i) => [`f${i}.js`, { version: `${i}:1:1` }] as typeof saved.files[number]) };
      const first = file.save(new Map([['file:///old', big]]), () => held);
      file.saveSync(new Map([['file:///new', saved]]));
      release();
      assert.strictEqual(await first, undefined);
      assert.deepStrictEqual([...(await file.load()).keys()], ['file:///new']);
      assert.deepStrictEqual(fs.readdirSync(dir), ['scan-results.bin']);
    });

    test('a damaged file, or one of another version: nothing used, one line in the log, and the next save replaces it', async () => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'scan-results.bin'), 'not what was saved');
      assert.deepStrictEqual(await new ScanCacheFile(dir, m => logged.push(m)).load(), new Map());
      assert.strictEqual(logged.length, 1, logged.join('\n'));
      const other = new ScanCacheFile(dir, m => logged.push(m));
      await other.save(new Map([['file:///w', saved]]));
      assert.strictEqual((await new ScanCacheFile(dir, m => logged.push(m)).load()).size, 1);
      fs.writeFileSync(path.join(dir, 'scan-results.bin'), require('v8').serialize({ format: 0, folders: [['file:///w', saved]] }));
      assert.deepStrictEqual(await new ScanCacheFile(dir, m => logged.push(m)).load(), new Map());
      // cut short (a disk that filled up): nothing from it
      await other.save(new Map([['file:///w', saved]]));
      const bytes = fs.readFileSync(path.join(dir, 'scan-results.bin'));
      fs.writeFileSync(path.join(dir, 'scan-results.bin'), bytes.subarray(0, bytes.length >> 1));
      logged.length = 0;
      assert.deepStrictEqual(await new ScanCacheFile(dir, m => logged.push(m)).load(), new Map());
      assert.strictEqual(logged.length, 1, logged.join('\n'));
      // read whole but not of the shape written: a folder without its fields, a chunk with no files
      const v8 = require('v8') as typeof import('v8');
      const written = (...values: unknown[]) => { const s = new v8.Serializer(); s.writeHeader(); for (const v of values) s.writeValue(v); return s.releaseBuffer(); };
      const { files: _files, ...meta } = saved;
      for (const bytes of [written({ format: 3, folders: 1 }, ['file:///w', {}, 1]), written({ format: 3, folders: 1 }, ['file:///w', meta, 1], [])]) {
        fs.writeFileSync(path.join(dir, 'scan-results.bin'), bytes);
        logged.length = 0;
        assert.deepStrictEqual(await new ScanCacheFile(dir, m => logged.push(m)).load(), new Map());
        assert.strictEqual(logged.length, 1, logged.join('\n'));
      }
    });
  });
});
