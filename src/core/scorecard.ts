/**
 * The per-factor scorecard: for each of the twelve factors, a status computed from the findings of
 * the rules that check it, the evidence the project's files show (a lockfile, a Dockerfile, a
 * Procfile...), and what static analysis cannot see and a person has to look at.
 *
 * Status, per factor:
 * - `fail`: at least one error or warning;
 * - `warn`: only info or hint;
 * - `pass`: checks ran for the factor and found nothing;
 * - `not-checked`: nothing checked it here (no rule for the factor, the rules are turned off, or no
 *   file in their languages): never a pass by default, and `manual` says what to look at by hand.
 *
 * Which rules check a factor comes from the registry (`meta.factor`), so a new rule shows up here
 * without touching this file. Factor I has two checks of its own, computed here from the project's
 * layout (see SCORECARD_CHECKS); their observations count as info. Factor XII has none: its
 * evidence is reported, its status stays `not-checked`.
 *
 * Pure: no I/O. The caller says whether the project is a git repository.
 */
import { EngineConfig, defaultConfig } from './config';
import { FACTORS, Factor, FactorSlug } from './factors';
import { familyFor, languageIdForPath } from './languages';
import { isTestFile } from './engine';
import { Project } from './project';
import { Rule } from './rule';
import { ALL_RULES } from './rules';
import { Finding, Severity } from './types';
import { isDocumentation } from './values';

export type FactorStatus = 'pass' | 'warn' | 'fail' | 'not-checked';

/** The findings of one file, with its path relative to the project root (the CLI's and the editor's shape). */
export interface PathFindings {
  path: string;
  findings: readonly Finding[];
}

export interface ScorecardOptions {
  /**
   * Whether the project is in a git repository. The CLI and the workspace scan skip `.git`, so the
   * caller looks on disk; when undefined, a `.git/HEAD` among the project's paths counts, and
   * otherwise the version-control check does not run.
   */
  gitRepository?: boolean;
  /** The configuration the findings were made with: rules turned off did not run; custom rules did. */
  config?: EngineConfig;
  /** The rules that ran (default: every built-in rule). */
  rules?: readonly Rule[];
}

export interface FactorScore {
  factor: Pick<Factor, 'number' | 'roman' | 'slug' | 'title'>;
  status: FactorStatus;
  /** Findings for the factor by severity, plus the scorecard's own observations (info). */
  counts: Record<Severity, number>;
  /** Ids of the checks that ran for this factor: rules, custom rules, and the scorecard's own checks. */
  checks: string[];
  /** Rules for this factor that checked nothing here: turned off, or no file in their languages. */
  notRun: string[];
  /** Files with findings for this factor. */
  files: string[];
  /** What the project's files show in favour of the factor, as sentences. */
  evidence: string[];
  /** Problems the scorecard's own checks found (factor I); each counts as one info. */
  observations: string[];
  /** What to look at by hand: everything for an unchecked factor, what the rules cannot see for a checked one. */
  manual: string;
}

export interface Scorecard {
  factors: FactorScore[];
  summary: { pass: number; warn: number; fail: number; notChecked: number; verdict: string };
}

/** Checks the scorecard computes itself from the project's layout (no rule file: they need the whole tree). */
export const SCORECARD_CHECKS: readonly { id: string; factor: FactorSlug; title: string; description: string }[] = [
  {
    id: 'codebase/version-control', factor: 'codebase', title: 'Version control',
    description: 'The project is a git repository (an info observation when it is not).',
  },
  {
    id: 'codebase/one-app-per-repository', factor: 'codebase', title: 'One app per repository',
    description: 'More than one folder with its own manifest (package.json, requirements.txt, go.mod...) and no workspace layout '
      + '(package.json "workspaces", pnpm-workspace.yaml, go.work, a Cargo [workspace], lerna/nx/turbo, Maven modules, Gradle includes, a .sln) '
      + 'means several apps share one repository without being built as one codebase (an info observation).',
  },
];

/** Lockfile names by manifest, so callers that hide lockfiles from linting can still show them here. */
export const LOCKFILES: readonly string[] = [
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock',
  'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'Gemfile.lock', 'go.sum', 'Cargo.lock', 'composer.lock',
  'packages.lock.json', 'gradle.lockfile', 'mix.lock',
];

