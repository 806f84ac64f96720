/**
 * A secret is never shown in full in any output. The secrets are not copied here by hand: they are
 * what the engine itself flags in the fixtures (the literal under a finding whose message masks a
 * value, the password of a flagged connection string) plus the values of secret-named keys in the
 * fixtures' `.env` files. Then every output is produced and searched for each of them: the
 * engine's messages, the quick fixes' titles and edits (not the `.env` file the extract fix writes
 * the value to on purpose), the CLI's text, JSON and SARIF (fingerprints included) with and
 * without the scorecard, the scorecard itself, and the messages about malformed files built around
 * a secret. `mask()` keeps the first and last two characters, so only a whole secret is a leak.
 *
 * The guide page's data (src/extension/guide/views.ts) imports vscode and is not checked here; it
 * shows the findings' messages and the scorecard's notes, which are.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseDotenv } from 'dotenv';
import { main } from '../../src/cli/cli';
import { lint, resetRuleBudgets } from '../../src/core/engine';
import { fixAll, fixesFor } from '../../src/core/fixes';
import { malformedInputProblems } from '../../src/core/malformed';
import { Project, projectFromMap } from '../../src/core/project';
import { scoreWorkspace } from '../../src/core/scorecard';
import { findTokens, secretNameKind } from '../../src/core/secrets';
import { SourceFile } from '../../src/core/source';
import { Finding, Fix } from '../../src/core/types';
import { hasSubstitution, isPlaceholder, parseUrlish } from '../../src/core/values';
import { FIXTURES } from './paths';

/**
 * mask() shows a value of 8 characters or fewer as stars only, and such a value (`postgres`, a dev
 * default a fallback rule still masks) is too short to search for without false alarms.
 */
const MIN_SECRET = 9;
/** `(ab********yz)` or `(****)` in a message: the rule says it masked something there. */
const MASKED = /\(([^\s()*]{2})\*{4,}([^\s()*]{2})\)|\((\*{4,})\)/g;

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p, base);
    return e.isFile() ? [path.relative(base, p).split(path.sep).join('/')] : [];
  });
}

/** Every folder of sample files: each rule's fixtures, and the sample projects and stacks. */
function fixtureProjects(): string[] {
  const out: string[] = [];
  for (const group of fs.readdirSync(FIXTURES)) {
    const g = path.join(FIXTURES, group);
    if (!fs.statSync(g).isDirectory()) continue;
    for (const name of fs.readdirSync(g)) if (fs.statSync(path.join(g, name)).isDirectory()) out.push(path.join(g, name));
  }
  return out;
}

interface Sample { dir: string; texts: Map<string, string>; project: Project; findings: Map<string, Finding[]> }

/** How a secret was found: under a masked message, as a flagged URL's password, as a `.env` value. */
type How = 'masked literal' | 'connection-string password' | '.env value';
type Secrets = Map<string, { where: string; how: Set<How> }>;

function addSecret(secrets: Secrets, value: string | undefined, where: string, how: How): void {
  if (!value) return;
  const v = value.trim();
  if (v.length < MIN_SECRET || isPlaceholder(v) || hasSubstitution(v)) return;
  const known = secrets.get(v);
  if (known) known.how.add(how);
  else secrets.set(v, { where, how: new Set([how]) });
}

