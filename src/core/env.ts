/**
 * Environment variables on both sides of the contract: the reads in the code (per language, found
 * in `codeText` so comments never count) and the keys of `.env` / `.env.example` files. The
 * drift rule, the project facts and the `.env.example` generator all read them from here, so the
 * three agree on what "the code reads X" and "the example documents X" mean.
 */
import { Anchored, anchored, scanOf } from './anchors';
import { escapeRegExp } from './codeScan';
import { parseDotenv } from './lazy';
import { Family } from './languages';
import type { Token } from './lexer';
import type { Project } from './project';
import { SourceFile } from './source';
import { isDeployConfig } from './values';

export interface EnvRead {
  /** The variable's name. */
  name: string;
  /** Offsets of the name in the file's text. */
  start: number;
  end: number;
}

/** Where a pattern's name may sit: in code (not inside a string literal), or only inside one. */
const enum Where { Code, InString, Anywhere }

interface ReadPattern {
  /** Has a named group `n` (the variable name) and the `g` and `d` flags. */
  re: RegExp;
  where: Where;
  /** A read followed by `=` (not `==`) is a write and is skipped. */
  writable?: boolean;
}

/** Cheap substrings of the raw text: a file with none of its family's marks has no reads. */
const MARK_WORDS: Partial<Record<Family, readonly string[]>> = {
  js: ['process.env', 'import.meta.env', 'Deno.env', 'Bun.env'],
  python: ['environ', 'getenv', 'env(', 'env.', 'config('],
  go: ['Getenv', 'LookupEnv', 'env:"', 'envconfig:"'],
  java: ['getenv', '${'],
  kotlin: ['getenv'],
  ruby: ['ENV'],
  php: ['getenv', '$_ENV', 'env('],
  csharp: ['GetEnvironmentVariable'],
  rust: ['::var'],
  yaml: ['${', 'ENV', '%env('],
  properties: ['${'],
  generic: ['env('],
};
/** The marks as one pattern per family, answered by the shared scan (anchors.ts) instead of a search per mark. */
const MARKS: Partial<Record<Family, Anchored>> = Object.fromEntries(
  Object.entries(MARK_WORDS).map(([family, words]) => [family, anchored(new RegExp(words.map(escapeRegExp).join('|')))]));

