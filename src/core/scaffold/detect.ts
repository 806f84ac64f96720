/**
 * Stack detection for the scaffolding: which apps a project holds and how each one is installed,
 * built and started, read from manifests, lockfiles and entry points (never guessed from the
 * folder name). One DetectedApp per app folder, so a monorepo yields one per app. Every
 * conclusion comes with a `why` line the user is shown, and anything the generated files cannot
 * settle by themselves (a missing lockfile, a server that is not a dependency) with a warning.
 */
import type { Project } from '../project';

export type StackId = 'node' | 'python' | 'go' | 'java' | 'ruby' | 'php' | 'dotnet' | 'rust' | 'generic';

export type PackageManager = 'npm' | 'yarn' | 'yarn-berry' | 'pnpm' | 'pip' | 'poetry' | 'uv' | 'pipenv' | 'go'
  | 'maven' | 'gradle' | 'bundler' | 'composer' | 'nuget' | 'cargo';

export type Framework = 'express' | 'fastify' | 'nest' | 'next' | 'koa' | 'hapi' | 'django' | 'flask' | 'fastapi'
  | 'spring-boot' | 'rails' | 'sinatra' | 'laravel' | 'symfony' | 'aspnet' | 'gin' | 'echo' | 'fiber' | 'chi'
  | 'axum' | 'actix' | 'rocket';

/** The processes a Procfile can name: the web server, a background worker, the release step. */
export interface Processes {
  web: string;
  worker?: string;
  release?: string;
}

export interface DetectedApp {
  /** The app's folder relative to the project root ('' for the root). */
  dir: string;
  /** A name for the app: the manifest's, or the folder's. */
  name: string;
  stack: StackId;
  /** False when no stack was recognised: the templates then fall back to a generic container. */
  detected: boolean;
  packageManager?: PackageManager;
  framework?: Framework;
  /** Relative to `dir`. */
  manifest?: string;
  /** Relative to `dir`; undefined when the app has none (a warning says so). */
  lockfile?: string;
  /** Runtime version for the base image tag (`22`, `3.12`, `1.23`, `21`, `3.3`, `8.3`, `8.0`, `1.83`). */
  version: string;
  /** The port the app listens on when PORT is not set. */
  port: number;
  /** The container's start command, exec form. */
  start: string[];
  procfile: Processes;
  /** Node: the build script and the folder it writes. */
  build?: { script: string; outDir: string };
  /** Python: the folder added to PYTHONPATH (a `src/` layout). */
  pythonPath?: string;
  /** Go: the main package (`.`, `./cmd/server`); Go and Rust: the binary's name. */
  goMain?: string;
  binary?: string;
  /** Java: the artifact the build writes (relative to `dir`; may hold a `*`) and the build tool's task. */
  artifact?: string;
  javaTask?: 'package' | 'bootJar' | 'installDist' | 'jar';
  /** Gradle or Maven wrapper script in the folder. */
  wrapper?: boolean;
  /** .NET: the project file and the assembly it builds. */
  project?: string;
  assembly?: string;
  /** PHP: the web server's document root relative to `dir` ('' for the folder itself). */
  docRoot?: string;
  /** PHP extensions to compile into the image; Ruby: native libraries for the gems. */
  extensions?: string[];
  /** Ruby: run `assets:precompile` at build time. */
  assets?: boolean;
  /** A path that answers 200 when the app is up, when the framework or the code has one. */
  healthPath?: string;
  /** Why each conclusion was drawn, in the order they were drawn. */
  why: string[];
  /** What the user has to do for the generated files to work. */
  warnings: string[];
}

/** Folders never searched for apps: dependencies, build output, virtual environments, VCS data. */
const SKIP_DIR = new Set(['node_modules', 'vendor', '.git', '.hg', '.svn', 'dist', 'build', 'target', 'out', 'bin', 'obj',
  '.venv', 'venv', '.tox', '__pycache__', '.next', '.nuxt', '.gradle', '.idea', '.vscode', 'coverage', 'bower_components',
  '.bundle', 'tmp', '.terraform', '.cache']);

const MANIFEST_NAMES = ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py', 'go.mod', 'pom.xml',
  'build.gradle', 'build.gradle.kts', 'Gemfile', 'composer.json', 'Cargo.toml'];

const LOOKED_FOR = 'package.json, requirements.txt, pyproject.toml, Pipfile, go.mod, pom.xml, build.gradle, Gemfile, composer.json, *.csproj or Cargo.toml';

/** The files of one folder of the project, read through the Project (no I/O of its own). */
class Folder {
  private filesCache?: string[];
  constructor(private readonly project: Project, readonly dir: string) {}

  path(rel: string): string {
    return this.dir ? `${this.dir}/${rel}` : rel;
  }

  has(rel: string): boolean {
    const p = this.path(rel);
    return this.project.paths.has(p) || this.project.read(p) !== undefined;
  }

  read(rel: string): string | undefined {
    return this.project.read(this.path(rel));
  }

  /** Paths relative to the folder, outside dependency and build folders, sorted. */
  files(): string[] {
    if (!this.filesCache) {
      const prefix = this.dir ? `${this.dir}/` : '';
      const out: string[] = [];
      for (const p of this.project.paths) {
        if (!p.startsWith(prefix)) continue;
        const rel = p.slice(prefix.length);
        const parts = rel.split('/');
        if (parts.slice(0, -1).some(s => SKIP_DIR.has(s))) continue;
        out.push(rel);
      }
      this.filesCache = out.sort();
    }
    return this.filesCache;
  }

  /** Files with one of the extensions, tests excluded, at most `limit` of them. */
  code(exts: readonly string[], limit = 400): string[] {
    return this.files().filter(f => exts.some(e => f.endsWith(e)) && !isTestPath(f)).slice(0, limit);
  }

  baseName(): string {
    return this.dir ? this.dir.slice(this.dir.lastIndexOf('/') + 1) : '';
  }
}

/** Test code: its reads and routes are not the app's. */
export function isTestPath(rel: string): boolean {
  return /(?:^|\/)(?:tests?|spec|__tests__|testdata|fixtures)\//.test(rel) || /(?:\.test\.|\.spec\.|_test\.go$|(?:^|\/)test_[^/]*\.py$|_spec\.rb$)/.test(rel);
}

