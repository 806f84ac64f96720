/**
 * The per-factor scorecard on small fixture projects (test/fixtures/projects/scorecard-*), its
 * status rules on synthetic findings, and `twelve-factor check --scorecard` in text, JSON and SARIF.
 * Expected statuses for factors whose rules are still being written are derived from the registry,
 * so a new rule changes "not-checked" into "pass" here without editing this file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/cli';
import { defaultConfig, mergeConfig, EngineConfig } from '../../src/core/config';
import { lint, skipReasonForPath } from '../../src/core/engine';
import { FACTORS, FactorSlug } from '../../src/core/factors';
import { familyFor, languageIdForPath } from '../../src/core/languages';
import { Project, projectFromMap } from '../../src/core/project';
import { ALL_RULES } from '../../src/core/rules';
import { FactorScore, PathFindings, Scorecard, lockfileCandidates, scoreWorkspace, ScorecardOptions } from '../../src/core/scorecard';
import { Finding, Severity } from '../../src/core/types';
import { isDocumentation } from '../../src/core/values';
import { FIXTURES } from './paths';

const PROJECTS = path.join(FIXTURES, 'projects');

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

function readProject(name: string): Map<string, string> {
  const dir = path.join(PROJECTS, name);
  return new Map(filesUnder(dir).map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Lint a project the way the CLI does: every file in the project, ignored ones (lockfiles) not linted. */
function lintProject(texts: ReadonlyMap<string, string>, config: EngineConfig = defaultConfig()): { project: Project; findings: PathFindings[] } {
  const project = projectFromMap(texts);
  const findings: PathFindings[] = [];
  for (const [p, text] of texts) {
    if (skipReasonForPath(p, text.length, config) === 'ignored') continue;
    const found = lint({ path: p, text }, { config, project });
    if (found.length) findings.push({ path: p, findings: found });
  }
  return { project, findings };
}

function score(name: string, options: ScorecardOptions = {}, extra: Record<string, string> = {}): { card: Scorecard; findings: PathFindings[] } {
  const texts = readProject(name);
  for (const [p, t] of Object.entries(extra)) texts.set(p, t);
  const { project, findings } = lintProject(texts, options.config);
  return { card: scoreWorkspace(findings, project, options), findings };
}

const bySlug = (card: Scorecard, slug: FactorSlug): FactorScore => card.factors.find(f => f.factor.slug === slug)!;

/** The registry's rules for a factor that have a file in their languages among these paths. */
function applicableRules(slug: FactorSlug, paths: Iterable<string>): string[] {
  const families = new Set([...paths].filter(p => !isDocumentation(p)).map(p => familyFor(languageIdForPath(p), p)));
  return ALL_RULES.filter(r => r.meta.factor === slug && (r.meta.families === 'all' || r.meta.families.some(f => families.has(f)))).map(r => r.meta.id);
}

function finding(slug: FactorSlug | undefined, severity: Severity, ruleId = 'config/hardcoded-host'): Finding {
  const pos = { line: 0, column: 0, offset: 0 };
  const f: Finding = { ruleId, severity, message: 'm', range: { start: pos, end: pos } };
  if (slug) f.factor = { number: FACTORS.find(x => x.slug === slug)!.number, slug };
  return f;
}