/**
 * Where lockfiles could sit: every lockfile name next to every manifest. A caller that leaves
 * lockfiles out of the project (they are ignored for linting) checks these on disk and adds the
 * ones that exist, so factor II can show them.
 */
export function lockfileCandidates(paths: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const p of paths) if (MANIFESTS.has(baseOf(p)) || p.endsWith('.csproj')) dirs.add(dirOf(p));
  return [...dirs].flatMap(d => LOCKFILES.map(l => (d ? `${d}/${l}` : l)));
}

const MANIFESTS = new Set([
  'package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py', 'go.mod', 'Gemfile', 'composer.json',
  'Cargo.toml', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'mix.exs',
]);

/** Folders whose manifests are not deployable apps of this repository. */
const NOT_APP_SEGMENTS = new Set([
  'node_modules', 'vendor', 'third_party', 'test', 'tests', 'spec', 'specs', '__tests__', 'fixtures', '__fixtures__',
  'testdata', 'examples', 'example', 'samples', 'sample', 'docs', 'doc', 'templates', '.venv', 'venv', 'dist', 'build',
  'out', 'target',
]);

const MANUAL: Record<FactorSlug, { unchecked: string; beyond: string }> = {
  codebase: {
    unchecked: 'Not checked statically here: check that the app lives in one version-controlled repository, that every deploy '
      + '(staging, production) comes from it, and that code shared between apps is a library pulled in as a dependency, not a copy.',
    beyond: 'By hand: every deploy comes from this repository (no per-environment branch or copy), and code shared with other apps '
      + 'is a library pulled in as a dependency, not a copy.',
  },
  dependencies: {
    unchecked: 'Not checked statically here: check that every library is declared in a manifest and pinned by a committed lockfile, '
      + 'and that the app calls no system tool (curl, ImageMagick, ffmpeg) that the manifest or Dockerfile does not install.',
    beyond: 'By hand: the build installs exactly what the lockfile says (npm ci, pinned requirements, bundle install --frozen), and '
      + 'the app calls no system tool the manifest or Dockerfile does not install.',
  },
  config: {
    unchecked: 'Not checked statically here: look for credentials, hosts and per-environment values written in the code, and read '
      + 'them from environment variables instead.',
    beyond: 'By hand: nothing that differs between deploys is chosen by a file committed per environment, and the code could be '
      + 'published today without leaking a credential.',
  },
  'backing-services': {
    unchecked: 'Not checked statically here: check that each database, cache, queue and mail server is located by a URL or '
      + 'credentials from the config, so swapping a local one for a managed one needs no code change.',
    beyond: 'By hand: swapping a local database, cache or queue for a managed one of the same kind needs only a config change.',
  },
  'build-release-run': {
    unchecked: 'Not checked statically here: check that the build produces one artifact (base images pinned), that a release '
      + 'combines it with config under an id you can roll back to, and that nothing installs or builds when the app starts.',
    beyond: 'By hand: each release has an id you can roll back to, and nobody changes running code in place (no ssh edits, no '
      + 'installs at start).',
  },
  processes: {
    unchecked: 'Not checked statically here: check that nothing a later request needs is kept in process memory or on the local '
      + 'disk (sessions, uploads, caches, job state).',
    beyond: 'By hand: a restart or a second process loses nothing; sticky sessions are not needed.',
  },
  'port-binding': {
    unchecked: 'Not checked statically here: look for listen calls, app.run(port=...), ListenAndServe or server.port with a '
      + 'literal port, and read PORT instead.',
    beyond: 'By hand: the app embeds its HTTP server instead of being deployed into a web server container at run time.',
  },
  concurrency: {
    unchecked: 'Not checked statically here: look for daemon(), --daemon, nohup ... &, and PID files, and check that the work '
      + 'is split into process types (web, worker) that scale by running more of them.',
    beyond: 'By hand: the work is split into process types (web, worker, scheduler) that scale by running more of them, and the '
      + 'platform, not the app, starts and restarts them.',
  },
  disposability: {
    unchecked: 'Not checked statically here: check that the server handles SIGTERM (stop accepting, drain requests, exit), that a '
      + 'Dockerfile CMD uses exec form so the signal reaches the app, and that it starts in seconds.',
    beyond: 'By hand: the app starts in seconds, finishes or requeues in-flight work on SIGTERM, and its jobs are safe to run again '
      + 'after a crash.',
  },
  'dev-prod-parity': {
    unchecked: 'Not checked statically here: compare the backing services per environment; sqlite or an in-memory cache in '
      + 'development against PostgreSQL or Redis in production is the usual gap, and docker compose makes the real ones cheap locally.',
    beyond: 'By hand: development and CI run the same kinds and versions of backing services as production, and code reaches '
      + 'production within hours or days of being written.',
  },
  logs: {
    unchecked: 'Not checked statically here: check that the app writes its logs to stdout or stderr and leaves routing, storage '
      + 'and rotation to the platform.',
    beyond: 'By hand: logs go unbuffered to stdout or stderr, and routing, storage and rotation are left to the platform.',
  },
  'admin-processes': {
    unchecked: 'Not checked statically: check that one-off tasks (migrations, data fixes, consoles) run as processes of the same '
      + 'release, with the same config, such as `heroku run`, a Kubernetes Job from the app\'s image or a Procfile release process, '
      + 'and not from a laptop or by hand against the production database.',
    beyond: 'By hand: one-off tasks run as processes of the same release, with the same config, not from a laptop.',
  },
};

