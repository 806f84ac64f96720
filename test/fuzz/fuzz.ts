/**
 * A seeded fuzzer for the engine: it feeds `lint` (every built-in rule, with and without a project
 * around the file) and the quick fixes inputs of three classes, under file names of every family:
 *
 * - `random`: random bytes decoded as UTF-8 or latin1, with NULs, invalid UTF-8, CR/CRLF and BOMs,
 *   from uniform bytes, syntax-heavy ASCII or a soup of tokens the lexer and rules care about;
 * - `mutated`: files of test/fixtures/** truncated inside strings, with comments, strings and
 *   heredocs left open, chunks duplicated and spliced, thousands-deep nesting, one huge line,
 *   flipped characters, newlines stripped or inserted;
 * - `real`: files already on the machine (the Python standard library, the repository's
 *   node_modules), sampled with the seed.
 *
 * It checks that nothing throws (the engine turns a rule's exception into a finding: the wrapped
 * rules catch it first, with its stack), that every reported range and every finding's range lies
 * in the document with line and column matching the offset, that the fixes for each finding and
 * "fix all" compute without throwing and edit inside the document, and that time grows about
 * linearly with size: an input whose time per 100 KB is far above its class's median (and above an
 * absolute floor) is timed again and, if it stays slow, reported as suspected super-linear.
 *
 * Every input is rebuilt from (seed, class, iteration) alone, so a failure is reproduced from those
 * three numbers; its input and everything around it are also written to `failureDir`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { lint, resetRuleBudgets } from '../../src/core/engine';
import { applyEdits, applyFileChange, fixAll, fixesFor } from '../../src/core/fixes';
import { Family } from '../../src/core/languages';
import { Project, projectFromMap } from '../../src/core/project';
import { Report, Rule } from '../../src/core/rule';
import { ALL_RULES } from '../../src/core/rules';
import { SourceFile } from '../../src/core/source';
import { Finding, Position, TextEdit } from '../../src/core/types';

export type FuzzClass = 'random' | 'mutated' | 'real';
export const FUZZ_CLASSES: readonly FuzzClass[] = ['random', 'mutated', 'real'];
/** The steps of one run: building the project's facts, the lint, fixes per finding, "fix all", linting the fixed text. */
export const FUZZ_STEPS = ['facts', 'lint', 'fixes', 'fix-all', 'relint'] as const;
export type FuzzStep = typeof FUZZ_STEPS[number];
export const FUZZ_RULE_IDS: readonly string[] = ALL_RULES.map(r => r.meta.id);

export interface FuzzOptions {
  seed: number;
  /** Stop starting new inputs after this many seconds (an input started before then is finished). */
  seconds: number;
  /** Stop after this many inputs in all (classes take turns). */
  maxIterations: number;
  /**
   * Index of the first input: classes take turns, so input number n is iteration floor(n / k) of
   * class n % k (k classes). A run restarted after a hang continues from the input after it.
   */
  startAt?: number;
  classes?: readonly FuzzClass[];
  /** The repository root: test/fixtures and node_modules are read from here. */
  root?: string;
  /** Where failing inputs are written; default <root>/node_modules/.cache/fuzz-failures. */
  failureDir?: string;
  /** Largest input generated or read, in bytes (default 1 MiB, the engine's default file size cap). */
  maxInputBytes?: number;
  /** Folders of the Python standard library; default /usr/lib/python3* that exist. */
  pythonDirs?: readonly string[];
  /** Called before each lint: a watchdog can rebuild the input of a run that never returns. */
  onProgress?: (p: { cls: FuzzClass; iteration: number; run: number; path: string; total: number; failures: number; snapshot: () => FuzzReport }) => void;
  /** Called as each step of a lint starts (rule: index in FUZZ_RULE_IDS, or -1), to tell where a hang is. */
  onStep?: (step: FuzzStep, rule: number) => void;
}

export interface FuzzFailure {
  /**
   * `slow`: over the time threshold but about linear when the input doubles; `super-linear`: over it
   * and growing faster (or too slow to time twice); `hang`: one lint not done after the watchdog's limit.
   */
  kind: 'exception' | 'rule-exception' | 'report-range' | 'finding-range' | 'fix-exception' | 'fix-range' | 'slow' | 'super-linear' | 'hang';
  seed: number;
  cls: FuzzClass;
  iteration: number;
  /** Index of the run (file name) within the input's runs. */
  run: number;
  path: string;
  languageId?: string;
  ruleId?: string;
  message: string;
  stack?: string;
  /** Where the input came from and what was done to it. */
  origin: string;
  bytes: number;
  /** The input as written (UTF-8) and a JSON file with everything else needed to replay it. */
  inputFile?: string;
  caseFile?: string;
}

export interface ClassStats {
  iterations: number;
  /** Lint calls (one per file name the input was linted under). */
  runs: number;
  /** Characters linted, counting each input once. */
  bytes: number;
  findings: number;
  medianMsPer100KB: number;
  worstMsPer100KB: number;
  worst?: { iteration: number; run: number; path: string; bytes: number; lintMs: number; fixMs: number; slowestRule?: string };
}

export interface FuzzReport {
  seed: number;
  elapsedSeconds: number;
  classes: Partial<Record<FuzzClass, ClassStats>>;
  failures: FuzzFailure[];
  /** Failures left out of `failures` because three of the same kind and place were already kept. */
  repeatedFailures: number;
  /** The index after the last input tried (see FuzzOptions.startAt). */
  nextInput: number;
  failureDir: string;
}

/** Inputs under this size are timed as if they had it, so per-call costs do not look super-linear. */
const MIN_TIMED_BYTES = 16 * 1024;
/** An input is suspected super-linear when its time per 100 KB exceeds this many class medians... */
const SLOW_FACTOR = 20;
/** ...and it took this long (ms) to lint and fix, timed again as the best of three runs. */
const SLOW_MS = 200;
/** Fixes are computed for at most this many findings per lint (the editor asks for one at a time). */
const MAX_FIXED_FINDINGS = 100;
/** Suspects re-timed at most per run, so the run stops soon after its time is up. */
const MAX_RETIMED = 12;
const KEEP_PER_SIGNATURE = 3;
/** Suspects slower than this (ms) are not timed again at twice their size (that could take minutes). */
const DOUBLING_MAX_MS = 1500;
/** Time growth, when the size doubles, from which a slow input counts as super-linear rather than just slow. */
const SUPER_LINEAR_GROWTH = 2.8;

// ---------------------------------------------------------------------------------------------
// Randomness: one generator per (seed, class, iteration), so any input is rebuilt on its own.

type Rng = () => number;

function mulberry32(a: number): Rng {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];
const chance = (rng: Rng, p: number) => rng() < p;
/** Log-uniform in [min, max]: small sizes as often as large ones. */
const logSize = (rng: Rng, min: number, max: number) => Math.floor(Math.exp(Math.log(min) + rng() * (Math.log(max + 1) - Math.log(min))));

