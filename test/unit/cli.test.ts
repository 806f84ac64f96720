import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { main } from '../../src/cli/cli';
import { ROOT } from './paths';

function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

function run(cwd: string, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = main(argv, { cwd, out: s => { out += s; }, err: s => { err += s; }, color: false });
  return { code, out, err };
}

const DB = "const pool = new Pool({ connectionString: 'postgres://app@db.internal:5432/app' });\n";

suite('CLI', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string | Buffer>) => { const d = project(files); dirs.push(d); return d; };
  suiteTeardown(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  test('exit 0 and a clean message when there is nothing to report', () => {
    const r = run(make({ 'src/app.js': 'const url = process.env.DATABASE_URL;\n' }), 'check');
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /No twelve-factor problems found/);
  });

  test('text output: path, line:col, severity, message, rule id and factor; exit 1', () => {
    const r = run(make({ 'src/db.js': DB }), 'check');
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /^src\/db\.js$/m);
    assert.match(r.out, /1:44 +warning Factor III \(Config\): PostgreSQL connection string to db\.internal:5432 is hardcoded.*config\/hardcoded-connection-string · Factor III/);
    assert.match(r.out, /1 problem\(s\): 0 error\(s\), 1 warning\(s\)/);
  });

  test('JSON output matches the contract exactly', () => {
    const dir = make({ 'src/db.js': DB, 'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) });
    const r = run(dir, 'check', '--format', 'json');
    assert.strictEqual(r.code, 1);
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(Object.keys(j), ['version', 'tool', 'findings', 'skipped', 'errors']);
    assert.strictEqual(j.version, 1);
    assert.deepStrictEqual(Object.keys(j.tool), ['name', 'version']);
    assert.strictEqual(j.tool.name, 'twelve-factor');
    assert.match(j.tool.version, /^\d+\.\d+\.\d+/);
    assert.deepStrictEqual(j.findings, [{
      ruleId: 'config/hardcoded-connection-string', factor: { number: 3, slug: 'config' }, severity: 'warning',
      message: 'Factor III (Config): PostgreSQL connection string to db.internal:5432 is hardcoded. Read it from an environment variable such as DATABASE_URL.',
      path: 'src/db.js', line: 1, column: 44, endLine: 1, endColumn: 79,
    }]);
    assert.deepStrictEqual(j.skipped, [{ path: 'img.png', reason: 'binary' }]);
    assert.deepStrictEqual(j.errors, []);
  });

  test('SARIF output validates against the SARIF 2.1.0 schema and carries what code scanning needs', () => {
    const r = run(make({ 'src/db.js': DB, 'lib/cache.py': "REDIS = 'redis://cache.internal:6379/0'\n" }), 'check', '--format=sarif');
    const sarif = JSON.parse(r.out);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8'));
    const validate = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false, allErrors: true }).compile(schema);
    assert.ok(validate(JSON.parse(r.out)), JSON.stringify(validate.errors, null, 2));
    const run0 = sarif.runs[0];
    assert.strictEqual(run0.tool.driver.name, 'twelve-factor');
    const rule = run0.tool.driver.rules[0];
    assert.strictEqual(rule.id, 'config/hardcoded-connection-string');
    assert.match(rule.helpUri, /^https:\/\/.+#confighardcoded-connection-string$/);
    assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    assert.strictEqual(run0.results.length, 2);
    for (const res of run0.results) {
      assert.strictEqual(res.ruleIndex, 0);
      assert.match(res.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}$/);
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
    }
    assert.deepStrictEqual(run0.results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri).sort(), ['lib/cache.py', 'src/db.js']);
  });

  test('fingerprints survive lines added above the finding', () => {
    const fp = (text: string) => JSON.parse(run(make({ 'db.js': text }), 'check', '--format', 'sarif').out).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    assert.strictEqual(fp(DB), fp('// header\n\n' + DB));
  });

  test('respects .gitignore (nested too), ignore globs and the size limit, and lists what it skipped', () => {
    const dir = make({
      '.gitignore': 'generated/\n', 'generated/db.js': DB, 'node_modules/pg/x.js': DB, 'app/.gitignore': 'local.js\n', 'app/local.js': DB,
      'app/big.js': DB + '//' + 'x'.repeat(3000) + '\n', 'app/db.js': DB,
    });
    const j = JSON.parse(run(dir, 'check', '--format', 'json', '--max-file-size', '2').out);
    assert.deepStrictEqual(j.findings.map((f: { path: string }) => f.path), ['app/db.js']);
    assert.deepStrictEqual(j.skipped, [{ path: 'app/big.js', reason: 'larger than 2 KB' }]);
  });

  test('--max-warnings: warnings up to the limit pass; -1 never fails on warnings', () => {
    const dir = make({ 'db.js': DB });
    assert.strictEqual(run(dir, 'check', '--max-warnings', '1').code, 0);
    assert.strictEqual(run(dir, 'check', '--max-warnings', '0').code, 1);
    assert.strictEqual(run(dir, 'check', '--max-warnings', '-1').code, 0);
  });

  test('.twelve-factor.yml turns a rule off; a malformed one exits 2 with file:line:col', () => {
    const off = make({ 'db.js': DB, '.twelve-factor.yml': 'rules:\n  config/hardcoded-connection-string: off\n' });
    assert.strictEqual(run(off, 'check').code, 0);
    const bad = make({ 'db.js': DB, '.twelve-factor.yml': 'rules:\n  config/hardcoded-connection-string: loud\n' });
    const r = run(bad, 'check');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /\.twelve-factor\.yml:2:39: severity of config\/hardcoded-connection-string must be one of/);
  });

  test('usage errors exit 2 with a clear message', () => {
    const dir = make({});
    assert.strictEqual(run(dir, 'check', '--format', 'xml').code, 2);
    assert.match(run(dir, 'check', '--format', 'xml').err, /unknown format "xml"/);
    assert.strictEqual(run(dir, 'frobnicate').code, 2);
    assert.strictEqual(run(dir).code, 2);
    assert.strictEqual(run(dir, '--help').code, 0);
    assert.strictEqual(run(dir, 'check', 'missing-folder', '--format', 'json').code, 0);
    assert.deepStrictEqual(JSON.parse(run(dir, 'check', 'missing-folder', '--format', 'json').out).errors, [{ path: 'missing-folder', message: 'no such file or folder' }]);
  });

  test('a symlink loop does not hang the walk', function () {
    if (process.platform === 'win32') this.skip();
    const dir = make({ 'a/db.js': DB });
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop'));
    const j = JSON.parse(run(dir, 'check', '--format', 'json').out);
    assert.deepStrictEqual(j.findings.map((f: { path: string }) => f.path), ['a/db.js']);
  });
});

suite('docs/rules.md', () => {
  test('is generated from the rules and up to date (npm run docs)', () => {
    let out = '';
    main(['rules', '--format', 'markdown'], { cwd: ROOT, out: s => { out += s; }, err: () => undefined, color: false });
    assert.strictEqual(fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8'), out, 'run `npm run docs`');
    assert.match(out, /^### config\/hardcoded-connection-string$/m);
  });
});
