/**
 * The backing services an app uses, for its compose file: found from the client libraries in its
 * manifests, the connection strings in its code and config (schemes mapped through services.ts,
 * the table the rules use), and the names of the variables it reads (REDIS_URL, MONGO_HOST...).
 * Each service comes with the variables the app reads for it, so the compose file can point them
 * at the service's container.
 */
import { envFileKeys, envReads } from '../env';
import type { Project } from '../project';
import { serviceForScheme } from '../services';
import { SourceFile } from '../source';
import type { DetectedApp } from './detect';

export type ServiceId = 'postgres' | 'mysql' | 'mongodb' | 'redis' | 'rabbitmq' | 'memcached';

export interface BackingService {
  id: ServiceId;
  /** The variables the app reads for this service (`DATABASE_URL`, `DB_HOST`...), in the order found. */
  vars: string[];
  why: string[];
}

/** Service names from services.ts (by the scheme's service name) to the compose services we know how to run. */
const BY_KIND_NAME: Record<string, ServiceId> = {
  PostgreSQL: 'postgres', MySQL: 'mysql', MariaDB: 'mysql', MongoDB: 'mongodb', Redis: 'redis', RabbitMQ: 'rabbitmq', Memcached: 'memcached',
};

/** Client libraries per service, as the manifests spell them (lower case; a trailing `.` matches a prefix). */
const LIBRARIES: Record<ServiceId, readonly string[]> = {
  postgres: ['pg', 'postgres', 'pg-promise', 'psycopg2', 'psycopg2-binary', 'psycopg', 'asyncpg', 'github.com/lib/pq', 'github.com/jackc/pgx/v5',
    'github.com/jackc/pgx/v4', 'org.postgresql', 'postgresql', 'npgsql', 'npgsql.', 'tokio-postgres', 'ext-pdo_pgsql', 'ext-pgsql'],
  mysql: ['mysql', 'mysql2', 'mysqlclient', 'pymysql', 'aiomysql', 'github.com/go-sql-driver/mysql', 'mysql-connector-j', 'mysql-connector-java',
    'trilogy', 'mysqlconnector', 'mysql.data', 'pomelo.entityframeworkcore.mysql', 'ext-pdo_mysql', 'mysql_async'],
  mongodb: ['mongodb', 'mongoose', 'pymongo', 'motor', 'mongoengine', 'go.mongodb.org/mongo-driver', 'go.mongodb.org/mongo-driver/v2',
    'spring-boot-starter-data-mongodb', 'mongodb-driver-sync', 'mongoid', 'mongo', 'mongodb.driver', 'mongodb/mongodb'],
  redis: ['redis', 'ioredis', 'bullmq', 'bull', '@redis/client', 'django-redis', 'rq', 'github.com/redis/go-redis/v9', 'github.com/go-redis/redis/v8',
    'github.com/gomodule/redigo', 'spring-boot-starter-data-redis', 'jedis', 'lettuce-core', 'sidekiq', 'resque', 'predis/predis', 'ext-redis',
    'stackexchange.redis'],
  rabbitmq: ['amqplib', 'amqp-connection-manager', 'pika', 'aio-pika', 'github.com/rabbitmq/amqp091-go', 'github.com/streadway/amqp',
    'spring-boot-starter-amqp', 'amqp-client', 'bunny', 'sneakers', 'php-amqplib/php-amqplib', 'rabbitmq.client', 'lapin'],
  memcached: ['memcached', 'memjs', 'pymemcache', 'python-memcached', 'pylibmc', 'github.com/bradfitz/gomemcache', 'dalli', 'ext-memcached',
    'enyimmemcachedcore', 'memcache'],
};