// ---------------------------------------------------------------------------------------------
// File names

/** Names per family (the compiler checks every family has some). */
const FAMILY_NAMES: Record<Family, readonly string[]> = {
  js: ['src/app.js', 'src/server.ts', 'web/App.tsx', 'web/page.jsx', 'lib/index.mjs', 'lib/config.cjs', 'types/env.d.ts'],
  python: ['app/settings.py', 'main.py', 'manage.pyw'],
  go: ['cmd/server/main.go', 'internal/db/db.go'],
  java: ['src/main/java/com/acme/App.java'],
  kotlin: ['src/main/kotlin/App.kt', 'build.gradle.kts'],
  csharp: ['Program.cs', 'src/Api/Startup.cs'],
  ruby: ['config/application.rb', 'Gemfile', 'Rakefile', 'config.ru', 'lib/tasks/db.rake', 'app.gemspec'],
  php: ['public/index.php', 'config/database.php'],
  rust: ['src/main.rs'],
  yaml: ['config/database.yml', 'k8s/deployment.yaml', '.github/workflows/ci.yml', 'charts/app/values.yaml', 'src/main/resources/application.yml'],
  json: ['config/default.json', 'tsconfig.json', '.vscode/settings.json', 'appsettings.json', 'data.jsonc'],
  properties: ['src/main/resources/application.properties', 'gradle.properties'],
  toml: ['pyproject.toml', 'Cargo.toml', 'config.toml', 'Pipfile'],
  ini: ['setup.cfg', 'php.ini', 'tox.ini'],
  xml: ['pom.xml', 'web.config', 'Api.csproj', 'src/main/resources/logback.xml'],
  dotenv: ['.env', '.env.production', 'config/app.env', '.env.example'],
  dockerfile: ['Dockerfile', 'Dockerfile.prod', 'build/api.dockerfile', 'Containerfile'],
  shell: ['scripts/start.sh', 'Procfile', 'bin/entrypoint.bash', 'deploy.zsh'],
  generic: ['notes.txt', 'Makefile', 'requirements.txt', 'go.mod', 'LICENSE', 'src/constructor'],
};
const FAMILIES = Object.keys(FAMILY_NAMES) as Family[];

/** Names project-level rules and the config parser look for. */
const SPECIAL_NAMES = [
  'Dockerfile', '.env', '.env.example', '.env.local', 'docker-compose.yml', 'compose.yaml', 'docker-compose.override.yml',
  'package.json', '.twelve-factor.yml', 'Procfile', 'requirements.txt', 'go.mod', 'Gemfile', 'composer.json', 'pom.xml',
  'Cargo.toml', 'pyproject.toml', '.gitignore', 'services/api/package.json', 'services/api/Dockerfile', 'test/app.test.js',
  'src/db.test.ts', 'pkg/db_test.go', 'README.md',
];

/** languageIds VS Code may pass that disagree with or refine the name. */
const LANGUAGE_IDS = [
  'javascript', 'typescriptreact', 'vue', 'svelte', 'python', 'go', 'ruby', 'php', 'rust', 'csharp', 'java', 'kotlin',
  'yaml', 'dockercompose', 'github-actions-workflow', 'json', 'jsonc', 'jsonl', 'properties', 'spring', 'toml', 'ini',
  'xml', 'dotenv', 'dockerfile', 'shellscript', 'procfile', 'plaintext', 'markdown', 'constructor',
];

// ---------------------------------------------------------------------------------------------
// Corpus: fixtures and real files, listed lazily and cached per root

interface Corpus {
  root: string;
  /** Fixture files relative to test/fixtures. */
  fixtures: string[];
  /** Folders of test/fixtures/{stacks,projects} holding a small project each. */
  projects: string[];
  texts: Map<string, string>;
  dirs: Map<string, { dirs: string[]; files: string[] }>;
  pythonDirs: string[];
}

const corpora = new Map<string, Corpus>();

function listFiles(dir: string, rel = '', out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) listFiles(dir, r, out);
    else if (e.isFile()) out.push(r);
  }
  return out;
}

function corpusFor(root: string, pythonDirs?: readonly string[]): Corpus {
  const key = `${root}\0${pythonDirs?.join('\0') ?? ''}`;
  let c = corpora.get(key);
  if (c) return c;
  const fixturesDir = path.join(root, 'test', 'fixtures');
  const fixtures = listFiles(fixturesDir);
  const projects: string[] = [];
  for (const group of ['stacks', 'projects']) {
    const g = path.join(fixturesDir, group);
    if (fs.existsSync(g)) for (const d of fs.readdirSync(g).sort()) if (fs.statSync(path.join(g, d)).isDirectory()) projects.push(`${group}/${d}`);
  }
  const py = pythonDirs ? [...pythonDirs] : fs.readdirSync('/usr/lib').filter(d => /^python3(?:\.\d+)?$/.test(d)).sort().map(d => `/usr/lib/${d}`);
  c = { root, fixtures, projects, texts: new Map(), dirs: new Map(), pythonDirs: py.filter(d => fs.existsSync(d)) };
  corpora.set(key, c);
  return c;
}

function fixtureText(c: Corpus, rel: string): string {
  let t = c.texts.get(rel);
  if (t === undefined) c.texts.set(rel, t = fs.readFileSync(path.join(c.root, 'test', 'fixtures', rel), 'utf8'));
  return t;
}

/** The path the engine sees for a fixture: below test/fixtures/<factor>/<rule>/ or <group>/<project>/. */
function fixturePath(rel: string): string {
  return rel.split('/').slice(2).join('/') || rel;
}

const REAL_EXT = /\.(?:js|ts|json|ya?ml|md)$/;
const SKIP_DIRS = /^(?:\.cache|\.git|__pycache__|site-packages|dist-packages)$/;

function listDir(c: Corpus, dir: string, accept: RegExp): { dirs: string[]; files: string[] } {
  const key = `${dir}\0${accept.source}`;
  let d = c.dirs.get(key);
  if (!d) {
    d = { dirs: [], files: [] };
    try {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.isDirectory() && !SKIP_DIRS.test(e.name)) d.dirs.push(e.name);
        else if (e.isFile() && accept.test(e.name)) d.files.push(e.name);
      }
    } catch { /* unreadable folder: nothing in it */ }
    c.dirs.set(key, d);
  }
  return d;
}

