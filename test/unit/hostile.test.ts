/**
 * Hostile inputs, through the engine (`lint`) and the CLI (its `main`, in process): binary files,
 * NUL bytes, invalid UTF-8, CRLF and byte order marks, files too large or one huge line, symbolic
 * link loops, files that vanish or change between listing and reading, and malformed config,
 * `.env`, `package.json`, Dockerfile and compose files. The run always finishes, says what it
 * could not check once and by path, and findings stay where they belong.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { main } from '../../src/cli/cli';
import { defaultConfig } from '../../src/core/config';
import { decodeText } from '../../src/core/decode';
import { SLOW_RULE_ID, lint, resetRuleBudgets, skipReasonForPath, skipReasonForText } from '../../src/core/engine';
import { MALFORMED_FILE_ID, jsonSyntaxError, malformedInputProblems } from '../../src/core/malformed';
import { projectFromMap } from '../../src/core/project';
import { SourceFile } from '../../src/core/source';
import { Finding } from '../../src/core/types';
import { FIXTURES, ROOT } from './paths';

/** The real `fs` module (not a bundler's copy of its namespace), so a test can stand between the CLI and the disk. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');

const DB = "const pool = new Pool({ connectionString: 'postgres://app@db.internal:5432/app' });\n";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
/** An ELF header followed by what a binary's string table holds: addresses a rule would flag in a source file. */
const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0]),
  Buffer.from('\0postgres://app:Sup3rS3cret@db.internal:5432/app\0redis://cache.internal:6379\0', 'latin1'),
  Buffer.alloc(64),
]);