/** Variable names that point at a service: `REDIS_URL`, `MONGO_HOST`, `PGHOST`, `AMQP_URL`... */
const VAR_PATTERNS: [ServiceId, RegExp][] = [
  ['postgres', /^(?:POSTGRES(?:QL)?_|PG_?)(?:HOST|PORT|USER|PASSWORD|DATABASE|DB|URL|URI|DSN)$/],
  ['mysql', /^(?:MYSQL|MARIADB)_(?:HOST|PORT|USER|PASSWORD|DATABASE|DB|URL|URI|DSN)$/],
  ['mongodb', /^MONGO(?:DB)?_(?:HOST|PORT|USER|PASSWORD|DATABASE|DB|URL|URI|DSN)$/],
  ['redis', /^REDIS_(?:HOST|PORT|PASSWORD|DB|URL|URI|TLS_URL)$/],
  ['rabbitmq', /^(?:RABBITMQ|AMQP|CLOUDAMQP)_(?:HOST|PORT|USER|PASSWORD|URL|URI|VHOST)$/],
  ['memcached', /^(?:MEMCACHED?|MEMCACHIER)_(?:HOST|PORT|URL|SERVERS?)$/],
];
/** Variables that belong to whichever SQL database the app uses. */
const GENERIC_DB_VAR = /^(?:DATABASE_URL|DB_(?:HOST|PORT|USER|USERNAME|PASSWORD|NAME|DATABASE|URL)|DATABASE_(?:HOST|PORT|USER|PASSWORD|NAME))$/;
const SCHEME_URL = /(?<![\w+.-])([a-z][a-z0-9]*(?:\+[a-z0-9]+)?):\/\/(?!\$)/g;
/** Prisma: `provider = "postgresql"` in the datasource block of schema.prisma. */
const PRISMA_PROVIDER = /^[ \t]*provider[ \t]*=[ \t]*"(postgresql|postgres|mysql|mongodb)"/m;
/** Laravel and friends: DB_CONNECTION=pgsql in .env / .env.example. */
const DB_CONNECTION = /^[ \t]*DB_CONNECTION[ \t]*=[ \t]*["']?(pgsql|mysql|mariadb)/m;

const SCANNED = /\.(?:[cm]?[jt]sx?|py|go|java|kt|cs|rb|php|rs|ya?ml|properties|toml|json|xml|ini|cfg|conf|prisma)$|(?:^|\/)\.env[^/]*$/i;
const SKIP = /(?:^|\/)(?:node_modules|vendor|\.git|dist|build|target|\.venv|venv|__pycache__|bin|obj|coverage)\//;

export const SERVICE_ORDER: readonly ServiceId[] = ['postgres', 'mysql', 'mongodb', 'redis', 'rabbitmq', 'memcached'];

/** The backing services the app in `app.dir` uses, in a stable order, with why each one was chosen. */
export function detectServices(project: Project, app: DetectedApp): BackingService[] {
  const found = new Map<ServiceId, BackingService>();
  const add = (id: ServiceId, why: string) => {
    let s = found.get(id);
    if (!s) found.set(id, s = { id, vars: [], why: [] });
    if (!s.why.includes(why) && s.why.length < 4) s.why.push(why);
  };
  const prefix = app.dir ? `${app.dir}/` : '';
  const rel = (p: string) => p.slice(prefix.length);

  // client libraries in the manifests
  const manifestTokens = manifestDependencies(project, prefix);
  for (const id of SERVICE_ORDER) {
    for (const lib of LIBRARIES[id]) {
      const hit = lib.endsWith('.') ? [...manifestTokens.keys()].find(t => t.startsWith(lib)) : manifestTokens.has(lib) ? lib : undefined;
      if (hit) add(id, `depends on ${hit} (${manifestTokens.get(hit)})`);
    }
  }

  const reads = new Map<string, string>();
  let files = 0;
  for (const p of [...project.paths].sort()) {
    if (!p.startsWith(prefix) || SKIP.test(rel(p)) || !SCANNED.test(p) || files >= 2000) continue;
    const text = project.read(p);
    if (text === undefined || text.length > 500_000) continue;
    files++;
    const file = new SourceFile(p, text);
    const isDotenv = file.family === 'dotenv';
    // connection strings, in code (comments blanked) and config; `scheme://${VAR}` is a reference, not an address
    if (text.indexOf('://') >= 0) {
      SCHEME_URL.lastIndex = 0;
      for (const m of file.codeText.matchAll(SCHEME_URL)) {
        const kind = serviceForScheme(m[1]);
        const id = kind && BY_KIND_NAME[kind.name];
        if (id) add(id, `${m[1]}:// URL in ${rel(p)}`);
      }
    }
    const prisma = p.endsWith('.prisma') ? PRISMA_PROVIDER.exec(text) : null;
    if (prisma) add(prisma[1] === 'mysql' ? 'mysql' : prisma[1] === 'mongodb' ? 'mongodb' : 'postgres', `provider "${prisma[1]}" in ${rel(p)}`);
    const conn = isDotenv ? DB_CONNECTION.exec(text) : null;
    if (conn) add(conn[1] === 'pgsql' ? 'postgres' : 'mysql', `DB_CONNECTION=${conn[1]} in ${rel(p)}`);
    const names = isDotenv ? envFileKeys(text).filter(k => !k.commented).map(k => k.name) : envReads(file).map(r => r.name);
    for (const n of names) if (!reads.has(n)) reads.set(n, rel(p));
  }
  for (const [name, where] of reads) {
    const hit = VAR_PATTERNS.find(([, re]) => re.test(name));
    if (hit) { add(hit[0], `${name} (${where})`); found.get(hit[0])!.vars.push(name); }
  }
  // DATABASE_URL and DB_* go to the SQL database found by other means (they say nothing about which one)
  const sql = (['postgres', 'mysql'] as const).find(id => found.has(id));
  if (sql) for (const name of reads.keys()) if (GENERIC_DB_VAR.test(name)) found.get(sql)!.vars.push(name);
  return SERVICE_ORDER.filter(id => found.has(id)).map(id => found.get(id)!);
}

/** Dependency names of the app's manifests, lower case, with the manifest that names each one. */
function manifestDependencies(project: Project, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const addAll = (names: Iterable<string>, from: string) => { for (const n of names) if (n && !out.has(n)) out.set(n, from); };
  const pkg = project.read(`${prefix}package.json`);
  if (pkg) {
    try {
      const j = JSON.parse(pkg) as { dependencies?: Record<string, string> };
      addAll(Object.keys(j.dependencies ?? {}).map(k => k.toLowerCase()), 'package.json');
    } catch { /* malformed: no dependencies known */ }
  }
  const composer = project.read(`${prefix}composer.json`);
  if (composer) {
    try {
      const j = JSON.parse(composer) as { require?: Record<string, string> };
      addAll(Object.keys(j.require ?? {}).map(k => k.toLowerCase()), 'composer.json');
    } catch { /* malformed */ }
  }
  for (const name of ['requirements.txt', 'pyproject.toml', 'Pipfile', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Gemfile', 'Cargo.toml']) {
    const text = project.read(prefix + name);
    if (text) addAll(text.toLowerCase().split(/[^a-z0-9_.\-/@]+/), name);
  }
  for (const p of project.paths) {
    if (!p.startsWith(prefix) || p.slice(prefix.length).includes('/') || !p.endsWith('.csproj')) continue;
    const text = project.read(p);
    if (text) for (const m of text.matchAll(/<PackageReference\s+Include="([^"]+)"/gi)) addAll([m[1].toLowerCase()], p.slice(prefix.length));
  }
  return out;
}