/** A file under `top` by a random walk down the tree (files are picked as often as folders at each level). */
function sampleFile(c: Corpus, rng: Rng, top: string, accept: RegExp, maxBytes: number): string | undefined {
  for (let attempt = 0; attempt < 40; attempt++) {
    let dir = top;
    for (let depth = 0; depth < 40; depth++) {
      const { dirs, files } = listDir(c, dir, accept);
      if (!dirs.length && !files.length) break;
      const takeFile = files.length && (!dirs.length || chance(rng, 0.5));
      if (takeFile) {
        const f = path.join(dir, pick(rng, files));
        const size = fs.statSync(f).size;
        if (size > 0 && size <= maxBytes) return f;
        break;
      }
      dir = path.join(dir, pick(rng, dirs));
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export interface FuzzRun {
  path: string;
  languageId?: string;
  /** Other files of the project (path, text); the input itself is added at `path` and `alias`. */
  project?: { files: [string, string][]; alias?: string };
}

export interface FuzzCase {
  cls: FuzzClass;
  iteration: number;
  text: string;
  origin: string;
  runs: FuzzRun[];
}

/** Words and delimiters the lexer and the rules react to. */
const SOUP = [
  '"', "'", '`', '${', '}', '#{', '{', '(', ')', '[', ']', '/*', '*/', '//', '#', '<!--', '-->', '"""', "'''", 'r#"', '"#',
  '@"', '$"', '$@"', 'f"', 'b"', '<<EOF\n', '\nEOF\n', '<<~SQL\n', '\nSQL\n', '<<<EOT\n', '\nEOT;\n', '<<-EOS\n', '<![CDATA[', ']]>',
  '\\', '\\\n', '\n', '\r\n', '\r', '\t', ' ', '  ', ':', '=', ': ', '- ', '|\n', '>-\n', '---\n', ';', ',', '.', '<', '>', '/>',
  'postgres://user:secret@db.internal:5432/app', 'redis://cache:6379', 'mongodb+srv://u:p@c0.x.mongodb.net/db', 'http://localhost:3000',
  'https://api.example.com', 'jdbc:mysql://10.0.0.5:3306/db', 'amqp://guest:guest@rabbit', '10.1.2.3', '192.168.0.1', '::1', '0.0.0.0',
  'process.env.', 'process.env.PORT', 'os.environ', 'os.environ.get(', 'os.Getenv(', 'System.getenv(', 'ENV[', 'ENV.fetch(', 'getenv(',
  'env::var(', 'Environment.GetEnvironmentVariable(', '$_ENV[', 'DATABASE_URL', 'PORT', 'SECRET_KEY', 'password', 'api_key', 'token',
  'AKIA' + 'IOSFODNN7EXAMPLE', 'sk_live_', 'ghp_', 'xoxb-', '-----BEGIN RSA PRIVATE KEY-----', 'app.listen(', '3000', '8080', ':5432',
  'listen(', 'createServer(', 'express-session', 'MemoryStore', 'new Map()', 'global ', 'static ', 'cache = {}', 'fs.writeFileSync(',
  'open(', 'logging.FileHandler(', 'winston.transports.File', 'log.SetOutput(', 'sqlite3.connect(', 'sqlite:///', '.db', '/tmp/', 'uploads/',
  'FROM ', 'FROM node:latest', 'FROM python', 'RUN ', 'RUN pip install ', 'RUN npm install', 'CMD ', 'CMD ["node", "app.js"]', 'ENTRYPOINT ',
  'ENV ', 'ARG ', 'ENV SECRET_KEY=', 'COPY . .', 'EXPOSE 3000', 'USER ', 'apt-get install -y curl', '&&', '||', '??', '?:', '|| "',
  'subprocess.run(', 'exec(', 'child_process', 'ffmpeg', 'imagemagick', 'curl ', 'nohup ', ' &', 'daemon', 'fork()', 'setsid',
  'process.on("SIGTERM"', 'signal.signal(', 'NODE_ENV', 'if env == "production"', 'RAILS_ENV', 'dependencies', '"express": "*"',
  '"latest"', '^1.2.3', '>=2', 'image: postgres', 'image: redis:latest', 'services:', 'environment:', 'spring.datasource.url=',
  'twelve-factor-disable-next-line', 'twelve-factor-disable-file', 'twelve-factor-disable-line config/hardcoded-host', 'rules:',
  'customRules:', 'pattern: "(a+)+"', 'const ', 'let ', 'var ', 'def ', 'func ', 'fn ', 'val ', 'import ', 'require(', 'use ',
  'package main', '<?php', '?>', 'public static void main', 'namespace ', 'class ', 'module.exports', 'export default', 'é', 'ü', '日本',
  '😀', '\u2028', '\u00a0', '\u200d', '\uFEFF', '\u0085', '\0',
];

const INVALID_UTF8: readonly number[][] = [[0xff], [0xfe], [0x80], [0xbf], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3]];
const SYNTAX = '"\'`{}()[]<>#/*\\$@:;=,.|&!?-+%~^\n\t ';

function randomInput(rng: Rng, maxBytes: number): { text: string; origin: string } {
  const len = chance(rng, 0.03) ? 0 : logSize(rng, 1, chance(rng, 0.1) ? maxBytes : Math.min(maxBytes, 256 * 1024));
  const mode = pick(rng, ['uniform', 'ascii', 'soup', 'soup', 'lines'] as const);
  let buf: Buffer;
  if (mode === 'uniform') {
    buf = Buffer.alloc(len);
    for (let i = 0; i < len; i++) buf[i] = int(rng, 256);
  } else if (mode === 'ascii') {
    buf = Buffer.alloc(len);
    for (let i = 0; i < len; i++) {
      const r = rng();
      buf[i] = r < 0.6 ? 32 + int(rng, 95) : r < 0.9 ? SYNTAX.charCodeAt(int(rng, SYNTAX.length)) : 10;
    }
  } else {
    // token soup; `lines` keeps it line-shaped (indentation, key: value) for YAML/.env/Dockerfile paths
    const parts: string[] = [];
    let n = 0;
    while (n < len) {
      let p = pick(rng, SOUP);
      if (mode === 'lines' && chance(rng, 0.3)) p = `\n${' '.repeat(int(rng, 3) * 2)}${p}`;
      if (chance(rng, 0.3)) p += pick(rng, [' ', '', '\n', '(', '"', '=', ': ', '.', '/']);
      parts.push(p);
      n += p.length;
    }
    buf = Buffer.from(parts.join(''), 'utf8').subarray(0, len);
  }
  const notes: string[] = [mode];
  // NULs: anywhere (the engine skips the file as binary), or only past the 8 KB it looks at
  const nul = pick(rng, ['none', 'none', 'anywhere', 'past-head'] as const);
  if (nul !== 'none' && len > 0 && (nul === 'anywhere' || len > 8192)) {
    const from = nul === 'anywhere' ? 0 : 8192;
    for (let k = 1 + int(rng, 8); k > 0; k--) buf[from + int(rng, len - from)] = 0;
    notes.push(`nul:${nul}`);
  }
  if (chance(rng, 0.4) && len > 0) {
    const parts: Buffer[] = [];
    let last = 0;
    for (const at of Array.from({ length: 1 + int(rng, 16) }, () => int(rng, len + 1)).sort((a, b) => a - b)) {
      parts.push(buf.subarray(last, at), Buffer.from(pick(rng, INVALID_UTF8)));
      last = at;
    }
    parts.push(buf.subarray(last));
    buf = Buffer.concat(parts);
    notes.push('invalid-utf8');
  }
  const eol = pick(rng, ['lf', 'lf', 'crlf', 'cr'] as const);
  if (eol !== 'lf') {
    const s = buf.toString('latin1').replace(/\r?\n/g, eol === 'crlf' ? '\r\n' : '\r');
    buf = Buffer.from(s, 'latin1');
    notes.push(eol);
  }
  if (chance(rng, 0.2)) { buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]); notes.push('bom'); }
  const encoding = chance(rng, 0.65) ? 'utf8' : 'latin1';
  notes.push(encoding);
  return { text: buf.toString(encoding), origin: `random ${len} bytes (${notes.join(', ')})` };
}