/** The scorecard of a project from its findings. */
export function scoreWorkspace(findings: readonly PathFindings[], project: Project, options: ScorecardOptions = {}): Scorecard {
  const config = options.config ?? defaultConfig();
  const rules = options.rules ?? ALL_RULES;
  const families = new Set<string>();
  const languages = new Set<string>();
  for (const p of project.paths) {
    if (isDocumentation(p)) continue;
    const id = languageIdForPath(p);
    languages.add(id);
    families.add(familyFor(id, p));
  }
  const layout = new Layout(project, config);
  const codebase = codebaseChecks(project, layout, options);

  const factors = FACTORS.map((f): FactorScore => {
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
    const checks: string[] = [];
    const notRun: string[] = [];
    for (const r of rules) {
      if (r.meta.factor !== f.slug) continue;
      const applies = config.rules[r.meta.id] !== 'off'
        && (r.meta.families === 'all' ? families.size > 0 : r.meta.families.some(x => families.has(x)));
      (applies ? checks : notRun).push(r.meta.id);
    }
    for (const c of config.customRules) {
      if (c.factor !== f.slug) continue;
      const applies = config.rules[c.id] !== 'off' && (c.languages.length ? c.languages.some(x => languages.has(x)) : languages.size > 0);
      (applies ? checks : notRun).push(c.id);
    }
    const files = new Set<string>();
    for (const file of findings) {
      for (const x of file.findings) {
        if (x.factor?.slug !== f.slug) continue;
        counts[x.severity]++;
        files.add(file.path);
        // a finding proves its check ran, even one this call was not told about
        if (!checks.includes(x.ruleId)) checks.push(x.ruleId);
      }
    }
    let observations: string[] = [];
    let evidence: string[];
    if (f.slug === 'codebase') {
      checks.push(...codebase.checks);
      observations = codebase.observations;
      counts.info += observations.length;
      evidence = codebase.evidence;
    } else {
      evidence = EVIDENCE[f.slug](layout);
    }
    const status: FactorStatus = counts.error + counts.warning > 0 ? 'fail'
      : counts.info + counts.hint > 0 ? 'warn'
        : checks.length ? 'pass' : 'not-checked';
    let manual = status === 'not-checked' ? MANUAL[f.slug].unchecked : MANUAL[f.slug].beyond;
    if (status === 'not-checked' && notRun.length) manual += ` Its rules checked nothing here (turned off, or no file in their languages): ${notRun.join(', ')}.`;
    return {
      factor: { number: f.number, roman: f.roman, slug: f.slug, title: f.title },
      status, counts, checks, notRun, files: [...files].sort(), evidence, observations, manual,
    };
  });

  const n = (s: FactorStatus) => factors.filter(x => x.status === s).length;
  const summary = { pass: n('pass'), warn: n('warn'), fail: n('fail'), notChecked: n('not-checked'), verdict: '' };
  summary.verdict = verdict(factors, summary);
  return { factors, summary };
}