const at = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.column + 1}`;
const inRange = (fs: Finding[], text: string) => fs.every(f => f.range.start.offset >= 0 && f.range.start.offset <= f.range.end.offset && f.range.end.offset <= text.length);
const ms = (start: bigint) => Number((process.hrtime.bigint() - start) / 1000000n);

interface Run { code: number; out: string; err: string }
function run(cwd: string, ...argv: string[]): Run {
  let out = '', err = '';
  const code = main(argv, { cwd, out: s => { out += s; }, err: s => { err += s; }, color: false });
  return { code, out, err };
}
function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}
interface JsonFinding { ruleId: string; path: string; line: number; column: number; endLine: number; endColumn: number; message: string }
interface SarifNotification { level: string; message: { text: string } }
const sarifNotes = (r: Run): SarifNotification[] => JSON.parse(r.out).runs[0].invocations[0].toolExecutionNotifications;

/** Replace `fs.openSync` while `body` runs: `before(path)` is called before each real open. */
function beforeOpen<T>(before: (p: string) => void, body: () => T): T {
  const real = nodeFs.openSync;
  nodeFs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    before(String(p));
    return (real as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync;
  try { return body(); } finally { nodeFs.openSync = real; }
}

suite('hostile inputs', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string | Buffer>): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-hostile-'));
    dirs.push(dir);
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
    return dir;
  };
  suiteTeardown(() => {
    for (const d of dirs) {
      // a test may have left a folder without permissions
      try { execFileSync('chmod', ['-R', 'u+rwx', d]); } catch { /* not there, or no chmod */ }
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  suite('engine', () => {
    test('binary files (PNG bytes, an ELF blob) are skipped as binary: no findings, even for addresses in their strings', () => {
      for (const [p, bytes] of [['media/logo.png', PNG], ['bin/server', ELF], ['bin/server.js', ELF]] as const) {
        const text = decodeText(bytes);
        assert.strictEqual(skipReasonForText(text), 'binary', p);
        assert.deepStrictEqual(lint({ path: p, text }), [], p);
      }
    });

    test('NUL bytes: in the first 8 KB the file counts as binary; further down, findings keep their line and column', () => {
      assert.strictEqual(skipReasonForText(`// \0\n${DB}`), 'binary');
      const filler = Array.from({ length: 400 }, (_, i) => `const v${i} = ${i}; // filler line`).join('\n');
      const text = `${filler}\n// a stray \0 byte\n${DB}`;
      assert.ok(text.indexOf('\0') > 8192);
      const f = lint({ path: 'src/db.js', text }).filter(x => x.ruleId === 'config/hardcoded-connection-string');
      assert.deepStrictEqual(f.map(at), ['402:44']);
      assert.ok(inRange(f, text));
    });

    test('invalid UTF-8 decodes to U+FFFD, one per bad sequence, and columns count the decoded text (as the editor shows it)', () => {
      const bytes = Buffer.concat([Buffer.from('const a = "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from(`"; ${DB}`)]);
      const text = decodeText(bytes);
      assert.strictEqual(text.slice(11, 16), '\ufffd\ufffd\ufffd(\ufffd');
      const f = lint({ path: 'src/db.js', text }).filter(x => x.ruleId === 'config/hardcoded-connection-string');
      assert.deepStrictEqual(f.map(at), [`1:${text.indexOf('postgres://') + 1}`]);
    });

    test('a byte order mark is dropped when decoding (UTF-8, UTF-16LE, UTF-16BE), so findings on line 1 keep the editor\'s columns', () => {
      const plain = lint({ path: 'src/db.js', text: DB }).map(at);
      assert.deepStrictEqual(plain, ['1:44']);
      const utf8 = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DB)]));
      const le = decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DB, 'utf16le')]));
      const be = decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(DB, 'utf16le').swap16()]));
      for (const text of [utf8, le, be]) {
        assert.strictEqual(text, DB);
        assert.deepStrictEqual(lint({ path: 'src/db.js', text }).map(at), plain);
      }
    });

    /**
     * Rules that lose findings when the file has CRLF line endings, with why. Each entry must still
     * fail: when the rule is fixed, this test says so, and the entry goes.
     */
    /** Fixtures known to differ under CRLF, with why (none now: the test fails when one appears). */
    const CRLF_KNOWN: Record<string, string> = {};

    test('CRLF line endings: every fixture of every rule gives the same findings at the same line:col as with LF', function () {
      this.timeout(60000);
      const wrong: string[] = [];
      const stillKnown = new Set<string>();
      let files = 0;
      for (const { ruleId, dir } of ruleFixtureDirs()) {
        const names = filesUnder(dir).filter(f => f !== 'expected.json');
        const lf = new Map(names.map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r\n/g, '\n')]));
        const crlf = new Map([...lf].map(([k, v]) => [k, v.replace(/\n/g, '\r\n')]));
        const [p1, p2] = [projectFromMap(lf), projectFromMap(crlf)];
        for (const name of names) {
          files++;
          const key = (fs: Finding[]) => fs.filter(f => f.ruleId !== SLOW_RULE_ID).map(f => `${f.ruleId} ${at(f)}`).sort().join(', ');
          resetRuleBudgets();
          const a = key(lint({ path: name, text: lf.get(name)! }, { project: p1 }));
          const crlfFindings = lint({ path: name, text: crlf.get(name)! }, { project: p2 });
          assert.ok(inRange(crlfFindings, crlf.get(name)!));
          const b = key(crlfFindings);
          const id = `${ruleId} ${name}`;
          if (a !== b) {
            if (CRLF_KNOWN[id]) stillKnown.add(id);
            else wrong.push(`${id}\n    LF:   ${a}\n    CRLF: ${b}`);
          }
        }
      }
      console.log(`      CRLF: ${files} fixture files compared`);
      assert.deepStrictEqual(wrong, [], `findings differ with CRLF:\n${wrong.join('\n')}`);
      assert.deepStrictEqual(Object.keys(CRLF_KNOWN).filter(k => !stillKnown.has(k)), [], 'fixed: remove these from CRLF_KNOWN');
    });

    test('a file over maxFileSizeKB is skipped by its size alone, before it is read', () => {
      const config = defaultConfig();
      assert.strictEqual(skipReasonForPath('dist2/bundle.js', 50 * 1024 * 1024, config), 'larger than 1024 KB');
      assert.strictEqual(skipReasonForPath('src/app.js', 1024 * 1024, config), undefined);
    });

    test('a 5 MB single-line minified file completes at once: skipped as minified', () => {
      const chunk = "var a=process.env.X||'postgres://u:Sup3rS3cret9@db.internal:5432/app';function f(b){return b+1}fetch('http://api.internal:8080/x');";
      const text = chunk.repeat(Math.ceil(5 * 1024 * 1024 / chunk.length));
      const start = process.hrtime.bigint();
      const f = lint({ path: 'public/app.js', text });
      const took = ms(start);
      console.log(`      5 MB single line: ${took} ms`);
      assert.match(skipReasonForText(text) ?? '', /^minified/);
      assert.deepStrictEqual(f, []);
    });

    test('one 100 KB line among short ones (not minified by the average): completes, findings in range, an overrunning rule is reported', function () {
      this.timeout(60000);
      resetRuleBudgets();
      const chunk = "var a=process.env.X||'postgres://u:Sup3rS3cret9@db.internal:5432/app';function f(b){return b+1}fetch('http://api.internal:8080/x');var password='Qm7vX2pL9wZ';";
      const long = chunk.repeat(Math.ceil(100000 / chunk.length));
      const short = Array.from({ length: 260 }, (_, i) => `const y${i} = ${i}; // ${'z'.repeat(580)}`);
      const text = [...short.slice(0, 5), long, ...short.slice(5)].join('\n');
      assert.strictEqual(skipReasonForText(text), undefined);
      const start = process.hrtime.bigint();
      const f = lint({ path: 'src/long-line.js', text });
      const took = ms(start);
      const slow = f.filter(x => x.ruleId === SLOW_RULE_ID);
      console.log(`      ${Math.round(text.length / 1024)} KB file with a ${Math.round(long.length / 1024)} KB line: ${took} ms, ${f.length} findings, slow rules: ${slow.map(x => /Rule (\S+) took (\d+)/.exec(x.message)!.slice(1).join(' ') + ' ms').join(', ') || 'none'}`);
      assert.ok(inRange(f, text));
      assert.ok(f.some(x => x.ruleId === 'config/hardcoded-credentials' && x.range.start.line === 5));
      // a rule over its budget is said so, never silently missing
      for (const s of slow) assert.strictEqual(s.severity, 'info');
    });

    test('a 100,000-line file completes; findings land on their lines', function () {
      this.timeout(60000);
      const lines: string[] = [];
      for (let i = 0; i < 100000; i++) lines.push(i % 5000 === 0 ? `const u${i} = 'postgres://app@db.internal:5432/app';` : `const x${i} = compute(${i}); // comment ${i}`);
      const text = lines.join('\n') + '\n';
      for (const p of ['src/big.js', 'src/big.py', 'config/big.yml']) {
        resetRuleBudgets();
        const start = process.hrtime.bigint();
        const f = lint({ path: p, text });
        const took = ms(start);
        console.log(`      100,000 lines (${p}): ${took} ms, ${f.length} findings`);
        assert.ok(inRange(f, text));
        if (p === 'src/big.js') {
          assert.deepStrictEqual(f.filter(x => x.ruleId === 'config/hardcoded-connection-string').map(x => x.range.start.line), Array.from({ length: 20 }, (_, i) => i * 5000));
        }
      }
    });
  });

  suite('CLI', () => {
    test('binary files and NUL bytes are listed as skipped once; invalid UTF-8, CRLF, a BOM and UTF-16 keep line:col right', () => {
      const crlfBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`// db\n${DB}`.replace(/\n/g, '\r\n'))]);
      const invalid = Buffer.concat([Buffer.from('const a = "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`"; ${DB}`)]);
      const envUtf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('GITHUB_TOKEN=ghp_rUdR1GEG436ARCnlBfoxpPPj9RCfER7GrM6w\r\n', 'utf16le')]);
      const dir = make({
        'media/logo.png': PNG, 'bin/server': ELF, 'src/nul.js': `// \0\n${DB}`,
        'src/plain.js': `// db\n${DB}`, 'src/crlf-bom.js': crlfBom, 'src/invalid.js': invalid, '.env.production': envUtf16,
      });
      const text = run(dir, 'check');
      for (const p of ['media/logo.png', 'bin/server', 'src/nul.js']) assert.strictEqual(occurrences(text.out, p), 1, `${p} in\n${text.out}`);
      const j = JSON.parse(run(dir, 'check', '--format', 'json').out);
      assert.deepStrictEqual(j.skipped, [{ path: 'bin/server', reason: 'binary' }, { path: 'media/logo.png', reason: 'binary' }, { path: 'src/nul.js', reason: 'binary' }]);
      const pos = (p: string) => j.findings.filter((f: JsonFinding) => f.path === p && f.ruleId === 'config/hardcoded-connection-string').map((f: JsonFinding) => [f.line, f.column, f.endLine, f.endColumn]);
      assert.deepStrictEqual(pos('src/plain.js'), [[2, 44, 2, 79]]);
      assert.deepStrictEqual(pos('src/crlf-bom.js'), pos('src/plain.js'));
      assert.deepStrictEqual(pos('src/invalid.js'), [[1, `const a = "\ufffd\ufffd\ufffd"; `.length + 44, 1, `const a = "\ufffd\ufffd\ufffd"; `.length + 79]]);
      assert.ok(j.findings.some((f: JsonFinding) => f.path === '.env.production' && f.ruleId === 'config/hardcoded-credentials' && f.line === 1 && f.column === 14), JSON.stringify(j.findings));
    });

    test('a 50 MB file is skipped unread and told once, by path: text, JSON, and a SARIF notification', function () {
      const dir = make({ 'src/db.js': DB, 'assets/huge.js': '' });
      const huge = path.join(dir, 'assets', 'huge.js');
      fs.truncateSync(huge, 50 * 1024 * 1024); // sparse: nothing written
      const opened: string[] = [];
      const start = process.hrtime.bigint();
      const [text, json, sarif] = beforeOpen(p => opened.push(p), () => ['text', 'json', 'sarif'].map(f => run(dir, 'check', '--format', f)));
      console.log(`      50 MB file: three runs in ${ms(start)} ms`);
      assert.ok(!opened.includes(huge), 'the large file was opened');
      assert.strictEqual(occurrences(text.out, 'assets/huge.js'), 1, text.out);
      assert.match(text.out, /assets\/huge\.js \(larger than 1024 KB\)/);
      assert.deepStrictEqual(JSON.parse(json.out).skipped, [{ path: 'assets/huge.js', reason: 'larger than 1024 KB' }]);
      const notes = sarifNotes(sarif).filter(n => n.message.text.includes('assets/huge.js'));
      assert.deepStrictEqual(notes.map(n => [n.level, n.message.text]), [['note', 'assets/huge.js: not checked (larger than 1024 KB)']]);
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8'));
      const validate = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false, allErrors: true }).compile(schema);
      assert.ok(validate(JSON.parse(sarif.out)), JSON.stringify(validate.errors, null, 2));
      for (const r of [text, json, sarif]) assert.strictEqual(r.code, 1); // the finding in src/db.js
    });

    test('a 5 MB single-line minified file: skipped by size, or read and skipped as minified with a larger limit', function () {
      this.timeout(30000);
      const chunk = "var a=process.env.X||'postgres://u:Sup3rS3cret9@db.internal:5432/app';function f(b){return b+1}";
      const dir = make({ 'public/app.js': chunk.repeat(Math.ceil(5 * 1024 * 1024 / chunk.length)) });
      assert.deepStrictEqual(JSON.parse(run(dir, 'check', '--format', 'json').out).skipped, [{ path: 'public/app.js', reason: 'larger than 1024 KB' }]);
      const start = process.hrtime.bigint();
      const r = run(dir, 'check', '--format', 'json', '--max-file-size', '8192');
      console.log(`      5 MB single line through the CLI: ${ms(start)} ms`);
      const j = JSON.parse(r.out);
      assert.deepStrictEqual(j.findings, []);
      assert.deepStrictEqual(j.skipped, [{ path: 'public/app.js', reason: 'minified (average line longer than 1000 characters)' }]);
      assert.strictEqual(r.code, 0);
    });

    test('symbolic link loops and links out of the project: the walk finishes and lists each link once', function () {
      if (process.platform === 'win32') this.skip();
      const outside = make({ 'secrets/db.js': DB });
      const dir = make({ 'a/db.js': DB, 'inside.js': DB });
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop')); // a folder loop
      fs.symlinkSync('y.js', path.join(dir, 'x.js')); // x -> y -> x
      fs.symlinkSync('x.js', path.join(dir, 'y.js'));
      fs.symlinkSync('self.js', path.join(dir, 'self.js'));
      fs.symlinkSync('missing.js', path.join(dir, 'dangling.js'));
      fs.symlinkSync(path.join(outside, 'secrets', 'db.js'), path.join(dir, 'leak.js'));
      fs.symlinkSync('inside.js', path.join(dir, 'alias.js'));
      const r = run(dir, 'check', '--format', 'json');
      const j = JSON.parse(r.out);
      assert.deepStrictEqual([...new Set(j.findings.map((f: JsonFinding) => f.path))].sort(), ['a/db.js', 'alias.js']);
      assert.deepStrictEqual(j.skipped, [
        { path: 'dangling.js', reason: 'broken symbolic link' },
        { path: 'leak.js', reason: 'symbolic link to a file outside the project' },
        { path: 'self.js', reason: 'symbolic link loop' },
        { path: 'x.js', reason: 'symbolic link loop' },
        { path: 'y.js', reason: 'symbolic link loop' },
      ]);
      const text = run(dir, 'check').out;
      for (const p of ['self.js', 'x.js', 'y.js', 'leak.js']) assert.strictEqual(occurrences(text, ` ${p} (`), 1, text);
      // named on the command line, a folder outside the project is checked as asked
      assert.ok(JSON.parse(run(dir, 'check', outside, '--format', 'json').out).findings.length > 0);
    });

    test('an unreadable file (chmod 000) is reported once and the run finishes', function () {
      if (process.platform === 'win32') this.skip();
      if (process.getuid?.() === 0) {
        console.log('      skipped: running as root, which reads a chmod 000 file anyway (the read errors below cover the path)');
        this.skip();
      }
      const dir = make({ 'src/db.js': DB, 'src/locked.js': DB });
      fs.chmodSync(path.join(dir, 'src', 'locked.js'), 0);
      const text = run(dir, 'check');
      assert.strictEqual(occurrences(text.out, 'src/locked.js'), 1, text.out);
      assert.match(text.out, /error src\/locked\.js: cannot read: EACCES/);
      assert.deepStrictEqual(JSON.parse(run(dir, 'check', '--format', 'json').out).errors, [{ path: 'src/locked.js', message: 'cannot read: EACCES' }]);
    });

    test('files deleted, or replaced by a folder or a pipe, between listing and reading: reported once, the rest checked, no hang', function () {
      if (process.platform === 'win32') this.skip();
      const dir = make({ 'src/db.js': DB, 'src/gone.js': DB, 'src/folder.js': DB, 'src/pipe.js': DB });
      const mkfifo = hasMkfifo();
      const sabotage = (p: string) => {
        const rel = path.relative(dir, p).split(path.sep).join('/');
        if (rel === 'src/gone.js' && fs.existsSync(p)) fs.rmSync(p);
        if (rel === 'src/folder.js' && fs.statSync(p, { throwIfNoEntry: false })?.isFile()) { fs.rmSync(p); fs.mkdirSync(p); }
        if (rel === 'src/pipe.js' && mkfifo && fs.statSync(p, { throwIfNoEntry: false })?.isFile()) { fs.rmSync(p); execFileSync('mkfifo', [p]); }
      };
      const restore = () => {
        fs.rmSync(path.join(dir, 'src', 'folder.js'), { recursive: true, force: true });
        for (const f of ['gone.js', 'folder.js', 'pipe.js']) { fs.rmSync(path.join(dir, 'src', f), { force: true }); fs.writeFileSync(path.join(dir, 'src', f), DB); }
      };
      const expected = [
        { path: 'src/folder.js', message: 'cannot read: it is a folder now' },
        { path: 'src/gone.js', message: 'cannot read: ENOENT' },
        ...(mkfifo ? [{ path: 'src/pipe.js', message: 'cannot read: not a regular file' }] : []),
      ];
      const runs: Record<string, Run> = {};
      for (const format of ['text', 'json', 'sarif']) {
        restore();
        runs[format] = beforeOpen(sabotage, () => run(dir, 'check', '--format', format));
      }
      const sorted = (e: { path: string }[]) => [...e].sort((a, b) => a.path.localeCompare(b.path));
      for (const e of expected) {
        assert.strictEqual(occurrences(runs.text.out, e.path), 1, runs.text.out);
        assert.ok(runs.text.out.includes(`error ${e.path}: ${e.message}`), runs.text.out);
      }
      const j = JSON.parse(runs.json.out);
      assert.deepStrictEqual(sorted(j.errors), expected);
      assert.deepStrictEqual(j.findings.map((f: JsonFinding) => f.path), ['src/db.js']);
      const sarif = JSON.parse(runs.sarif.out);
      assert.strictEqual(sarif.runs[0].invocations[0].executionSuccessful, false);
      assert.deepStrictEqual(sarifNotes(runs.sarif).filter(n => n.level === 'error').map(n => n.message.text).sort(), expected.map(e => `${e.path}: ${e.message}`));
      // exit codes come from the findings: the run did not crash
      for (const r of Object.values(runs)) assert.strictEqual(r.code, 1);
    });

    test('a pipe named on the command line is refused, not read (it would block forever)', function () {
      if (process.platform === 'win32' || !hasMkfifo()) this.skip();
      const dir = make({ 'src/db.js': DB });
      execFileSync('mkfifo', [path.join(dir, 'fifo.js')]);
      const j = JSON.parse(run(dir, 'check', 'fifo.js', 'src', '--format', 'json').out);
      assert.deepStrictEqual(j.errors, [{ path: 'fifo.js', message: 'not a file or folder (a pipe, socket or device is never read)' }]);
      assert.deepStrictEqual(j.findings.map((f: JsonFinding) => f.path), ['src/db.js']);
      // in a walked folder, a pipe is not a file and is left alone
      assert.deepStrictEqual(JSON.parse(run(dir, 'check', '--format', 'json').out).errors, []);
    });

    test('control characters in a file name cannot forge lines or escape sequences in the text output', function () {
      if (process.platform === 'win32') this.skip();
      const dir = make({ 'src/evil\n\x1b[31mname.js': DB });
      const out = run(dir, 'check').out;
      assert.ok(!out.includes('\x1b'), JSON.stringify(out));
      assert.match(out, /^src\/evil\\x0a\\x1b\[31mname\.js$/m);
    });
  });

  suite('malformed files', () => {
    const cases: { file: string; text: string; at: string; message: RegExp }[] = [
      { file: '.env', text: 'PORT=3000\nDATABASE_URL postgres://app@db.internal:5432/app\n', at: '2:1', message: /^This line of \.env is not NAME=value, so dotenv skips it/ },
      { file: 'package.json', text: '{\n  "name": "api",\n  "dependencies": {\n    "pg": "^8.11.0"\n    "redis": "^4.6.0"\n  }\n}\n', at: '5:5', message: /^package\.json is not valid JSON: ',' or '\}' is expected here/ },
      { file: 'Dockerfile', text: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUNN npm ci\nCMD ["node", "server.js"]\n', at: '4:1', message: /^Docker does not know the instruction RUNN/ },
      { file: 'docker-compose.yml', text: 'services:\n  db:\n    image: postgres:16\n   environment:\n      POSTGRES_DB: app\n', at: '4:4', message: /^docker-compose\.yml is not valid YAML: all mapping items must start at the same column/ },
    ];
    for (const c of cases) {
      test(`${c.file}: a finding naming the file at its line:col, and the other files' findings still come out`, () => {
        // the engine never throws on it
        assert.doesNotThrow(() => lint({ path: c.file, text: c.text }));
        const problems = malformedInputProblems(c.file, c.text);
        const file = new SourceFile(c.file, c.text);
        assert.deepStrictEqual(problems.map(p => { const q = file.positionAt(p.start); return `${q.line + 1}:${q.column + 1}`; }), [c.at]);
        assert.match(problems[0].message, c.message);

        const dir = make({ [c.file]: c.text, 'src/db.js': DB });
        const j = JSON.parse(run(dir, 'check', '--format', 'json').out);
        const mine = j.findings.filter((f: JsonFinding) => f.ruleId === MALFORMED_FILE_ID);
        assert.deepStrictEqual(mine.map((f: JsonFinding) => `${f.path} ${f.line}:${f.column}`), [`${c.file} ${c.at}`]);
        assert.ok(j.findings.some((f: JsonFinding) => f.path === 'src/db.js' && f.ruleId === 'config/hardcoded-connection-string'));
        const text = run(dir, 'check');
        assert.match(text.out, new RegExp(`^${c.file.replace(/\./g, '\\.')}$`, 'm'));
        assert.match(text.out, new RegExp(`^  ${c.at} +warning ${c.message.source.slice(1)}`, 'm'));
        assert.strictEqual(text.code, 1);
        const sarif = JSON.parse(run(dir, 'check', '--format', 'sarif').out);
        assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string; fullDescription: { text: string } }) => r.id === MALFORMED_FILE_ID && /could not read/.test(r.fullDescription.text)));
      });
    }

    test('.twelve-factor.yml: the problem is told with file:line:col, the files are still checked with the rest of it, exit 2', () => {
      const dir = make({ '.twelve-factor.yml': 'rules:\n  config/hardcoded-host: off\n  dependencies/missing-lockfile: [unclosed\n', 'src/db.js': DB });
      const r = run(dir, 'check', '--format', 'json');
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /^twelve-factor: \.twelve-factor\.yml:4:1: \.twelve-factor\.yml is not valid YAML: /m);
      const j = JSON.parse(r.out);
      assert.ok(j.findings.some((f: JsonFinding) => f.path === 'src/db.js' && f.ruleId === 'config/hardcoded-connection-string'));
      assert.ok(j.findings.some((f: JsonFinding) => f.path === '.twelve-factor.yml' && f.ruleId === 'twelve-factor/config-error' && f.line === 4));
      // and through the engine: one error finding at the spot
      assert.ok(lint({ path: '.twelve-factor.yml', text: 'rules:\n  a: [unclosed\n' }).some(f => f.ruleId === 'twelve-factor/config-error'));
    });

    test('scaffold warns about a manifest it had to read as empty', () => {
      const dir = make({ 'package.json': '{ "name": "api", "dependencies": { "express": "^4" }, }\n', 'server.js': 'require("express")().listen(process.env.PORT);\n' });
      const r = run(dir, 'scaffold', 'procfile', '--dry-run');
      assert.match(r.err, /^twelve-factor: warning: package\.json:1:55: package\.json is not valid JSON: a comma before \} is not allowed in JSON/m);
    });

    test('JSON: the spot and the words for each kind of mistake; a million levels of nesting do not overflow the stack', () => {
      const cases: [string, number, string][] = [
        ['{ "a": 1, }', 10, 'a comma before } is not allowed in JSON'],
        ['[1, 2,]', 6, 'a comma before ] is not allowed in JSON'],
        ['// comment\n{}', 0, 'comments are not allowed in JSON'],
        ["{'a': 1}", 1, 'strings must use double quotes in JSON'],
        ['{"a": "b\nc"}', 6, 'this string is not closed on its line'],
        ['{"a": 1', 7, 'the file ends before this object is closed'],
        ['{"a" 1}', 5, "':' is expected here"],
        ['{"a": 01}', 7, "',' or '}' is expected here"],
        ['{"a": "\\x"}', 7, 'this escape sequence is not valid in JSON'],
        ['{} {}', 3, 'there is more text after the end of the JSON value'],
      ];
      for (const [text, offset, message] of cases) {
        assert.throws(() => JSON.parse(text));
        assert.deepStrictEqual(jsonSyntaxError(text), { offset, message }, text);
      }
      for (const ok of ['{}', '{"a": [1, -2.5e3, true, false, null, {"b": "\\u00e9\\n"}]}', '\ufeff{"a": 1}']) assert.strictEqual(jsonSyntaxError(ok), undefined, ok);
      const deep = '['.repeat(1000000);
      assert.deepStrictEqual(jsonSyntaxError(deep), { offset: 1000000, message: 'the file ends where a value is expected' });
      assert.strictEqual(malformedInputProblems('package.json', deep).length, 1);
      assert.match(malformedInputProblems('composer.json', '[]')[0].message, /^composer\.json must hold a JSON object/);
      assert.match(malformedInputProblems('package.json', '  \n')[0].message, /^package\.json is empty/);
    });

    test('.env: multi-line quoted values, bare names, `export` and `KEY: value` are fine; an unclosed quote is not', () => {
      const text = [
        '# comment', '', 'export A=1', 'B: 2', 'PASSTHROUGH', '  C = "x"  # note', 'KEY="-----BEGIN PRIVATE KEY-----', 'MIIEvQ', '-----END PRIVATE KEY-----"',
        "D='it''s'", 'E="never closed', 'F:3', '[section]',
      ].join('\r\n');
      const file = new SourceFile('.env', text);
      assert.deepStrictEqual(malformedInputProblems('.env', text).map(p => `${file.positionAt(p.start).line + 1}:${file.positionAt(p.start).column + 1} ${p.message.split(',')[0]}`), [
        '11:3 The value of E in .env opens a quote (") that is never closed',
        '12:1 This line of .env is not NAME=value',
        '13:1 This line of .env is not NAME=value',
      ]);
      // names that only start like .env files are other formats
      assert.deepStrictEqual(malformedInputProblems('.env.js', 'module.exports = {}'), []);
    });

    test('Dockerfile: only ARG before FROM; templates and well-formed files give nothing', () => {
      assert.deepStrictEqual(malformedInputProblems('Dockerfile', 'ARG NODE=20\nFROM node:${NODE}\nRUN npm ci \\\n  && npm cache clean --force\nRUN <<EOF\nnot an instruction\nEOF\nCMD ["node", "x.js"]\n'), []);
      assert.match(malformedInputProblems('Dockerfile', 'ENV A=1\nFROM node:20\n')[0].message, /^ENV comes before the first FROM/);
      assert.deepStrictEqual(malformedInputProblems('Dockerfile.j2', 'include(base)\nFROM {{ image }}\n'), []);
    });

    test('no fixture or example in the repository is reported, except the ones broken on purpose', () => {
      const reported: string[] = [];
      let checked = 0;
      for (const root of ['test/fixtures', 'examples']) {
        const abs = path.join(ROOT, root);
        if (!fs.existsSync(abs)) continue;
        for (const rel of filesUnder(abs)) {
          const p = `${root}/${rel}`;
          const problems = malformedInputProblems(p, fs.readFileSync(path.join(abs, rel), 'utf8'));
          checked++;
          if (problems.length) reported.push(p);
        }
      }
      assert.ok(checked > 100);
      assert.deepStrictEqual(reported.sort(), [
        'test/fixtures/dependencies/missing-lockfile/negative/broken/package.json',
        'test/fixtures/dependencies/unpinned-version/negative/broken/package.json',
      ]);
    });
  });
});

/** Each rule's fixture folder (test/fixtures/<factor>/<rule>/ with an expected.json). */
function ruleFixtureDirs(): { ruleId: string; dir: string }[] {
  return fs.readdirSync(FIXTURES).flatMap(factor => {
    const fdir = path.join(FIXTURES, factor);
    if (!fs.statSync(fdir).isDirectory()) return [];
    return fs.readdirSync(fdir).filter(rule => fs.existsSync(path.join(fdir, rule, 'expected.json'))).map(rule => ({ ruleId: `${factor}/${rule}`, dir: path.join(fdir, rule) }));
  });
}

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p, base);
    return e.isFile() ? [path.relative(base, p).split(path.sep).join('/')] : [];
  });
}

let mkfifoAvailable: boolean | undefined;
function hasMkfifo(): boolean {
  if (mkfifoAvailable === undefined) {
    try { execFileSync('sh', ['-c', 'command -v mkfifo'], { stdio: 'ignore' }); mkfifoAvailable = true; } catch { mkfifoAvailable = false; }
  }
  return mkfifoAvailable;
}