// Mutations of a fixture: each returns the new text and a short note for the reproducer.
type Mutation = (rng: Rng, text: string, c: Corpus) => [string, string];

const QUOTES = /["'`]/g;
const CLOSERS = ['*/', '-->', '"""', "'''", '"', "'", '`', '}', ')', ']', ']]>', '"#', '?>', '%>', '}}'];
const HEREDOC_END = /^[ \t]*[A-Z_]{2,}[ \t;]*$/gm;
const OPENERS = ['(', '{', '[', '${', '`${', '"${', '#{', '{{', '<a>', '<!--', '/*', '"', "'", '\\', '[[', 'f"{', '$(', '<<EOF\n', '- ', '  ', 'a:', '- [', '{"a":'];
const HUGE_UNITS = ['a', ' ', '"', "'", '\\', 'x: ', 'postgres://u:p@h:5432/d ', '/', '#', '=', '0', '`${', '/*', 'localhost ', '%', '\t'];

function positions(re: RegExp, text: string, limit = 2000): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) { out.push(m.index!); if (out.length >= limit) break; }
  return out;
}

const MUTATIONS: Record<string, Mutation> = {
  'truncate-in-string': (rng, t) => {
    const qs = positions(QUOTES, t);
    if (!qs.length) return [t.slice(0, int(rng, t.length + 1)), 'truncate'];
    const q = pick(rng, qs);
    return [t.slice(0, q + 1 + int(rng, 12)), `truncate after quote at ${q}`];
  },
  unclose: (rng, t) => {
    if (chance(rng, 0.3)) {
      const ends = positions(HEREDOC_END, t);
      if (ends.length) {
        const at = pick(rng, ends);
        const eol = t.indexOf('\n', at);
        return [t.slice(0, at) + (eol < 0 ? '' : t.slice(eol + 1)), `drop heredoc end line at ${at}`];
      }
    }
    const closer = pick(rng, CLOSERS);
    const found: number[] = [];
    for (let i = t.indexOf(closer); i >= 0 && found.length < 2000; i = t.indexOf(closer, i + 1)) found.push(i);
    if (!found.length) return [t + pick(rng, OPENERS), 'append opener'];
    const at = chance(rng, 0.5) ? found[found.length - 1] : pick(rng, found);
    return [t.slice(0, at) + t.slice(at + closer.length), `drop ${JSON.stringify(closer)} at ${at}`];
  },
  duplicate: (rng, t) => {
    const a = int(rng, t.length + 1);
    const b = Math.min(t.length, a + logSize(rng, 1, 4096));
    const at = int(rng, t.length + 1);
    const times = logSize(rng, 1, 200);
    return [t.slice(0, at) + t.slice(a, b).repeat(times) + t.slice(at), `duplicate ${a}-${b} x${times} at ${at}`];
  },
  splice: (rng, t, c) => {
    const other = pick(rng, c.fixtures);
    const o = fixtureText(c, other);
    const a = int(rng, o.length + 1);
    const b = chance(rng, 0.3) ? o.length : Math.min(o.length, a + logSize(rng, 1, 4096));
    const at = int(rng, t.length + 1);
    return [t.slice(0, at) + o.slice(a, b) + t.slice(at), `splice ${other} ${a}-${b} at ${at}`];
  },
  nest: (rng, t) => {
    const opener = pick(rng, OPENERS);
    const depth = logSize(rng, 1000, 60000);
    const sep = pick(rng, ['', '', '\n', ' ', '\n  ']);
    const at = int(rng, t.length + 1);
    let ins = (opener + sep).repeat(depth);
    if (chance(rng, 0.3)) ins += [...opener].reverse().join('').replace(/[({[<]/g, ch => ({ '(': ')', '{': '}', '[': ']', '<': '>' }[ch]!)).repeat(depth);
    return [t.slice(0, at) + ins + t.slice(at), `nest ${JSON.stringify(opener + sep)} x${depth} at ${at}`];
  },
  'huge-line': (rng, t) => {
    const len = logSize(rng, 20000, 1024 * 1024);
    const unit = chance(rng, 0.3) && t.length > 2 ? t.slice(int(rng, t.length - 1)).slice(0, 1 + int(rng, 40)).replace(/\n/g, ' ') : pick(rng, HUGE_UNITS);
    const line = unit.repeat(Math.ceil(len / unit.length)).slice(0, len);
    const at = t.lastIndexOf('\n', int(rng, t.length + 1)) + 1;
    return [`${t.slice(0, at)}${line}\n${t.slice(at)}`, `huge line of ${len} x ${JSON.stringify(unit.slice(0, 20))} at ${at}`];
  },
  flip: (rng, t) => {
    if (!t.length) return [t, 'flip (empty)'];
    const cs = t.split('');
    const k = logSize(rng, 1, 64);
    for (let i = 0; i < k; i++) {
      const r = rng();
      cs[int(rng, cs.length)] = r < 0.5 ? String.fromCharCode(int(rng, 256)) : r < 0.9 ? SYNTAX[int(rng, SYNTAX.length)] : pick(rng, ['\0', '\r', '\uFEFF', '\u2028', '😀', '\uFFFD']);
    }
    return [cs.join(''), `flip ${k}`];
  },
  'strip-newlines': (rng, t) => {
    const mode = pick(rng, ['all', 'some', 'to-cr'] as const);
    if (mode === 'all') return [t.replace(/\r?\n/g, ''), 'strip all newlines'];
    if (mode === 'to-cr') return [t.replace(/\r?\n/g, '\r'), 'newlines to CR'];
    return [t.replace(/\n/g, () => (chance(rng, 0.5) ? '' : '\n')), 'strip half the newlines'];
  },
  'insert-newlines': (rng, t) => {
    const k = logSize(rng, 1, 200);
    const eol = pick(rng, ['\n', '\r\n', '\r', '\n\n\n']);
    const at = Array.from({ length: k }, () => int(rng, t.length + 1)).sort((a, b) => b - a);
    let s = t;
    for (const i of at) s = s.slice(0, i) + eol + s.slice(i);
    return [s, `insert ${k} x ${JSON.stringify(eol)}`];
  },
  crlf: (rng, t) => (chance(rng, 0.5) ? [`\uFEFF${t}`, 'bom'] : [t.replace(/\r?\n/g, '\r\n'), 'crlf']),
  truncate: (rng, t) => { const at = int(rng, t.length + 1); return [t.slice(0, at), `truncate at ${at}`]; },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

function mutatedInput(rng: Rng, c: Corpus, maxBytes: number): { text: string; origin: string; realPath: string } {
  const rel = pick(rng, c.fixtures);
  let text = fixtureText(c, rel);
  const notes: string[] = [];
  for (let k = 1 + int(rng, 4); k > 0; k--) {
    const [t, note] = MUTATIONS[pick(rng, MUTATION_NAMES)](rng, text, c);
    text = t.length > maxBytes ? t.slice(0, maxBytes) : t;
    notes.push(note);
  }
  // the engine skips long texts of very long lines as minified: add lines so the big ones are linted too
  if (text.length > 20000 && chance(rng, 0.6)) { text += '\n'.repeat(Math.ceil(text.length / 400)); notes.push('pad with newlines'); }
  return { text, origin: `test/fixtures/${rel}: ${notes.join('; ')}`, realPath: fixturePath(rel) };
}

function realInput(rng: Rng, c: Corpus, maxBytes: number): { text: string; origin: string; realPath: string } {
  const fromPython = c.pythonDirs.length > 0 && chance(rng, 0.5);
  const top = fromPython ? pick(rng, c.pythonDirs) : path.join(c.root, 'node_modules');
  const file = sampleFile(c, rng, top, fromPython ? /\.py$/ : REAL_EXT, maxBytes);
  if (!file) return { text: '', origin: `no file found under ${top}`, realPath: 'empty.txt' };
  const encoding = chance(rng, 0.9) ? 'utf8' : 'latin1';
  const text = fs.readFileSync(file).toString(encoding);
  const realPath = fromPython ? `${path.basename(top)}/${path.relative(top, file).split(path.sep).join('/')}` : path.relative(c.root, file).split(path.sep).join('/');
  return { text, origin: `${file} (${encoding})`, realPath };
}

function projectFiles(rng: Rng, c: Corpus): [string, string][] {
  const dir = pick(rng, c.projects);
  const prefix = `${dir}/`;
  return c.fixtures.filter(f => f.startsWith(prefix)).map(f => [f.slice(prefix.length), fixtureText(c, f)]);
}

function makeRuns(rng: Rng, c: Corpus, iteration: number, realPath: string | undefined): FuzzRun[] {
  const paths: string[] = [];
  if (realPath) paths.push(realPath);
  // every family in turn, then a random one, then a name project-level rules look for
  paths.push(pick(rng, FAMILY_NAMES[FAMILIES[iteration % FAMILIES.length]]));
  if (!realPath) paths.push(pick(rng, FAMILY_NAMES[pick(rng, FAMILIES)]));
  paths.push(pick(rng, SPECIAL_NAMES));
  return paths.map(p => {
    const run: FuzzRun = { path: chance(rng, 0.1) ? `${pick(rng, ['test/', 'spec/', 'services/web/', 'a b/', 'ü/'])}${p}` : p };
    if (chance(rng, 0.15)) run.languageId = pick(rng, LANGUAGE_IDS);
    if (chance(rng, 0.6)) {
      run.project = { files: c.projects.length ? projectFiles(rng, c) : [] };
      if (chance(rng, 0.3)) run.project.alias = pick(rng, SPECIAL_NAMES);
    }
    return run;
  });
}

/** The input of (seed, class, iteration), the same every time on the same machine. */
export function generateCase(options: Pick<FuzzOptions, 'seed' | 'root' | 'maxInputBytes' | 'pythonDirs'>, cls: FuzzClass, iteration: number): FuzzCase {
  const c = corpusFor(options.root ?? defaultRoot(), options.pythonDirs);
  const rng = mulberry32(hash(`${options.seed}:${cls}:${iteration}`));
  const maxBytes = options.maxInputBytes ?? 1024 * 1024;
  if (cls === 'random') {
    const { text, origin } = randomInput(rng, maxBytes);
    return { cls, iteration, text, origin, runs: makeRuns(rng, c, iteration, undefined) };
  }
  const { text, origin, realPath } = cls === 'mutated' ? mutatedInput(rng, c, maxBytes) : realInput(rng, c, maxBytes);
  return { cls, iteration, text, origin, runs: makeRuns(rng, c, iteration, realPath) };
}

function defaultRoot(): string {
  return process.env.TF_ROOT ?? process.cwd();
}

// ---------------------------------------------------------------------------------------------
// Checks

type Problem = Pick<FuzzFailure, 'kind' | 'message' | 'ruleId' | 'stack'>;

/** Where the wrapped rules put what they saw during one lint. */
let sink: { text: string; problems: Problem[]; rulesMs: number; slowest?: { ruleId: string; ms: number } } = { text: '', problems: [], rulesMs: 0 };
/** The caller's onStep while fuzz() runs, and the step under way. */
let stepHook: FuzzOptions['onStep'];
let currentStep: FuzzStep = 'lint';

function step(s: FuzzStep, rule = -1): void {
  currentStep = s;
  stepHook?.(s, rule);
}

function errorText(e: unknown): { message: string; stack?: string } {
  return e instanceof Error ? { message: `${e.name}: ${e.message}`, stack: e.stack } : { message: String(e) };
}

function badRange(start: unknown, end: unknown, length: number): boolean {
  return !Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (start as number) > (end as number) || (end as number) > length;
}

/** The built-in rules, each checking its own reports and catching its own exception before the engine does. */
const WRAPPED: readonly Rule[] = ALL_RULES.map((rule, index) => ({
  meta: rule.meta,
  check(ctx) {
    stepHook?.(currentStep, index);
    const report = (r: Report) => {
      if (badRange(r.start, r.end, sink.text.length)) {
        sink.problems.push({ kind: 'report-range', ruleId: rule.meta.id, message: `reported ${r.start}-${r.end} in a text of ${sink.text.length} characters` });
      }
      if (typeof r.message !== 'string' || !r.message) sink.problems.push({ kind: 'report-range', ruleId: rule.meta.id, message: 'reported an empty message' });
      ctx.report(r);
    };
    const started = performance.now();
    try {
      rule.check({ file: ctx.file, project: ctx.project, report });
    } catch (e) {
      sink.problems.push({ kind: 'rule-exception', ruleId: rule.meta.id, ...errorText(e) });
      throw e;
    } finally {
      // the first rule that reads tokens also pays for lexing the file
      const ms = performance.now() - started;
      sink.rulesMs += ms;
      if (!sink.slowest || ms > sink.slowest.ms) sink.slowest = { ruleId: rule.meta.id, ms };
      stepHook?.(currentStep, -1);
    }
  },
}));

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionProblem(p: Position, starts: number[], length: number): string | undefined {
  if (!p || !Number.isInteger(p.offset) || p.offset < 0 || p.offset > length) return `offset ${p?.offset} outside 0-${length}`;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= p.offset) lo = mid; else hi = mid - 1; }
  const column = p.offset - starts[lo];
  return p.line === lo && p.column === column ? undefined : `line:column ${p.line}:${p.column} for offset ${p.offset}, expected ${lo}:${column}`;
}

function editProblems(edits: readonly TextEdit[], length: number, what: string, ruleId: string, out: Problem[]): void {
  for (const e of edits) {
    if (badRange(e.start, e.end, length) || typeof e.newText !== 'string') out.push({ kind: 'fix-range', ruleId, message: `${what}: edit ${e.start}-${e.end} in a text of ${length} characters` });
  }
}

export interface RunOutcome {
  problems: Problem[];
  /** Building the project's facts (when the run has a project) and linting. */
  lintMs: number;
  /** The part of lintMs spent on the project's facts. */
  factsMs: number;
  /** The part of lintMs spent inside rules. */
  rulesMs: number;
  /** Fixes for each finding and "fix all". */
  fixMs: number;
  findings: number;
  /** The rule that took longest in the first lint (lexing included if it was the first to need tokens). */
  slowest?: { ruleId: string; ms: number };
}

/** No per-rule budget: the fuzzer wants every rule to run on every input, and to time it. */
const NO_BUDGET = { rules: WRAPPED, ruleBudgetMs: Infinity };

/** Lint one input under one name, compute its fixes, and check everything. */
export function executeRun(text: string, run: FuzzRun): RunOutcome {
  const problems: Problem[] = [];
  sink = { text, problems, rulesMs: 0 };
  const t0 = performance.now();
  let tf = t0;
  let project: Project | undefined;
  let findings: Finding[];
  try {
    step('facts');
    if (run.project) {
      const files = new Map(run.project.files);
      files.set(run.path, text);
      if (run.project.alias) files.set(run.project.alias, text);
      project = projectFromMap(files);
    }
    tf = performance.now();
    step('lint');
    findings = lint({ path: run.path, text, languageId: run.languageId }, { ...NO_BUDGET, project });
  } catch (e) {
    problems.push({ kind: 'exception', message: `lint threw ${errorText(e).message}`, stack: errorText(e).stack });
    return { problems, lintMs: performance.now() - t0, factsMs: tf - t0, rulesMs: sink.rulesMs, fixMs: 0, findings: 0, slowest: sink.slowest };
  }
  const t1 = performance.now();
  const { slowest, rulesMs } = sink;
  const starts = lineStartsOf(text);
  for (const f of findings) {
    const p = positionProblem(f.range.start, starts, text.length) ?? positionProblem(f.range.end, starts, text.length)
      ?? (f.range.start.offset > f.range.end.offset ? `start ${f.range.start.offset} after end ${f.range.end.offset}` : undefined);
    if (p) problems.push({ kind: 'finding-range', ruleId: f.ruleId, message: p });
  }
  const file = new SourceFile(run.path, text, run.languageId);
  step('fixes');
  for (const f of findings.slice(0, MAX_FIXED_FINDINGS)) {
    try {
      for (const fix of fixesFor(file, f, project)) {
        editProblems(fix.edits, text.length, `fix "${fix.title}"`, f.ruleId, problems);
        applyEdits(text, fix.edits);
        // applied to the other files only once, for "fix all" below: here only their shape
        for (const change of fix.files ?? []) {
          if (typeof change.path !== 'string' || !change.path || !Array.isArray(change.appendLines) || change.appendLines.some(l => typeof l !== 'string' || l.includes('\n'))) {
            problems.push({ kind: 'fix-range', ruleId: f.ruleId, message: `fix "${fix.title}": malformed change to ${JSON.stringify(change.path)}` });
          }
        }
      }
    } catch (e) {
      problems.push({ kind: 'fix-exception', ruleId: f.ruleId, message: `fixesFor: ${errorText(e).message}`, stack: errorText(e).stack });
    }
  }
  let fixed = text;
  step('fix-all');
  try {
    const all = fixAll(file, findings, project);
    editProblems(all.edits, text.length, 'fix all', '', problems);
    fixed = applyEdits(text, all.edits);
    for (const change of all.files) applyFileChange(project?.read(change.path), change);
  } catch (e) {
    problems.push({ kind: 'fix-exception', message: `fixAll: ${errorText(e).message}`, stack: errorText(e).stack });
  }
  const t2 = performance.now();
  if (fixed !== text) {
    sink = { text: fixed, problems, rulesMs: 0 };
    step('relint');
    try {
      lint({ path: run.path, text: fixed, languageId: run.languageId }, { ...NO_BUDGET, project });
    } catch (e) {
      problems.push({ kind: 'exception', message: `lint of the text after fix all threw ${errorText(e).message}`, stack: errorText(e).stack });
    }
  }
  return { problems, lintMs: t1 - t0, factsMs: tf - t0, rulesMs, fixMs: t2 - t1, findings: findings.length, slowest };
}

/** Where the time of a run went, and the rule to blame when one rule took most of it. */
function blame(o: RunOutcome): { ruleId?: string; where: string } {
  const total = o.lintMs + o.fixMs;
  const engine = o.lintMs - o.factsMs - o.rulesMs;
  const parts: [string, number][] = [['project facts', o.factsMs], ['fixes', o.fixMs], ['the engine outside rules (config file, suppressions)', engine]];
  if (o.slowest) parts.push([`rule ${o.slowest.ruleId}`, o.slowest.ms]);
  parts.sort((a, b) => b[1] - a[1]);
  const where = `${parts[0][0]} ${parts[0][1].toFixed(0)} ms of ${total.toFixed(0)}`;
  return { ruleId: o.slowest && parts[0][0] === `rule ${o.slowest.ruleId}` ? o.slowest.ruleId : undefined, where };
}

/** The text with every line twice as long (and as many lines added, empty, to keep the average line length). */
function longerLines(text: string): string {
  const lines = text.split('\n');
  return lines.map(l => (l.endsWith('\r') ? `${l.slice(0, -1)}${l}` : l + l)).join('\n') + '\n'.repeat(lines.length);
}

const per100KB = (ms: number, bytes: number) => (ms * 102400) / Math.max(bytes, MIN_TIMED_BYTES);

// ---------------------------------------------------------------------------------------------
// Reproducers

function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_').slice(0, 60);
}

/** Write the input and a JSON case file that `replayCase` (and `node scripts/fuzz.js --replay`) reads. */
export function writeReproducer(dir: string, seed: number, fc: FuzzCase, runIndex: number, failure: Partial<FuzzFailure>): { inputFile: string; caseFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  const run = fc.runs[runIndex];
  const base = path.join(dir, `${seed}-${fc.cls}-${fc.iteration}-${runIndex}-${safeName(run.path)}`);
  const inputFile = `${base}.input`;
  // one case file per failure of the run (they share the input)
  let caseFile = `${base}.${failure.kind}.json`;
  for (let n = 2; fs.existsSync(caseFile) && JSON.parse(fs.readFileSync(caseFile, 'utf8')).message !== failure.message; n++) caseFile = `${base}.${failure.kind}-${n}.json`;
  fs.writeFileSync(inputFile, fc.text, 'utf8');
  fs.writeFileSync(caseFile, `${JSON.stringify({
    seed, cls: fc.cls, iteration: fc.iteration, run: runIndex, origin: fc.origin, inputFile: path.basename(inputFile),
    path: run.path, languageId: run.languageId, project: run.project, kind: failure.kind, ruleId: failure.ruleId,
    message: failure.message, stack: failure.stack,
  }, null, 2)}\n`);
  return { inputFile, caseFile };
}

/** Run a written reproducer again: its problems, and how long lint and fixes took. */
export function replayCase(caseFile: string): RunOutcome {
  const c = JSON.parse(fs.readFileSync(caseFile, 'utf8')) as { inputFile: string; path: string; languageId?: string; project?: FuzzRun['project'] };
  const text = fs.readFileSync(path.join(path.dirname(caseFile), c.inputFile), 'utf8');
  return executeRun(text, { path: c.path, languageId: c.languageId, project: c.project });
}

// ---------------------------------------------------------------------------------------------
// The loop

interface Timing { cls: FuzzClass; iteration: number; run: number; path: string; bytes: number; lintMs: number; fixMs: number; rate: number; slowestRule?: string }

/** Fewest lints of a class before its median is trusted to judge a slow input (until the end). */
const MIN_SAMPLES = 30;
/** Above this (ms) a suspect is slow beyond any GC pause: it is not timed three times. */
const NO_RETIME_MS = 1000;

/** The fastest of up to three runs (lint and fixes), so a GC pause or a busy machine does not count. */
function bestOf(text: string, run: FuzzRun, times: number, progress: () => void): RunOutcome {
  let best: RunOutcome | undefined;
  for (let k = 0; k < times; k++) {
    progress();
    const out = executeRun(text, run);
    if (!best || out.lintMs + out.fixMs < best.lintMs + best.fixMs) best = out;
    if (out.lintMs + out.fixMs > NO_RETIME_MS) break;
  }
  return best!;
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function fuzz(options: FuzzOptions): FuzzReport {
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const root = options.root ?? defaultRoot();
  const failureDir = options.failureDir ?? path.join(root, 'node_modules', '.cache', 'fuzz-failures');
  const classes = options.classes?.length ? options.classes : FUZZ_CLASSES;
  const genOptions = { seed: options.seed, root, maxInputBytes: options.maxInputBytes, pythonDirs: options.pythonDirs };
  const stats: Partial<Record<FuzzClass, ClassStats>> = {};
  for (const cls of classes) stats[cls] = { iterations: 0, runs: 0, bytes: 0, findings: 0, medianMsPer100KB: 0, worstMsPer100KB: 0 };
  const timings = new Map<FuzzClass, Timing[]>(classes.map(c => [c, []]));
  const failures: FuzzFailure[] = [];
  const seen = new Map<string, number>();
  let repeatedFailures = 0;
  let total = options.startAt ?? 0;

  const record = (fc: FuzzCase, runIndex: number, p: Problem) => {
    // one signature per kind, rule and place (the first stack frame or the message without numbers)
    const frame = p.stack?.split('\n').find(l => l.trim().startsWith('at ')) ?? '';
    const sig = `${p.kind}|${p.ruleId ?? ''}|${frame || p.message.replace(/\d+/g, 'N')}`;
    const n = seen.get(sig) ?? 0;
    seen.set(sig, n + 1);
    if (n >= KEEP_PER_SIGNATURE) { repeatedFailures++; return; }
    const run = fc.runs[runIndex];
    const failure: FuzzFailure = { ...p, seed: options.seed, cls: fc.cls, iteration: fc.iteration, run: runIndex, path: run.path, languageId: run.languageId, origin: fc.origin, bytes: fc.text.length };
    Object.assign(failure, writeReproducer(failureDir, options.seed, fc, runIndex, failure));
    failures.push(failure);
  };

  const snapshot = (): FuzzReport => {
    const classStats: Partial<Record<FuzzClass, ClassStats>> = {};
    for (const cls of classes) {
      const st = { ...stats[cls]!, worstMsPer100KB: 0, worst: undefined } as ClassStats;
      const ts = timings.get(cls)!;
      st.medianMsPer100KB = median(ts.map(t => t.rate));
      for (const t of ts) {
        if (t.rate <= st.worstMsPer100KB) continue;
        st.worstMsPer100KB = t.rate;
        st.worst = { iteration: t.iteration, run: t.run, path: t.path, bytes: t.bytes, lintMs: t.lintMs, fixMs: t.fixMs, slowestRule: t.slowestRule };
      }
      classStats[cls] = st;
    }
    return { seed: options.seed, elapsedSeconds: (Date.now() - started) / 1000, classes: classStats, failures: [...failures], repeatedFailures, failureDir, nextInput: total };
  };

  // Suspected super-linear: far slower per 100 KB than its class's median, and slow in absolute
  // terms. Judged as soon as the class has enough lints (a later hang would lose it otherwise),
  // timed again (best of three) so a GC pause or a busy machine is not reported.
  const pending: Timing[] = [];
  let retimed = 0;
  const judge = (final: boolean) => {
    for (let i = 0; i < pending.length; i++) {
      const t = pending[i];
      const ts = timings.get(t.cls)!;
      if (!final && ts.length < MIN_SAMPLES) continue;
      pending.splice(i--, 1);
      const med = median(ts.map(x => x.rate));
      if (t.rate <= SLOW_FACTOR * med || retimed >= MAX_RETIMED) continue;
      retimed++;
      const fc = generateCase(genOptions, t.cls, t.iteration);
      const progress = () => options.onProgress?.({ cls: t.cls, iteration: t.iteration, run: t.run, path: t.path, total: t.iteration * classes.length + classes.indexOf(t.cls), failures: failures.length, snapshot });
      const once = bestOf(fc.text, fc.runs[t.run], 3, progress);
      const ms = once.lintMs + once.fixMs;
      const rate = per100KB(ms, t.bytes);
      if (rate <= SLOW_FACTOR * med || ms <= SLOW_MS) continue;
      // how the time grows with the text twice over and with every line twice as long: about 2x when
      // linear, 4x when quadratic (in the whole text or in one line); not measured when it would take too long
      let growth: number | undefined;
      if (ms < DOUBLING_MAX_MS) {
        const g = [fc.text + fc.text, longerLines(fc.text)].map(x => bestOf(x, fc.runs[t.run], 1, progress)).map(o => (o.lintMs + o.fixMs) / ms);
        growth = Math.max(...g);
      }
      const { ruleId, where } = blame(once);
      record(fc, t.run, {
        kind: growth === undefined || growth >= SUPER_LINEAR_GROWTH ? 'super-linear' : 'slow', ruleId,
        message: `${ms.toFixed(0)} ms for ${t.bytes} characters (${where}): ${rate.toFixed(0)} ms per 100 KB, ${(rate / med).toFixed(0)}x the ${t.cls} median of ${med.toFixed(2)}; `
          + (growth === undefined ? `not timed at twice the size (over ${DOUBLING_MAX_MS} ms)` : `twice the size takes ${growth.toFixed(1)}x as long`),
      });
    }
  };

  // a rule another caller stopped for overrunning its budget on a path would be skipped there
  resetRuleBudgets();
  stepHook = options.onStep;
  try {
    return loop();
  } finally {
    stepHook = undefined;
  }

  function loop(): FuzzReport {
    for (let n = 0; n < options.maxIterations && Date.now() < deadline; n++, total++) {
      const cls = classes[total % classes.length];
      const st = stats[cls]!;
      const fc = generateCase(genOptions, cls, Math.floor(total / classes.length));
      st.iterations++;
      st.bytes += fc.text.length;
      fc.runs.forEach((run, i) => {
        options.onProgress?.({ cls, iteration: fc.iteration, run: i, path: run.path, total, failures: failures.length, snapshot });
        const out = executeRun(fc.text, run);
        st.runs++;
        st.findings += out.findings;
        for (const p of out.problems) record(fc, i, p);
        const t: Timing = {
          cls, iteration: fc.iteration, run: i, path: run.path, bytes: fc.text.length, lintMs: out.lintMs, fixMs: out.fixMs,
          rate: per100KB(out.lintMs + out.fixMs, fc.text.length), slowestRule: out.slowest?.ruleId,
        };
        timings.get(cls)!.push(t);
        if (out.lintMs + out.fixMs > SLOW_MS) pending.push(t);
      });
      if (pending.length) judge(false);
    }
    judge(true);
    return snapshot();
  }
}

/**
 * One report from the reports of a run restarted after hangs, plus the hangs themselves. Counts
 * add up; the median per class is the one of the part with the most lints (medians do not add).
 */
export function mergeReports(reports: readonly FuzzReport[], extra: readonly FuzzFailure[] = []): FuzzReport {
  const classes: Partial<Record<FuzzClass, ClassStats>> = {};
  for (const r of reports) {
    for (const [cls, s] of Object.entries(r.classes) as [FuzzClass, ClassStats][]) {
      const m = classes[cls];
      if (!m) { classes[cls] = { ...s }; continue; }
      const medianFrom = s.runs > m.runs ? s : m;
      const worstFrom = s.worstMsPer100KB > m.worstMsPer100KB ? s : m;
      classes[cls] = {
        iterations: m.iterations + s.iterations, runs: m.runs + s.runs, bytes: m.bytes + s.bytes, findings: m.findings + s.findings,
        medianMsPer100KB: medianFrom.medianMsPer100KB, worstMsPer100KB: worstFrom.worstMsPer100KB, worst: worstFrom.worst,
      };
    }
  }
  const last = reports[reports.length - 1];
  return {
    seed: reports[0]?.seed ?? extra[0]?.seed ?? 0,
    elapsedSeconds: reports.reduce((a, r) => a + r.elapsedSeconds, 0),
    classes,
    failures: [...reports.flatMap(r => r.failures), ...extra],
    repeatedFailures: reports.reduce((a, r) => a + r.repeatedFailures, 0),
    failureDir: last?.failureDir ?? '',
    nextInput: last?.nextInput ?? 0,
  };
}

/**
 * Whether a finding of the fuzzer fails the run. `slow` does not: the input is far slower per
 * 100 KB than its class's median but grows linearly with its size, which is what the engine promises.
 */
export function isFailure(f: FuzzFailure): boolean {
  return f.kind !== 'slow';
}

/** A readable summary: one row per class, then each failure (and each slow but linear input) with its reproducer. */
export function formatReport(r: FuzzReport): string {
  const rows = [['class', 'inputs', 'lints', 'MB', 'findings', 'median ms/100KB', 'worst ms/100KB', 'worst input']];
  for (const [cls, s] of Object.entries(r.classes) as [FuzzClass, ClassStats][]) {
    const w = s.worst ? `#${s.worst.iteration} ${s.worst.path} (${(s.worst.bytes / 1024).toFixed(0)} KB, lint ${s.worst.lintMs.toFixed(0)} + fixes ${s.worst.fixMs.toFixed(0)} ms${s.worst.slowestRule ? `, slowest ${s.worst.slowestRule}` : ''})` : '';
    rows.push([cls, String(s.iterations), String(s.runs), (s.bytes / 1048576).toFixed(1), String(s.findings), s.medianMsPer100KB.toFixed(2), s.worstMsPer100KB.toFixed(1), w]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
  const lines = [`seed ${r.seed}, ${r.elapsedSeconds.toFixed(1)} s`, ...rows.map(row => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  '))];
  const failing = r.failures.filter(isFailure), slow = r.failures.filter(f => !isFailure(f));
  lines.push('', failing.length ? `${failing.length} failure(s)${r.repeatedFailures ? ` (+${r.repeatedFailures} repeats not kept)` : ''}` : 'no failures');
  if (slow.length) lines.push(`${slow.length} slow but linear input(s), not failures`);
  if (r.failures.length) {
    lines.push(`reproducers in ${r.failureDir}:`);
    for (const f of [...failing, ...slow]) {
      lines.push(`- ${f.kind}${f.ruleId ? ` in ${f.ruleId}` : ''}: ${f.message}`,
        `    seed ${f.seed}, class ${f.cls}, iteration ${f.iteration}, run ${f.run}, path ${f.path}${f.languageId ? ` (languageId ${f.languageId})` : ''}, ${f.bytes} characters`,
        `    input: ${f.origin.length > 200 ? `${f.origin.slice(0, 200)}...` : f.origin}`);
      if (f.caseFile) lines.push(`    replay: node scripts/fuzz.js --replay ${f.caseFile}`);
      if (f.stack) lines.push(...f.stack.split('\n').slice(1, 6).map(l => `    ${l.trim()}`));
    }
  }
  return lines.join('\n');
}