/** The secrets one finding points at, by what its message masks and what its range holds. */
function secretsOf(f: Finding, text: string, where: string, secrets: Secrets): string[] {
  const unresolved: string[] = [];
  const range = text.slice(f.range.start.offset, f.range.end.offset);
  MASKED.lastIndex = 0;
  for (const m of f.message.matchAll(MASKED)) {
    const candidates = [range, range.trim().replace(/^["'`]|["'`]$/g, '')];
    // a token whose masked part is not the whole match (a private key's body after its BEGIN line)
    for (const t of findTokens(text)) if (t.start < f.range.end.offset + 1 && t.end >= f.range.start.offset) candidates.push(t.secret);
    const found = m[3] !== undefined
      ? candidates.find(c => c.length <= 8)
      : candidates.find(c => c.length > 8 && c.startsWith(m[1]) && c.endsWith(m[2]));
    if (found === undefined) unresolved.push(`${where}: ${m[0]} in "${f.message.slice(0, 90)}"`);
    else addSecret(secrets, found, where, 'masked literal');
  }
  if (f.ruleId === 'config/hardcoded-connection-string') {
    addSecret(secrets, parseUrlish(range.replace(/^["'`]|["'`]$/g, ''))?.password, where, 'connection-string password');
    for (const m of range.matchAll(/(?:password|pwd)\s*=\s*([^;&\s'"`]+)/gi)) addSecret(secrets, m[1], where, 'connection-string password');
  }
  return unresolved;
}

/** The text a fix shows or writes, except the `.env` file it fills with the value on purpose. */
function fixTexts(fixes: readonly Fix[]): string[] {
  return fixes.flatMap(x => [
    x.title,
    ...x.edits.map(e => e.newText),
    ...(x.files ?? []).filter(c => !/(?:^|\/)\.env$/.test(c.path)).map(c => `${c.path}\n${c.appendLines.join('\n')}`),
  ]);
}

function runCli(cwd: string, argv: string[]): string {
  let out = '', err = '';
  main(['check', ...argv], { cwd, out: s => { out += s; }, err: s => { err += s; }, color: false });
  return `${out}\n${err}`;
}

suite('secrets are never shown in full', () => {
  const secrets: Secrets = new Map();
  const samples: Sample[] = [];
  const outputs: { where: string; text: string }[] = [];
  let temp: string | undefined;
  suiteTeardown(() => { if (temp) fs.rmSync(temp, { recursive: true, force: true }); });

  suiteSetup(function () {
    this.timeout(120000);
    resetRuleBudgets();
    const unresolved: string[] = [];
    for (const dir of fixtureProjects()) {
      const names = filesUnder(dir).filter(f => f !== 'expected.json');
      const texts = new Map(names.map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
      const project = projectFromMap(texts);
      const findings = new Map<string, Finding[]>();
      for (const [name, text] of texts) {
        const fs = lint({ path: name, text }, { project });
        findings.set(name, fs);
        const where = `${path.relative(FIXTURES, dir)}/${name}`;
        for (const f of fs) unresolved.push(...secretsOf(f, text, where, secrets));
        // the values of secret-named keys in .env files, as dotenv reads them
        if (new SourceFile(name, text).family === 'dotenv') {
          for (const [k, v] of Object.entries(parseDotenv(text))) if (secretNameKind(k)) addSecret(secrets, v, `${where} (${k})`, '.env value');
        }
      }
      samples.push({ dir, texts, project, findings });
    }
    assert.deepStrictEqual(unresolved, [], 'a message masks a value whose secret could not be found under its finding');
  });

  test('the fixtures hold secrets the engine flags', () => {
    const count = (test: (x: { where: string; how: Set<How> }) => boolean) => [...secrets.values()].filter(test).length;
    const kinds = {
      'config/hardcoded-credentials': count(x => x.where.startsWith('config/hardcoded-credentials/')),
      'config/secret-in-dockerfile': count(x => x.where.startsWith('config/secret-in-dockerfile/')),
      'connection-string passwords': count(x => x.how.has('connection-string password')),
      '.env values': count(x => x.how.has('.env value')),
    };
    console.log(`      ${secrets.size} distinct secrets from ${samples.length} fixture folders: ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    assert.ok(secrets.size >= 40, `only ${secrets.size} secrets`);
    for (const [k, n] of Object.entries(kinds)) assert.ok(n > 0, `no secret from ${k}`);
  });

  test('engine messages, quick fixes and fix-all', () => {
    const before = outputs.length;
    for (const { dir, texts, project, findings } of samples) {
      for (const [name, list] of findings) {
        const file = new SourceFile(name, texts.get(name)!);
        const where = `${path.relative(FIXTURES, dir)}/${name}`;
        for (const f of list) outputs.push({ where: `${where} message`, text: f.message }, ...fixTexts(fixesFor(file, f, project)).map(text => ({ where: `${where} fix`, text })));
        const all = fixAll(file, list, project);
        outputs.push({ where: `${where} fix all`, text: [...all.applied, ...all.edits.map(e => e.newText), ...all.files.filter(c => !/(?:^|\/)\.env$/.test(c.path)).flatMap(c => c.appendLines)].join('\n') });
      }
    }
    // the fixtures that hold secrets gave messages and fixes to search
    assert.ok(outputs.slice(before).some(o => o.where.endsWith(' fix')), 'quick fixes were produced');
    assert.ok(outputs.slice(before).some(o => /\*{4,}/.test(o.text)), 'masked messages were produced');
  });

  test('CLI text, JSON and SARIF, with and without the scorecard; the scorecard itself', function () {
    this.timeout(120000);
    for (const { dir, project, findings } of samples) {
      const where = path.relative(FIXTURES, dir);
      for (const argv of [[], ['--format', 'json'], ['--format', 'sarif'], ['--scorecard'], ['--format', 'json', '--scorecard']]) {
        const text = runCli(dir, argv);
        // each format came out whole: JSON and SARIF parse
        if (argv[0] === '--format') assert.doesNotThrow(() => JSON.parse(text), `${where}: ${argv.join(' ')} is JSON`);
        outputs.push({ where: `${where} check ${argv.join(' ')}`, text });
      }
      const card = scoreWorkspace([...findings].map(([p, fs]) => ({ path: p, findings: fs })), project, { gitRepository: true });
      outputs.push({ where: `${where} scorecard`, text: JSON.stringify(card) });
    }
  });

  test('malformed files built around each secret: the messages about them never repeat it', function () {
    this.timeout(120000);
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-secrets-'));
    let i = 0;
    for (const s of secrets.keys()) {
      if (/[\r\n]/.test(s)) continue;
      const d = path.join(temp, `s${i++}`);
      fs.mkdirSync(d);
      const q = JSON.stringify(s);
      const files: Record<string, string> = {
        'package.json': `{\n  "name": "app",\n  "config": { "token": ${q} "next": 1 }\n}\n`,
        'composer.json': `{ "extra": { "key": ${q}, } }`,
        '.env': `API_TOKEN ${s}\nDB_PASSWORD="${s}\n${s}\n`,
        'Dockerfile': `${s}\nFROM node:20\nENVV API_TOKEN=${s}\n`,
        'docker-compose.yml': `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${q}\n     broken: [${q}\n`,
      };
      for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(d, name), text);
        const problems = malformedInputProblems(name, text);
        outputs.push({ where: `malformed ${name}`, text: problems.map(p => p.message).join('\n') });
        outputs.push({ where: `malformed ${name} lint`, text: lint({ path: name, text }).map(f => f.message).join('\n') });
      }
    }
    for (const argv of [[], ['--format', 'json'], ['--format', 'sarif']]) outputs.push({ where: `malformed check ${argv.join(' ')}`, text: runCli(temp, argv) });
    assert.ok(runCli(temp, ['--format', 'json']).includes('twelve-factor/malformed-file'));
  });

  test('no output holds a whole secret', () => {
    const leaks: string[] = [];
    let bytes = 0;
    for (const o of outputs) {
      bytes += o.text.length;
      for (const [s, from] of secrets) if (o.text.includes(s)) leaks.push(`${o.where}: shows ${JSON.stringify(s.slice(0, 4))}... (${s.length} chars, from ${from.where})`);
    }
    console.log(`      ${secrets.size} secrets checked in ${outputs.length} outputs (${Math.round(bytes / 1024)} KB): ${leaks.length} leaks`);
    assert.ok(outputs.length > 1000, `only ${outputs.length} outputs`);
    assert.deepStrictEqual(leaks, []);
  });
});