function verdict(factors: FactorScore[], s: Omit<Scorecard['summary'], 'verdict'>): string {
  const names = (st: FactorStatus) => factors.filter(x => x.status === st).map(x => x.factor.title).join(', ');
  const rest = `${s.pass} pass, ${s.warn} with advice, ${s.notChecked} not checked statically`;
  if (s.fail) return `${s.fail} of 12 factors fail (${names('fail')}); ${rest}.`;
  if (s.warn) return `No factor fails; ${rest}: read the advice for ${names('warn')}.`;
  if (s.pass) return `Every factor the checks cover passes (${s.pass}); ${s.notChecked} need a look by hand.`;
  return 'Nothing was checked: no file the rules understand.';
}

/** Up to three items, then "and N more". */
function listed(items: readonly string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const ENV_EXAMPLE = /^\.env\.(?:example|sample|template|dist|defaults)$|^example\.env$/;
const ENV_KEY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;
const COMPOSE = /^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/;
const COMPOSE_IMAGE = /^\s*image:\s*["']?([^\s"'#]+)/;
const PROCFILE_LINE = /^([A-Za-z0-9_-]+):\s*\S/;
const DOCKER_FROM = /^\s*FROM\s/i;
const DOCKER_EXEC_CMD = /^\s*(?:CMD|ENTRYPOINT)\s*\[/i;
const DOCKER_EXPOSE = /^\s*EXPOSE\s+(\d+)/i;
const DOCKER_SYSTEM_INSTALL = /\b(apt-get install|apt install|apk add|yum install|dnf install|microdnf install)\b/;
const REQUIREMENT = /^\s*[A-Za-z0-9][\w.-]*(?:\[[\w,.-]*\])?\s*(==|===|>=|<=|~=|!=|>|<)?/;
const ENV_READ = /process\.env|import\.meta\.env|os\.environ|\bgetenv\b|os\.Getenv|System\.getenv|\bENV\[|ENV\.fetch|\$_ENV\b|GetEnvironmentVariable|env::var/;
const CODE_FAMILIES = new Set(['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust']);
const CI_PATH = /^\.github\/workflows\/[^/]+\.ya?ml$|^\.gitlab-ci\.yml$|^\.circleci\/config\.ya?ml$|^Jenkinsfile$|^azure-pipelines\.ya?ml$|^bitbucket-pipelines\.yml$|^\.buildkite\/[^/]+\.ya?ml$/;
const ADMIN_SCRIPT = /migrat|seed|^db:|admin|console|backfill|cron|task|import|cleanup|reindex/i;
/** A migrations folder (knex, Django, golang-migrate, Prisma, Rails, Flyway, Alembic, Liquibase, EF Core) up to its closing slash. */
const MIGRATION_DIR = /(?:^|\/)(?:migrations|db\/migrate|migration|alembic\/versions|db\/changelog|Migrations)\//;
const SERVICE_IMAGES: readonly [RegExp, string][] = [
  [/postgres|postgis|timescale/, 'PostgreSQL'], [/mysql/, 'MySQL'], [/mariadb/, 'MariaDB'], [/mongo/, 'MongoDB'],
  [/redis|valkey/, 'Redis'], [/rabbitmq/, 'RabbitMQ'], [/memcached/, 'Memcached'], [/elasticsearch/, 'Elasticsearch'],
  [/opensearch/, 'OpenSearch'], [/kafka|redpanda/, 'Kafka'], [/nats/, 'NATS'], [/mssql/, 'SQL Server'], [/minio|localstack/, 'S3-compatible storage'],
  [/clickhouse/, 'ClickHouse'], [/neo4j/, 'Neo4j'], [/cassandra/, 'Cassandra'], [/couchdb/, 'CouchDB'], [/mailhog|mailpit/, 'a mail catcher'],
];

/**
 * What the project's files say, read once and shared by the evidence of every factor. Only the
 * app's own files count: tests, fixtures, examples, docs and vendored code are left out, so a
 * Procfile in a test fixture is no evidence about the app.
 */
class Layout {
  readonly paths: string[];
  constructor(readonly project: Project, private readonly config: EngineConfig) {
    this.paths = [...project.paths].filter(p => this.isAppFile(p)).sort();
  }
  private isAppFile(path: string): boolean {
    return !path.split('/').some(s => NOT_APP_SEGMENTS.has(s)) && !isTestFile(path, this.config);
  }
  /**
   * Whether one of the app's own files has a project fact. Facts scoped to a folder (`fact@dir`)
   * tell which; a project with only plain facts is taken at its word.
   */
  hasFact(fact: string): boolean {
    const facts = this.project.facts;
    if (!facts?.has(fact)) return false;
    const prefix = `${fact}@`;
    const dirs = [...facts].filter(f => f.startsWith(prefix)).map(f => f.slice(prefix.length));
    return !dirs.length || dirs.some(d => this.isAppFile(d ? `${d}/file` : 'file'));
  }
  named(test: (base: string, path: string) => boolean): string[] {
    return this.paths.filter(p => test(baseOf(p), p));
  }
  lines(path: string): string[] {
    return (this.project.read(path) ?? '').split(/\r?\n/);
  }
  private dockerfilesMemo?: string[];
  get dockerfiles(): string[] {
    return this.dockerfilesMemo ??= this.named(b => /^(?:Dockerfile|Containerfile)(?:\.[\w-]+)?$/.test(b) || b.endsWith('.dockerfile'));
  }
  private procfileMemo?: { path: string; types: string[] }[];
  /** Process types per Procfile. */
  get procfiles(): { path: string; types: string[] }[] {
    return this.procfileMemo ??= this.named(b => b === 'Procfile').map(path => ({
      path, types: this.lines(path).map(l => PROCFILE_LINE.exec(l)?.[1]).filter((t): t is string => !!t),
    }));
  }
  private envExampleMemo?: { path: string; keys: string[] }[];
  get envExamples(): { path: string; keys: string[] }[] {
    return this.envExampleMemo ??= this.named(b => ENV_EXAMPLE.test(b)).map(path => ({
      path, keys: [...new Set(this.lines(path).map(l => ENV_KEY.exec(l)?.[1]).filter((k): k is string => !!k))],
    }));
  }
  private composeMemo?: { path: string; services: string[] }[];
  /** Backing services each compose file runs from a known image. */
  get compose(): { path: string; services: string[] }[] {
    return this.composeMemo ??= this.named(b => COMPOSE.test(b)).map(path => {
      const services = new Set<string>();
      for (const l of this.lines(path)) {
        const image = COMPOSE_IMAGE.exec(l)?.[1].toLowerCase();
        if (!image) continue;
        const kind = SERVICE_IMAGES.find(([re]) => re.test(image));
        if (kind) services.add(kind[1]);
      }
      return { path, services: [...services] };
    }).filter(c => c.services.length);
  }
}

const EVIDENCE: Record<Exclude<FactorSlug, 'codebase'>, (l: Layout) => string[]> = {
  dependencies: l => {
    const out: string[] = [];
    const locks = new Set(LOCKFILES);
    for (const p of l.named(b => locks.has(b))) out.push(`${p} pins the dependencies`);
    for (const p of l.named(b => /^requirements(?:[-.][\w-]+)?\.txt$/.test(b))) {
      let total = 0, pinned = 0;
      for (const line of l.lines(p)) {
        const t = line.trim();
        if (!t || t.startsWith('#') || t.startsWith('-')) continue;
        const m = REQUIREMENT.exec(t);
        if (!m) continue;
        total++;
        if (m[1] === '==' || m[1] === '===') pinned++;
      }
      const which = pinned < total ? `${pinned} of ${total} packages` : total === 1 ? 'its package' : total === 2 ? 'both packages' : `all ${total} packages`;
      if (pinned) out.push(`${p} pins ${which} with ==`);
    }
    for (const p of l.dockerfiles) {
      const tools = new Set<string>();
      for (const line of l.lines(p)) { const m = DOCKER_SYSTEM_INSTALL.exec(line); if (m) tools.add(m[1]); }
      if (tools.size) out.push(`${p} declares the system packages it needs (${[...tools].join(', ')})`);
    }
    return out;
  },
  config: l => {
    const out: string[] = [];
    for (const e of l.envExamples) out.push(`${e.path} documents ${e.keys.length} variable${e.keys.length === 1 ? '' : 's'}`);
    const gitignore = l.project.read('.gitignore');
    if (gitignore && gitignore.split(/\r?\n/).some(x => ['.env', '/.env', '.env*', '.env.*', '*.env', '.env.local'].includes(x.trim()))) {
      out.push('.gitignore keeps .env files out of the repository');
    }
    const readers = l.paths.filter(p => CODE_FAMILIES.has(familyFor(languageIdForPath(p), p)) && ENV_READ.test(l.project.read(p) ?? ''));
    if (readers.length) out.push(`${readers.length === 1 ? `${readers[0]} reads` : `${readers.length} files read`} configuration from the environment${readers.length > 1 ? ` (${listed(readers)})` : ''}`);
    return out;
  },
  'backing-services': l => {
    const out: string[] = [];
    for (const e of l.envExamples) {
      const urls = e.keys.filter(k => /_(?:URL|URI|DSN|HOST|ADDR|BROKERS?)$/.test(k));
      if (urls.length) out.push(`${e.path} locates backing services by config: ${listed(urls, 5)}`);
    }
    for (const c of l.compose) out.push(`${c.path} runs ${listed(c.services, 5)} as separate services`);
    return out;
  },
  'build-release-run': l => {
    const out: string[] = [];
    for (const p of l.dockerfiles) {
      const stages = l.lines(p).filter(x => DOCKER_FROM.test(x)).length;
      out.push(stages > 1 ? `${p} present, building in ${stages} stages` : `${p} present`);
    }
    const ci = l.named((_, p) => CI_PATH.test(p));
    if (ci.length) out.push(`a CI pipeline is defined (${listed(ci)})`);
    return out;
  },
  processes: () => [],
  'port-binding': l => {
    const out: string[] = [];
    if (l.hasFact('reads-port')) out.push('the project reads PORT (project fact reads-port)');
    for (const p of l.dockerfiles) {
      const ports = l.lines(p).map(x => DOCKER_EXPOSE.exec(x)?.[1]).filter((x): x is string => !!x);
      if (ports.length) out.push(`${p} exposes port ${listed(ports)}`);
    }
    for (const pf of l.procfiles) if (pf.types.includes('web')) out.push(`${pf.path} declares a web process`);
    return out;
  },
  concurrency: l => {
    const out: string[] = [];
    for (const pf of l.procfiles) {
      const types = pf.types.filter(t => t !== 'release');
      if (types.length) out.push(`${pf.path} declares ${types.length === 1 ? `a ${types[0]} process` : `${listed(types, 6)} processes`}`);
    }
    return out;
  },
  disposability: l => {
    const out: string[] = [];
    if (l.hasFact('handles-sigterm')) out.push('a SIGTERM or shutdown handler (project fact handles-sigterm)');
    for (const p of l.dockerfiles) {
      if (l.lines(p).some(x => DOCKER_EXEC_CMD.test(x))) out.push(`${p} starts the app in exec form, so the signal reaches it`);
    }
    return out;
  },
  'dev-prod-parity': l => {
    const out: string[] = [];
    for (const c of l.compose) out.push(`${c.path} gives development ${listed(c.services, 5)}`);
    const devcontainer = l.named((b, p) => b === 'devcontainer.json' || p === '.devcontainer.json');
    if (devcontainer.length) out.push(`a dev container is defined (${listed(devcontainer)})`);
    return out;
  },
  logs: () => [],
  'admin-processes': l => {
    const out: string[] = [];
    const commands = l.named((b, p) => /\/management\/commands\/[^/]+\.py$/.test(p) && b !== '__init__.py');
    if (commands.length) out.push(`${commands.length} Django management command${commands.length === 1 ? '' : 's'} (${listed(commands)}) run with manage.py and the app's settings`);
    else if (l.named(b => b === 'manage.py').length) out.push('manage.py runs one-off commands with the app\'s code and settings');
    const rake = l.named((_, p) => /(?:^|\/)lib\/tasks\/[^/]+\.rake$/.test(p));
    if (rake.length) out.push(`${rake.length} rake task file${rake.length === 1 ? '' : 's'} (${listed(rake)})`);
    const artisan = l.named((_, p) => /(?:^|\/)app\/Console\/Commands\/[^/]+\.php$/.test(p));
    if (artisan.length) out.push(`${artisan.length} artisan command${artisan.length === 1 ? '' : 's'} (${listed(artisan)})`);
    for (const p of l.named(b => b === 'package.json')) {
      let scripts: unknown;
      try { scripts = JSON.parse(l.project.read(p) ?? '{}')?.scripts; } catch { continue; }
      if (!scripts || typeof scripts !== 'object') continue;
      const admin = Object.keys(scripts).filter(k => ADMIN_SCRIPT.test(k));
      if (admin.length) out.push(`${p} scripts ${listed(admin.map(k => `"${k}"`), 5)} run one-off tasks with the app's runtime`);
    }
    for (const pf of l.procfiles) if (pf.types.includes('release')) out.push(`${pf.path} declares a release process, run with each release`);
    const bin = l.named((_, p) => /(?:^|\/)bin\/[^/]+$/.test(p));
    if (bin.length) out.push(`${bin.length} script${bin.length === 1 ? '' : 's'} in bin/ (${listed(bin)})`);
    const cmds = [...new Set(l.named((_, p) => /^(?:.*\/)?cmd\/[^/]+\/main\.go$/.test(p)).map(dirOf))].filter(d => ADMIN_SCRIPT.test(baseOf(d)));
    if (cmds.length) out.push(`Go commands for one-off tasks (${listed(cmds)})`);
    const migrations = new Set<string>();
    for (const p of l.paths) {
      const m = MIGRATION_DIR.exec(p);
      if (m) migrations.add(p.slice(0, m.index + m[0].length));
    }
    if (migrations.size) out.push(`database migrations live in the codebase (${listed([...migrations])})`);
    return out;
  },
};

/** Factor I: a git repository, and one app per repository unless a workspace layout ties them together. */
function codebaseChecks(project: Project, l: Layout, options: ScorecardOptions): { checks: string[]; evidence: string[]; observations: string[] } {
  const checks: string[] = [];
  const evidence: string[] = [];
  const observations: string[] = [];
  const git = options.gitRepository ?? (project.paths.has('.git/HEAD') ? true : undefined);
  if (git !== undefined) {
    checks.push('codebase/version-control');
    if (git) evidence.push('git repository');
    else observations.push('No git repository found: keep the codebase in version control (git init) and deploy from it.');
  }
  if (!l.paths.length) return { checks, evidence, observations };
  checks.push('codebase/one-app-per-repository');
  const apps = new Map<string, string[]>();
  for (const p of l.named(b => MANIFESTS.has(b) || b.endsWith('.csproj'))) {
    const dir = dirOf(p);
    const list = apps.get(dir) ?? [];
    list.push(baseOf(p));
    apps.set(dir, list);
  }
  const describe = [...apps].map(([dir, m]) => (dir ? `${dir}/ (${m.join(', ')})` : `${m.join(', ')} at the root`));
  if (apps.size <= 1) {
    if (apps.size === 1) evidence.push(`one app (${describe[0]})`);
    return { checks, evidence, observations };
  }
  const workspace = workspaceLayout(project);
  if (workspace) evidence.push(`${apps.size} apps in a workspace layout (${workspace}): ${listed(describe, 4)}`);
  else {
    observations.push(`${apps.size} apps with their own manifests in one repository and no workspace layout: ${listed(describe, 4)}. `
      + 'Give each app its own repository, or declare a workspace (package.json "workspaces", pnpm-workspace.yaml, go.work, a Cargo '
      + '[workspace]) so they are built and released as parts of one codebase.');
  }
  return { checks, evidence, observations };
}

/** The file that declares a workspace at the root, if any. */
function workspaceLayout(project: Project): string | undefined {
  for (const f of ['pnpm-workspace.yaml', 'go.work', 'lerna.json', 'nx.json', 'turbo.json', 'rush.json']) if (project.paths.has(f)) return f;
  const read = (p: string) => (project.paths.has(p) ? project.read(p) : undefined);
  const pkg = read('package.json');
  if (pkg) {
    try { if (JSON.parse(pkg)?.workspaces) return 'package.json "workspaces"'; } catch { /* not JSON: no workspaces */ }
  }
  if (/^[ \t]*\[workspace\]/m.test(read('Cargo.toml') ?? '')) return 'Cargo.toml [workspace]';
  if (/^[ \t]*\[tool\.uv\.workspace\]/m.test(read('pyproject.toml') ?? '')) return 'pyproject.toml [tool.uv.workspace]';
  if ((read('pom.xml') ?? '').includes('<modules>')) return 'pom.xml <modules>';
  for (const g of ['settings.gradle', 'settings.gradle.kts']) if (/^[ \t]*include\b/m.test(read(g) ?? '')) return `${g} include`;
  const sln = [...project.paths].find(p => !p.includes('/') && p.endsWith('.sln'));
  return sln;
}