suite('scorecard', () => {
  test('twelve factors in order, each with its number, numeral, slug and title', () => {
    const { card } = score('scorecard-clean', { gitRepository: true });
    assert.deepStrictEqual(card.factors.map(f => f.factor), FACTORS.map(f => ({ number: f.number, roman: f.roman, slug: f.slug, title: f.title })));
  });

  suite('clean project (Express app reading env vars, lockfile, Dockerfile, Procfile, .env.example)', () => {
    const { card, findings } = score('scorecard-clean', { gitRepository: true });
    const paths = readProject('scorecard-clean').keys();
    const pathList = [...paths];

    test('no finding at all', () => {
      assert.deepStrictEqual(findings.flatMap(f => f.findings.map(x => `${f.path}: ${x.ruleId}: ${x.message}`)), []);
    });

    test('passes every factor its rules check, and only reports the others as not checked', () => {
      for (const f of card.factors) {
        if (f.factor.slug === 'codebase') continue;
        const rules = applicableRules(f.factor.slug, pathList);
        assert.deepStrictEqual(f.checks, rules, `checks of ${f.factor.slug}`);
        assert.strictEqual(f.status, rules.length ? 'pass' : 'not-checked', `status of ${f.factor.slug}`);
        assert.deepStrictEqual(f.counts, { error: 0, warning: 0, info: 0, hint: 0 });
        assert.ok(f.manual.length > 40, `manual note for ${f.factor.slug}`);
      }
      for (const slug of ['config', 'processes', 'logs'] as const) assert.strictEqual(bySlug(card, slug).status, 'pass');
      assert.strictEqual(card.summary.fail + card.summary.warn, 0);
      assert.strictEqual(card.summary.pass + card.summary.notChecked, 12);
    });

    test('factor I: a git repository and one app pass its two checks', () => {
      const f = bySlug(card, 'codebase');
      assert.strictEqual(f.status, 'pass');
      assert.deepStrictEqual(f.checks, ['codebase/version-control', 'codebase/one-app-per-repository']);
      assert.deepStrictEqual(f.evidence, ['git repository', 'one app (package.json at the root)']);
      assert.deepStrictEqual(f.observations, []);
    });

    test('evidence for each factor, in plain sentences', () => {
      assert.deepStrictEqual(bySlug(card, 'dependencies').evidence, ['package-lock.json pins the dependencies']);
      assert.deepStrictEqual(bySlug(card, 'config').evidence, [
        '.env.example documents 7 variables',
        '.gitignore keeps .env files out of the repository',
        '2 files read configuration from the environment (knexfile.js and src/config.js)',
      ]);
      assert.deepStrictEqual(bySlug(card, 'backing-services').evidence, ['.env.example locates backing services by config: DATABASE_URL, REDIS_URL and SMTP_URL']);
      assert.deepStrictEqual(bySlug(card, 'build-release-run').evidence, ['Dockerfile present']);
      assert.deepStrictEqual(bySlug(card, 'port-binding').evidence, ['the project reads PORT (project fact reads-port)', 'Dockerfile exposes port 3000', 'Procfile declares a web process']);
      assert.deepStrictEqual(bySlug(card, 'concurrency').evidence, ['Procfile declares web and worker processes']);
      assert.deepStrictEqual(bySlug(card, 'disposability').evidence, [
        'a SIGTERM or shutdown handler (project fact handles-sigterm)',
        'Dockerfile starts the app in exec form, so the signal reaches it',
      ]);
    });

    test('factor XII: one-off tasks in the codebase are evidence, never a pass', () => {
      const f = bySlug(card, 'admin-processes');
      assert.deepStrictEqual(f.evidence, [
        'package.json scripts "migrate" and "seed" run one-off tasks with the app\'s runtime',
        'Procfile declares a release process, run with each release',
        'database migrations live in the codebase (migrations/)',
      ]);
      if (!ALL_RULES.some(r => r.meta.factor === 'admin-processes')) {
        assert.strictEqual(f.status, 'not-checked');
        assert.deepStrictEqual(f.checks, []);
        assert.match(f.manual, /^Not checked statically: .*same release/);
      }
    });

    test('verdict', () => {
      assert.strictEqual(card.summary.verdict, `Every factor the checks cover passes (${card.summary.pass}); ${card.summary.notChecked} need a look by hand.`);
    });
  });

  suite('messy project (hardcoded database, file logs, memory sessions, local uploads, no git)', () => {
    const { card } = score('scorecard-messy', { gitRepository: false });

    test('fails config, processes and logs, with counts and files', () => {
      for (const slug of ['config', 'processes', 'logs'] as const) {
        const f = bySlug(card, slug);
        assert.strictEqual(f.status, 'fail', slug);
        assert.deepStrictEqual(f.files, ['src/app.js'], slug);
        assert.ok(f.counts.warning + f.counts.error > 0, slug);
      }
      assert.deepStrictEqual(bySlug(card, 'processes').counts, { error: 0, warning: 2, info: 0, hint: 0 });
      assert.deepStrictEqual(bySlug(card, 'logs').counts, { error: 0, warning: 1, info: 0, hint: 0 });
    });

    test('factor I warns: no git repository is an info observation', () => {
      const f = bySlug(card, 'codebase');
      assert.strictEqual(f.status, 'warn');
      assert.deepStrictEqual(f.counts, { error: 0, warning: 0, info: 1, hint: 0 });
      assert.deepStrictEqual(f.observations, ['No git repository found: keep the codebase in version control (git init) and deploy from it.']);
    });

    test('every status follows its counts; nothing unchecked passes', () => {
      for (const f of card.factors) {
        const expected = f.counts.error + f.counts.warning ? 'fail' : f.counts.info + f.counts.hint ? 'warn' : f.checks.length ? 'pass' : 'not-checked';
        assert.strictEqual(f.status, expected, f.factor.slug);
      }
      assert.strictEqual(bySlug(card, 'admin-processes').evidence.length, 0);
      assert.match(card.summary.verdict, /^\d+ of 12 factors fail \(.*Config.*Processes.*Logs.*\); \d+ pass, \d+ with advice, \d+ not checked statically\.$/);
    });
  });

  suite('monorepo (two apps, no workspace layout)', () => {
    test('factor I warns with an observation naming both apps', () => {
      const f = bySlug(score('scorecard-monorepo', { gitRepository: true }).card, 'codebase');
      assert.strictEqual(f.status, 'warn');
      assert.deepStrictEqual(f.counts, { error: 0, warning: 0, info: 1, hint: 0 });
      assert.deepStrictEqual(f.evidence, ['git repository']);
      assert.strictEqual(f.observations.length, 1);
      assert.match(f.observations[0], /^2 apps with their own manifests in one repository and no workspace layout: api\/ \(package\.json\) and worker\/ \(requirements\.txt\)\. Give each app its own repository, or declare a workspace/);
    });

    test('a workspace layout makes it one codebase', () => {
      const layouts: [Record<string, string>, string][] = [
        [{ 'pnpm-workspace.yaml': 'packages:\n  - api\n' }, 'pnpm-workspace.yaml'],
        [{ 'package.json': '{ "private": true, "workspaces": ["api"] }\n' }, 'package.json "workspaces"'],
        [{ 'go.work': 'go 1.22\n' }, 'go.work'],
        [{ 'Cargo.toml': '[workspace]\nmembers = ["api"]\n' }, 'Cargo.toml [workspace]'],
        [{ 'nx.json': '{}\n' }, 'nx.json'],
      ];
      for (const [files, name] of layouts) {
        const f = bySlug(score('scorecard-monorepo', { gitRepository: true }, files).card, 'codebase');
        assert.strictEqual(f.status, 'pass', name);
        assert.deepStrictEqual(f.observations, [], name);
        assert.match(f.evidence[1], new RegExp(`^\\d apps in a workspace layout \\(${name.replace(/[.[\]"]/g, '\\$&')}\\): `), name);
      }
    });

    test('examples, tests and vendored code are not apps of the repository', () => {
      const f = bySlug(score('scorecard-clean', { gitRepository: true }, {
        'examples/demo/package.json': '{}', 'test/fixtures/app/requirements.txt': 'flask==3.0.0\n', 'vendor/lib/go.mod': 'module x\n',
      }).card, 'codebase');
      assert.strictEqual(f.status, 'pass');
      assert.deepStrictEqual(f.evidence, ['git repository', 'one app (package.json at the root)']);
    });

    test('evidence from each app', () => {
      const { card } = score('scorecard-monorepo', { gitRepository: true });
      assert.deepStrictEqual(bySlug(card, 'dependencies').evidence, ['worker/requirements.txt pins both packages with ==']);
      assert.deepStrictEqual(bySlug(card, 'config').evidence, ['2 files read configuration from the environment (api/src/server.js and worker/worker.py)']);
    });
  });

  suite('status rules', () => {
    const project = projectFromMap(new Map([['src/app.js', 'x'], ['Dockerfile', 'FROM node:20.11\n']]));
    const card = (...fs: Finding[]) => scoreWorkspace([{ path: 'src/app.js', findings: fs }], project);

    test('error or warning fails, info or hint warns, nothing found passes', () => {
      assert.strictEqual(bySlug(card(finding('config', 'error')), 'config').status, 'fail');
      assert.strictEqual(bySlug(card(finding('config', 'warning'), finding('config', 'hint')), 'config').status, 'fail');
      assert.strictEqual(bySlug(card(finding('config', 'info')), 'config').status, 'warn');
      assert.strictEqual(bySlug(card(finding('config', 'hint')), 'config').status, 'warn');
      assert.strictEqual(bySlug(card(), 'config').status, 'pass');
      assert.deepStrictEqual(bySlug(card(finding('config', 'info'), finding('config', 'info')), 'config').counts, { error: 0, warning: 0, info: 2, hint: 0 });
    });

    test('findings about the tool itself (no factor) count nowhere', () => {
      const c = card(finding(undefined, 'error', 'twelve-factor/config-error'));
      assert.strictEqual(c.summary.fail, 0);
    });

    test('without a check, a factor is not checked, never a pass', () => {
      const empty = scoreWorkspace([], projectFromMap(new Map()));
      assert.deepStrictEqual(empty.factors.map(f => f.status), Array(12).fill('not-checked'));
      assert.strictEqual(empty.summary.verdict, 'Nothing was checked: no file the rules understand.');
      for (const f of empty.factors) assert.match(f.manual, /^Not checked statically/);
    });

    test('rules turned off did not run; rules with no file in their languages did not either', () => {
      const off = mergeConfig(defaultConfig(), { rules: Object.fromEntries(ALL_RULES.filter(r => r.meta.factor === 'logs').map(r => [r.meta.id, 'off' as const])) });
      const logs = bySlug(scoreWorkspace([], project, { config: off }), 'logs');
      assert.strictEqual(logs.status, 'not-checked');
      assert.deepStrictEqual(logs.checks, []);
      assert.deepStrictEqual(logs.notRun, ['logs/file-logging']);
      assert.match(logs.manual, /Its rules checked nothing here \(turned off, or no file in their languages\): logs\/file-logging\.$/);
      const pyOnly = projectFromMap(new Map([['app.py', 'x']]));
      const processes = bySlug(scoreWorkspace([], pyOnly), 'processes');
      assert.deepStrictEqual(processes.checks, applicableRules('processes', ['app.py']));
    });

    test('custom rules from the configuration check their factor', () => {
      const config = mergeConfig(defaultConfig(), {
        customRules: [{ id: 'team/no-ftp', factor: 'backing-services', pattern: /ftp:\/\//g, message: 'no ftp', languages: [], severity: 'warning' }],
      });
      const f = bySlug(scoreWorkspace([], project, { config }), 'backing-services');
      assert.ok(f.checks.includes('team/no-ftp'));
      assert.strictEqual(f.status, 'pass');
    });

    test('a finding proves its check ran even when the caller did not say so', () => {
      const f = bySlug(card(finding('dev-prod-parity', 'info', 'team/sqlite-in-dev')), 'dev-prod-parity');
      assert.ok(f.checks.includes('team/sqlite-in-dev'));
      assert.strictEqual(f.status, 'warn');
    });

    test('git: the option wins; otherwise .git/HEAD among the paths; otherwise the check does not run', () => {
      const withHead = projectFromMap(new Map([['.git/HEAD', 'ref: refs/heads/main\n'], ['app.js', 'x']]));
      assert.deepStrictEqual(bySlug(scoreWorkspace([], withHead), 'codebase').evidence[0], 'git repository');
      const unknown = bySlug(scoreWorkspace([], project), 'codebase');
      assert.deepStrictEqual(unknown.checks, ['codebase/one-app-per-repository']);
      assert.deepStrictEqual(bySlug(scoreWorkspace([], withHead, { gitRepository: false }), 'codebase').status, 'warn');
    });

    test('lockfile candidates sit next to each manifest', () => {
      const c = lockfileCandidates(['package.json', 'api/go.mod', 'api/main.go', 'README.md']);
      assert.ok(c.includes('package-lock.json') && c.includes('api/go.sum') && c.includes('api/yarn.lock'));
      assert.ok(!c.some(p => p.startsWith('README')));
    });
  });
});

function run(cwd: string, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = main(argv, { cwd, out: s => { out += s; }, err: s => { err += s; }, color: false });
  return { code, out, err };
}

function insideGit(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

suite('CLI --scorecard', () => {
  const clean = path.join(PROJECTS, 'scorecard-clean');
  let messy = '';
  suiteSetup(() => {
    messy = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-scorecard-'));
    fs.cpSync(path.join(PROJECTS, 'scorecard-messy'), messy, { recursive: true });
  });
  suiteTeardown(() => { if (messy) fs.rmSync(messy, { recursive: true, force: true }); });

  test('--help lists the option', () => {
    assert.match(run(clean, 'check', '--help').out, /--scorecard /);
  });

  test('text: a table after the findings summary, then the verdict', () => {
    const r = run(clean, 'check', '--scorecard');
    assert.strictEqual(r.code, 0);
    const lines = r.out.split('\n');
    const at = lines.indexOf('No twelve-factor problems found.');
    assert.ok(at >= 0, r.out);
    assert.strictEqual(lines[at + 1], '');
    assert.match(lines[at + 2], /^Scorecard {22}status {8}  E  W  I  H  notes$/);
    assert.strictEqual(lines[at + 3], `  I    Codebase                ✓ pass          0  0  0  0  git repository`);
    assert.strictEqual(lines[at + 5], `  III  Config                  ✓ pass          0  0  0  0  .env.example documents 7 variables`);
    assert.match(r.out, /^ {2}XII  Admin processes {9}- not checked {3}0 {2}0 {2}0 {2}0 {2}package\.json scripts "migrate" and "seed" run one-off tasks/m);
    assert.match(lines[at + 15], /^Every factor the checks cover passes \(\d+\); \d+ need a look by hand\.$/);
  });

  test('text: failing factors, and the observation of a project outside git', () => {
    const r = run(messy, 'check', '--scorecard');
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /^ {2}XI {3}Logs {20}✗ fail {10}0 {2}1 {2}0 {2}0 {2}1 finding in src\/app\.js$/m);
    assert.match(r.out, /^ {2}VI {3}Processes {15}✗ fail {10}0 {2}2 {2}0 {2}0 {2}2 findings in src\/app\.js$/m);
    if (!insideGit(messy)) assert.match(r.out, /^ {2}I {4}Codebase {16}! warn {10}0 {2}0 {2}1 {2}0 {2}No git repository found/m);
    assert.match(r.out, /^\d+ of 12 factors fail \(/m);
  });

  test('JSON: a "scorecard" key only with --scorecard; the rest byte-identical', () => {
    const plain = run(messy, 'check', '--format', 'json');
    const withCard = run(messy, 'check', '--format', 'json', '--scorecard');
    assert.strictEqual(withCard.code, plain.code);
    const j = JSON.parse(withCard.out);
    assert.deepStrictEqual(Object.keys(j), ['version', 'tool', 'findings', 'skipped', 'errors', 'scorecard']);
    assert.deepStrictEqual(Object.keys(JSON.parse(plain.out)), ['version', 'tool', 'findings', 'skipped', 'errors']);
    const { scorecard, ...rest } = j;
    assert.strictEqual(JSON.stringify(rest, null, 2) + '\n', plain.out);
    assert.strictEqual(scorecard.factors.length, 12);
    assert.deepStrictEqual(Object.keys(scorecard.factors[0]), ['factor', 'status', 'counts', 'checks', 'notRun', 'files', 'evidence', 'observations', 'manual']);
    assert.deepStrictEqual(Object.keys(scorecard.summary), ['pass', 'warn', 'fail', 'notChecked', 'verdict']);
    const status = Object.fromEntries(scorecard.factors.map((f: FactorScore) => [f.factor.slug, f.status]));
    assert.strictEqual(status.config, 'fail');
    assert.strictEqual(status.processes, 'fail');
    assert.strictEqual(status.logs, 'fail');
  });

  test('JSON: lockfiles (ignored for linting) still count as evidence, and the git repository is found above the folder', () => {
    const j = JSON.parse(run(clean, 'check', '--format', 'json', '--scorecard').out);
    const f = (slug: string) => j.scorecard.factors.find((x: FactorScore) => x.factor.slug === slug);
    assert.deepStrictEqual(f('dependencies').evidence, ['package-lock.json pins the dependencies']);
    assert.strictEqual(f('codebase').evidence[0], 'git repository');
  });

  test('SARIF is unchanged by --scorecard', () => {
    assert.strictEqual(run(messy, 'check', '--format', 'sarif', '--scorecard').out, run(messy, 'check', '--format', 'sarif').out);
  });
});
