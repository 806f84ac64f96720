import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../src/core/config';
import { lint } from '../../src/core/engine';
import { factsOf } from '../../src/core/facts';
import { Project } from '../../src/core/project';
import { ScanPool } from '../../src/extension/scanPool';
import { FileResult, ScanFolder, checkLocalFile, projectOf } from '../../src/extension/localCheck';
import { ROOT } from './paths';

const WORKER = path.join(ROOT, 'dist', 'scanWorker.js');

suite('workspace scan in worker threads', function () {
  this.timeout(30000);
  let dir: string;
  const files: { fsPath: string; rel: string }[] = [];
  const config = defaultConfig();
  const texts: [string, string][] = [['.env.example', 'DATABASE_URL=\n']];
  const noProject: Project = { paths: new Set(), read: () => undefined };

  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-pool-'));
    const write = (rel: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
      files.push({ fsPath: path.join(dir, rel), rel });
    };
    for (let i = 0; i < 120; i++) {
      if (i % 3 === 0) write(`src/db${i}.js`, `const url = 'postgres://app@db${i}.internal:5432/app';\nmodule.exports = url;\n`);
      else if (i % 3 === 1) write(`app/cache${i}.py`, `import os\nREDIS = os.environ.get("REDIS_URL", "redis://cache.internal:6379")\n`);
      else write(`lib/ok${i}.go`, `package lib\n\nfunc Add(a, b int) int { return a + b }\n`);
    }
    write('node_modules/dep/index.js', "const u = 'postgres://app@db.internal:5432/app';\n");
    write('bin/tool.js', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0x70, 0x6f, 0x73, 0x74]));
    write('lib/medium.js', `const u = 'postgres://app@db.internal:5432/app';\n` + 'const total = values.reduce((a, b) => a + b, 0);\n'.repeat(1300));
    write('big/huge.js', `const u = 'postgres://app@db.internal:5432/app';\n`.padEnd(1100 * 1024, ' '));
    files.push({ fsPath: path.join(dir, 'gone.js'), rel: 'gone.js' });
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  const folder = (): ScanFolder => ({ kind: 'folder', config, paths: files.map(f => f.rel), texts });
  const timeless = (r: FileResult | undefined) => (r && 'ms' in r ? { ...r, ms: 0 } : r);

  test('a worker built by the build exists (npm test builds before the unit tests)', () => {
    assert.ok(fs.existsSync(WORKER), `${WORKER} is built`);
  });

  test('one file: checked, ignored, binary, too big or gone, as the host\'s own thread decides', () => {
    const at = (rel: string) => checkLocalFile(path.join(dir, rel), rel, config, noProject)!;
    const db = at('src/db0.js');
    assert.ok('findings' in db);
    const text = fs.readFileSync(path.join(dir, 'src/db0.js'), 'utf8');
    assert.deepStrictEqual(db.findings, lint({ path: 'src/db0.js', text }, { config, project: noProject }));
    assert.deepStrictEqual(db.facts, factsOf('src/db0.js', text));
    assert.strictEqual(db.findings[0].ruleId, 'config/hardcoded-connection-string');
    assert.deepStrictEqual(at('node_modules/dep/index.js'), { quiet: true });
    assert.deepStrictEqual(at('bin/tool.js'), { skipped: 'binary' });
    assert.deepStrictEqual(at('big/huge.js'), { skipped: 'larger than 1024 KB' });
    assert.deepStrictEqual(at('gone.js'), { quiet: true });
    assert.deepStrictEqual(checkLocalFile(dir, 'a-folder.js', config, noProject), { skipped: 'cannot read: it is a folder now' });
    // a named pipe is not waited on (nothing would ever write to it)
    const fifo = path.join(dir, 'pipe.js');
    let made = false;
    try { execFileSync('mkfifo', [fifo]); made = true; } catch { /* no mkfifo here */ }
    if (made) {
      assert.deepStrictEqual(checkLocalFile(fifo, 'pipe.js', config, noProject), { skipped: 'cannot read: not a regular file' });
      fs.rmSync(fifo);
    }
    // with a size limit, a larger file is left to someone else; a skipped one is still skipped
    assert.strictEqual(checkLocalFile(path.join(dir, 'lib/medium.js'), 'lib/medium.js', config, noProject, 48 * 1024), undefined);
    assert.deepStrictEqual(checkLocalFile(path.join(dir, 'big/huge.js'), 'big/huge.js', config, noProject, 48 * 1024), { skipped: 'larger than 1024 KB' });
    assert.deepStrictEqual(timeless(checkLocalFile(path.join(dir, 'src/db0.js'), 'src/db0.js', config, noProject, 48 * 1024)), timeless(db));
  });

  test('a check says what it read of the project: the facts, the paths it looked up', () => {
    // not one of `files`: the runs below do not see it
    const rel = 'svc/server.js', server = path.join(dir, rel);
    fs.mkdirSync(path.dirname(server), { recursive: true });
    fs.writeFileSync(server, "const http = require('http');\nhttp.createServer((req, res) => res.end('ok')).listen(process.env.PORT);\n");
    const unknown = checkLocalFile(server, rel, config, noProject)!;
    assert.ok('findings' in unknown && unknown.deps?.facts === true, JSON.stringify(unknown));
    // it looked for an .env.example beside it and above (for env-example-drift), and nothing else
    assert.ok(unknown.deps?.paths?.includes('svc/.env.example') && unknown.deps.paths.includes('.env.example'), JSON.stringify(unknown.deps));
    assert.strictEqual(unknown.deps?.allPaths, undefined);
    assert.deepStrictEqual(unknown.findings, [], 'silent while the facts are unknown');
    const known = checkLocalFile(server, rel, config, { ...noProject, facts: new Set<string>() })!;
    assert.ok('findings' in known && known.deps?.facts === true);
    assert.deepStrictEqual(known.findings.map(f => f.ruleId), ['disposability/no-graceful-shutdown']);
    const handled = checkLocalFile(server, rel, config, { ...noProject, facts: new Set(['handles-sigterm', 'handles-sigterm@svc']) })!;
    assert.ok('findings' in handled && handled.deps?.facts === true);
    assert.deepStrictEqual(handled.findings, []);
    const plain = checkLocalFile(path.join(dir, 'src/db0.js'), 'src/db0.js', config, noProject)!;
    assert.ok('findings' in plain && plain.deps && !plain.deps.facts, 'a file without a server start never reads the facts');
    fs.rmSync(path.dirname(server), { recursive: true });
  });

  test('two workers give every file back once, with the results of checking it here', async () => {
    const pool = new ScanPool(WORKER, 2, m => assert.fail(m));
    try {
      assert.strictEqual(pool.size, 2);
      const got: (FileResult | undefined)[] = new Array(files.length);
      await pool.run(folder(), files, (i, result) => {
        assert.ok(result, 'no file is given back');
        assert.strictEqual(got[i], undefined, `file ${i} once`);
        got[i] = result;
      }, () => false);
      const project: Project = { paths: new Set(files.map(f => f.rel)), read: p => new Map(texts).get(p) };
      files.forEach((f, i) => assert.deepStrictEqual(timeless(got[i]), timeless(checkLocalFile(f.fsPath, f.rel, config, project)), f.rel));
      // a second folder message replaces the first: the worker checks with the new settings
      const off = { ...folder(), config: { ...config, rules: { 'config/hardcoded-connection-string': 'off' as const } } };
      const rules: string[] = [];
      await pool.run(off, files.slice(0, 3), (_, r) => { if (r && 'findings' in r) rules.push(...r.findings.map(f => f.ruleId)); }, () => false);
      assert.ok(rules.length > 0 && !rules.includes('config/hardcoded-connection-string'), rules.join());
    } finally {
      pool.dispose();
    }
  });

  test('with the host\'s thread taking part: every file once, small ones here, larger ones passed to the worker, same results', async () => {
    const pool = new ScanPool(WORKER, 1, m => assert.fail(m));
    try {
      const f = folder();
      const project = projectOf(f);
      const answered = new Set<number>(), passed = new Set<string>();
      const here = {
        sliceMs: 2,
        check: (file: { fsPath: string; rel: string }) => {
          const r = checkLocalFile(file.fsPath, file.rel, config, project, 48 * 1024);
          if (!r) passed.add(file.rel);
          return r;
        },
      };
      const got: (FileResult | undefined)[] = new Array(files.length);
      let hereCount = 0;
      await pool.run(f, files, (i, result) => {
        assert.ok(result);
        assert.ok(!answered.has(i), `file ${i} once`);
        answered.add(i);
        got[i] = result;
      }, () => false, { ...here, check: file => { hereCount++; return here.check(file); } });
      assert.strictEqual(answered.size, files.length);
      assert.ok(hereCount > 0, 'this thread checked some files');
      assert.ok(hereCount < files.length, 'the worker checked some files');
      // the 60 KB file: passed over here if this thread reached it, and answered by the worker either way
      const medium = files.findIndex(x => x.rel === 'lib/medium.js');
      assert.ok(got[medium] && 'findings' in got[medium]!);
      files.forEach((x, i) => assert.deepStrictEqual(timeless(got[i]), timeless(checkLocalFile(x.fsPath, x.rel, config, project)), x.rel));
    } finally {
      pool.dispose();
    }
  });

  test('once through its share, the host\'s thread takes back passed files no worker took yet (within its larger limit), every file once', async () => {
    // a worker slowed down: its answers wait 100 ms, so this thread is through its share long before it
    const script = path.join(dir, 'slow.js');
    fs.writeFileSync(script, `const { parentPort } = require('worker_threads'); const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = m => setTimeout(() => post(m), 100); require(${JSON.stringify(WORKER)});\n`);
    const pool = new ScanPool(script, 1, m => assert.fail(m));
    try {
      const f = folder();
      const project = projectOf(f);
      const got: (FileResult | undefined)[] = new Array(files.length);
      const takenBack: string[] = [], leftToWorker: string[] = [];
      await pool.run(f, files, (i, result) => {
        assert.ok(result);
        assert.strictEqual(got[i], undefined, `file ${i} once`);
        got[i] = result;
      }, () => false, {
        sliceMs: 2,
        // everything is passed over at first
        check: () => undefined,
        checkPassed: file => {
          const r = checkLocalFile(file.fsPath, file.rel, config, project, 32 * 1024);
          (r ? takenBack : leftToWorker).push(file.rel);
          return r;
        },
      });
      assert.ok(takenBack.length > files.length / 2, `this thread took back ${takenBack.length} of ${files.length} files`);
      // the 60 KB file is over the larger limit too: the worker's
      assert.deepStrictEqual(leftToWorker, ['lib/medium.js']);
      files.forEach((x, i) => assert.deepStrictEqual(timeless(got[i]), timeless(checkLocalFile(x.fsPath, x.rel, config, project)), x.rel));
    } finally {
      pool.dispose();
    }
  });

  test('a check on the host\'s thread that throws is that file\'s failed result; workers that die leave the rest to the caller', async () => {
    const script = path.join(dir, 'dies-at-once.js');
    fs.writeFileSync(script, "require('worker_threads').parentPort.on('message', m => { if (m.kind === 'batch') process.exit(4); });\n");
    const failures: string[] = [];
    const pool = new ScanPool(script, 1, m => failures.push(m));
    try {
      const seen = new Map<number, FileResult | undefined>();
      let calls = 0;
      await pool.run(folder(), files, (i, result) => {
        assert.ok(!seen.has(i), `file ${i} once`);
        seen.set(i, result);
      }, () => false, { sliceMs: 50, check: () => { if (calls++ === 0) throw new Error('bang'); return { quiet: true }; } });
      assert.strictEqual(seen.size, files.length, 'every file is answered or given back');
      const failed = [...seen.values()].filter(r => r && 'failed' in r);
      assert.strictEqual(failed.length, 1);
      assert.match((failed[0] as { failed: string }).failed, /Error: bang/);
      assert.match(failures.join('\n'), /exited \(code 4\)/);
    } finally {
      pool.dispose();
    }
  });

  test('a worker that dies gives its files back, and the run still ends', async () => {
    const script = path.join(dir, 'dies.js');
    fs.writeFileSync(script, "require('worker_threads').parentPort.on('message', m => { if (m.kind === 'batch') process.exit(3); });\n");
    const failures: string[] = [];
    const pool = new ScanPool(script, 2, m => failures.push(m));
    try {
      const back = new Set<number>();
      await pool.run(folder(), files, (i, result) => {
        assert.strictEqual(result, undefined);
        assert.ok(!back.has(i));
        back.add(i);
      }, () => false);
      assert.strictEqual(back.size, files.length, 'every file is given back');
      assert.strictEqual(failures.length, 2);
      assert.match(failures[0], /exited \(code 3\)/);
      assert.strictEqual(pool.size, 0);
    } finally {
      pool.dispose();
    }
  });

  test('a result handler that throws is logged, and the run still ends with every batch answered', async () => {
    const failures: string[] = [];
    const pool = new ScanPool(WORKER, 2, m => failures.push(m));
    try {
      let taken = 0, calls = 0;
      await pool.run(folder(), files, () => { if (calls++ === 0) throw new Error('boom'); taken++; }, () => false);
      assert.strictEqual(calls, files.length, 'every file is still offered');
      assert.strictEqual(taken, files.length - 1);
      assert.strictEqual(failures.length, 1);
      assert.match(failures[0], /taking a scan result failed: Error: boom/);
    } finally {
      pool.dispose();
    }
  });

  test('a cancelled run ends without waiting for the rest', async () => {
    const pool = new ScanPool(WORKER, 1, m => assert.fail(m));
    try {
      let taken = 0;
      await pool.run(folder(), files, () => { taken++; }, () => taken > 0);
      assert.ok(taken > 0 && taken < files.length, `stopped after ${taken} of ${files.length}`);
    } finally {
      pool.dispose();
    }
  });

  test('a pool runs again right after a cancelled run: every file once, none of the cancelled run\'s answers', async () => {
    const pool = new ScanPool(WORKER, 1, m => assert.fail(m));
    try {
      let taken = 0;
      // cancelled once the first batch is in: the worker still holds a batch of this run
      await pool.run(folder(), files, () => { taken++; }, () => taken > 0);
      assert.ok(taken > 0 && taken < files.length);
      // the next run, over the files in another order: results must be this run's, file by file
      const reversed = [...files].reverse();
      const got: (FileResult | undefined)[] = new Array(reversed.length);
      await pool.run(folder(), reversed, (i, result) => {
        assert.ok(result);
        assert.strictEqual(got[i], undefined, `file ${i} once`);
        got[i] = result;
      }, () => false);
      const project = projectOf(folder());
      reversed.forEach((f, i) => assert.deepStrictEqual(timeless(got[i]), timeless(checkLocalFile(f.fsPath, f.rel, config, project)), f.rel));
    } finally {
      pool.dispose();
    }
  });

  test('a worker script that cannot load gives every file back, and the log says why', async () => {
    const failures: string[] = [];
    const pool = new ScanPool(path.join(dir, 'no-such-worker.js'), 2, m => failures.push(m));
    try {
      let back = 0;
      await pool.run(folder(), files, (_, result) => { assert.strictEqual(result, undefined); back++; }, () => false);
      assert.strictEqual(back, files.length);
      assert.match(failures.join('\n'), /a scan worker failed: .*Cannot find module/);
    } finally {
      pool.dispose();
    }
  });
});
