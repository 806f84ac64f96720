/**
 * Scaffolding: stack detection on one fixture project per stack (test/fixtures/stacks/), and for
 * every stack's Dockerfile each twelve-factor property checked on its own: multi-stage where there
 * is a build, pinned base images, lockfile installs, a non-root user, PORT (ENV + EXPOSE), exec-form
 * CMD, logs to stdout, HEALTHCHECK where natural, no secrets and no .env. `dockerfile-utils` is not
 * installed here, so the generated files are validated by parsing them (instruction by instruction)
 * and by linting them with every rule of the engine (zero findings). Compose files parse with
 * `yaml`; .env.example generation, its merge, the env reads per language and the CLI are tested too.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseDotenv } from 'dotenv';
import ignore from 'ignore';
import YAML from 'yaml';
import { main } from '../../src/cli/cli';
import { defaultConfig } from '../../src/core/config';
import { envReads, envFileKeys, readsEnvDynamically } from '../../src/core/env';
import { lint } from '../../src/core/engine';
import { Project, projectFromMap } from '../../src/core/project';
import { applyFileChange } from '../../src/core/fixes';
import { ALL_RULES, RULES_BY_ID } from '../../src/core/rules';
import {
  DetectedApp, compose, detectServices, detectStacks, dockerfile, dockerignore, envExample, planScaffold, procfile,
} from '../../src/core/scaffold';
import { SourceFile } from '../../src/core/source';
import { FIXTURES } from './paths';

const STACKS = path.join(FIXTURES, 'stacks');

function filesUnder(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of filesUnder(p, base)) out.set(k, v);
    else out.set(path.relative(base, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
  }
  return out;
}

function fixture(name: string): { files: Map<string, string>; project: Project } {
  const files = filesUnder(path.join(STACKS, name));
  return { files, project: projectFromMap(files) };
}

/** One Dockerfile instruction: keyword, arguments (continuations joined), and the stage it is in. */
interface Ins { keyword: string; args: string; stage: number }