/** Lower-cased package tokens of a manifest: names split on everything that is not part of one. */
function tokens(...texts: (string | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const w of t.toLowerCase().split(/[^a-z0-9_.\-/@]+/)) if (w) out.add(w);
  }
  return out;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function record(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** `text` without its first `<tag>...</tag>` element (the POM's own coordinates are outside them). */
function withoutElement(text: string, tag: string): string {
  const start = text.indexOf(`<${tag}>`);
  const end = start < 0 ? -1 : text.indexOf(`</${tag}>`, start);
  return end < 0 ? text : text.slice(0, start) + text.slice(end + tag.length + 3);
}

/** A string value in a TOML table (`[package]`, `[[bin]]`: the first one), by line scanning. */
function tomlValue(text: string, table: string, key: string): string | undefined {
  let current = '';
  for (const line of text.split('\n')) {
    const header = /^[ \t]*\[\[?[ \t]*([\w.-]+)[ \t]*\]\]?/.exec(line);
    if (header) { current = header[1]; continue; }
    if (current !== table) continue;
    const eq = line.indexOf('=');
    if (eq < 0 || line.slice(0, eq).trim().replace(/^["']|["']$/g, '') !== key) continue;
    const m = /^[ \t]*["']([^"']*)["']/.exec(line.slice(eq + 1));
    if (m) return m[1];
  }
  return undefined;
}

/** A start command that needs no shell, as argv; undefined when the shell would do more. */
export function simpleCommand(command: string): string[] | undefined {
  if (/[&|;<>$`()*?"'\\!{}\n]/.test(command)) return undefined;
  const argv = command.trim().split(/[ \t]+/).filter(Boolean);
  if (!argv.length || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) return undefined;
  return argv;
}

/** The command line for a Procfile (a shell runs it) from argv. */
function shellLine(argv: readonly string[]): string {
  return argv.map(a => (/^[\w./:@%+=,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

const HEALTH_LITERAL = /["'`](\/(?:health|healthz|healthcheck|health-check|_health|livez|readyz|ready|ping|up))\/?["'`]/;
/** Django: path("health/", ...), re_path(r"^health/$", ...). */
const DJANGO_HEALTH = /\b(?:re_)?path\(\s*r?["']\^?(health[\w-]*|healthz|ping)\/?\$?["']/;

/** A health endpoint the code defines: the first route literal found, preferring `/health*`. */
function healthFromCode(folder: Folder, exts: readonly string[]): { path: string; file: string } | undefined {
  let fallback: { path: string; file: string } | undefined;
  for (const f of folder.code(exts, 300)) {
    const text = folder.read(f);
    if (!text || text.length > 200_000) continue;
    const m = HEALTH_LITERAL.exec(text) ?? DJANGO_HEALTH.exec(text);
    if (!m) continue;
    const path = m[1].startsWith('/') ? m[1] : `/${m[1]}/`;
    if (/^\/_?health/.test(path)) return { path, file: f };
    fallback ??= { path, file: f };
  }
  return fallback;
}

/** `PORT ... 8080` in one statement: the default the code uses when PORT is not set. */
const PORT_DEFAULT = /\bPORT\b[^\n\d]{0,30}?\b(\d{4,5})\b/;
const SPRING_PORT = /^[ \t]*server\.port[ \t]*[=:][ \t]*(?:\$\{PORT:)?(\d{4,5})/m;

function portFromCode(folder: Folder, exts: readonly string[]): { port: number; file: string } | undefined {
  for (const f of folder.code(exts, 300)) {
    const text = folder.read(f);
    if (!text || text.length > 200_000 || text.indexOf('PORT') < 0 && text.indexOf('server.port') < 0) continue;
    const m = PORT_DEFAULT.exec(text) ?? SPRING_PORT.exec(text);
    if (!m) continue;
    const port = Number(m[1]);
    if (port >= 1024 && port <= 65535) return { port, file: f };
  }
  return undefined;
}

function applyPortAndHealth(app: DetectedApp, folder: Folder, exts: readonly string[], health?: { path: string; why: string }): void {
  const p = portFromCode(folder, exts);
  if (p) {
    app.port = p.port;
    app.why.push(`listens on PORT, ${p.port} when it is not set (${p.file})`);
  } else app.why.push(`listens on PORT; ${app.port} when it is not set (the usual default)`);
  if (health) {
    app.healthPath = health.path;
    app.why.push(health.why);
    return;
  }
  const h = healthFromCode(folder, exts);
  if (h) {
    app.healthPath = h.path;
    app.why.push(`health check at ${h.path} (${h.file})`);
  }
}

function base(folder: Folder, stack: StackId, name: string, version: string, port: number): DetectedApp {
  return { dir: folder.dir, name, stack, detected: true, version, port, start: [], procfile: { web: '' }, why: [], warnings: [] };
}

/** The leading `major` or `major.minor` of a version constraint (`>=3.11`, `^8.2`, `~> 3.2.2`, `v20.11.0`). */
function versionIn(constraint: string | undefined, parts: 1 | 2): string | undefined {
  const m = constraint && /(\d+)(?:\.(\d+))?/.exec(constraint);
  if (!m) return undefined;
  return parts === 1 || m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`;
}

function atLeast(found: string | undefined, min: string): string {
  if (!found) return min;
  const a = found.split('.').map(Number), b = min.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    if (x !== y) return x > y ? found : min;
  }
  return found;
}

// ---------------------------------------------------------------------------------------- Node

const NODE_FRAMEWORKS: [string, Framework][] = [['next', 'next'], ['@nestjs/core', 'nest'], ['fastify', 'fastify'], ['express', 'express'], ['koa', 'koa'], ['@hapi/hapi', 'hapi']];
const NODE_ENTRIES = ['server.js', 'index.js', 'app.js', 'main.js', 'src/server.js', 'src/index.js', 'src/app.js', 'src/main.js'];
const DEV_RUNNERS = new Set(['nodemon', 'ts-node', 'ts-node-dev', 'tsx', 'node-dev', 'supervisor']);

function detectNode(folder: Folder): DetectedApp | undefined {
  const text = folder.read('package.json');
  const pkg = parseJson(text);
  if (!pkg) return undefined;
  const scripts = record(pkg.scripts);
  const deps = record(pkg.dependencies), devDeps = record(pkg.devDependencies);
  const all = { ...devDeps, ...deps };
  if (pkg.workspaces !== undefined && !scripts.start) return undefined; // a workspace root, not an app
  const name = typeof pkg.name === 'string' && pkg.name ? pkg.name.replace(/^@[^/]+\//, '') : folder.baseName() || 'app';
  const engines = record(pkg.engines);
  const app = base(folder, 'node', name, atLeast(versionIn(engines.node, 1), '22'), 3000);
  app.manifest = 'package.json';
  app.why.push(`${folder.path('package.json')}: a Node.js app`);
  if (engines.node) app.why.push(`engines.node "${engines.node}": node:${app.version} base image`);

  const pm = typeof pkg.packageManager === 'string' ? pkg.packageManager : '';
  if (folder.has('pnpm-lock.yaml')) { app.packageManager = 'pnpm'; app.lockfile = 'pnpm-lock.yaml'; }
  else if (folder.has('yarn.lock')) {
    app.packageManager = folder.has('.yarnrc.yml') || /^yarn@[2-9]/.test(pm) ? 'yarn-berry' : 'yarn';
    app.lockfile = 'yarn.lock';
  } else if (folder.has('package-lock.json')) { app.packageManager = 'npm'; app.lockfile = 'package-lock.json'; }
  else if (folder.has('npm-shrinkwrap.json')) { app.packageManager = 'npm'; app.lockfile = 'npm-shrinkwrap.json'; }
  else {
    app.packageManager = pm.startsWith('pnpm@') ? 'pnpm' : pm.startsWith('yarn@') ? (/^yarn@1\./.test(pm) ? 'yarn' : 'yarn-berry') : 'npm';
    const lock = app.packageManager === 'pnpm' ? 'pnpm-lock.yaml' : app.packageManager === 'npm' ? 'package-lock.json' : 'yarn.lock';
    app.warnings.push(`No lockfile beside ${folder.path('package.json')}: the Dockerfile installs from ${lock}, so run ${app.packageManager === 'npm' ? 'npm install' : `${app.packageManager.replace('-berry', '')} install`} and commit ${lock}${folder.dir ? ' (in a workspace, build the image from the folder that holds the lockfile)' : ''}.`);
    app.lockfile = lock;
  }
  if (app.lockfile && folder.has(app.lockfile)) app.why.push(`${app.lockfile}: dependencies installed with ${app.packageManager.replace('-berry', '')} from the lockfile`);

  const fw = NODE_FRAMEWORKS.find(([dep]) => all[dep] !== undefined);
  if (fw) { app.framework = fw[1]; app.why.push(`depends on ${fw[0]}`); }

  if (scripts.build) {
    const outDir = app.framework === 'next' ? '.next' : app.framework === 'nest' ? 'dist' : tsOutDir(folder.read('tsconfig.json')) ?? 'dist';
    app.build = { script: 'build', outDir };
    app.why.push(`build script "${scripts.build}": built in a separate stage, ${outDir}/ copied into the image`);
  } else if (app.framework === 'next') {
    app.build = { script: 'build', outDir: '.next' };
    app.warnings.push('Next.js needs `next build` before `next start`: add "build": "next build" to the scripts in package.json.');
  }

  app.start = nodeStart(folder, app, scripts, pkg);
  app.procfile.web = shellLine(app.start);
  const worker = ['worker', 'start:worker', 'worker:start', 'jobs', 'queue'].find(s => scripts[s]);
  if (worker) { app.procfile.worker = `npm run ${worker}`; app.why.push(`"${worker}" script: a worker process`); }
  if ((all.prisma || all['@prisma/client']) && (folder.has('prisma/schema.prisma') || folder.has('schema.prisma'))) {
    app.procfile.release = 'npx prisma migrate deploy';
    app.why.push('Prisma schema: migrations run in the release phase');
    if (!deps.prisma) app.warnings.push('The release phase runs `prisma migrate deploy`: move "prisma" from devDependencies to dependencies so it is installed in production.');
  } else if (all.knex && folder.files().some(f => /^knexfile\.[cm]?[jt]s$/.test(f))) {
    app.procfile.release = 'npx knex migrate:latest';
    app.why.push('knexfile: migrations run in the release phase');
  } else if (all['sequelize-cli'] || folder.has('.sequelizerc')) {
    app.procfile.release = 'npx sequelize-cli db:migrate';
    app.why.push('sequelize-cli: migrations run in the release phase');
  }
  applyPortAndHealth(app, folder, ['.js', '.mjs', '.cjs', '.ts', '.mts']);
  return app;
}

function tsOutDir(tsconfig: string | undefined): string | undefined {
  const m = tsconfig && /"outDir"\s*:\s*"\.?\/?([^"]+?)\/?"/.exec(tsconfig);
  return m ? m[1] : undefined;
}

function nodeStart(folder: Folder, app: DetectedApp, scripts: Record<string, string>, pkg: Record<string, unknown>): string[] {
  if (app.framework === 'next') {
    app.why.push('next start serves the build (it reads PORT)');
    return ['node_modules/.bin/next', 'start', '-H', '0.0.0.0'];
  }
  const script = app.framework === 'nest' && scripts['start:prod'] ? 'start:prod' : 'start';
  const command = scripts[script];
  if (command !== undefined) {
    const argv = simpleCommand(command);
    if (argv && argv[0] === 'node') { app.why.push(`"${script}" script: ${command}`); return argv; }
    if (argv && DEV_RUNNERS.has(argv[0])) {
      const entry = app.build ? `${app.build.outDir}/${app.framework === 'nest' ? 'main' : 'index'}.js` : argv[argv.length - 1].replace(/\.ts$/, '.js');
      app.warnings.push(`The "${script}" script runs ${argv[0]}, a development tool; the image starts \`node ${entry}\` instead. Check that this is the built entry point.`);
      return ['node', entry];
    }
    if (argv && app.framework === 'nest' && argv[0] === 'nest') return ['node', 'dist/main'];
    if (argv) { app.why.push(`"${script}" script: ${command}`); return [`node_modules/.bin/${argv[0]}`, ...argv.slice(1)]; }
    app.why.push(`"${script}" script needs a shell (${command}): the image runs npm start, which passes SIGTERM on`);
    return ['npm', 'start'];
  }
  const main = typeof pkg.main === 'string' && folder.has(pkg.main) ? pkg.main : NODE_ENTRIES.find(f => folder.has(f));
  if (main) { app.why.push(`no start script: starts ${main}`); return ['node', main]; }
  app.warnings.push('No start script and no entry file (server.js, index.js...): add a "start" script to package.json; the image runs npm start.');
  return ['npm', 'start'];
}

// -------------------------------------------------------------------------------------- Python

const PY_EXTS = ['.py'];

function detectPython(folder: Folder): DetectedApp | undefined {
  const req = folder.read('requirements.txt'), pyproject = folder.read('pyproject.toml'), pipfile = folder.read('Pipfile');
  if (req === undefined && pyproject === undefined && pipfile === undefined && !folder.has('setup.py')) return undefined;
  const locks = [folder.read('poetry.lock'), folder.read('uv.lock'), folder.read('Pipfile.lock')].map(t => t && t.length < 2_000_000 ? t : undefined);
  const deps = tokens(req, pyproject, pipfile, ...locks);
  const projectName = pyproject && (tomlValue(pyproject, 'project', 'name') ?? tomlValue(pyproject, 'tool.poetry', 'name'));
  const pyVersion = folder.read('.python-version')?.trim() || folder.read('runtime.txt')?.replace(/^python-/, '').trim()
    || (pyproject && (tomlValue(pyproject, 'project', 'requires-python') ?? tomlValue(pyproject, 'tool.poetry.dependencies', 'python')));
  const app = base(folder, 'python', projectName || folder.baseName() || 'app', versionOrDefault(pyVersion, '3.12'), 8000);
  app.why.push(`${folder.path(req !== undefined ? 'requirements.txt' : pyproject !== undefined ? 'pyproject.toml' : pipfile !== undefined ? 'Pipfile' : 'setup.py')}: a Python app`);
  if (pyVersion) app.why.push(`Python ${pyVersion}: python:${app.version} base image`);

  if (folder.has('uv.lock')) { app.packageManager = 'uv'; app.lockfile = 'uv.lock'; app.manifest = 'pyproject.toml'; }
  else if (folder.has('poetry.lock')) { app.packageManager = 'poetry'; app.lockfile = 'poetry.lock'; app.manifest = 'pyproject.toml'; }
  else if (pipfile !== undefined) {
    app.packageManager = 'pipenv'; app.manifest = 'Pipfile'; app.lockfile = 'Pipfile.lock';
    if (!folder.has('Pipfile.lock')) app.warnings.push('No Pipfile.lock: run `pipenv lock` and commit it; the Dockerfile installs from it.');
  } else if (req !== undefined) { app.packageManager = 'pip'; app.manifest = 'requirements.txt'; app.lockfile = 'requirements.txt'; }
  else {
    app.packageManager = pyproject && /\[tool\.poetry\]/.test(pyproject) ? 'poetry' : 'pip';
    app.manifest = pyproject !== undefined ? 'pyproject.toml' : 'setup.py';
    app.lockfile = app.packageManager === 'poetry' ? 'poetry.lock' : 'requirements.txt';
    app.warnings.push(app.packageManager === 'poetry'
      ? 'No poetry.lock: run `poetry lock` and commit it; the Dockerfile installs from it.'
      : 'No requirements.txt or lockfile: pin the dependencies (pip freeze > requirements.txt, or uv/poetry lock) and commit the file; the Dockerfile installs from requirements.txt.');
  }
  if (folder.has(app.lockfile!)) app.why.push(`${app.lockfile}: dependencies installed with ${app.packageManager} from it`);

  const has = (n: string) => deps.has(n);
  // drivers compiled from source need headers in the build stage and the client library at run time
  app.extensions = [...(has('psycopg2') ? ['postgresql'] : []), ...(has('mysqlclient') ? ['mysql'] : [])];
  const files = folder.code(PY_EXTS, 400);
  if (has('django') || folder.has('manage.py')) app.framework = 'django';
  else if (has('fastapi')) app.framework = 'fastapi';
  else if (has('flask')) app.framework = 'flask';
  if (app.framework) app.why.push(`depends on ${app.framework === 'fastapi' ? 'FastAPI' : app.framework === 'django' ? 'Django' : 'Flask'}`);

  let module: string | undefined;
  const asgiServer = has('uvicorn') || (has('fastapi') && has('standard'));
  if (app.framework === 'django') {
    const wsgi = files.find(f => f.endsWith('/wsgi.py')), asgi = files.find(f => f.endsWith('/asgi.py'));
    const useAsgi = !has('gunicorn') && asgiServer && asgi !== undefined;
    const target = useAsgi ? asgi : wsgi ?? asgi;
    if (target) {
      module = `${dotted(app, target)}:application`;
      app.why.push(`${target}: the ${useAsgi || !wsgi ? 'ASGI' : 'WSGI'} application`);
    } else app.warnings.push('No wsgi.py or asgi.py found: point the server at your project\'s WSGI module.');
  } else if (app.framework === 'flask' || app.framework === 'fastapi') {
    const ctor = app.framework === 'flask' ? 'Flask' : 'FastAPI';
    const preferred = ['app.py', 'main.py', 'wsgi.py', 'server.py', 'application.py', 'asgi.py'];
    const ordered = [...files].sort((a, b) => rank(a, preferred) - rank(b, preferred));
    for (const f of ordered) {
      const text = folder.read(f);
      if (!text) continue;
      const inst = assignedCall(text, ctor);
      const factory = app.framework === 'flask' && /^def[ \t]+(create_app)[ \t]*\(/m.exec(text);
      if (inst) { module = `${dotted(app, f)}:${inst[1]}`; app.why.push(`${f}: ${inst[1]} = ${ctor}(...)`); break; }
      if (factory) { module = `${dotted(app, f)}:create_app()`; app.why.push(`${f}: the create_app() factory`); break; }
    }
    if (!module) app.warnings.push(`No \`app = ${ctor}(...)\` found: point the server at the module that creates the app.`);
  }
  module ??= app.framework === 'django' ? `${app.name.replace(/-/g, '_')}.wsgi:application` : 'app:app';

  if (app.framework === 'fastapi' || (app.framework === 'django' && module.includes('.asgi:'))) {
    if (!asgiServer) app.warnings.push(`uvicorn is not a dependency: add it to ${app.manifest}; the image starts the app with it.`);
    app.start = ['sh', '-c', `exec uvicorn ${module} --host 0.0.0.0 --port "$PORT"`];
    app.procfile.web = `uvicorn ${module} --host 0.0.0.0 --port $PORT${app.pythonPath ? ` --app-dir ${app.pythonPath}` : ''}`;
    app.why.push('served by uvicorn on PORT');
  } else if (app.framework) {
    if (!has('gunicorn')) app.warnings.push(`gunicorn is not a dependency: add it to ${app.manifest}; the image starts the app with it.`);
    app.start = ['gunicorn', '--access-logfile', '-', module];
    app.procfile.web = `gunicorn ${app.pythonPath ? `--chdir ${app.pythonPath} ` : ''}${module} --access-logfile -`;
    app.why.push('served by gunicorn, which binds to 0.0.0.0:$PORT when PORT is set');
  } else {
    const main = ['main.py', 'app.py', 'server.py', '__main__.py'].find(f => folder.has(f)) ?? 'main.py';
    app.start = ['python', main];
    app.procfile.web = `python ${main}`;
    app.warnings.push(`No Django, Flask or FastAPI dependency: the image runs \`python ${main}\`, which must listen on PORT itself.`);
  }

  if (app.framework === 'django' && folder.has('manage.py')) {
    app.procfile.release = 'python manage.py migrate --noinput';
    app.why.push('manage.py: migrations run in the release phase');
  } else if (folder.has('alembic.ini')) {
    app.procfile.release = 'alembic upgrade head';
    app.why.push('alembic.ini: migrations run in the release phase');
  }
  if (has('celery')) {
    const celeryFile = files.find(f => /\bCelery\(/.test(folder.read(f) ?? ''));
    const target = celeryFile ? dotted(app, celeryFile).replace(/\.celery$/, '') : module.split(':')[0].split('.')[0];
    app.procfile.worker = `celery -A ${target} worker --loglevel=info`;
    app.why.push(`depends on celery${celeryFile ? ` (${celeryFile})` : ''}: a worker process`);
  } else if (has('rq')) {
    app.procfile.worker = 'rq worker';
    app.why.push('depends on rq: a worker process');
  } else if (has('dramatiq')) {
    app.procfile.worker = `dramatiq ${module.split(':')[0]}`;
    app.why.push('depends on dramatiq: a worker process');
  }
  applyPortAndHealth(app, folder, PY_EXTS);
  return app;
}

/** `name = Ctor(` or `name: Type = Ctor(` on one line. */
const ASSIGNMENT = /^([A-Za-z_]\w*)[ \t]*(?::[^=]*)?=[ \t]*([A-Za-z]+)\($/;

/** The module-level variable a line assigns `ctor(...)` to (`app = Flask(__name__)`): [line, name]. */
function assignedCall(text: string, ctor: string): [string, string] | undefined {
  for (let i = text.indexOf(`${ctor}(`); i >= 0; i = text.indexOf(`${ctor}(`, i + 1)) {
    const start = text.lastIndexOf('\n', i) + 1;
    const m = ASSIGNMENT.exec(text.slice(start, i + ctor.length + 1));
    if (m && m[2] === ctor) return [m[0], m[1]];
  }
  return undefined;
}

function rank(path: string, preferred: readonly string[]): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const i = preferred.indexOf(name);
  return (i < 0 ? preferred.length : i) * 100 + path.split('/').length;
}

/** `src/shop/wsgi.py` -> `shop.wsgi` (with `src` added to PYTHONPATH), `blog/wsgi.py` -> `blog.wsgi`. */
function dotted(app: DetectedApp, rel: string): string {
  let p = rel.replace(/\.py$/, '');
  if (p.startsWith('src/')) { app.pythonPath = 'src'; p = p.slice(4); }
  return p.split('/').join('.');
}

function versionOrDefault(constraint: string | undefined, fallback: string): string {
  const v = versionIn(constraint, 2);
  if (!v) return fallback;
  // a lower bound (>=3.9) is satisfied by the current default; an exact or caret version is used as is
  return /^\s*>=?/.test(constraint!) ? atLeast(v, fallback) : v;
}

// ------------------------------------------------------------------------------------------ Go

function detectGo(folder: Folder): DetectedApp | undefined {
  const mod = folder.read('go.mod');
  if (mod === undefined) return undefined;
  const modulePath = /^module\s+(\S+)/m.exec(mod)?.[1] ?? folder.baseName();
  const goVersion = /^go\s+(\d+\.\d+)/m.exec(mod)?.[1];
  const app = base(folder, 'go', modulePath.slice(modulePath.lastIndexOf('/') + 1) || 'app', atLeast(goVersion, '1.23'), 8080);
  app.packageManager = 'go';
  app.manifest = 'go.mod';
  app.why.push(`${folder.path('go.mod')}: Go module ${modulePath}`);
  if (goVersion) app.why.push(`go ${goVersion} in go.mod (the minimum): built with golang:${app.version}`);
  if (folder.has('go.sum')) { app.lockfile = 'go.sum'; app.why.push('go.sum: modules downloaded with go mod download, checked against it'); }
  else if (/^require\b/m.test(mod)) app.warnings.push('go.mod requires modules but there is no go.sum: run `go mod tidy` and commit go.sum.');

  const mains = new Set<string>();
  for (const f of folder.code(['.go'], 2000)) {
    const text = folder.read(f);
    if (text && /^package\s+main\b/m.test(text) && /^func\s+main\s*\(/m.test(text)) mains.add(f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '.');
  }
  const last = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const preferred = ['server', 'api', 'web', 'app', app.name];
  const main = mains.has('.') ? '.' : [...mains].sort((a, b) => {
    const ra = preferred.indexOf(last(a)), rb = preferred.indexOf(last(b));
    return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || a.localeCompare(b);
  })[0];
  if (main) {
    app.goMain = main === '.' ? '.' : `./${main}`;
    app.binary = main === '.' ? app.name : last(main);
    app.why.push(`main package in ${main === '.' ? 'the module root' : main}${mains.size > 1 ? ` (of ${[...mains].sort().join(', ')})` : ''}`);
  } else {
    app.goMain = '.';
    app.binary = app.name;
    app.warnings.push('No `package main` with func main() found: the Dockerfile builds the module root.');
  }
  const deps = tokens(mod);
  const fw = ([['github.com/gin-gonic/gin', 'gin'], ['github.com/labstack/echo/v4', 'echo'], ['github.com/gofiber/fiber/v2', 'fiber'], ['github.com/go-chi/chi/v5', 'chi']] as [string, Framework][])
    .find(([d]) => deps.has(d));
  if (fw) { app.framework = fw[1]; app.why.push(`depends on ${fw[0]}`); }
  app.start = [`/usr/local/bin/${app.binary}`];
  app.procfile.web = `bin/${app.binary}`;
  applyPortAndHealth(app, folder, ['.go']);
  return app;
}

// ---------------------------------------------------------------------------------------- Java

function detectJava(folder: Folder): DetectedApp | undefined {
  const pom = folder.read('pom.xml');
  const gradleFile = folder.has('build.gradle.kts') ? 'build.gradle.kts' : folder.has('build.gradle') ? 'build.gradle' : undefined;
  const gradle = gradleFile ? folder.read(gradleFile) : undefined;
  if (pom === undefined && gradle === undefined) return undefined;
  if (pom !== undefined && gradle === undefined && /<packaging>\s*pom\s*<\/packaging>/.test(pom)) return undefined; // a parent POM
  const text = pom ?? gradle!;
  const spring = /spring-boot-starter|org\.springframework\.boot|spring-boot-maven-plugin/.test(text);
  const javaVersion = /<(?:java\.version|maven\.compiler\.release|maven\.compiler\.target|release)>\s*(\d+)/.exec(text)?.[1]
    ?? /JavaLanguageVersion\.of\(\s*(\d+)\s*\)|JavaVersion\.VERSION_(\d+)|(?:source|target)Compatibility\s*=\s*['"]?(?:1\.)?(\d+)/.exec(text)?.slice(1).find(Boolean);
  const version = javaVersion && ['8', '11', '17', '21', '25'].includes(javaVersion) ? javaVersion : '21';
  const app = base(folder, 'java', folder.baseName() || 'app', version, 8080);
  if (pom !== undefined) {
    app.packageManager = 'maven';
    app.manifest = 'pom.xml';
    app.wrapper = folder.has('mvnw');
    app.why.push(`${folder.path('pom.xml')}: a Maven build (mvn -B, dependencies resolved in their own layer)`);
    const own = ['parent', 'dependencyManagement', 'dependencies', 'build', 'profiles'].reduce(withoutElement, pom);
    const artifactId = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(own)?.[1];
    const ver = /<version>\s*([^<\s]+)\s*<\/version>/.exec(own)?.[1];
    const finalName = /<finalName>\s*([^<\s]+)\s*<\/finalName>/.exec(pom)?.[1];
    if (artifactId) app.name = artifactId;
    const jar = finalName && !finalName.includes('$') ? finalName : artifactId && ver && !ver.includes('$') ? `${artifactId}-${ver}` : undefined;
    app.artifact = jar ? `target/${jar}.jar` : 'target/*.jar';
    app.javaTask = 'package';
    if (!spring) app.warnings.push('Not a Spring Boot app: the jar must be runnable on its own (maven-shade-plugin or maven-assembly-plugin with a Main-Class).');
  } else {
    app.packageManager = 'gradle';
    app.manifest = gradleFile;
    app.wrapper = folder.has('gradlew');
    app.why.push(`${folder.path(gradleFile!)}: a Gradle build${app.wrapper ? ' (with the wrapper)' : ''}`);
    const settings = folder.read('settings.gradle') ?? folder.read('settings.gradle.kts');
    const rootName = settings && /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1];
    if (rootName) app.name = rootName;
    const ver = /^[ \t]*version[ \t]*=[ \t]*["']([^"']+)["']/m.exec(gradle!)?.[1];
    if (spring) {
      app.javaTask = 'bootJar';
      app.artifact = ver ? `build/libs/${app.name}-${ver}.jar` : 'build/libs/*.jar';
    } else if (/\bapplication\b/.test(gradle!) && /mainClass/.test(gradle!)) {
      app.javaTask = 'installDist';
      app.artifact = `build/install/${app.name}`;
      app.why.push('the application plugin: installDist builds the start script');
    } else {
      app.javaTask = 'jar';
      app.artifact = ver ? `build/libs/${app.name}-${ver}.jar` : 'build/libs/*.jar';
      app.warnings.push('Neither Spring Boot nor the application plugin: the jar must be runnable on its own (a fat jar with a Main-Class).');
    }
    if (folder.has('gradle.lockfile')) { app.lockfile = 'gradle.lockfile'; app.why.push('gradle.lockfile: dependency versions locked'); }
  }
  if (javaVersion) app.why.push(`Java ${javaVersion}: eclipse-temurin ${version} images`);
  if (spring) { app.framework = 'spring-boot'; app.why.push('depends on Spring Boot'); }
  if (pom !== undefined && folder.has('.mvn/wrapper/maven-wrapper.properties')) app.why.push('Maven wrapper found; the image uses the maven image\'s mvn');
  if (app.javaTask === 'installDist') {
    app.start = [`/app/bin/${app.name}`];
    app.procfile.web = `${app.artifact}/bin/${app.name}`;
  } else {
    app.start = spring ? ['sh', '-c', 'exec java -Dserver.port="$PORT" -jar /app/app.jar'] : ['java', '-jar', '/app/app.jar'];
    app.procfile.web = spring ? `java -Dserver.port=$PORT $JAVA_OPTS -jar ${app.artifact}` : `java $JAVA_OPTS -jar ${app.artifact}`;
  }
  const actuator = /spring-boot-starter-actuator/.test(text);
  applyPortAndHealth(app, folder, ['.java', '.kt', '.properties', '.yml', '.yaml'],
    actuator ? { path: '/actuator/health', why: 'spring-boot-starter-actuator: health check at /actuator/health' } : undefined);
  return app;
}

// ---------------------------------------------------------------------------------------- Ruby

function detectRuby(folder: Folder): DetectedApp | undefined {
  const gemfile = folder.read('Gemfile');
  if (gemfile === undefined) return undefined;
  const lock = folder.read('Gemfile.lock');
  const gems = tokens(gemfile, lock);
  const rubyVersion = folder.read('.ruby-version')?.trim().replace(/^ruby-/, '')
    ?? /^[ \t]*ruby[ \t]+["']([^"']+)["']/m.exec(gemfile)?.[1] ?? (lock && /RUBY VERSION\s+ruby\s+(\S+)/.exec(lock)?.[1]);
  const rails = gems.has('rails') || folder.has('config/application.rb');
  const app = base(folder, 'ruby', folder.baseName() || 'app', rubyImageVersion(rubyVersion), rails ? 3000 : 4567);
  app.packageManager = 'bundler';
  app.manifest = 'Gemfile';
  app.why.push(`${folder.path('Gemfile')}: a Ruby app`);
  if (rubyVersion) app.why.push(`Ruby ${rubyVersion}: ruby:${app.version} base image`);
  app.lockfile = 'Gemfile.lock';
  if (lock !== undefined) app.why.push('Gemfile.lock: gems installed with bundle install in deployment mode (BUNDLE_DEPLOYMENT=1)');
  else app.warnings.push('No Gemfile.lock: run `bundle lock` and commit it; deployment mode installs exactly what it lists.');
  const libs: string[] = [];
  if (gems.has('pg')) libs.push('postgresql');
  if (gems.has('mysql2') || gems.has('trilogy')) libs.push('mysql');
  app.extensions = libs;
  if (rails) {
    app.framework = 'rails';
    app.why.push('depends on rails');
    app.start = folder.has('bin/rails') ? ['./bin/rails', 'server', '-b', '0.0.0.0'] : ['bundle', 'exec', 'rails', 'server', '-b', '0.0.0.0'];
    app.procfile.web = folder.has('config/puma.rb') ? 'bundle exec puma -C config/puma.rb' : 'bundle exec rails server -b 0.0.0.0 -p $PORT';
    app.assets = folder.files().some(f => f.startsWith('app/assets/'));
    if (app.assets) app.why.push('app/assets: assets precompiled at build time');
    if (folder.has('config/database.yml') || gems.has('activerecord')) {
      app.procfile.release = 'bundle exec rails db:migrate';
      app.why.push('Active Record: migrations run in the release phase');
    }
  } else {
    if (gems.has('sinatra')) { app.framework = 'sinatra'; app.why.push('depends on sinatra'); }
    const server = gems.has('puma') ? 'puma' : gems.has('rackup') ? 'rackup' : undefined;
    if (folder.has('config.ru') && server) {
      const cmd = server === 'puma' ? 'bundle exec puma --bind "tcp://0.0.0.0:$PORT" config.ru' : 'bundle exec rackup --host 0.0.0.0 --port "$PORT" config.ru';
      app.start = ['sh', '-c', `exec ${cmd}`];
      app.procfile.web = cmd.replace(/"/g, '');
      app.why.push(`config.ru served by ${server} on PORT`);
    } else {
      const main = ['app.rb', 'server.rb', 'main.rb'].find(f => folder.has(f)) ?? 'app.rb';
      app.start = ['bundle', 'exec', 'ruby', main];
      app.procfile.web = `bundle exec ruby ${main}`;
      app.why.push(`${main} started directly${app.framework === 'sinatra' ? ' (Sinatra reads PORT and binds 0.0.0.0 in production)' : ''}`);
      if (folder.has('config.ru')) app.warnings.push('config.ru found but neither puma nor rackup is in the Gemfile: add puma to serve it.');
    }
  }
  if (gems.has('sidekiq')) { app.procfile.worker = 'bundle exec sidekiq'; app.why.push('depends on sidekiq: a worker process'); }
  else if (gems.has('good_job')) { app.procfile.worker = 'bundle exec good_job start'; app.why.push('depends on good_job: a worker process'); }
  else if (gems.has('solid_queue')) { app.procfile.worker = 'bin/jobs'; app.why.push('depends on solid_queue: a worker process'); }
  else if (gems.has('delayed_job') || gems.has('delayed_job_active_record')) { app.procfile.worker = 'bundle exec rake jobs:work'; app.why.push('depends on delayed_job: a worker process'); }
  const routes = folder.read('config/routes.rb');
  const railsHealth = routes && /["']rails\/health#show["']/.test(routes)
    ? { path: `/${/(?:get|match)\s+["']\/?([\w-]+)["']\s*(?:=>|,\s*to:)\s*["']rails\/health#show/.exec(routes)?.[1] ?? 'up'}`, why: 'config/routes.rb: rails/health#show' }
    : undefined;
  applyPortAndHealth(app, folder, ['.rb'], railsHealth);
  return app;
}

/**
 * Bundler refuses to run on another Ruby than an exact `ruby "3.2.2"` (or `.ruby-version`), so an
 * exact version is used as is (ruby:3.2.2-slim); `~> 3.2` gives 3.2, a lower bound the default.
 */
function rubyImageVersion(constraint: string | undefined): string {
  const exact = constraint && /^[ \t=]*(\d+\.\d+(?:\.\d+)?)/.exec(constraint);
  if (exact) return exact[1];
  return /^\s*>/.test(constraint ?? '') ? atLeast(versionIn(constraint, 2), '3.3') : versionIn(constraint, 2) ?? '3.3';
}

// ----------------------------------------------------------------------------------------- PHP

const PHP_EXTENSIONS = ['intl', 'zip', 'bcmath', 'gd', 'opcache', 'pcntl', 'sockets', 'exif'];

function detectPhp(folder: Folder): DetectedApp | undefined {
  const composer = parseJson(folder.read('composer.json'));
  if (!composer) return undefined;
  const require = record(composer.require);
  const name = typeof composer.name === 'string' ? composer.name.slice(composer.name.indexOf('/') + 1) : folder.baseName() || 'app';
  const app = base(folder, 'php', name, atLeast(versionIn(require.php, 2), '8.3'), 8080);
  app.packageManager = 'composer';
  app.manifest = 'composer.json';
  app.lockfile = 'composer.lock';
  app.why.push(`${folder.path('composer.json')}: a PHP app`);
  if (require.php) app.why.push(`php "${require.php}": php:${app.version} base image`);
  if (folder.has('composer.lock')) app.why.push('composer.lock: dependencies installed with composer install --no-dev from it');
  else app.warnings.push('No composer.lock: run `composer update` and commit composer.lock; the Dockerfile installs from it.');
  if (require['laravel/framework']) { app.framework = 'laravel'; app.why.push('depends on laravel/framework'); }
  else if (require['symfony/framework-bundle']) { app.framework = 'symfony'; app.why.push('depends on symfony/framework-bundle'); }
  app.docRoot = app.framework || folder.has('public/index.php') ? 'public' : '';
  app.why.push(`served by Apache on PORT from ${app.docRoot || 'the app folder'}${app.docRoot ? '/' : ''}`);
  app.extensions = PHP_EXTENSIONS.filter(e => require[`ext-${e}`] !== undefined);
  app.start = ['apache2-foreground'];
  app.procfile.web = `vendor/bin/heroku-php-apache2 ${app.docRoot ? `${app.docRoot}/` : ''}`.trimEnd();
  if (app.framework === 'laravel') {
    app.procfile.release = 'php artisan migrate --force';
    app.why.push('Laravel: migrations run in the release phase');
    if (folder.files().some(f => f.startsWith('app/Jobs/'))) { app.procfile.worker = 'php artisan queue:work'; app.why.push('app/Jobs: a queue worker'); }
  } else if (app.framework === 'symfony') {
    if (require['doctrine/doctrine-migrations-bundle']) { app.procfile.release = 'php bin/console doctrine:migrations:migrate --no-interaction'; app.why.push('Doctrine migrations run in the release phase'); }
    if (require['symfony/messenger']) { app.procfile.worker = 'php bin/console messenger:consume async'; app.why.push('symfony/messenger: a worker process'); }
  }
  applyPortAndHealth(app, folder, ['.php']);
  return app;
}

// ---------------------------------------------------------------------------------------- .NET

function detectDotnet(folder: Folder): DetectedApp | undefined {
  const projects = folder.files().filter(f => !f.includes('/') && f.endsWith('.csproj'));
  const candidates = projects.map(p => ({ p, text: folder.read(p) ?? '' }))
    .filter(c => !/Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true/i.test(c.text) && !/\.Tests?\.csproj$/i.test(c.p));
  if (!candidates.length) return undefined;
  const web = candidates.find(c => /Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/.test(c.text)) ?? candidates[0];
  const tfm = /<TargetFramework>\s*net(\d+\.\d+)/.exec(web.text)?.[1];
  const assembly = /<AssemblyName>\s*([^<\s]+)\s*</.exec(web.text)?.[1] ?? web.p.replace(/\.csproj$/, '');
  const app = base(folder, 'dotnet', assembly, tfm ?? '8.0', 8080);
  app.packageManager = 'nuget';
  app.manifest = web.p;
  app.project = web.p;
  app.assembly = assembly;
  app.why.push(`${folder.path(web.p)}: a .NET project${tfm ? ` for net${tfm} (sdk and runtime ${tfm} images)` : ''}`);
  if (folder.has('packages.lock.json')) { app.lockfile = 'packages.lock.json'; app.why.push('packages.lock.json: dotnet restore --locked-mode'); }
  const aspnet = /Microsoft\.NET\.Sdk\.Web/.test(web.text);
  if (aspnet) { app.framework = 'aspnet'; app.why.push('ASP.NET Core (Microsoft.NET.Sdk.Web)'); }
  if (/<ProjectReference\b/.test(web.text)) app.warnings.push(`${web.p} references other projects: build the image from the folder that holds them all (the solution folder) and adjust the COPY paths.`);
  app.start = aspnet ? ['sh', '-c', `exec dotnet ${assembly}.dll --urls "http://0.0.0.0:$PORT"`] : ['dotnet', `${assembly}.dll`];
  app.procfile.web = aspnet ? `dotnet bin/Release/net${app.version}/publish/${assembly}.dll --urls http://0.0.0.0:$PORT` : `dotnet bin/Release/net${app.version}/publish/${assembly}.dll`;
  applyPortAndHealth(app, folder, ['.cs']);
  return app;
}

// ---------------------------------------------------------------------------------------- Rust

function detectRust(folder: Folder): DetectedApp | undefined {
  const cargo = folder.read('Cargo.toml');
  if (cargo === undefined || !/^\[package\]/m.test(cargo)) return undefined; // a virtual workspace
  const pkgName = tomlValue(cargo, 'package', 'name') ?? (folder.baseName() || 'app');
  const binName = tomlValue(cargo, 'bin', 'name');
  if (!binName && !folder.has('src/main.rs')) return undefined; // a library
  const rustVersion = tomlValue(cargo, 'package', 'rust-version');
  const app = base(folder, 'rust', pkgName, atLeast(versionIn(rustVersion, 2), '1.83'), 8080);
  app.packageManager = 'cargo';
  app.manifest = 'Cargo.toml';
  app.lockfile = 'Cargo.lock';
  app.binary = binName ?? pkgName;
  app.why.push(`${folder.path('Cargo.toml')}: a Rust binary (${app.binary})`);
  if (rustVersion) app.why.push(`rust-version ${rustVersion}: rust:${app.version} base image`);
  if (folder.has('Cargo.lock')) app.why.push('Cargo.lock: built with cargo build --locked');
  else app.warnings.push('No Cargo.lock: run `cargo generate-lockfile` and commit it; the build uses --locked.');
  const deps = tokens(cargo);
  if (tokens(folder.read('Cargo.lock')).has('openssl-sys')) app.extensions = ['openssl'];
  const fw = ([['axum', 'axum'], ['actix-web', 'actix'], ['rocket', 'rocket']] as [string, Framework][]).find(([d]) => deps.has(d));
  if (fw) { app.framework = fw[1]; app.why.push(`depends on ${fw[0]}`); }
  app.start = app.framework === 'rocket'
    ? ['sh', '-c', `exec env ROCKET_PORT="$PORT" /usr/local/bin/${app.binary}`]
    : [`/usr/local/bin/${app.binary}`];
  app.procfile.web = app.framework === 'rocket' ? `ROCKET_PORT=$PORT ./target/release/${app.binary}` : `./target/release/${app.binary}`;
  applyPortAndHealth(app, folder, ['.rs']);
  return app;
}

// ------------------------------------------------------------------------------------- generic

function generic(dir: string, reason: string): DetectedApp {
  return {
    dir, name: dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'app', stack: 'generic', detected: false, version: '', port: 8080,
    start: ['./start.sh'], procfile: { web: './start.sh' }, why: [reason],
    warnings: ['The stack was not detected: the generated files start ./start.sh. Replace it with the command that starts your app.'],
  };
}

/** In a folder with several manifests, the stack that is the app (a Rails app with a package.json for assets is Ruby). */
const PRIORITY: StackId[] = ['python', 'ruby', 'php', 'java', 'dotnet', 'go', 'rust', 'node'];

/**
 * The apps of a project, one per folder that holds one, root first. When no folder holds an app,
 * one undetected app for the root whose `why` says what was looked for.
 */
export function detectStacks(project: Project): DetectedApp[] {
  const dirs = new Set<string>();
  for (const p of project.paths) {
    const slash = p.lastIndexOf('/');
    const name = p.slice(slash + 1);
    const dir = slash < 0 ? '' : p.slice(0, slash);
    if (dir.split('/').some(s => SKIP_DIR.has(s))) continue;
    if (MANIFEST_NAMES.includes(name) || name.endsWith('.csproj')) dirs.add(dir);
  }
  const apps: DetectedApp[] = [];
  for (const dir of [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
    const app = detectApp(project, dir);
    if (app.detected) apps.push(app);
  }
  if (apps.length) return apps;
  return [generic('', dirs.size
    ? `The manifests found (${[...dirs].map(d => d || '.').join(', ')}) describe no runnable app: a workspace root, a parent POM, a library or a test project.`
    : `No manifest found: looked for ${LOOKED_FOR}.`)];
}

/** The app in one folder; undetected (with the reason) when the folder holds none. */
export function detectApp(project: Project, dir: string): DetectedApp {
  const folder = new Folder(project, dir);
  const found: DetectedApp[] = [];
  for (const detect of [detectNode, detectPython, detectGo, detectJava, detectRuby, detectPhp, detectDotnet, detectRust]) {
    const app = detect(folder);
    if (app) found.push(app);
  }
  if (!found.length) return generic(dir, `No app manifest in ${dir || 'the project root'}: looked for ${LOOKED_FOR}.`);
  // a framework settles it; otherwise the language that is not Node (package.json is often just tooling)
  found.sort((a, b) => Number(!a.framework) - Number(!b.framework) || PRIORITY.indexOf(a.stack) - PRIORITY.indexOf(b.stack));
  const app = found[0];
  for (const other of found.slice(1)) app.why.push(`also ${other.manifest ?? other.stack} (${other.stack}): not the app's runtime`);
  return app;
}

/** A short description: "Node.js (npm, Express)". */
export function describeApp(app: DetectedApp): string {
  const stack: Record<StackId, string> = { node: 'Node.js', python: 'Python', go: 'Go', java: 'Java', ruby: 'Ruby', php: 'PHP', dotnet: '.NET', rust: 'Rust', generic: 'unknown stack' };
  const fw: Partial<Record<Framework, string>> = { express: 'Express', fastify: 'Fastify', nest: 'NestJS', next: 'Next.js', koa: 'Koa', hapi: 'hapi',
    django: 'Django', flask: 'Flask', fastapi: 'FastAPI', 'spring-boot': 'Spring Boot', rails: 'Rails', sinatra: 'Sinatra', laravel: 'Laravel',
    symfony: 'Symfony', aspnet: 'ASP.NET Core', gin: 'Gin', echo: 'Echo', fiber: 'Fiber', chi: 'chi', axum: 'axum', actix: 'Actix Web', rocket: 'Rocket' };
  const parts = [app.packageManager?.replace('-berry', ''), app.framework && fw[app.framework]].filter(Boolean);
  return parts.length ? `${stack[app.stack]} (${parts.join(', ')})` : stack[app.stack];
}