const JS: ReadPattern[] = [
  { re: /\b(?:process\.env|import\.meta\.env|Bun\.env)\??\.(?<n>[A-Za-z_][A-Za-z0-9_]*)(?![\w$(])/dg, where: Where.Code, writable: true },
  { re: /\b(?:process\.env|import\.meta\.env|Bun\.env)\??\.?\[\s*(["'`])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1\s*\]/dg, where: Where.Code, writable: true },
  { re: /\bDeno\.env\.get\(\s*(["'`])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
];
/** `const { A, B: b, C = 1 } = process.env` (the braces hold no nested braces). */
const JS_DESTRUCTURE = /\{(?<keys>[^{}]*)\}(?:\s*:\s*[\w.<>[\]]+)?\s*=\s*(?:process\.env|import\.meta\.env|Bun\.env)(?![\w.$?[])/dg;
/** Vite's own values on `import.meta.env`: not environment variables anyone sets. */
const VITE_BUILTINS = new Set(['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);

const PYTHON: ReadPattern[] = [
  { re: /\bos\.environ\s*\[\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1\s*\]/dg, where: Where.Code, writable: true },
  { re: /\bos\.environ\.get\(\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
  { re: /\bgetenv\(\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
];
/** `environ[...]` without `os.`: only with `from os import environ` (a WSGI `environ` is not the environment). */
const PYTHON_BARE_ENVIRON: ReadPattern[] = [
  { re: /(?<![\w.])environ\s*\[\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1\s*\]/dg, where: Where.Code, writable: true },
  { re: /(?<![\w.])environ\.get\(\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
];
/** `from os import environ` (or a list holding it) on some line. */
function importsEnvironFromOs(text: string): boolean {
  for (let i = text.indexOf('from os import'); i >= 0; i = text.indexOf('from os import', i + 1)) {
    const lineStart = text.lastIndexOf('\n', i) + 1;
    if (text.slice(lineStart, i).trim()) continue;
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    if (/\benviron\b/.test(text.slice(i + 14, end))) return true;
  }
  return false;
}
/** django-environ and environs: `env("X")`, `env.str("X")`. */
const PYTHON_ENVIRON_LIB: ReadPattern = { re: /(?<![\w.])env(?:\.[a-z_]+)?\(\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code };
const IMPORTS_ENVIRON_LIB = anchored(/^[ \t]*(?:import[ \t]+environs?\b|from[ \t]+environs?[ \t]+import\b)/m);
/** python-decouple: `config("X")`. */
const PYTHON_DECOUPLE: ReadPattern = { re: /(?<![\w.])config\(\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code };
const IMPORTS_DECOUPLE = anchored(/^[ \t]*(?:from[ \t]+decouple[ \t]+import|import[ \t]+decouple)\b/m);

const GO: ReadPattern[] = [
  { re: /\b(?:os|syscall)\.(?:Getenv|LookupEnv)\(\s*"(?<n>[A-Za-z_][A-Za-z0-9_]*)"/dg, where: Where.Code },
  // struct tags of caarlos0/env and envconfig: `env:"PORT" envDefault:"3000"`
  { re: /(?<![\w])(?:env|envconfig):"(?<n>[A-Za-z_][A-Za-z0-9_]*)[",]/dg, where: Where.InString },
];
const JAVA: ReadPattern[] = [
  { re: /\bSystem\.getenv\(\s*"(?<n>[A-Za-z_][A-Za-z0-9_]*)"\s*\)/dg, where: Where.Code },
  // Spring placeholders in code: @Value("${DATABASE_URL}") (upper-case names only: `${server.port}` is a property)
  { re: /\$\{(?<n>[A-Z_][A-Z0-9_]*)[}:]/dg, where: Where.InString },
];
const KOTLIN: ReadPattern[] = [JAVA[0]];
const RUBY: ReadPattern[] = [
  { re: /\bENV\s*\[\s*(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1\s*\]/dg, where: Where.Code, writable: true },
  { re: /\bENV\.(?:fetch|key\?|has_key\?|include\?|member\?)(?:\(\s*|[ \t]+)(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
];
const PHP: ReadPattern[] = [
  { re: /\bgetenv\(\s*(['"])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
  { re: /\$_ENV\s*\[\s*(['"])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1\s*\]/dg, where: Where.Code, writable: true },
  // Laravel's env('X'), not $obj->env(...) or Foo::env(...)
  { re: /(?<![\w>:$\\])env\(\s*(['"])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Code },
];
const CSHARP: ReadPattern[] = [
  { re: /\bEnvironment\.GetEnvironmentVariable\(\s*"(?<n>[A-Za-z_][A-Za-z0-9_]*)"/dg, where: Where.Code },
];
const RUST: ReadPattern[] = [
  { re: /\b(?:env|dotenvy?)::var(?:_os)?\(\s*"(?<n>[A-Za-z_][A-Za-z0-9_]*)"/dg, where: Where.Code },
];
/** Compose and app config: `${X}`, `${X:-default}`, `${X:?error}` (not `$${X}`, compose's escape). */
const DATA_SUBSTITUTION: ReadPattern = { re: /(?<!\$)\$\{(?<n>[A-Z_][A-Z0-9_]*)(?=[}:?+-])/dg, where: Where.Anywhere };
const YAML: ReadPattern[] = [
  DATA_SUBSTITUTION,
  // ERB in Rails YAML (database.yml): <%= ENV["DATABASE_URL"] %>, ENV.fetch("X")
  { re: /\bENV(?:\s*\[\s*|\.fetch\(\s*)(["'])(?<n>[A-Za-z_][A-Za-z0-9_]*)\1/dg, where: Where.Anywhere },
  // Symfony: '%env(DATABASE_URL)%', '%env(resolve:DATABASE_URL)%'
  { re: /%env\((?:[a-z_]+:)*(?<n>[A-Za-z_][A-Za-z0-9_]*)\)%/dg, where: Where.Anywhere },
];
const PROPERTIES: ReadPattern[] = [DATA_SUBSTITUTION];
/** Prisma schema: url = env("DATABASE_URL"). */
const PRISMA: ReadPattern[] = [{ re: /\benv\(\s*"(?<n>[A-Za-z_][A-Za-z0-9_]*)"\s*\)/dg, where: Where.InString }];

const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-]\w+)*\.ya?ml$|\.compose\.ya?ml$/i;

function patternsFor(file: SourceFile): ReadPattern[] {
  switch (file.family) {
    case 'js': return JS;
    case 'python': {
      const out = [...PYTHON];
      if (importsEnvironFromOs(file.text)) out.push(...PYTHON_BARE_ENVIRON);
      if (file.matches(IMPORTS_ENVIRON_LIB)) out.push(PYTHON_ENVIRON_LIB);
      if (file.matches(IMPORTS_DECOUPLE)) out.push(PYTHON_DECOUPLE);
      return out;
    }
    case 'go': return GO;
    case 'java': return JAVA;
    case 'kotlin': return KOTLIN;
    case 'ruby': return RUBY;
    case 'php': return PHP;
    case 'csharp': return CSHARP;
    case 'rust': return RUST;
    // CI pipelines and manifests substitute their own variables, not the app's
    case 'yaml': return isDeployConfig(file) && !COMPOSE_NAME.test(file.baseName) ? [] : YAML;
    case 'properties': return PROPERTIES;
    case 'generic': return file.baseName.endsWith('.prisma') ? PRISMA : [];
    default: return [];
  }
}

/**
 * Whether `offset` is code: outside every string literal, or inside the interpolated part of one
 * (`${process.env.HOST}` in a template literal, `{os.environ['HOST']}` in an f-string, `#{ENV['HOST']}`).
 */
function inCode(file: SourceFile, offset: number): boolean {
  const tok = file.stringAt(offset);
  if (!tok) return true;
  if (!tok.interpolated) return false;
  const text = file.text;
  // reads are visited in document order: go on from where the last one in this literal stopped,
  // so a long template with many reads is read once, not once per read
  const last = interpolationScans.get(tok);
  const resume = last !== undefined && last.at <= offset;
  let depth = resume ? last.depth : 0;
  let i = resume ? last.at : tok.valueStart;
  for (; i < offset; i++) {
    const c = text[i];
    if (c === '{') {
      const prev = text[i - 1];
      if (prev === '$' || prev === '#' || text[i + 1] === '$' || depth > 0) depth++;
      else if (file.family === 'python') {
        if (text[i + 1] === '{') i++; // `{{` is a literal brace
        else depth++;
      }
    } else if (c === '}' && depth > 0) depth--;
  }
  interpolationScans.set(tok, { at: i, depth });
  return depth > 0;
}
const interpolationScans = new WeakMap<Token, { at: number; depth: number }>();

/** Whether `text` from `end` on assigns (`X = v`, not `X == v` or `X => v`). */
function isAssignment(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '=' && text[i + 1] !== '=' && text[i + 1] !== '>';
}

/** The file has one of its family's read marks at all (checked before the file is lexed). */
function mayRead(file: SourceFile): boolean {
  const marks = MARKS[file.family];
  return marks !== undefined && file.matches(marks);
}

/**
 * Every environment variable read in the file with a literal name, in document order: the
 * language's own reads (`process.env.X`, `os.getenv("X")`, `os.Getenv("X")`, `System.getenv("X")`,
 * `ENV["X"]`, `getenv('X')`, `Environment.GetEnvironmentVariable("X")`, `std::env::var("X")`...),
 * `${X}` in compose files and app config, and the config libraries that name variables directly.
 * Comments never count; writes (`process.env.X = ...`) are not reads.
 */
export function envReads(file: SourceFile): EnvRead[] {
  if (!mayRead(file)) return [];
  const patterns = patternsFor(file);
  if (!patterns.length) return [];
  const text = file.codeText;
  const out: EnvRead[] = [];
  for (const p of patterns) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      const [start, end] = m.indices!.groups!.n;
      if (p.where === Where.Code && !inCode(file, m.index)) continue;
      if (p.where === Where.InString && file.stringAt(start) === undefined) continue;
      if (p.writable && isAssignment(text, m.index + m[0].length)) continue;
      if (file.family === 'js' && m[0].startsWith('import.meta') && VITE_BUILTINS.has(m.groups!.n)) continue;
      out.push({ name: m.groups!.n, start, end });
    }
  }
  if (file.family === 'js') out.push(...destructuredReads(file));
  return out.sort((a, b) => a.start - b.start);
}

function destructuredReads(file: SourceFile): EnvRead[] {
  const text = file.codeText;
  if (text.indexOf('}') < 0) return [];
  const out: EnvRead[] = [];
  JS_DESTRUCTURE.lastIndex = 0;
  for (const m of text.matchAll(JS_DESTRUCTURE)) {
    if (!inCode(file, m.index)) continue;
    const [keysStart] = m.indices!.groups!.keys;
    let offset = keysStart;
    for (const part of m.groups!.keys.split(',')) {
      const lead = part.length - part.trimStart().length;
      const key = /^["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(part.slice(lead));
      if (key && !part.trimStart().startsWith('...')) {
        const start = offset + lead + (key[0].length - key[1].length);
        out.push({ name: key[1], start, end: start + key[1].length });
      }
      offset += part.length + 1;
    }
  }
  return out;
}

/** Reads whose name is computed (`process.env[key]`, `os.getenv(name)`), per family. */
const DYNAMIC: Partial<Record<Family, RegExp>> = {
  js: /\b(?:process\.env\??\.?\[|Deno\.env\.get\()\s*(?<c>\S)|\(\s*process\.env\s*(?<c2>[,)])/dg,
  python: /\b(?:os\.environ\s*\[|os\.environ\.get\(|getenv\()\s*(?<c>\S)/dg,
  go: /\b(?:os|syscall)\.(?:Getenv|LookupEnv)\(\s*(?<c>\S)/dg,
  java: /\bSystem\.getenv\(\s*(?<c>\S)/dg,
  kotlin: /\bSystem\.getenv\(\s*(?<c>\S)/dg,
  ruby: /\bENV(?:\s*\[|\.fetch\()\s*(?<c>\S)|\bENV\.(?<c2>to_h|each|select|filter|slice)\b/dg,
  php: /(?:\bgetenv\(|\$_ENV\s*\[|(?<![\w>:$\\])env\()\s*(?<c>\S)/dg,
  csharp: /\bEnvironment\.GetEnvironmentVariables?\(\s*(?<c>\S)/dg,
  rust: /\b(?:env|dotenvy?)::var(?:_os)?\(\s*(?<c>\S)|\benv::(?<c2>vars)\(/dg,
};
/** Libraries that map variables to settings by field name, so any key may be read. */
const IMPLICIT_BINDING = anchored(/\bBaseSettings\b|\bpydantic_settings\b|\bAutomaticEnv\(|\benvconfig\.Process\(|\benv\.Parse\(|\bcleanEnv\(|\bconvict\(|@nestjs\/config|\bcreateEnv\(|@ConfigurationProperties|\bAddEnvironmentVariables\(|\benvy::|\bconfig::Environment\b/);

/**
 * Whether the file reads variables by computed names or through a library that binds them to
 * settings by field name: then a documented key that no literal read names may still be used.
 */
export function readsEnvDynamically(file: SourceFile): boolean {
  if (file.family !== 'generic' && file.matches(IMPLICIT_BINDING) && IMPLICIT_BINDING.regex.test(file.codeText)) return true;
  const re = DYNAMIC[file.family];
  if (!re || !mayRead(file)) return false;
  const text = file.codeText;
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    if (!inCode(file, m.index)) continue;
    if (m.groups!.c2 !== undefined) return true;
    const c = m.groups!.c;
    if (c === undefined || c === '"' || c === "'") continue;
    // a template literal is a literal name unless it interpolates (`DYN_${n}`)
    if (c !== '`' || file.tokenAt(m.indices!.groups!.c[0])?.interpolated) return true;
  }
  return false;
}

/** Names of the committed example file, in order of preference. */
export const EXAMPLE_NAMES: readonly string[] = ['.env.example', '.env.sample', '.env.template', '.env.dist'];

export function isEnvExampleName(baseName: string): boolean {
  return EXAMPLE_NAMES.includes(baseName.toLowerCase());
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The example file in the folder of `filePath` or the nearest folder above that has one. */
export function nearestEnvExample(filePath: string, project: Project): string | undefined {
  let dir = dirOf(filePath);
  for (;;) {
    for (const name of EXAMPLE_NAMES) {
      const p = dir ? `${dir}/${name}` : name;
      if (project.paths.has(p) || project.read(p) !== undefined) return p;
    }
    if (!dir) return undefined;
    dir = dirOf(dir);
  }
}

export interface EnvKey {
  name: string;
  /** Offsets of the name in the file's text. */
  start: number;
  end: number;
  /** Written as a comment (`# SENTRY_DSN=`): documented, but not set. */
  commented: boolean;
}

const KEY_LINE = /^[ \t]*(?<hash>#[ \t]*)?(?:export[ \t]+)?(?<n>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/dgm;

/**
 * The keys of a KEY=value file with their positions, including keys written as comments
 * (`# KEY=`), which document a variable without setting it.
 */
export function envFileKeys(text: string): EnvKey[] {
  const out: EnvKey[] = [];
  KEY_LINE.lastIndex = 0;
  for (const m of text.matchAll(KEY_LINE)) {
    const [start, end] = m.indices!.groups!.n;
    out.push({ name: m.groups!.n, start, end, commented: m.groups!.hash !== undefined });
  }
  return out;
}

/** The keys a dotenv parser (the `dotenv` package) finds in a `.env` file; values are dropped. */
export function dotenvKeys(text: string): string[] {
  return Object.keys(parseDotenv(text));
}

const PLATFORM_VARS = new Set([
  'HOME', 'PATH', 'USER', 'USERNAME', 'LOGNAME', 'PWD', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'HOSTNAME',
  'TMPDIR', 'TEMP', 'TMP', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMDATA', 'EDITOR', 'VISUAL', 'COLUMNS',
  'LINES', 'NO_COLOR', 'FORCE_COLOR', 'CI', 'NODE_ENV', 'NODE_APP_INSTANCE', 'INIT_CWD', 'JEST_WORKER_ID', 'DYNO',
  'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT',
  'LAMBDA_TASK_ROOT', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME', 'RENDER', 'VERCEL', 'NETLIFY',
]);
const PLATFORM_PREFIXES = ['LC_', 'XDG_', 'GITHUB_', 'RUNNER_', 'GITLAB_', 'CIRCLE', 'BUILDKITE', 'VERCEL_', 'FLY_', 'RAILWAY_',
  'HEROKU_', 'RENDER_', 'GAE_', 'WEBSITE_', 'FUNCTIONS_', 'npm_', 'VITEST', 'PYTEST_'];

/**
 * Variables the operating system, the CI or the platform sets: reading them is not config the
 * next developer has to supply, so they need no line in `.env.example`.
 */
export function isPlatformEnvVar(name: string): boolean {
  return PLATFORM_VARS.has(name) || PLATFORM_PREFIXES.some(p => name.startsWith(p));
}

const IMPLICIT_VARS = new Set([
  'PORT', 'HOST', 'DEBUG', 'DATABASE_URL', 'REDIS_URL', 'SECRET_KEY_BASE', 'WEB_CONCURRENCY', 'SENTRY_DSN',
  'SENTRY_ENVIRONMENT', 'SENTRY_RELEASE', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT', 'HTTP_PROXY',
  'HTTPS_PROXY', 'NO_PROXY', 'GIN_MODE', 'GOMAXPROCS', 'GOMEMLIMIT', 'GOGC', 'GODEBUG', 'GOFLAGS', 'APP_ENV',
  'APP_DEBUG', 'APP_SECRET', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSSLMODE',
]);
const IMPLICIT_PREFIXES = ['NODE_', 'NPM_CONFIG_', 'NEXT_', 'RAILS_', 'RACK_', 'BUNDLE_', 'PUMA_', 'SIDEKIQ_', 'DJANGO_',
  'FLASK_', 'PYTHON', 'GUNICORN_', 'UVICORN_', 'CELERY_', 'SPRING_', 'SERVER_', 'MANAGEMENT_', 'JAVA_', 'JDK_', 'MAVEN_',
  'GRADLE_', 'ASPNETCORE_', 'DOTNET_', 'RUST_', 'CARGO_', 'ROCKET_', 'AWS_', 'AZURE_', 'OTEL_', 'DD_', 'NEW_RELIC_',
  'ELASTIC_APM_', 'POSTGRES_', 'MYSQL_', 'MARIADB_', 'MONGO_INITDB_', 'RABBITMQ_DEFAULT_', 'COMPOSE_', 'DOCKER_'];

/**
 * Variables that frameworks, SDKs, platforms and container images read without a line of the
 * app's code naming them (Rails and Prisma read DATABASE_URL, the AWS SDK AWS_*, the postgres image
 * POSTGRES_*): a documented key like these is not "unused" just because no read was found.
 */
export function isImplicitEnvVar(name: string): boolean {
  return IMPLICIT_VARS.has(name) || IMPLICIT_PREFIXES.some(p => name.startsWith(p)) || isPlatformEnvVar(name);
}

/** Files that may read the environment, for the project facts and the `.env.example` generator. */
export const ENV_READING_PATH = /\.(?:[cm]?[jt]sx?|vue|svelte|py|go|java|kt|kts|cs|rb|rake|php|rs|ya?ml|properties|prisma)$|(?:^|\/)(?:Gemfile|Rakefile|config\.ru)$/i;

/** Prefix of the project facts naming a variable some file reads: `env:DATABASE_URL`. */
export const ENV_FACT_PREFIX = 'env:';
/** Project fact: some file reads variables by computed names, or binds them to settings by field name. */
export const ENV_DYNAMIC_FACT = 'reads-env-dynamically';
/** Every file with an environment read contains one of these (tested on the raw text, before lexing). */
const ENV_MARK = anchored(/env|ENV|Env|\$\{/);

/** The project facts a file contributes about environment reads (see facts.ts). */
export function envFacts(path: string, text: string): string[] {
  if (SHELL_PATH.test(path)) return shellMentions(text);
  if (!ENV_READING_PATH.test(path) || !scanOf(text).matches(ENV_MARK)) return [];
  const file = new SourceFile(path, text);
  const names = new Set(envReads(file).map(r => r.name));
  const out = [...names].sort().map(n => ENV_FACT_PREFIX + n);
  if (readsEnvDynamically(file)) out.push(ENV_DYNAMIC_FACT);
  return out;
}

/** Scripts and launch files that expand variables (`$DATABASE_URL`, `${PORT}`) rather than read them in code. */
const SHELL_PATH = /\.(?:sh|bash|zsh)$|(?:^|\/)(?:Dockerfile[^/]*|Containerfile|Procfile|Makefile|package\.json)$/i;
const SHELL_EXPANSION = /(?<![\w$\\])\$\{?(?<n>[A-Z_][A-Z0-9_]*)/g;

/**
 * Upper-case variables a script or launch file expands: not reads the drift rule reports (a shell
 * variable may be local), but enough to say a documented key is used.
 */
function shellMentions(text: string): string[] {
  if (text.indexOf('$') < 0) return [];
  const names = new Set<string>();
  SHELL_EXPANSION.lastIndex = 0;
  for (const m of text.matchAll(SHELL_EXPANSION)) names.add(m.groups!.n);
  return [...names].sort().map(n => ENV_FACT_PREFIX + n);
}