function instructions(text: string): Ins[] {
  const out: Ins[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    if (!pending && /^\s*(?:#|$)/.test(raw)) continue;
    if (raw.endsWith('\\')) { pending += raw.slice(0, -1) + ' '; continue; }
    const line = (pending + raw).trim();
    pending = '';
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    assert.ok(m, `not an instruction: ${line}`);
    const keyword = m[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    out.push({ keyword, args: m[2], stage });
  }
  return out;
}

const KNOWN_KEYWORDS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/** The exec-form argv of CMD/ENTRYPOINT/HEALTHCHECK CMD, or undefined for the shell form. */
function execArgv(args: string): string[] | undefined {
  const json = args.replace(/^(?:--\S+\s+)*CMD\s+/, '');
  if (!json.startsWith('[')) return undefined;
  const v: unknown = JSON.parse(json);
  assert.ok(Array.isArray(v) && v.every(x => typeof x === 'string'), `exec form must be a JSON array of strings: ${args}`);
  return v as string[];
}

interface StackCase {
  fixture: string;
  stack: DetectedApp['stack'];
  packageManager: string;
  framework?: string;
  port: number;
  /** A build stage is expected. */
  build: boolean;
  /** The lockfile install, as the Dockerfile must spell it. */
  install: RegExp[];
  health?: string;
  /** Logging settings the stack needs for logs to reach stdout. */
  logs?: RegExp[];
  procfile: { web: RegExp; worker?: RegExp; release?: RegExp };
  services: string[];
  vars: string[];
}

const CASES: StackCase[] = [
  {
    fixture: 'node-npm-express', stack: 'node', packageManager: 'npm', framework: 'express', port: 3000, build: false,
    install: [/^COPY package\.json package-lock\.json \.\/$/m, /^RUN npm ci --omit=dev$/m], health: '/health',
    procfile: { web: /^web: node src\/server\.js$/m, worker: /^worker: npm run worker$/m }, services: ['postgres', 'redis'],
    vars: ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'SESSION_SECRET', 'EXTRA_FROM_DOTENV'],
  },
  {
    fixture: 'node-pnpm-next', stack: 'node', packageManager: 'pnpm', framework: 'next', port: 3000, build: true,
    install: [/^COPY package\.json pnpm-lock\.yaml \.\/$/m, /pnpm install --frozen-lockfile --prod$/m, /pnpm install --frozen-lockfile$/m],
    procfile: { web: /^web: node_modules\/\.bin\/next start/m, release: /^release: npx prisma migrate deploy$/m }, services: ['postgres'],
    vars: ['DATABASE_URL', 'NEXT_PUBLIC_API_URL', 'VITE_ANALYTICS_ID'],
  },
  {
    fixture: 'node-yarn-nest', stack: 'node', packageManager: 'yarn', framework: 'nest', port: 3000, build: true,
    install: [/^COPY package\.json yarn\.lock \.\/$/m, /yarn install --frozen-lockfile --production/m], health: '/healthz',
    procfile: { web: /^web: node dist\/main$/m }, services: ['mongodb', 'rabbitmq'], vars: ['AMQP_URL', 'MONGODB_URI', 'PORT'],
  },
  {
    fixture: 'python-pip-flask', stack: 'python', packageManager: 'pip', framework: 'flask', port: 8000, build: true,
    install: [/^COPY requirements\.txt \.\/$/m, /^RUN pip install -r requirements\.txt$/m], health: '/healthz',
    logs: [/PYTHONUNBUFFERED=1/, /--access-logfile", "-"/], procfile: { web: /^web: gunicorn app:app/m }, services: ['postgres', 'redis'],
    vars: ['DATABASE_URL', 'REDIS_URL', 'SECRET_KEY'],
  },
  {
    fixture: 'python-poetry-django', stack: 'python', packageManager: 'poetry', framework: 'django', port: 8000, build: true,
    install: [/^COPY pyproject\.toml poetry\.lock \.\/$/m, /poetry install --only main/m], health: '/health/', logs: [/PYTHONUNBUFFERED=1/],
    procfile: { web: /^web: gunicorn shop\.wsgi:application/m, worker: /^worker: celery -A shop worker/m, release: /^release: python manage\.py migrate --noinput$/m },
    services: ['postgres', 'redis'], vars: ['CELERY_BROKER_URL', 'DATABASE_URL', 'DJANGO_DEBUG', 'DJANGO_SECRET_KEY', 'EMAIL_HOST'],
  },
  {
    fixture: 'python-uv-fastapi', stack: 'python', packageManager: 'uv', framework: 'fastapi', port: 8000, build: true,
    install: [/^COPY pyproject\.toml uv\.lock \.\/$/m, /uv sync --frozen --no-dev/m], health: '/health', logs: [/PYTHONUNBUFFERED=1/],
    procfile: { web: /^web: uvicorn tracking\.main:app --host 0\.0\.0\.0 --port \$PORT/m }, services: ['mongodb', 'rabbitmq'], vars: ['AMQP_URL', 'MONGO_URL', 'PORT'],
  },
  {
    fixture: 'go-gin', stack: 'go', packageManager: 'go', framework: 'gin', port: 8080, build: true,
    install: [/^COPY go\.mod go\.sum \.\/$/m, /^RUN go mod download$/m], health: '/healthz',
    procfile: { web: /^web: bin\/server$/m }, services: ['postgres'], vars: ['DATABASE_URL', 'MIGRATIONS_DIR', 'PORT', 'STRIPE_API_KEY', 'WORKERS'],
  },
  {
    fixture: 'java-maven-spring', stack: 'java', packageManager: 'maven', framework: 'spring-boot', port: 8080, build: true,
    install: [/^COPY pom\.xml \.\/$/m, /^RUN mvn -B -q dependency:go-offline$/m, /^RUN mvn -B -q package/m], health: '/actuator/health',
    procfile: { web: /^web: java -Dserver\.port=\$PORT .*-jar target\/orders-api-0\.1\.0\.jar$/m }, services: ['postgres', 'redis'],
    vars: ['FEATURE_FLAGS_URL', 'JDBC_DATABASE_URL', 'PAYMENT_API_KEY', 'PORT', 'REDIS_URL'],
  },
  {
    fixture: 'java-gradle', stack: 'java', packageManager: 'gradle', port: 7070, build: true,
    install: [/^COPY gradlew \.\/$/m, /^RUN \.\/gradlew --no-daemon dependencies/m, /^RUN \.\/gradlew --no-daemon installDist/m], health: '/health',
    procfile: { web: /^web: build\/install\/inventory\/bin\/inventory$/m }, services: ['mysql'], vars: ['MYSQL_URL', 'PORT'],
  },
  {
    fixture: 'ruby-rails', stack: 'ruby', packageManager: 'bundler', framework: 'rails', port: 3000, build: true,
    install: [/^COPY Gemfile Gemfile\.lock \.\/$/m, /BUNDLE_DEPLOYMENT=1/, /^RUN bundle install/m], health: '/up', logs: [/RAILS_LOG_TO_STDOUT=1/],
    procfile: { web: /^web: bundle exec puma -C config\/puma\.rb$/m, worker: /^worker: bundle exec sidekiq$/m, release: /^release: bundle exec rails db:migrate$/m },
    services: ['postgres', 'redis'], vars: ['DATABASE_URL', 'PORT', 'RAILS_MAX_THREADS', 'REDIS_URL', 'STRIPE_SECRET_KEY'],
  },
  {
    fixture: 'ruby-sinatra', stack: 'ruby', packageManager: 'bundler', framework: 'sinatra', port: 4567, build: true,
    install: [/^COPY Gemfile Gemfile\.lock \.\/$/m, /BUNDLE_DEPLOYMENT=1/, /^RUN bundle install/m], health: '/health',
    procfile: { web: /^web: bundle exec puma --bind tcp:\/\/0\.0\.0\.0:\$PORT config\.ru$/m }, services: ['memcached'], vars: ['GREETING', 'MEMCACHED_SERVERS'],
  },
  {
    fixture: 'php-laravel', stack: 'php', packageManager: 'composer', framework: 'laravel', port: 8080, build: true,
    install: [/^COPY composer\.json composer\.lock \.\/$/m, /^RUN composer install --no-dev/m], health: '/up', logs: [/LOG_CHANNEL=stderr/],
    procfile: { web: /^web: vendor\/bin\/heroku-php-apache2 public\/$/m, worker: /^worker: php artisan queue:work$/m, release: /^release: php artisan migrate --force$/m },
    services: ['mysql', 'redis'], vars: ['APP_KEY', 'APP_NAME', 'DB_CONNECTION', 'DB_DATABASE', 'DB_HOST', 'DB_PASSWORD', 'DB_PORT', 'DB_USERNAME', 'REDIS_URL'],
  },
  {
    fixture: 'php-symfony', stack: 'php', packageManager: 'composer', framework: 'symfony', port: 8080, build: true,
    install: [/^COPY composer\.json composer\.lock \.\/$/m, /^RUN composer install --no-dev/m], health: '/health',
    procfile: { web: /^web: vendor\/bin\/heroku-php-apache2 public\/$/m, worker: /messenger:consume/m, release: /doctrine:migrations:migrate/m },
    services: [], vars: ['DATABASE_URL', 'MAILER_DSN'],
  },
  {
    fixture: 'dotnet-aspnet', stack: 'dotnet', packageManager: 'nuget', framework: 'aspnet', port: 8080, build: true,
    install: [/^COPY Orders\.Api\.csproj packages\.lock\.json \.\/$/m, /^RUN dotnet restore Orders\.Api\.csproj --locked-mode$/m], health: '/healthz',
    procfile: { web: /^web: dotnet .*Orders\.Api\.dll --urls http:\/\/0\.0\.0\.0:\$PORT$/m }, services: ['postgres', 'redis'], vars: ['DATABASE_URL', 'REDIS_URL'],
  },
  {
    fixture: 'rust-axum', stack: 'rust', packageManager: 'cargo', framework: 'axum', port: 8080, build: true,
    install: [/cargo build --release --locked$/m], procfile: { web: /^web: \.\/target\/release\/ledger$/m }, services: ['postgres'],
    vars: ['DATABASE_URL', 'PORT'],
  },
];

/** Secret-looking names in ENV/ARG: a generated Dockerfile never sets one. */
const SECRET_NAME = /(?:SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL)/i;

function lintAll(path: string, text: string, project: Project) {
  return lint({ path, text }, { config: defaultConfig(), project, rules: ALL_RULES });
}

suite('scaffold: stack detection and Dockerfiles per stack', () => {
  for (const c of CASES) {
    suite(c.fixture, () => {
      const { files, project } = fixture(c.fixture);
      const apps = detectStacks(project);
      const app = apps[0];
      const text = dockerfile(app, detectServices(project, app).map(s => s.id));
      const ins = instructions(text);
      const last = Math.max(...ins.map(i => i.stage));
      const final = ins.filter(i => i.stage === last);

      test('detection: stack, package manager, framework, port, with reasons', () => {
        assert.strictEqual(apps.length, 1, apps.map(a => a.dir).join(', '));
        assert.strictEqual(app.detected, true);
        assert.strictEqual(app.dir, '');
        assert.strictEqual(app.stack, c.stack);
        assert.strictEqual(app.packageManager, c.packageManager);
        assert.strictEqual(app.framework, c.framework);
        assert.strictEqual(app.port, c.port);
        assert.ok(app.why.length >= 3 && app.why.every(w => w.length > 5), app.why.join('\n'));
        assert.deepStrictEqual(app.warnings, [], app.warnings.join('\n'));
      });

      test('is a well-formed Dockerfile: known instructions, FROM first, one CMD in the run stage', () => {
        assert.ok(text.startsWith('# syntax=docker/dockerfile:1\n'));
        assert.strictEqual(ins[0].keyword, 'FROM');
        for (const i of ins) assert.ok(KNOWN_KEYWORDS.has(i.keyword), i.keyword);
        assert.strictEqual(ins.filter(i => i.keyword === 'CMD').length, 1);
        assert.strictEqual(ins[ins.length - 1].keyword, 'CMD');
        // every earlier stage is named and used by a later COPY --from
        for (const from of ins.filter(i => i.keyword === 'FROM' && i.stage < last)) {
          const name = /\bAS\s+(\S+)$/i.exec(from.args)?.[1];
          assert.ok(name, `stage ${from.args} is named`);
          assert.ok(ins.some(i => i.keyword === 'COPY' && i.args.includes(`--from=${name} `)), `stage ${name} is used`);
        }
      });

      test(c.build ? 'is multi-stage: the build runs in its own stage' : 'has no build, so one stage', () => {
        assert.strictEqual(last > 0, c.build);
        if (c.build) assert.ok(final.some(i => i.keyword === 'COPY' && /--from=\w/.test(i.args)), 'the run stage copies the build output');
      });

      test('pins every base image to a version tag, never latest', () => {
        const stages = new Set<string>();
        const images = ins.filter(i => i.keyword === 'FROM').map(i => {
          const [image, as, name] = i.args.split(/\s+/);
          if (as) stages.add(name.toLowerCase());
          return image;
        });
        images.push(...ins.filter(i => i.keyword === 'COPY').map(i => /--from=(\S+)/.exec(i.args)?.[1]).filter((x): x is string => !!x && !stages.has(x.toLowerCase())));
        assert.ok(images.length >= 1);
        for (const image of images) {
          const tag = /:([^:/@]+)$/.exec(image)?.[1];
          assert.ok(tag, `${image} has a tag`);
          assert.notStrictEqual(tag.toLowerCase(), 'latest', image);
          assert.match(tag, /^\d/, `${image} is pinned to a version`);
        }
      });

      test('installs dependencies from the lockfile', () => {
        for (const re of c.install) assert.match(text, re);
        if (app.lockfile) assert.ok(files.has(app.lockfile), `${app.lockfile} is the fixture's lockfile`);
      });

      test('runs as a non-root user', () => {
        const users = final.filter(i => i.keyword === 'USER');
        assert.ok(users.length >= 1, 'USER in the run stage');
        const user = users[users.length - 1].args.split(':')[0];
        assert.ok(!/^(?:root|0)$/.test(user), user);
        assert.ok(final.indexOf(users[users.length - 1]) < final.findIndex(i => i.keyword === 'CMD'));
      });

      test('takes the port from PORT: ENV PORT default and EXPOSE', () => {
        assert.ok(final.some(i => i.keyword === 'ENV' && new RegExp(`(?:^|\\s)PORT=${c.port}(?:\\s|$)`).test(i.args)), `ENV PORT=${c.port}`);
        assert.ok(final.some(i => i.keyword === 'EXPOSE' && i.args === String(c.port)), `EXPOSE ${c.port}`);
      });

      test('starts with an exec-form CMD, so SIGTERM reaches the app', () => {
        for (const i of ins.filter(x => x.keyword === 'CMD' || x.keyword === 'ENTRYPOINT')) {
          const argv = execArgv(i.args);
          assert.ok(argv, `${i.keyword} ${i.args} is exec form`);
          assert.deepStrictEqual(argv, app.start);
          // a shell wrapper hands PID 1 to the app with exec
          if (argv[0] === 'sh') assert.match(argv[2], /^exec /);
        }
      });

      test('logs to stdout: no log file, and the stack\'s stdout settings', () => {
        const cmd = execArgv(final.find(i => i.keyword === 'CMD')!.args)!.join(' ');
        assert.doesNotMatch(cmd, /\.log\b|>|--log-file(?!\s+-)|logfile\s+(?!-)/);
        for (const re of c.logs ?? []) assert.match(text, re);
      });

      test(c.health ? `has a HEALTHCHECK on ${c.health}` : 'has no HEALTHCHECK (no endpoint or no client in the image)', () => {
        const hc = ins.filter(i => i.keyword === 'HEALTHCHECK');
        if (!c.health) { assert.strictEqual(hc.length, 0); return; }
        assert.strictEqual(app.healthPath, c.health);
        assert.strictEqual(hc.length, 1);
        assert.strictEqual(hc[0].stage, last);
        const argv = execArgv(hc[0].args);
        assert.ok(argv && argv.join(' ').includes(c.health), hc[0].args);
        assert.match(argv!.join(' '), /PORT/, 'probes the port from PORT');
      });

      test('holds no secrets and never copies .env', () => {
        const code = text.split('\n').filter(l => !l.trimStart().startsWith('#')).join('\n');
        assert.doesNotMatch(code, /(?:^|[\s/])\.env\b/);
        for (const i of ins.filter(x => x.keyword === 'ENV' || x.keyword === 'ARG')) {
          for (const kv of i.args.match(/[A-Za-z_][A-Za-z0-9_]*=/g) ?? []) assert.doesNotMatch(kv, SECRET_NAME, i.args);
        }
        // no value of the fixture's .env reaches the image definition
        for (const v of Object.values(parseDotenv(files.get('.env') ?? ''))) if (v.length >= 8) assert.ok(!text.includes(v), v);
      });

      test('passes every rule of the engine (zero findings)', () => {
        const withDockerfile = projectFromMap(new Map([...files, ['Dockerfile', text], ['.dockerignore', dockerignore(app)]]));
        const findings = lintAll('Dockerfile', text, withDockerfile);
        assert.deepStrictEqual(findings.map(f => `${f.ruleId} ${f.range.start.line + 1}: ${f.message}`), []);
      });

      test('.dockerignore keeps .env out (not .env.example), and .git, dependencies, logs', () => {
        const ig = ignore().add(dockerignore(app));
        for (const p of ['.env', '.env.local', '.env.production', '.envrc', '.git/config', 'app.log', 'logs/today.txt']) assert.ok(ig.ignores(p), p);
        assert.ok(!ig.ignores('.env.example'));
        const deps: Record<string, string> = { node: 'node_modules/x/index.js', python: '.venv/bin/python', go: 'bin/server', java: 'target/app.jar', ruby: 'vendor/bundle/x', php: 'vendor/autoload.php', dotnet: 'obj/x.json', rust: 'target/release/app' };
        assert.ok(ig.ignores(deps[c.stack]), deps[c.stack]);
        for (const f of files.keys()) if (!f.startsWith('.env') && !/(?:^|\/)(?:\.gitignore|\.dockerignore)$/.test(f)) assert.ok(!ig.ignores(f), `${f} stays in the build context`);
      });

      test('Procfile: web, and worker/release where they can be inferred', () => {
        const p = procfile(app);
        assert.match(p, c.procfile.web);
        assert.strictEqual(/^worker:/m.test(p), !!c.procfile.worker, p);
        assert.strictEqual(/^release:/m.test(p), !!c.procfile.release, p);
        if (c.procfile.worker) assert.match(p, c.procfile.worker);
        if (c.procfile.release) assert.match(p, c.procfile.release);
        for (const line of p.trimEnd().split('\n')) assert.match(line, /^(?:#|[a-z]+: \S)/);
      });

      test('compose: parses, holds the app and its backing services, env_file, named volumes, healthchecks', () => {
        const services = detectServices(project, app);
        assert.deepStrictEqual(services.map(s => s.id), c.services);
        for (const s of services) assert.ok(s.why.length > 0);
        const text = compose(app, services);
        const doc = YAML.parse(text) as { services: Record<string, Record<string, unknown>>; volumes?: Record<string, unknown> };
        const names = Object.keys(doc.services);
        assert.deepStrictEqual(names.filter(n => n !== 'app' && n !== 'worker'), c.services);
        const a = doc.services.app;
        assert.strictEqual(a.build, '.');
        assert.strictEqual(a.env_file, '.env');
        assert.deepStrictEqual(a.ports, [`\${PORT:-${c.port}}:${c.port}`]);
        assert.strictEqual((a.environment as Record<string, string>).PORT, String(c.port));
        assert.strictEqual('worker' in doc.services, !!c.procfile.worker);
        for (const id of c.services) {
          const s = doc.services[id];
          assert.match(String(s.image), /:\d/, `${id} image pinned`);
          assert.ok(Array.isArray((s.healthcheck as { test: unknown }).test), `${id} healthcheck`);
          assert.deepStrictEqual((a.depends_on as Record<string, unknown>)[id], { condition: 'service_healthy' });
          for (const v of (s.volumes as string[] | undefined) ?? []) assert.ok(doc.volumes && v.split(':')[0] in doc.volumes, `${v} is a named volume`);
          if (id !== 'memcached') assert.ok(s.volumes, `${id} keeps its data in a volume`);
        }
        // no password is written into the file: each comes from .env
        assert.doesNotMatch(text, /PASS(?:WORD)?: "(?!\$\{)/);
        // with .env.example regenerated after it (as the CLI suggests), no rule has anything to say
        const withCompose = projectFromMap(new Map([...files, ['compose.yaml', text]]));
        const example = envExample(withCompose, files.get('.env.example'), { defaults: { PORT: String(app.port) } }).text;
        const full = projectFromMap(new Map([...files, ['compose.yaml', text], ['.env.example', example]]));
        assert.deepStrictEqual(lintAll('compose.yaml', text, full).map(f => `${f.ruleId}: ${f.message}`), []);
        for (const m of text.matchAll(/\$\{([A-Z_]+):\?/g)) assert.match(example, new RegExp(`^${m[1]}=$`, 'm'), `${m[1]} is documented, without a value`);
      });

      test('.env.example lists every variable the code reads, nothing from comments, no values', () => {
        const r = envExample(project, undefined, { defaults: { PORT: String(app.port) } });
        const keys = envFileKeys(r.text).filter(k => !k.commented).map(k => k.name);
        assert.deepStrictEqual([...keys].sort(), [...c.vars].sort());
        for (const line of r.text.split('\n')) if (/^[A-Z_]+=/.test(line) && !line.startsWith('PORT=')) assert.match(line, /^[A-Z_]+=$/);
        assert.doesNotMatch(r.text, /COMMENTED|DOCSTRING_VAR|NOT_THIS_ONE|NOT_READ|IN_A_STRING/);
        // the only thing a rule may say: a key that is only in .env is read by nothing (a hint)
        const gen = lintAll('.env.example', r.text, projectFromMap(new Map([...files, ['.env.example', r.text]])));
        const onlyInDotenv = r.variables.filter(v => !v.uses.length).map(v => v.name);
        assert.deepStrictEqual(gen.map(f => `${f.ruleId} ${f.severity}: ${f.message.replace(/ is listed.*/, '')}`),
          onlyInDotenv.map(n => `config/env-example-drift hint: Factor III (Config): ${n}`));
      });
    });
  }

  test('the .env keys are listed without their values', () => {
    const { project, files } = fixture('node-npm-express');
    const secret = /^SESSION_SECRET=(.*)$/m.exec(files.get('.env')!)![1];
    const r = envExample(project);
    assert.match(r.text, /^SESSION_SECRET=$/m);
    assert.match(r.text, /# In \.env; no read found in the code\nEXTRA_FROM_DOTENV=\n/);
    assert.ok(!r.text.includes(secret));
  });

  test('a monorepo yields one app per folder, each scaffolded in its own folder', () => {
    const { project } = fixture('monorepo');
    const apps = detectStacks(project);
    assert.deepStrictEqual(apps.map(a => [a.dir, a.stack]), [['apps/reports', 'python'], ['apps/web', 'node'], ['services/billing', 'go']]);
    assert.ok(!apps.some(a => a.dir === ''), 'the workspace root is not an app');
    const web = apps[1];
    assert.strictEqual(planScaffold('dockerfile', project, web).path, 'apps/web/Dockerfile');
    const env = planScaffold('env-example', project, apps[2]);
    assert.strictEqual(env.path, 'services/billing/.env.example');
    assert.match(env.content, /^BILLING_TOKEN=$/m);
    assert.doesNotMatch(env.content, /REPORTS_BUCKET/);
  });

  test('an undetected project gets a generic container and the reason', () => {
    const { project } = fixture('unknown');
    const [app] = detectStacks(project);
    assert.strictEqual(app.detected, false);
    assert.strictEqual(app.stack, 'generic');
    assert.match(app.why[0], /No manifest found: looked for package\.json.*Cargo\.toml/);
    const text = dockerfile(app);
    assert.match(text, /# The stack was not detected: No manifest found/);
    const ins = instructions(text);
    assert.ok(ins.some(i => i.keyword === 'USER' && i.args === 'app'));
    assert.ok(ins.some(i => i.keyword === 'ENV' && i.args === 'PORT=8080'));
    assert.deepStrictEqual(execArgv(ins[ins.length - 1].args), ['./start.sh']);
    assert.deepStrictEqual(lintAll('Dockerfile', text, project).map(f => f.ruleId), []);
  });

  test('warnings say what the generated files need: a missing lockfile, a server that is not a dependency', () => {
    const project = projectFromMap(new Map([
      ['package.json', '{"name":"x","scripts":{"start":"node index.js"},"dependencies":{"express":"4"}}'],
      ['index.js', 'require("express")().listen(process.env.PORT)\n'],
      ['api/requirements.txt', 'flask==3.0.0\n'],
      ['api/app.py', 'from flask import Flask\napp = Flask(__name__)\n'],
    ]));
    const [node, py] = detectStacks(project);
    assert.match(node.warnings.join('\n'), /No lockfile.*npm install.*package-lock\.json/);
    assert.match(dockerfile(node), /^RUN npm ci --omit=dev$/m);
    assert.match(py.warnings.join('\n'), /gunicorn is not a dependency/);
  });

  test('a folder with package.json beside a Gemfile is the Ruby app (the package.json is for assets)', () => {
    const project = projectFromMap(new Map([
      ['Gemfile', 'gem "rails"\n'], ['Gemfile.lock', 'GEM\n  specs:\n    rails (7.1.3)\n'],
      ['package.json', '{"name":"assets","devDependencies":{"esbuild":"0.23.0"}}'], ['yarn.lock', ''],
    ]));
    const [app] = detectStacks(project);
    assert.strictEqual(app.stack, 'ruby');
    assert.ok(app.why.some(w => /also package\.json/.test(w)));
  });
});

suite('scaffold: .env.example merge', () => {
  const project = projectFromMap(new Map([
    ['src/app.js', 'const a = process.env.DATABASE_URL;\nconst b = process.env.API_TOKEN;\nconst c = process.env.SENTRY_DSN;\n'],
  ]));
  const existing = '# Our settings\r\nDATABASE_URL=postgres://localhost/dev  # local only\r\n\r\n# SENTRY_DSN=\r\nOLD_FLAG=1\r\nexport WEIRD_SPACING =  x\r\n';

  test('keeps the user\'s lines byte for byte and appends the missing keys with the file\'s line ending', () => {
    const r = envExample(project, existing);
    assert.ok(r.text.startsWith(existing), 'the existing content is a byte-identical prefix');
    assert.deepStrictEqual(r.added, ['API_TOKEN']);
    assert.strictEqual(r.text.slice(existing.length), '\r\n# Added by Twelve-Factor Coach: read by the code, missing from this file.\r\n# Used in src/app.js:2\r\nAPI_TOKEN=\r\n');
  });

  test('reports keys nothing reads without deleting them', () => {
    const r = envExample(project, existing);
    assert.deepStrictEqual(r.unused, ['OLD_FLAG', 'WEIRD_SPACING']);
    assert.match(r.text, /^OLD_FLAG=1\r$/m);
  });

  test('is idempotent, and a file without a final line break keeps its bytes too', () => {
    const once = envExample(project, existing).text;
    const twice = envExample(project, once);
    assert.strictEqual(twice.text, once);
    assert.deepStrictEqual(twice.added, []);
    const bare = 'DATABASE_URL=';
    const r = envExample(project, bare);
    assert.ok(r.text.startsWith(bare));
    assert.match(r.text, /^DATABASE_URL=\n\n# Added by/);
  });

  test('an empty existing file gets the keys', () => {
    const r = envExample(project, '');
    assert.deepStrictEqual([...r.added].sort(), ['API_TOKEN', 'DATABASE_URL', 'SENTRY_DSN']);
  });
});

suite('scaffold: environment reads per language', () => {
  const cases: [string, string, string[]][] = [
    ['a.js', "const { A, B: bee, C = 'x', ...rest } = process.env;\nprocess.env.D; process.env['E']; process.env?.F;\n// process.env.NOPE\nprocess.env.W = '1';\nconst s = 'process.env.STR';\nimport.meta.env.VITE_G; import.meta.env.MODE; Deno.env.get('H');\n", ['A', 'B', 'C', 'D', 'E', 'F', 'VITE_G', 'H']],
    ['a.ts', 'const { PORT }: NodeJS.ProcessEnv = process.env;\n', ['PORT']],
    ['b.js', 'const u = `postgres://${process.env.DB_HOST}:5432/${x}`;\nconst d = `docs: process.env.NOT_CODE`;\n', ['DB_HOST']],
    ['d.py', 'import os\nu = f"postgres://{os.environ[\'DB_HOST\']}/db {{os.getenv(\'LITERAL\')}}"\n', ['DB_HOST']],
    ['b.rb', 'u = "redis://#{ENV["REDIS_HOST"]}:6379"\n', ['REDIS_HOST']],
    ['a.py', '"""os.environ["NOPE"]"""\nimport os\nos.environ["A"]\nos.environ.get("B", "x")\nos.getenv(\'C\')\nos.environ["W"] = "1"\n# os.getenv("NOPE2")\nenviron["WSGI"]\n', ['A', 'B', 'C']],
    ['b.py', 'from os import environ, getenv\nenviron["A"]\nenviron.get("B")\ngetenv("C")\n', ['A', 'B', 'C']],
    ['c.py', 'from decouple import config\nSECRET = config("SECRET_KEY")\n', ['SECRET_KEY']],
    ['a.go', 'package main\n// os.Getenv("NOPE")\nvar a = os.Getenv("A")\nvar b, _ = os.LookupEnv("B")\ntype C struct { X string `env:"C" envDefault:"1"` }\n', ['A', 'B', 'C']],
    ['A.java', 'class A { String a = System.getenv("A"); /* System.getenv("NOPE") */ @Value("${B:x}") String b; @Value("${server.port}") int p; }\n', ['A', 'B']],
    ['a.kt', 'val a = System.getenv("A")\n// System.getenv("NOPE")\n', ['A']],
    ['a.rb', '# ENV["NOPE"]\nENV["A"]\nENV.fetch("B") { 1 }\nENV.fetch "C"\nENV["W"] = "1"\n', ['A', 'B', 'C']],
    ['a.php', "<?php\n// getenv('NOPE')\n$a = getenv('A');\n$b = $_ENV['B'];\n$c = env('C', 'x');\n$d = $this->env('NOT_LARAVEL');\n", ['A', 'B', 'C']],
    ['a.cs', '// Environment.GetEnvironmentVariable("NOPE")\nvar a = Environment.GetEnvironmentVariable("A");\n', ['A']],
    ['a.rs', '// env::var("NOPE")\nlet a = std::env::var("A");\nlet b = env::var_os("B");\nlet c = dotenvy::var("C");\n', ['A', 'B', 'C']],
    ['docker-compose.yml', 'services:\n  app:\n    # ${NOPE}\n    image: "app:${TAG:-1}"\n    environment:\n      URL: postgres://${DB_USER}@db\n      ESC: "$${NOT_COMPOSE}"\n', ['TAG', 'DB_USER']],
    ['.github/workflows/ci.yml', 'env:\n  X: ${CI_ONLY}\n', []],
    ['config/database.yml', 'production:\n  url: <%= ENV["DATABASE_URL"] %>\n', ['DATABASE_URL']],
    ['config/packages/doctrine.yaml', "dbal:\n  url: '%env(resolve:DATABASE_URL)%'\n", ['DATABASE_URL']],
    ['application.properties', 'spring.datasource.url=${JDBC_URL}\nserver.port=${PORT:8080}\n# ${NOPE}\n', ['JDBC_URL', 'PORT']],
    ['prisma/schema.prisma', '// env("NOPE")\nurl = env("DATABASE_URL")\n', ['DATABASE_URL']],
  ];
  for (const [p, text, want] of cases) {
    test(`${p}: ${want.join(', ') || 'none'}`, () => {
      const file = new SourceFile(p, text);
      const reads = envReads(file);
      assert.deepStrictEqual(reads.map(r => r.name), want);
      for (const r of reads) assert.strictEqual(text.slice(r.start, r.end), r.name, 'offsets point at the name');
    });
  }

  test('computed names and settings libraries are dynamic reads; literal ones are not', () => {
    const dyn = (p: string, t: string) => readsEnvDynamically(new SourceFile(p, t));
    assert.ok(dyn('a.js', 'const v = process.env[key];\n'));
    assert.ok(dyn('a.js', 'const env = schema.parse(process.env);\n'));
    assert.ok(dyn('a.py', 'os.getenv(name)\n'));
    assert.ok(dyn('a.py', 'class S(BaseSettings):\n    database_url: str\n'));
    assert.ok(dyn('a.go', 'os.Getenv(key)\n'));
    assert.ok(!dyn('a.js', "process.env['A']; spawn('x', { env: process.env });\n"));
    assert.ok(!dyn('a.py', 'os.getenv("A")\n# os.getenv(name)\n'));
  });
});

suite('scaffold: CLI', () => {
  const dirs: string[] = [];
  suiteTeardown(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  function copyFixture(name: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-scaffold-'));
    dirs.push(dir);
    for (const [rel, text] of filesUnder(path.join(STACKS, name))) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  }
  function snapshot(dir: string): Map<string, string> {
    return filesUnder(dir);
  }
  function run(cwd: string, ...argv: string[]) {
    let out = '', err = '';
    const code = main(argv, { cwd, out: s => { out += s; }, err: s => { err += s; }, color: false });
    return { code, out, err };
  }

  test('--dry-run prints the content and writes nothing', () => {
    const dir = copyFixture('node-npm-express');
    const before = snapshot(dir);
    for (const kind of ['dockerfile', 'dockerignore', 'env-example', 'procfile', 'compose']) {
      const r = run(dir, 'scaffold', kind, '--dry-run');
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.out, /--- would create /);
    }
    assert.match(run(dir, 'scaffold', 'dockerfile', '--dry-run').out, /CMD \["node", "src\/server\.js"\]/);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  test('writes the file, then refuses to overwrite it without --force (exit 2, bytes unchanged)', () => {
    const dir = copyFixture('python-pip-flask');
    const w = run(dir, 'scaffold', 'dockerfile');
    assert.strictEqual(w.code, 0, w.err);
    assert.match(w.out, /Wrote Dockerfile\./);
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, '# mine\nFROM python:3.12-slim\n');
    const before = snapshot(dir);
    const r = run(dir, 'scaffold', 'dockerfile');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /Dockerfile already exists; it was left unchanged\. Pass --force/);
    assert.deepStrictEqual(snapshot(dir), before);
    const f = run(dir, 'scaffold', 'dockerfile', '--force');
    assert.strictEqual(f.code, 0, f.err);
    assert.match(fs.readFileSync(file, 'utf8'), /^CMD \["gunicorn"/m);
    assert.deepStrictEqual(fs.readdirSync(dir).filter(n => n.endsWith('.tmp')), [], 'no temporary file left behind');
  });

  test('env-example merges into an existing file without --force and says what it added', () => {
    const dir = copyFixture('php-laravel');
    const file = path.join(dir, '.env.example');
    const existing = fs.readFileSync(file, 'utf8');
    const r = run(dir, 'scaffold', 'env-example');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /Added DB_DATABASE, DB_PASSWORD, DB_PORT, DB_USERNAME, REDIS_URL to \.env\.example\./);
    assert.match(r.out, /note: Not read by any code found: LEGACY_TOGGLE\./);
    const merged = fs.readFileSync(file, 'utf8');
    assert.ok(merged.startsWith(existing));
    const again = run(dir, 'scaffold', 'env-example');
    assert.match(again.out, /already lists every variable/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), merged);
    const forced = run(dir, 'scaffold', 'env-example', '--force');
    assert.strictEqual(forced.code, 0);
    assert.ok(!fs.readFileSync(file, 'utf8').includes('LEGACY_TOGGLE'), '--force regenerates the file');
  });

  test('a monorepo root asks for --dir; --dir scaffolds that app in its folder', () => {
    const dir = copyFixture('monorepo');
    const r = run(dir, 'scaffold', 'procfile');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /several apps; pick one with --dir:[\s\S]*apps\/web[\s\S]*services\/billing/);
    const w = run(dir, 'scaffold', 'procfile', '--dir', 'apps/web');
    assert.strictEqual(w.code, 0, w.err);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'apps/web/Procfile'), 'utf8'), 'web: node index.js\n');
  });

  test('usage errors exit 2', () => {
    const dir = copyFixture('unknown');
    assert.strictEqual(run(dir, 'scaffold').code, 2);
    assert.match(run(dir, 'scaffold', 'helm').err, /cannot scaffold "helm"/);
    assert.strictEqual(run(dir, 'scaffold', 'dockerfile', '--dir', 'nope').code, 2);
    assert.strictEqual(run(dir, 'scaffold', '--help').code, 0);
    const g = run(dir, 'scaffold', 'dockerfile');
    assert.strictEqual(g.code, 0);
    assert.match(g.out, /Stack not detected: No manifest found/);
  });
});

suite('scaffold: the fixes of config/env-example-drift and config/dotenv-committed', () => {
  function findings(files: Record<string, string>, path: string, ruleId: string) {
    const project = projectFromMap(new Map(Object.entries(files)));
    return lint({ path, text: files[path] }, { config: defaultConfig(), project, rules: [RULES_BY_ID.get(ruleId)!] });
  }

  test('"Add X to .env.example" appends X= to the nearest example, once', () => {
    const files = {
      'api/.env.example': '# API\r\nDATABASE_URL=\r\n',
      'api/src/db/index.js': 'const a = process.env.DATABASE_URL;\nconst b = process.env.REPLICA_URL;\nconst c = process.env.REPLICA_URL;\n',
      '.env.example': 'ROOT_ONLY=\n',
    };
    const [f, ...rest] = findings(files, 'api/src/db/index.js', 'config/env-example-drift');
    assert.strictEqual(rest.length, 0, 'one finding per variable and file');
    assert.strictEqual(f.range.start.line, 1);
    const fix = f.fixes![0];
    assert.strictEqual(fix.title, 'Add REPLICA_URL to .env.example');
    assert.ok(fix.safe);
    assert.deepStrictEqual(fix.edits, []);
    assert.deepStrictEqual(fix.files, [{ path: 'api/.env.example', appendLines: ['REPLICA_URL='], keys: ['REPLICA_URL'] }]);
    const after = applyFileChange(files['api/.env.example'], fix.files![0]);
    assert.strictEqual(after, '# API\r\nDATABASE_URL=\r\nREPLICA_URL=\r\n');
    assert.strictEqual(applyFileChange(after, fix.files![0]), after);
    assert.deepStrictEqual(findings({ ...files, 'api/.env.example': after }, 'api/src/db/index.js', 'config/env-example-drift'), []);
  });

  test('without project facts the unused-key hint stays silent', () => {
    const text = 'NOTHING_READS_ME=\n';
    const project: Project = { paths: new Set(['.env.example']), read: p => (p === '.env.example' ? text : undefined) };
    assert.deepStrictEqual(lint({ path: '.env.example', text }, { project, rules: [RULES_BY_ID.get('config/env-example-drift')!] }), []);
  });

  test('"Add .env to .gitignore" appends to the nearest .gitignore, or creates one at the root', () => {
    const withIgnore = { '.gitignore': 'node_modules/\n', 'svc/.gitignore': 'dist/', 'svc/.env': 'A=1\n' };
    const [f] = findings(withIgnore, 'svc/.env', 'config/dotenv-committed');
    assert.strictEqual(f.fixes![0].title, 'Add .env to .gitignore');
    assert.deepStrictEqual(f.fixes![0].files, [{ path: 'svc/.gitignore', appendLines: ['.env'] }]);
    const fixed = applyFileChange(withIgnore['svc/.gitignore'], f.fixes![0].files![0]);
    assert.strictEqual(fixed, 'dist/\n.env\n');
    assert.deepStrictEqual(findings({ ...withIgnore, 'svc/.gitignore': fixed }, 'svc/.env', 'config/dotenv-committed'), []);
    const [g] = findings({ 'svc/.env': 'A=1\n' }, 'svc/.env', 'config/dotenv-committed');
    assert.deepStrictEqual(g.fixes![0].files, [{ path: '.gitignore', appendLines: ['.env'] }]);
    assert.match(g.message, /the project has no \.gitignore/);
  });

  test('a .gitignore that exists but was not read gives no verdict', () => {
    const project: Project = { paths: new Set(['.gitignore', '.env']), read: p => (p === '.env' ? 'A=1\n' : undefined) };
    assert.deepStrictEqual(lint({ path: '.env', text: 'A=1\n' }, { project, rules: [RULES_BY_ID.get('config/dotenv-committed')!] }), []);
  });
});
