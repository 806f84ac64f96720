/**
 * Quick fixes: each repair is applied to a small input under test/fixes/<lang>/, compared with the
 * expected file beside it (`*.fixed.*`), parsed again with the language's real parser (TypeScript
 * compiler API, node --check, python3 -m py_compile, javac, rustc, ruby -c, php -l, gofmt + go vet,
 * the yaml package; a test whose tool is not installed is skipped after its other checks), and
 * linted again to show the finding is gone. Suppressions, .env.example/.env merging and "fix all"
 * are tested the same way.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseDotenv } from 'dotenv';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { lint } from '../../src/core/engine';
import { applyEdits, applyFileChange, fixAll, fixesFor } from '../../src/core/fixes';
import { Project, projectFromMap } from '../../src/core/project';
import { RULES_BY_ID } from '../../src/core/rules';
import { SourceFile } from '../../src/core/source';
import { FileChange, Finding, Fix } from '../../src/core/types';
import { ROOT } from './paths';
import { has, inTempDir } from './tools';

const FIXES = path.join(ROOT, 'test', 'fixes');
const CONN = 'config/hardcoded-connection-string';
const HOST = 'config/hardcoded-host';
const CREDS = 'config/hardcoded-credentials';
const LOGS = 'logs/file-logging';

// ---------------------------------------------------------------------------------------------
// Real parsers: each returns undefined when the text parses, an error text when it does not, and
// 'missing' when the tool is not installed (the test is then skipped after its other checks).

type Parser = 'ts' | 'node' | 'python' | 'java' | 'rust' | 'ruby' | 'php' | 'go' | 'yaml' | 'jsonc' | 'xml';
type ParseResult = string | undefined | 'missing';

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env, timeout: 120000 });
  return r.status === 0 ? undefined : `${cmd} failed (${r.status}): ${r.stdout}${r.stderr}${r.error?.message ?? ''}`;
}

const GO_ENV = { GOCACHE: path.join(os.tmpdir(), 'tf-fixes-gocache'), GOPATH: path.join(os.tmpdir(), 'tf-fixes-gopath'), GO111MODULE: 'off', GOFLAGS: '' };

function parseWith(parser: Parser, text: string, fileName: string): ParseResult {
  switch (parser) {
    case 'ts': {
      const out = ts.transpileModule(text, {
        fileName, reportDiagnostics: true,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve },
      });
      const diags = out.diagnostics ?? [];
      return diags.length ? diags.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ') : undefined;
    }
    case 'jsonc': {
      const diags = (ts.parseJsonText(fileName, text) as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      return diags.length ? diags.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ') : undefined;
    }
    case 'yaml': {
      const errors = parseAllDocuments(text).flatMap(d => ('errors' in d ? d.errors : []));
      return errors.length ? errors.map(e => e.message).join('; ') : undefined;
    }
    case 'node':
      return inTempDir(fileName, text, f => run(process.execPath, ['--check', f]));
    case 'python':
      if (!has('python3')) return 'missing';
      return inTempDir(fileName, text, f => run('python3', ['-m', 'py_compile', f]));
    case 'xml':
      if (!has('python3')) return 'missing';
      return inTempDir(fileName, text, f => run('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', f]));
    case 'java':
      if (!has('javac')) return 'missing';
      return inTempDir(fileName, text, (f, dir) => run('javac', ['-d', dir, f]));
    case 'rust':
      if (!has('rustc')) return 'missing';
      return inTempDir(fileName, text, (f, dir) => run('rustc', ['--edition', '2021', '--crate-type', 'lib', '--emit=metadata', '-o', path.join(dir, 'out.rmeta'), f]));
    case 'ruby':
      if (!has('ruby')) return 'missing';
      return inTempDir(fileName, text, f => run('ruby', ['-c', f]));
    case 'php':
      if (!has('php')) return 'missing';
      return inTempDir(fileName, text, f => run('php', ['-l', f]));
    case 'go':
      if (!has('gofmt')) return 'missing';
      return inTempDir(fileName, text, (f, dir) => {
        const syntax = run('gofmt', ['-e', '-l', f]);
        if (syntax || !has('go')) return syntax;
        // the type checker too: an unused variable or import does not compile in Go
        return run('sh', ['-c', `cd "${dir}" && go vet "${path.basename(f)}"`], GO_ENV);
      });
  }
}

/** Parse `text` with each parser; fails on an error; returns whether a tool was missing. */
function assertParses(parsers: readonly Parser[], text: string, fileName: string, what: string): boolean {
  let missing = false;
  for (const p of parsers) {
    const r = parseWith(p, text, fileName);
    if (r === 'missing') { missing = true; continue; }
    assert.strictEqual(r, undefined, `${what} does not parse with ${p}:\n${r}\n--- text ---\n${text}`);
  }
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function read(rel: string): string {
  return fs.readFileSync(path.join(FIXES, rel), 'utf8');
}

function findingsOf(rule: string, vpath: string, text: string, project?: Project): Finding[] {
  const r = RULES_BY_ID.get(rule);
  assert.ok(r, `rule ${rule} is registered`);
  return lint({ path: vpath, text }, { rules: [r], project }).filter(f => f.ruleId === rule);
}

/** The finding of `rule` that starts with `at` (the first one when `at` is not given). */
function findingAt(rule: string, file: SourceFile, at?: string, project?: Project): Finding {
  const all = findingsOf(rule, file.path, file.text, project);
  const f = at === undefined ? all[0] : all.find(x => file.text.startsWith(at, x.range.start.offset));
  assert.ok(f, `${rule} reports ${at ?? 'a finding'} in ${file.path}; got ${all.map(x => `${x.range.start.line + 1}:${x.range.start.column + 1}`).join(', ')}`);
  return f;
}

/** A finding built by hand at the first occurrence of `at`, for forms the rule itself does not report. */
function handFinding(rule: string, file: SourceFile, at: string): Finding {
  const offset = file.text.indexOf(at);
  assert.ok(offset >= 0, `${at} is in ${file.path}`);
  return { ruleId: rule, severity: 'warning', message: 'm', range: { start: file.positionAt(offset), end: file.positionAt(offset + at.length) } };
}

function repairOf(fixes: Fix[]): Fix | undefined {
  return fixes.find(f => !f.title.startsWith('Disable '));
}

function fileName(rel: string): string {
  return path.basename(rel).replace('.fixed', '');
}

function javaName(text: string, fallback: string): string {
  return `${/public\s+(?:final\s+)?class\s+(\w+)/.exec(text)?.[1] ?? fallback}.java`;
}

// ---------------------------------------------------------------------------------------------
// Repairs: each input gets its fix applied, compared with the expected file, parsed, and linted again

interface RepairCase {
  /** Input under test/fixes. */
  input: string;
  /** The path the engine sees (Spring files need their real name). */
  path?: string;
  rule: string;
  /** The text the finding starts with, when the file has several. */
  at?: string;
  title: string;
  /** Expected output under test/fixes. */
  expected: string;
  parsers: Parser[];
  safe?: boolean;
  files?: FileChange[];
}

const example = (name: string): FileChange[] => [{ path: '.env.example', appendLines: [`${name}=`], keys: [name] }];

const REPAIRS: RepairCase[] = [
  // JavaScript / TypeScript
  { input: 'js/db.js', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'js/db.fixed.js', parsers: ['ts', 'node'], files: example('DATABASE_URL') },
  { input: 'js/cache.mjs', rule: CONN, title: 'Extract to environment variable REDIS_URL', expected: 'js/cache.fixed.mjs', parsers: ['ts', 'node'] },
  { input: 'ts/cache.ts', rule: HOST, title: 'Extract to environment variable REDIS_HOST', expected: 'ts/cache.fixed.ts', parsers: ['ts'] },
  { input: 'ts/payments.ts', rule: CREDS, title: 'Extract to environment variable PAYMENTS_API_KEY', expected: 'ts/payments.fixed.ts', parsers: ['ts'], files: example('PAYMENTS_API_KEY') },
  { input: 'ts/App.tsx', rule: HOST, at: 'http://10.0.0.5', title: 'Extract to environment variable API_URL', expected: 'ts/App.fixed.tsx', parsers: ['ts'] },
  { input: 'ts/App.tsx', rule: HOST, at: 'http://10.0.0.6', title: 'Extract to environment variable API_URL', expected: 'ts/App.fixed-child.tsx', parsers: ['ts'] },
  { input: 'js/logger.js', rule: LOGS, title: 'Log to stdout', expected: 'js/logger.fixed.js', parsers: ['ts', 'node'] },
  { input: 'ts/logger.ts', rule: LOGS, title: 'Log to stdout', expected: 'ts/logger.fixed.ts', parsers: ['ts'] },
  // Python
  { input: 'python/settings.py', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'python/settings.fixed.py', parsers: ['python'] },
  { input: 'python/cache.py', rule: HOST, title: 'Extract to environment variable REDIS_HOST', expected: 'python/cache.fixed.py', parsers: ['python'] },
  { input: 'python/payments.py', rule: CREDS, title: 'Extract to environment variable PAYMENTS_API_KEY', expected: 'python/payments.fixed.py', parsers: ['python'] },
  { input: 'python/handler.py', rule: LOGS, title: 'Log to stdout', expected: 'python/handler.fixed.py', parsers: ['python'] },
  { input: 'python/rotating.py', rule: LOGS, title: 'Log to stdout', expected: 'python/rotating.fixed.py', parsers: ['python'] },
  { input: 'python/timed.py', rule: LOGS, title: 'Log to stdout', expected: 'python/timed.fixed.py', parsers: ['python'] },
  { input: 'python/basic.py', rule: LOGS, title: 'Log to stdout', expected: 'python/basic.fixed.py', parsers: ['python'] },
  { input: 'python/basic_first.py', rule: LOGS, title: 'Log to stdout', expected: 'python/basic_first.fixed.py', parsers: ['python'] },
  // Go
  { input: 'go/db.go', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'go/db.fixed.go', parsers: ['go'] },
  { input: 'go/single.go', rule: HOST, title: 'Extract to environment variable REDIS_ADDR', expected: 'go/single.fixed.go', parsers: ['go'] },
  { input: 'go/noimport.go', rule: CONN, title: 'Extract to environment variable REDIS_URL', expected: 'go/noimport.fixed.go', parsers: ['go'] },
  { input: 'go/setoutput.go', rule: LOGS, title: 'Log to stdout', expected: 'go/setoutput.fixed.go', parsers: ['go'] },
  // Java, Kotlin, C# (no Kotlin or C# compiler is assumed on the machine)
  { input: 'java/Db.java', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'java/Db.fixed.java', parsers: ['java'] },
  { input: 'kotlin/Cache.kt', rule: CONN, title: 'Extract to environment variable REDIS_URL', expected: 'kotlin/Cache.fixed.kt', parsers: [] },
  { input: 'csharp/Db.cs', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'csharp/Db.fixed.cs', parsers: [] },
  { input: 'csharp/Program.cs', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'csharp/Program.fixed.cs', parsers: [] },
  { input: 'csharp/Logging.cs', rule: LOGS, title: 'Log to stdout', expected: 'csharp/Logging.fixed.cs', parsers: [], safe: false },
  // Ruby, PHP
  { input: 'ruby/redis.rb', rule: CONN, title: 'Extract to environment variable REDIS_URL', expected: 'ruby/redis.fixed.rb', parsers: ['ruby'] },
  { input: 'ruby/logger.rb', rule: LOGS, title: 'Log to stdout', expected: 'ruby/logger.fixed.rb', parsers: ['ruby'] },
  { input: 'ruby/logger_bare.rb', rule: LOGS, title: 'Log to stdout', expected: 'ruby/logger_bare.fixed.rb', parsers: ['ruby'] },
  { input: 'php/cache.php', rule: CONN, at: 'redis://cache.internal:6379', title: 'Extract to environment variable REDIS_URL', expected: 'php/cache.fixed.php', parsers: ['php'] },
  { input: 'php/template.php', rule: CONN, title: 'Extract to environment variable REDIS_URL', expected: 'php/template.fixed.php', parsers: ['php'] },
  { input: 'php/logging.php', rule: LOGS, title: 'Log to stdout', expected: 'php/logging.fixed.php', parsers: ['php'] },
  // Rust
  { input: 'rust/db.rs', rule: CONN, at: 'postgres:', title: 'Extract to environment variable DATABASE_URL', expected: 'rust/db.fixed.rs', parsers: ['rust'] },
  { input: 'rust/db.rs', rule: CONN, at: 'redis:', title: 'Extract to environment variable REDIS_URL', expected: 'rust/db.fixed-borrow.rs', parsers: ['rust'] },
  // Spring
  { input: 'spring/application.properties', path: 'src/main/resources/application.properties', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'spring/application.fixed.properties', parsers: [] },
  { input: 'spring/application.properties', path: 'src/main/resources/application.properties', rule: HOST, title: 'Extract to environment variable SPRING_REDIS_HOST', expected: 'spring/application.fixed-host.properties', parsers: [], files: example('SPRING_REDIS_HOST') },
  { input: 'spring/application.yml', path: 'src/main/resources/application.yml', rule: HOST, title: 'Extract to environment variable SPRING_REDIS_HOST', expected: 'spring/application.fixed.yml', parsers: ['yaml'] },
  { input: 'spring/application.yml', path: 'src/main/resources/application.yml', rule: CONN, title: 'Extract to environment variable DATABASE_URL', expected: 'spring/application.fixed-url.yml', parsers: ['yaml'] },
];

suite('fixes', function () {
  // the real compilers start cold on CI (go vet builds its cache on first use)
  this.timeout(120000);
  suite('repairs, applied and re-parsed', () => {
    for (const c of REPAIRS) {
      test(`${c.input}${c.at ? ` (${c.at})` : ''}: ${c.title}`, function () {
        const text = read(c.input);
        const vpath = c.path ?? c.input;
        const file = new SourceFile(vpath, text);
        const before = findingsOf(c.rule, vpath, text).length;
        const fix = repairOf(fixesFor(file, findingAt(c.rule, file, c.at)));
        assert.ok(fix, 'a repair is offered');
        assert.strictEqual(fix.title, c.title);
        assert.strictEqual(fix.safe, c.safe ?? true);
        if (c.files) assert.deepStrictEqual(fix.files, c.files);
        const out = applyEdits(text, fix.edits);
        assert.strictEqual(out, read(c.expected));
        assert.strictEqual(findingsOf(c.rule, vpath, out).length, before - 1, 'the finding is gone');
        const name = c.parsers.includes('java') ? javaName(text, fileName(c.input)) : fileName(c.input);
        const missing = assertParses(c.parsers, text, name, 'the input') || assertParses(c.parsers, out, name, 'the fixed file');
        if (missing) this.skip();
      });
    }
  });

  suite('imports the replacement needs', () => {
    const URL = '"postgres://app@db.internal:5432/app"';
    const cases: { name: string; path: string; text: string; expected: string; parsers: Parser[] }[] = [
      { name: 'Python: import os.path already binds os', path: 'a.py', text: `import os.path\nURL = ${URL}\n`, expected: `import os.path\nURL = os.environ["DATABASE_URL"]\n`, parsers: ['python'] },
      { name: 'Python: from os import environ does not', path: 'a.py', text: `from os import environ\nURL = ${URL}\n`, expected: `import os\nfrom os import environ\nURL = os.environ["DATABASE_URL"]\n`, parsers: ['python'] },
      { name: 'Python: a module that is only a docstring and code', path: 'a.py', text: `"""Settings."""\n\nURL = ${URL}\n`, expected: `"""Settings."""\n\nimport os\nURL = os.environ["DATABASE_URL"]\n`, parsers: ['python'] },
      { name: 'Python: parenthesised __future__ import', path: 'a.py', text: `from __future__ import (\n    annotations,\n)\nURL = ${URL}\n`, expected: `from __future__ import (\n    annotations,\n)\nimport os\nURL = os.environ["DATABASE_URL"]\n`, parsers: ['python'] },
      { name: 'Go: one-line import block', path: 'a.go', text: `package a\n\nimport ("fmt")\n\nvar URL = ${URL}\n\nvar _ = fmt.Sprint\n`, expected: `package a\n\nimport ("os"; "fmt")\n\nvar URL = os.Getenv("DATABASE_URL")\n\nvar _ = fmt.Sprint\n`, parsers: ['go'] },
      { name: 'Go: os imported under another name gets its own import', path: 'a.go', text: `package a\n\nimport (\n\tstdos "os"\n)\n\nvar URL = ${URL}\n\nvar _ = stdos.Args\n`, expected: `package a\n\nimport (\n\tstdos "os"\n\t"os"\n)\n\nvar URL = os.Getenv("DATABASE_URL")\n\nvar _ = stdos.Args\n`, parsers: ['go'] },
      { name: 'C#: using System goes after global usings', path: 'a.cs', text: `global using System.Linq;\n\npublic static class A { public static string Url = ${URL}; }\n`, expected: `global using System.Linq;\nusing System;\n\npublic static class A { public static string Url = Environment.GetEnvironmentVariable("DATABASE_URL"); }\n`, parsers: [] },
      { name: 'C#: usings inside a namespace, indented', path: 'a.cs', text: `namespace A\n{\n    using System.Text;\n\n    public static class B { public static string Url = ${URL}; }\n}\n`, expected: `namespace A\n{\n    using System;\n    using System.Text;\n\n    public static class B { public static string Url = Environment.GetEnvironmentVariable("DATABASE_URL"); }\n}\n`, parsers: [] },
      { name: 'C#: System already there', path: 'a.cs', text: `using System;\nusing System.Text;\n\npublic static class A { public static string Url = ${URL}; }\n`, expected: `using System;\nusing System.Text;\n\npublic static class A { public static string Url = Environment.GetEnvironmentVariable("DATABASE_URL"); }\n`, parsers: [] },
    ];
    for (const c of cases) {
      test(c.name, function () {
        const file = new SourceFile(c.path, c.text);
        const fix = repairOf(fixesFor(file, findingAt(CONN, file)));
        assert.ok(fix);
        const out = applyEdits(c.text, fix.edits);
        assert.strictEqual(out, c.expected);
        if (assertParses(c.parsers, out, c.path, 'the fixed file')) this.skip();
      });
    }
  });

  suite('variable names', () => {
    const cases: [string, string, string, string][] = [
      ['a.go', 'package a\n\nvar redisHost = "10.0.0.12"\n', HOST, 'REDIS_HOST'],
      ['a.py', 'REDIS_HOST = "10.0.0.12"\n', HOST, 'REDIS_HOST'],
      ['a.rs', 'pub fn f() -> String {\n    let redis_host: String = "10.0.0.12".to_string();\n    redis_host\n}\n', HOST, 'REDIS_HOST'],
      ['a.js', 'module.exports = { redis: { host: "10.0.0.12", port: 6379 } };\n', HOST, 'REDIS_HOST'],
      ['a.php', "<?php\nreturn ['mailgun' => ['secret' => 'key-3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e']];\n", CREDS, 'MAILGUN_SECRET'],
      ['settings.py', "DATABASES = {\n    'default': {\n        'HOST': '10.0.0.12',\n    }\n}\n", HOST, 'DATABASE_HOST'],
      ['A.java', 'class A {\n  void f(java.util.Properties p) {\n    p.put("mail.smtp.password", "h4rdc0ded!pw");\n  }\n}\n', CREDS, 'MAIL_SMTP_PASSWORD'],
      ['a.go', 'package a\n\nimport "net"\n\nfunc f() { net.Dial("tcp", "10.0.0.12:9000") }\n', HOST, 'SERVICE_ADDR'],
      ['A.java', 'class A {\n  void f(javax.sql.DataSource d) { d.setPassword("h4rdc0ded!pw"); }\n}\n', CREDS, 'PASSWORD'],
      ['a.ts', 'const PAYMENTS_URL = "http://10.0.0.12:8081/api";\nexport const u = `${PAYMENTS_URL}/charges`;\n', HOST, 'PAYMENTS_URL'],
      ['a.ts', 'const PAYMENTS_URL = "http://10.0.0.12:8081/api";\nexport const old = process.env.PAYMENTS_URL;\n', HOST, 'PAYMENTS_URL_2'],
      ['a.py', 'x = "postgres://app@db.internal:5432/app"\n', CONN, 'DATABASE_URL'],
      ['a.py', 'value = "mongodb+srv://app@cluster0.internal/app"\n', CONN, 'MONGODB_URI'],
    ];
    for (const [vpath, text, rule, name] of cases) {
      test(`${vpath}: ${text.split('\n').find(l => /["']\w/.test(l))?.trim()} -> ${name}`, () => {
        const file = new SourceFile(vpath, text);
        assert.strictEqual(repairOf(fixesFor(file, findingAt(rule, file)))?.title, `Extract to environment variable ${name}`);
      });
    }
  });

  suite('no repair where it would not compile or has no safe form', () => {
    const cases: { input: string; rule: string; at?: string; path?: string; byHand?: string; why: string }[] = [
      { input: 'js/interpolated.js', rule: CONN, byHand: 'postgres://', why: 'template literal with ${}' },
      { input: 'ts/enum.ts', rule: CONN, why: 'TypeScript enum member' },
      { input: 'js/multiline.js', rule: CONN, why: 'multi-line literal' },
      { input: 'python/fstring.py', rule: CONN, byHand: 'postgres://', why: 'f-string' },
      { input: 'python/bytes.py', rule: CONN, why: 'bytes literal' },
      { input: 'go/const.go', rule: CONN, why: 'Go const block' },
      { input: 'go/setoutput_only.go', rule: LOGS, why: 'the file variable would be left unused' },
      { input: 'java/Annotated.java', rule: CONN, why: 'annotation argument' },
      { input: 'java/Switch.java', rule: CONN, why: 'case label' },
      { input: 'kotlin/Const.kt', rule: CONN, why: 'Kotlin const val' },
      { input: 'csharp/Const.cs', rule: CONN, why: 'C# const' },
      { input: 'php/Config.php', rule: CONN, at: 'redis:', why: 'PHP class constant' },
      { input: 'php/Config.php', rule: CONN, at: 'postgres:', why: 'PHP property default' },
      { input: 'php/cache.php', rule: CONN, at: 'redis://cache.internal:6380', why: 'PHP parameter default' },
      { input: 'rust/consts.rs', rule: CONN, why: 'Rust const' },
      { input: 'data/config.yml', rule: CONN, why: 'a YAML file that is not Spring configuration' },
      { input: 'data/Dockerfile', rule: CONN, why: 'Dockerfile' },
    ];
    for (const c of cases) {
      test(`${c.input}${c.at ? ` (${c.at})` : ''}: ${c.why}`, () => {
        const file = new SourceFile(c.path ?? c.input, read(c.input));
        const finding = c.byHand ? handFinding(c.rule, file, c.byHand) : findingAt(c.rule, file, c.at);
        const fixes = fixesFor(file, finding);
        assert.strictEqual(repairOf(fixes), undefined);
        assert.deepStrictEqual(fixes.map(f => f.safe), fixes.map(() => false));
      });
    }
    test('Rust: a plain let gets the fix, but not as safe (its String may not fit where a &str went)', () => {
      const file = new SourceFile('rust/plain.rs', read('rust/plain.rs'));
      const fix = repairOf(fixesFor(file, findingAt(CONN, file)));
      assert.strictEqual(fix?.title, 'Extract to environment variable REDIS_URL');
      assert.strictEqual(fix?.safe, false);
    });
    test('Serilog is safe once a project file references the console sink', () => {
      const file = new SourceFile('csharp/Logging.cs', read('csharp/Logging.cs'));
      const project = projectFromMap(new Map([['App.csproj', '<Project><ItemGroup><PackageReference Include="Serilog.Sinks.Console" Version="5.0.1" /></ItemGroup></Project>']]));
      assert.strictEqual(repairOf(fixesFor(file, findingAt(LOGS, file), project))?.safe, true);
    });
    test('JSON has no comments: no fixes at all; JSONC gets both suppressions', () => {
      const json = new SourceFile('data/config.json', read('data/config.json'));
      assert.deepStrictEqual(fixesFor(json, findingAt(CONN, json)), []);
      const jsonc = new SourceFile('data/settings.jsonc', read('data/settings.jsonc'));
      assert.deepStrictEqual(fixesFor(jsonc, findingAt(CONN, jsonc)).map(f => f.title), [
        `Disable ${CONN} for this line`, `Disable ${CONN} for this file`,
      ]);
      const vscode = new SourceFile('.vscode/settings.json', read('data/config.json'));
      assert.strictEqual(fixesFor(vscode, findingAt(CONN, vscode)).length, 2);
      const plain = new SourceFile('settings.json', read('data/config.json'));
      assert.deepStrictEqual(fixesFor(plain, findingAt(CONN, plain)), []);
    });
  });

  suite('suppressions', () => {
    interface SuppressCase { input: string; path?: string; rule: string; at?: string; line?: string; file: string; parsers: Parser[] }
    // `line`: the comment line inserted above the finding (undefined: no line fix); `file`: the first lines after the file fix
    const cases: SuppressCase[] = [
      { input: 'python/payments.py', rule: CREDS, line: `        # twelve-factor-disable-next-line ${CREDS}`, file: `# twelve-factor-disable-file ${CREDS}\nimport logging\n`, parsers: ['python'] },
      { input: 'python/cache.py', rule: HOST, line: `# twelve-factor-disable-next-line ${HOST}`, file: `#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# twelve-factor-disable-file ${HOST}\n`, parsers: ['python'] },
      { input: 'python/continued.py', rule: CONN, at: 'postgres://app@db.internal:5432/other', file: `# twelve-factor-disable-file ${CONN}\n`, parsers: ['python'] },
      { input: 'js/db.js', rule: CONN, line: `// twelve-factor-disable-next-line ${CONN}`, file: `// twelve-factor-disable-file ${CONN}\n'use strict';\n`, parsers: ['ts', 'node'] },
      { input: 'js/multiline.js', rule: CONN, file: `// twelve-factor-disable-file ${CONN}\n`, parsers: ['ts', 'node'] },
      { input: 'ts/App.tsx', rule: HOST, at: 'http://10.0.0.5', line: `    // twelve-factor-disable-next-line ${HOST}`, file: `// twelve-factor-disable-file ${HOST}\n`, parsers: ['ts'] },
      { input: 'ts/App.tsx', rule: HOST, at: 'http://10.0.0.6', line: `        {/* twelve-factor-disable-next-line ${HOST} */}`, file: `// twelve-factor-disable-file ${HOST}\n`, parsers: ['ts'] },
      { input: 'go/db.go', rule: CONN, line: `\t// twelve-factor-disable-next-line ${CONN}`, file: `// twelve-factor-disable-file ${CONN}\npackage main\n`, parsers: ['go'] },
      { input: 'java/Db.java', rule: CONN, line: `    // twelve-factor-disable-next-line ${CONN}`, file: `// twelve-factor-disable-file ${CONN}\n`, parsers: ['java'] },
      { input: 'rust/consts.rs', rule: CONN, line: `// twelve-factor-disable-next-line ${CONN}`, file: `// twelve-factor-disable-file ${CONN}\n`, parsers: ['rust'] },
      { input: 'ruby/logger_bare.rb', rule: LOGS, line: `    # twelve-factor-disable-next-line ${LOGS}`, file: `# twelve-factor-disable-file ${LOGS}\n`, parsers: ['ruby'] },
      { input: 'php/cache.php', rule: CONN, at: 'redis://cache.internal:6379', line: `// twelve-factor-disable-next-line ${CONN}`, file: `<?php\n// twelve-factor-disable-file ${CONN}\n`, parsers: ['php'] },
      { input: 'php/template.php', rule: CONN, file: `<?php // twelve-factor-disable-file ${CONN} ?>\n<!DOCTYPE html>\n`, parsers: ['php'] },
      { input: 'data/config.yml', rule: CONN, line: `  # twelve-factor-disable-next-line ${CONN}`, file: `# twelve-factor-disable-file ${CONN}\n`, parsers: ['yaml'] },
      { input: 'data/settings.jsonc', rule: CONN, line: `  // twelve-factor-disable-next-line ${CONN}`, file: `// twelve-factor-disable-file ${CONN}\n`, parsers: ['jsonc'] },
      { input: 'data/logback.xml', rule: LOGS, at: 'ch.qos.logback.core.FileAppender', line: `  <!-- twelve-factor-disable-next-line ${LOGS} -->`, file: `<?xml version="1.0" encoding="UTF-8"?>\n<!-- twelve-factor-disable-file ${LOGS} -->\n`, parsers: ['xml'] },
      { input: 'data/logback.xml', rule: LOGS, at: 'ch.qos.logback.core.rolling', file: `<?xml version="1.0" encoding="UTF-8"?>\n<!-- twelve-factor-disable-file ${LOGS} -->\n`, parsers: ['xml'] },
      { input: 'data/Dockerfile', rule: CONN, line: `# twelve-factor-disable-next-line ${CONN}`, file: `# syntax=docker/dockerfile:1\n# twelve-factor-disable-file ${CONN}\n`, parsers: [] },
      { input: 'spring/application.properties', path: 'src/main/resources/application.properties', rule: HOST, line: `# twelve-factor-disable-next-line ${HOST}`, file: `# twelve-factor-disable-file ${HOST}\n# Datasource\n`, parsers: [] },
    ];
    for (const c of cases) {
      test(`${c.input}${c.at ? ` (${c.at})` : ''}`, function () {
        const text = read(c.input);
        const vpath = c.path ?? c.input;
        const file = new SourceFile(vpath, text);
        const finding = findingAt(c.rule, file, c.at);
        const before = findingsOf(c.rule, vpath, text);
        const fixes = fixesFor(file, finding);
        const lineFix = fixes.find(f => f.title === `Disable ${c.rule} for this line`);
        const fileFix = fixes.find(f => f.title === `Disable ${c.rule} for this file`);
        assert.ok(fileFix && !fileFix.safe);
        assert.strictEqual(fixes[fixes.length - 1], fileFix, 'suppressions come last');
        const name = c.parsers.includes('java') ? javaName(text, fileName(c.input)) : fileName(c.input);
        let missing = false;
        if (c.line === undefined) {
          assert.strictEqual(lineFix, undefined, 'no line fix');
        } else {
          assert.ok(lineFix && !lineFix.safe);
          const out = applyEdits(text, lineFix.edits);
          const lineNo = finding.range.start.line;
          assert.strictEqual(out.split('\n')[lineNo], c.line);
          assert.strictEqual(out.split('\n').slice(lineNo + 1).join('\n'), text.split('\n').slice(lineNo).join('\n'));
          const after = findingsOf(c.rule, vpath, out);
          assert.strictEqual(after.length, before.length - 1, 'the finding is suppressed, and only it');
          missing = assertParses(c.parsers, out, name, 'the file with a line suppression');
        }
        const out = applyEdits(text, fileFix.edits);
        assert.ok(out.startsWith(c.file), out);
        assert.deepStrictEqual(findingsOf(c.rule, vpath, out), [], 'the whole file is suppressed');
        if (assertParses(c.parsers, out, name, 'the file with a file suppression') || missing) this.skip();
      });
    }
    test('CRLF files get CRLF comment lines', () => {
      const text = read('python/payments.py').replace(/\n/g, '\r\n');
      const file = new SourceFile('payments.py', text);
      for (const fix of fixesFor(file, findingAt(CREDS, file))) {
        const out = applyEdits(text, fix.edits);
        assert.strictEqual(out.replace(/\r\n/g, '').indexOf('\n'), -1, `${fix.title} keeps CRLF`);
        // each fix adds one line: the comment, or `import os`
        assert.strictEqual(out.split('\r\n').length, text.split('\r\n').length + 1);
      }
    });
    test('Vue components: comments only inside <script>', () => {
      const text = '<template>\n  <Api url="http://10.0.0.5:8080/api" />\n</template>\n<script>\nexport const api = "http://10.0.0.6:8080/api";\n</script>\n';
      const file = new SourceFile('src/App.vue', text, 'vue');
      const all = lint({ path: file.path, text, languageId: 'vue' }, { rules: [RULES_BY_ID.get(HOST)!] });
      const inScript = all.find(f => text.startsWith('http://10.0.0.6', f.range.start.offset));
      assert.ok(inScript);
      const titles = fixesFor(file, inScript).map(f => f.title);
      assert.ok(titles.includes(`Disable ${HOST} for this line`));
      const fileFix = fixesFor(file, inScript).find(f => f.title.endsWith('for this file'))!;
      assert.ok(applyEdits(text, fileFix.edits).includes(`<script>\n// twelve-factor-disable-file ${HOST}\nexport const api`));
      const inTemplate = all.find(f => text.startsWith('http://10.0.0.5', f.range.start.offset));
      if (inTemplate) assert.ok(!fixesFor(file, inTemplate).some(f => f.title.endsWith('for this line')));
    });
    test('a file without a final line break, a byte order mark, and findings about the configuration itself', () => {
      const file = new SourceFile('a.rb', 'require "logger"\nLOG = Logger.new("app.log")');
      const fileFix = fixesFor(file, findingAt(LOGS, file)).find(f => f.title.endsWith('for this file'));
      assert.ok(fileFix);
      assert.strictEqual(applyEdits(file.text, fileFix.edits), `# twelve-factor-disable-file ${LOGS}\nrequire "logger"\nLOG = Logger.new("app.log")`);
      const bom = new SourceFile('b.py', '\ufeffURL = "postgres://app@db.internal:5432/app"\n');
      const bomFixes = fixesFor(bom, findingAt(CONN, bom));
      assert.deepStrictEqual(bomFixes.map(f => applyEdits(bom.text, f.edits).split('\n').slice(0, 2).join('\n')), [
        '\ufeffimport os\nURL = os.environ["DATABASE_URL"]',
        `\ufeff# twelve-factor-disable-next-line ${CONN}\nURL = "postgres://app@db.internal:5432/app"`,
        `\ufeff# twelve-factor-disable-file ${CONN}\nURL = "postgres://app@db.internal:5432/app"`,
      ]);
      const configError: Finding = { ruleId: 'twelve-factor/config-error', severity: 'error', message: 'm', range: { start: file.positionAt(0), end: file.positionAt(1) } };
      assert.deepStrictEqual(fixesFor(file, configError), []);
    });
  });

  suite('.env.example and .env', () => {
    test('applyFileChange creates, appends, keeps content byte for byte, never duplicates a key', () => {
      const change: FileChange = { path: '.env.example', appendLines: ['REDIS_URL='], keys: ['REDIS_URL'] };
      assert.strictEqual(applyFileChange(undefined, change), 'REDIS_URL=\n');
      assert.strictEqual(applyFileChange('', change), 'REDIS_URL=\n');
      assert.strictEqual(applyFileChange('PORT=3000\n', change), 'PORT=3000\nREDIS_URL=\n');
      assert.strictEqual(applyFileChange('PORT=3000', change), 'PORT=3000\nREDIS_URL=\n');
      const commented = '# Local settings -- copy to .env\n\n# the cache\n  REDIS_URL = redis://localhost:6379 # dev\nPORT=3000\n';
      assert.strictEqual(applyFileChange(commented, change), commented);
      assert.strictEqual(applyFileChange('export REDIS_URL=x\n', change), 'export REDIS_URL=x\n');
      const user = '# Secrets go in your password manager\r\n\r\nPORT=3000   # the web port\r\n';
      assert.strictEqual(applyFileChange(user, change), `${user}REDIS_URL=\r\n`);
      assert.strictEqual(applyFileChange('A=1\r\nB=2', change), 'A=1\r\nB=2\r\nREDIS_URL=\r\n');
      assert.strictEqual(applyFileChange(undefined, { path: '.env', appendLines: ['A=1', 'B=2', 'A=1'], keys: ['A', 'B'] }), 'A=1\nB=2\n');
      assert.strictEqual(applyFileChange('X=1\n', { path: '.env', appendLines: ['# added', 'X=2'], keys: ['X'] }), 'X=1\n# added\n');
    });

    function extraction(vpath: string, text: string, project?: Project, rule = CONN): Fix {
      const file = new SourceFile(vpath, text);
      const fix = repairOf(fixesFor(file, findingAt(rule, file, undefined, project), project));
      assert.ok(fix);
      return fix;
    }
    const DB_JS = "const url = 'postgres://app@db.internal:5432/app';\n";

    test('.env gets the value only when git ignores it', () => {
      const ignored = projectFromMap(new Map([['.gitignore', 'node_modules/\n.env\n'], ['.env', 'PORT=3000\n'], ['src/db.js', DB_JS]]));
      assert.deepStrictEqual(extraction('src/db.js', DB_JS, ignored).files, [
        { path: '.env.example', appendLines: ['DATABASE_URL='], keys: ['DATABASE_URL'] },
        { path: '.env', appendLines: ['DATABASE_URL=postgres://app@db.internal:5432/app'], keys: ['DATABASE_URL'] },
      ]);
      const tracked = projectFromMap(new Map([['.gitignore', 'node_modules/\n'], ['.env', 'PORT=3000\n']]));
      assert.deepStrictEqual(extraction('src/db.js', DB_JS, tracked).files, example('DATABASE_URL'));
      const reincluded = projectFromMap(new Map([['.gitignore', '.env*\n!.env\n'], ['.env', '']]));
      assert.deepStrictEqual(extraction('src/db.js', DB_JS, reincluded).files, example('DATABASE_URL'));
      const noDotenv = projectFromMap(new Map([['.gitignore', '.env\n']]));
      assert.deepStrictEqual(extraction('src/db.js', DB_JS, noDotenv).files, example('DATABASE_URL'));
    });

    test('a credential goes to .env quoted so that dotenv reads it back, never to .env.example', () => {
      const project = projectFromMap(new Map([['.gitignore', '.env\n'], ['.env', '']]));
      for (const [literal, value, line] of [
        ['"q8Z3vL#r29Xk!P0w"', 'q8Z3vL#r29Xk!P0w', "API_KEY='q8Z3vL#r29Xk!P0w'"],
        ['"q8Z3vL\'r29Xk#P0w"', 'q8Z3vL\'r29Xk#P0w', 'API_KEY="q8Z3vL\'r29Xk#P0w"'],
        ['"q8Z3vLr29XkP0wYtB7"', 'q8Z3vLr29XkP0wYtB7', 'API_KEY=q8Z3vLr29XkP0wYtB7'],
      ]) {
        const fix = extraction('src/pay.js', `const apiKey = ${literal};\n`, project, CREDS);
        assert.strictEqual(fix.title, 'Extract to environment variable API_KEY');
        assert.deepStrictEqual(fix.files?.[0], { path: '.env.example', appendLines: ['API_KEY='], keys: ['API_KEY'] });
        assert.deepStrictEqual(fix.files?.[1].appendLines, [line]);
        assert.deepStrictEqual(parseDotenv(applyFileChange('', fix.files![1])), { API_KEY: value });
      }
      // both quotes and an escape: no form every dotenv parser reads the same, so .env is left alone
      assert.deepStrictEqual(extraction('src/pay.js', 'const apiKey = "q8Z3vL\'r29X\\"k#P0w";\n', project, CREDS).files, example('API_KEY'));
    });

    test('the nearest example file is used, and names are kept from clashing', () => {
      const mono = projectFromMap(new Map([['services/api/.env.example', 'PORT=\n'], ['.env.example', 'X=\n']]));
      assert.strictEqual(extraction('services/api/src/db.js', DB_JS, mono).files?.[0].path, 'services/api/.env.example');
      // documented without a value: another variable may mean another database
      const documented = projectFromMap(new Map([['.env.example', 'DATABASE_URL=\n']]));
      assert.strictEqual(extraction('src/db.js', DB_JS, documented).title, 'Extract to environment variable DATABASE_URL_2');
      // the same value in .env: the same variable
      const same = projectFromMap(new Map([['.env.example', 'DATABASE_URL=\n'], ['.env', 'DATABASE_URL=postgres://app@db.internal:5432/app\n'], ['.gitignore', '.env\n']]));
      const reused = extraction('src/db.js', DB_JS, same);
      assert.strictEqual(reused.title, 'Extract to environment variable DATABASE_URL');
      assert.strictEqual(applyFileChange(same.read('.env.example'), reused.files![0]), 'DATABASE_URL=\n');
      assert.strictEqual(applyFileChange(same.read('.env'), reused.files![1]), 'DATABASE_URL=postgres://app@db.internal:5432/app\n');
      // already read by this file for something else
      const reads = "const a = process.env.DATABASE_URL;\nconst b = 'postgres://app@db.internal:5432/app';\n";
      assert.strictEqual(extraction('src/db.js', reads).title, 'Extract to environment variable DATABASE_URL_2');
    });
  });

  suite('fix all', () => {
    test('one import, distinct names for distinct values, one name for the same value', function () {
      const text = read('python/fixall.py');
      const file = new SourceFile('app/fixall.py', text);
      const findings = lint({ path: file.path, text }).filter(f => f.ruleId === CONN || f.ruleId === LOGS);
      assert.strictEqual(findings.length, 4);
      const project = projectFromMap(new Map([['.gitignore', '.env\n'], ['.env', '# local\n']]));
      const all = fixAll(file, findings, project);
      assert.deepStrictEqual(all.applied, ['Log to stdout', 'Extract to environment variable DATABASE_URL', 'Extract to environment variable DATABASE_URL_2', 'Extract to environment variable DATABASE_URL']);
      const out = applyEdits(text, all.edits);
      assert.strictEqual(out, read('python/fixall.fixed.py'));
      assert.deepStrictEqual(lint({ path: file.path, text: out }).filter(f => f.ruleId === CONN || f.ruleId === LOGS), []);
      assert.deepStrictEqual(all.files, [
        { path: '.env.example', appendLines: ['DATABASE_URL=', 'DATABASE_URL_2='], keys: ['DATABASE_URL', 'DATABASE_URL_2'] },
        { path: '.env', appendLines: ['DATABASE_URL=postgresql://app@db.internal:5432/app', 'DATABASE_URL_2=postgresql://report@replica.internal:5432/app'], keys: ['DATABASE_URL', 'DATABASE_URL_2'] },
      ]);
      assert.strictEqual(applyFileChange(project.read('.env'), all.files[1]), '# local\nDATABASE_URL=postgresql://app@db.internal:5432/app\nDATABASE_URL_2=postgresql://report@replica.internal:5432/app\n');
      if (assertParses(['python'], out, 'fixall.py', 'the fixed file')) this.skip();
    });
    test('a fix a rule attached to its finding comes first and is the one fix all uses', () => {
      const file = new SourceFile('a.js', "const url = 'postgres://app@db.internal:5432/app';\n");
      const own: Fix = { title: 'Use the pool from db.js', edits: [{ start: 12, end: 49, newText: 'pool.url' }], safe: true };
      const finding = { ...findingAt(CONN, file), fixes: [own] };
      assert.deepStrictEqual(fixesFor(file, finding).map(f => f.title), ['Use the pool from db.js', `Disable ${CONN} for this line`, `Disable ${CONN} for this file`]);
      assert.deepStrictEqual(fixAll(file, [finding]).applied, ['Use the pool from db.js']);
    });
    test('unsafe repairs and suppressions are left out', () => {
      const file = new SourceFile('rust/plain.rs', read('rust/plain.rs'));
      assert.deepStrictEqual(fixAll(file, findingsOf(CONN, file.path, file.text)), { edits: [], files: [], applied: [] });
    });
  });

  test('every finding in the rule fixtures gets fixes that apply cleanly and keep JS/TS parseable', () => {
    const root = path.join(ROOT, 'test', 'fixtures');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    let fixes = 0;
    for (const abs of walk(root)) {
      if (abs.endsWith('expected.json')) continue;
      // the path the engine sees: relative to the rule's positive/ or negative/ folder
      const rel = path.relative(root, abs).split(path.sep).slice(2).join('/').replace(/^(?:positive|negative)\//, '');
      const text = fs.readFileSync(abs, 'utf8');
      const file = new SourceFile(rel, text);
      const js = /\.[cm]?[jt]sx?$/.test(rel);
      const inputParses = js && parseWith('ts', text, path.basename(rel)) === undefined;
      for (const finding of lint({ path: rel, text })) {
        for (const fix of fixesFor(file, finding)) {
          fixes++;
          const out = applyEdits(text, fix.edits);
          assert.notStrictEqual(out, text, `${rel}: ${fix.title} changes the file`);
          if (inputParses) assert.strictEqual(parseWith('ts', out, path.basename(rel)), undefined, `${rel}: ${fix.title}`);
        }
      }
    }
    assert.ok(fixes > 0);
  });

  suite('applyEdits', () => {
    test('offsets refer to the original text; inserts at one offset keep their order', () => {
      assert.strictEqual(applyEdits('abcdef', [{ start: 4, end: 6, newText: 'XY' }, { start: 0, end: 0, newText: '1' }, { start: 0, end: 0, newText: '2' }, { start: 1, end: 2, newText: '' }]), '12acdXY');
      assert.strictEqual(applyEdits('abc', []), 'abc');
    });
    test('overlapping edits are a bug and throw', () => {
      assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), /overlapping/);
    });
  });
});
