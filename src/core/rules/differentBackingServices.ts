import { Rule } from '../rule';
import { TokenKind } from '../lexer';
import { Family } from '../languages';
import { Project } from '../project';
import { SourceFile, indentOf } from '../source';
import { EnvSide, branchAt, sectionAt } from '../envContext';
import { isTestPath } from '../servers';

/**
 * Configuration that picks a different kind of backing service per environment: SQLite (or H2) in
 * development and PostgreSQL or MySQL in production, an in-memory cache in development and Redis
 * or Memcached in production. Bugs that only one of them shows (SQL dialects, types, locking,
 * eviction, serialization) reach production untested.
 *
 * Compared within one file: environment sections (Rails database.yml with its `<<: *default`
 * merges, Sequelize config.json, knexfile `development`/`production` objects, TOML sections),
 * branches on the environment (`if DEBUG:` / `else:` in Django settings, `if (NODE_ENV ===
 * 'production')`, `isProd ? 'postgres' : 'sqlite'`, `'...sqlite3' if DEBUG else '...postgresql'`).
 * Across files, through the project: Rails `config.cache_store` in config/environments/development.rb
 * against production.rb, and Spring `application-dev.*` against `application-prod.*` (or the base
 * `application.*`). The finding sits on the development-side value. Test settings are not compared.
 */
const FAMILIES: readonly Family[] = ['js', 'python', 'ruby', 'php', 'java', 'go', 'yaml', 'json', 'properties', 'toml'];

type Category = 'database' | 'cache';

interface Choice {
  category: Category;
  kind: string;
  start: number;
  end: number;
  side?: EnvSide;
  /** Identity of the environment section the choice is in (YAML), to tell own values from merged ones. */
  section?: number;
}

/** A lookup table keyed by file text: a Map, so `constructor` or `toString` finds nothing. */
function table(entries: Record<string, string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries));
}

const LABELS: Record<string, string> = {
  sqlite: 'SQLite', h2: 'H2', hsqldb: 'HSQLDB', derby: 'Derby', postgres: 'PostgreSQL', mysql: 'MySQL', mssql: 'SQL Server',
  oracle: 'Oracle', memory: 'an in-memory cache', redis: 'Redis', memcached: 'Memcached', file: 'a file cache', database: 'a database cache',
};

/** Database engine names as ORM settings write them (only trusted after a key that picks the engine). */
const DB_WORDS: ReadonlyMap<string, string> = table({
  sqlite: 'sqlite', sqlite3: 'sqlite', 'better-sqlite3': 'sqlite', postgres: 'postgres', postgresql: 'postgres', pg: 'postgres',
  postgis: 'postgres', 'pg-native': 'postgres', pgsql: 'postgres', mysql: 'mysql', mysql2: 'mysql', mariadb: 'mysql', trilogy: 'mysql',
  mssql: 'mssql', sqlserver: 'mssql', tedious: 'mssql', oracle: 'oracle', oracledb: 'oracle', h2: 'h2', hsqldb: 'hsqldb', derby: 'derby',
});
/** Cache backends as settings write them (Flask-Caching CACHE_TYPE, cache `store`/`backend` keys). */
const CACHE_WORDS: ReadonlyMap<string, string> = table({
  simple: 'memory', simplecache: 'memory', memory: 'memory', 'in-memory': 'memory', inmemory: 'memory', locmem: 'memory',
  redis: 'redis', rediscache: 'redis', memcached: 'memcached', memcachedcache: 'memcached', saslmemcachedcache: 'memcached',
  filesystem: 'file', filesystemcache: 'file',
});
/** The longest word in DB_WORDS and CACHE_WORDS: a longer value is not one of them. */
const LONGEST_WORD = Math.max(...[...DB_WORDS.keys(), ...CACHE_WORDS.keys()].map(w => w.length));
const DB_KEYS = /(?:^|[^A-Za-z])(adapter|client|dialect|engine|driver|type|provider|db_type|database_type)["']?\s*(?:=>|[:=])/gi;
const CACHE_KEYS = /(?:^|[^A-Za-z])(cache_type|backend|store|cache_store)["']?\s*(?:=>|[:=])/gi;

const DJANGO_DB = /^django\.(?:contrib\.gis\.)?db\.backends\.(\w+)$/;
const DJANGO_DB_KINDS: ReadonlyMap<string, string> = table({ sqlite3: 'sqlite', spatialite: 'sqlite', postgresql: 'postgres', postgresql_psycopg2: 'postgres', postgis: 'postgres', mysql: 'mysql', oracle: 'oracle' });
const DJANGO_CACHE = /^(?:django\.core\.cache\.backends\.(locmem|redis|memcached|filebased|db)\.\w+|(django_redis)\.cache\.RedisCache)$/;
const DJANGO_CACHE_KINDS: Record<string, string> = { locmem: 'memory', redis: 'redis', django_redis: 'redis', memcached: 'memcached', filebased: 'file', db: 'database' };
const URL_KIND = /^(?:jdbc:)?(sqlite3?|postgres(?:ql)?|postgis|mysql|mariadb|h2|hsqldb|derby|sqlserver|oracle|rediss?|memcached)(?:\+\w+)?:/i;
const URL_KINDS: Record<string, [Category, string]> = {
  sqlite: ['database', 'sqlite'], sqlite3: ['database', 'sqlite'], postgres: ['database', 'postgres'], postgresql: ['database', 'postgres'],
  postgis: ['database', 'postgres'], mysql: ['database', 'mysql'], mariadb: ['database', 'mysql'], h2: ['database', 'h2'],
  hsqldb: ['database', 'hsqldb'], derby: ['database', 'derby'], sqlserver: ['database', 'mssql'], oracle: ['database', 'oracle'],
  redis: ['cache', 'redis'], rediss: ['cache', 'redis'], memcached: ['cache', 'memcached'],
};
const JDBC_DRIVERS: ReadonlyMap<string, string> = table({
  'org.h2.Driver': 'h2', 'org.postgresql.Driver': 'postgres', 'com.mysql.cj.jdbc.Driver': 'mysql', 'com.mysql.jdbc.Driver': 'mysql',
  'org.mariadb.jdbc.Driver': 'mysql', 'org.sqlite.JDBC': 'sqlite', 'org.hsqldb.jdbc.JDBCDriver': 'hsqldb', 'org.hsqldb.jdbcDriver': 'hsqldb',
  'org.apache.derby.jdbc.EmbeddedDriver': 'derby', 'com.microsoft.sqlserver.jdbc.SQLServerDriver': 'mssql', 'oracle.jdbc.OracleDriver': 'oracle',
});
const RAILS_CACHE_STORES: ReadonlyMap<string, string> = table({
  memory_store: 'memory', file_store: 'file', redis_cache_store: 'redis', redis_store: 'redis', mem_cache_store: 'memcached',
  dalli_store: 'memcached', solid_cache_store: 'database',
});

export const rule: Rule = {
  meta: {
    id: 'dev-prod-parity/different-backing-services',
    factor: 'dev-prod-parity',
    severity: 'warning',
    title: 'Different backing service per environment',
    description: 'Development uses a different kind of database or cache than production (SQLite against PostgreSQL, an in-memory cache against Redis). Differences in SQL, types, locking or eviction then show up first in production.',
    remedy: 'Run the same kind of service in development as in production (a local PostgreSQL or Redis, e.g. in Docker), located by the same environment variable.',
    families: FAMILIES,
    fixable: false,
    trigger: /sqlite|postg|pg|mysql|maria|trilogy|mssql|sqlserver|tedious|oracle|h2|hsqldb|derby|redis|memcache|mem_cache|dalli|simple|memory|locmem|file|DatabaseCache|solid_cache/i,
  },
  check({ file, project, report }) {
    if (isTestPath(file.path)) return;
    // a pair in this file needs two kinds of one category: only such a category's choices get their
    // environment worked out (that walks the blocks around each literal; most files name one kind)
    const kinds = new Map<Category, string>(), mixed = new Set<Category>();
    for (const c of choicesIn(file)) {
      const first = kinds.get(c.category);
      if (first === undefined) kinds.set(c.category, c.kind);
      else if (first !== c.kind) mixed.add(c.category);
    }
    const choices = mixed.size ? choicesIn(file, mixed) : [];
    const pairs: { dev: Choice; prod: Choice[] }[] = [];
    const prod = choices.filter(c => c.side === 'prod');
    for (const dev of choices.filter(c => c.side === 'dev')) pairs.push({ dev, prod: prod.filter(p => p.category === dev.category) });
    for (const [dev, others] of crossFileChoices(file, project)) pairs.push({ dev, prod: others.filter(p => p.category === dev.category) });
    // one finding per category: a datasource URL and its driver class are one choice
    const seen = new Set<Category>();
    for (const { dev, prod: against } of pairs) {
      if (!against.length || against.some(p => p.kind === dev.kind) || seen.has(dev.category)) continue;
      seen.add(dev.category);
      const theirs = LABELS[against[0].kind];
      const noun = dev.category === 'database' ? 'database' : 'cache';
      report({
        start: dev.start, end: dev.end,
        message: `Development uses ${LABELS[dev.kind]} here while production uses ${theirs}: differences between them show up first in production. Use the same kind of ${noun} in development (run ${theirs.replace(/^an? /, '')} locally, e.g. in Docker).`,
      });
    }
  },
};

/** What a value chooses, if it names a database engine or a cache backend; `key` (what the value is set to) is only read for a plain word. */
function classify(value: string, key: () => { db: boolean; cache: boolean }): { category: Category; kind: string } | undefined {
  const v = value.trim();
  if (!v || v.length > 300) return undefined;
  if (v.startsWith('django')) {
    let m = DJANGO_DB.exec(v);
    if (m) { const kind = DJANGO_DB_KINDS.get(m[1]); return kind ? { category: 'database', kind } : undefined; }
    m = DJANGO_CACHE.exec(v);
    if (m) return { category: 'cache', kind: DJANGO_CACHE_KINDS[m[1] ?? m[2]] };
  }
  const driver = JDBC_DRIVERS.get(v);
  if (driver) return { category: 'database', kind: driver };
  if (v.includes(':')) {
    const m = URL_KIND.exec(v);
    if (m && (v.includes('//') || /^(?:jdbc:|sqlite)/i.test(v))) {
      const [category, kind] = URL_KINDS[m[1].toLowerCase()];
      return { category, kind };
    }
  }
  if (v.length > LONGEST_WORD) return undefined;
  const word = v.toLowerCase();
  const db = DB_WORDS.get(word);
  const cache = CACHE_WORDS.get(word);
  if (!db && !cache) return undefined;
  const k = key();
  if (db && k.db) return { category: 'database', kind: db };
  if (cache && k.cache) return { category: 'cache', kind: cache };
  return undefined;
}

/** Which kind of key the text before a value on its line ends with. */
function keyBefore(prefix: string): { db: boolean; cache: boolean } {
  DB_KEYS.lastIndex = 0;
  CACHE_KEYS.lastIndex = 0;
  return { db: DB_KEYS.test(prefix), cache: CACHE_KEYS.test(prefix) };
}

/**
 * The database and cache choices of a file, with the environment each of the `sides` categories
 * applies to (sections, branches; YAML values merged into an environment with `<<: *anchor` count
 * there too).
 */
function choicesIn(file: SourceFile, sides?: ReadonlySet<Category>): Choice[] {
  const out: Choice[] = [];
  const text = file.codeText;
  if (file.family === 'yaml' || file.family === 'properties') {
    for (let l = 0; l < file.lineStarts.length; l++) {
      const line = lineCode(file, l);
      const m = DATA_LINE.exec(line);
      if (!m) continue;
      const valueAt = file.lineStarts[l] + m[0].length - m[2].length;
      const value = m[2].replace(/^(?:&\S+\s+)/, '').trim();
      const unquoted = value.replace(/^(["'])(.*)\1$/, '$2');
      const lastKey = m[1].slice(m[1].lastIndexOf('.') + 1).toLowerCase();
      const c = classify(unquoted, () => ({ db: KEY_DB.test(lastKey), cache: KEY_CACHE.test(lastKey) }));
      if (!c) continue;
      const start = valueAt + m[2].indexOf(unquoted);
      const section = sides?.has(c.category) && file.family === 'yaml' ? sectionAt(file, start) : undefined;
      out.push({ ...c, start, end: start + unquoted.length, side: section?.side, section: section?.start });
    }
    if (sides && file.family === 'yaml') out.push(...mergedChoices(file, out.filter(c => sides.has(c.category))));
    return out;
  }
  for (const t of file.tokens) {
    if (t.kind !== TokenKind.String || t.interpolated) continue;
    // the key sits just before its value: a very long line is not read again per literal (and the
    // line is looked up only for a value that needs its key)
    const c = classify(file.text.slice(t.valueStart, t.valueEnd), () => keyBefore(text.slice(Math.max(t.start - 300, file.lineStartOf(t.start)), t.start)));
    if (!c) continue;
    const side = sides?.has(c.category) ? (sectionAt(file, t.start) ?? branchAt(file, t.valueStart, { debug: true }))?.side : undefined;
    out.push({ ...c, start: t.valueStart, end: t.valueEnd, side });
  }
  return out;
}

/** `key: value` / `key=value` lines of YAML and .properties files (the key with its dots and dashes). */
const DATA_LINE = /^[ \t]*(?:-[ \t]+)?["']?([\w.-]+)["']?[ \t]*[:=][ \t]*(\S.*)$/;
const KEY_DB = /^(?:adapter|client|dialect|engine|driver|driver-class-name|driverclassname|driver_class_name|url|jdbc-url|type|provider|database_url)$/;
const KEY_CACHE = /^(?:cache_type|backend|store|cache_store|type|url)$/;

function lineCode(file: SourceFile, line: number): string {
  const s = file.lineStarts[line];
  return file.codeText.slice(s, s + file.lineText(line).length);
}

const YAML_ANCHOR = /^([ \t]*)[\w.-]+[ \t]*:[ \t]*&([\w-]+)[ \t]*$/;
const YAML_MERGE = /^[ \t]*<<[ \t]*:[ \t]*\*([\w-]+)/;

/**
 * Choices an environment section takes from an anchored mapping (`development: <<: *default`):
 * each one counted in that section, unless the section sets the same category itself.
 */
function mergedChoices(file: SourceFile, own: readonly Choice[]): Choice[] {
  const anchors = new Map<string, { from: number; to: number }>();
  const merges: { alias: string; at: number }[] = [];
  for (let l = 0; l < file.lineStarts.length; l++) {
    const line = lineCode(file, l);
    const a = YAML_ANCHOR.exec(line);
    if (a) {
      // the anchored mapping: the following lines indented deeper
      let end = l + 1;
      while (end < file.lineStarts.length && (lineCode(file, end).trim() === '' || indentOf(lineCode(file, end)) > a[1].length)) end++;
      anchors.set(a[2], { from: file.lineStarts[l], to: end < file.lineStarts.length ? file.lineStarts[end] : file.text.length });
    }
    const m = YAML_MERGE.exec(line);
    if (m) merges.push({ alias: m[1], at: file.lineStarts[l] + line.indexOf('<<') });
  }
  const out: Choice[] = [];
  for (const merge of merges) {
    const range = anchors.get(merge.alias);
    const section = sectionAt(file, merge.at);
    if (!range || !section) continue;
    for (const c of own) {
      if (c.start < range.from || c.start >= range.to || c.side) continue;
      if (own.some(o => o.section === section.start && o.category === c.category)) continue;
      out.push({ ...c, side: section.side, section: section.start });
    }
  }
  return out;
}


// ---------------------------------------------------------------------------------------------
// Across files: Rails environment files, Spring profiles

const RAILS_DEV_ENV = /(?:^|\/)config\/environments\/(?:development|dev|local)\.rb$/;
const RAILS_CACHE_STORE = /\bconfig\s*\.\s*cache_store\s*=\s*(:\w+)/;
const SPRING_DEV_PROFILE = /^(application|bootstrap)-(?:dev|development|local)\.(properties|ya?ml)$/;

const BOTH: ReadonlySet<Category> = new Set(['database', 'cache']);

/** Development-side choices of this file paired with the choices of the production file it mirrors. */
function crossFileChoices(file: SourceFile, project: Project | undefined): [Choice, Choice[]][] {
  if (!project) return [];
  const dir = file.path.slice(0, file.path.lastIndexOf('/') + 1);
  if (file.family === 'ruby' && RAILS_DEV_ENV.test(file.path)) {
    const dev = railsCacheStore(file);
    if (!dev) return [];
    for (const name of ['production.rb', 'staging.rb']) {
      const text = project.read(dir + name);
      const prod = text === undefined ? undefined : railsCacheStore(new SourceFile(dir + name, text));
      if (prod) return [[dev, [prod]]];
    }
    return [];
  }
  const m = SPRING_DEV_PROFILE.exec(file.baseName);
  if (!m) return [];
  const mine = choicesIn(file);
  if (!mine.length) return [];
  const candidates = ['prod', 'production', 'staging', ''].flatMap(p => ['yml', 'yaml', 'properties'].map(ext => `${dir}${m[1]}${p ? `-${p}` : ''}.${ext}`));
  for (const path of candidates) {
    const text = project.read(path);
    if (text === undefined) continue;
    const other = new SourceFile(path, text);
    // settings the base file keeps for a local profile of its own do not describe production
    const theirs = choicesIn(other, BOTH).filter(c => c.side !== 'dev');
    if (theirs.length) return mine.map(c => [c, theirs] as [Choice, Choice[]]);
  }
  return [];
}

function railsCacheStore(file: SourceFile): Choice | undefined {
  const m = RAILS_CACHE_STORE.exec(file.codeText);
  const kind = m && RAILS_CACHE_STORES.get(m[1].slice(1));
  if (!m || !kind) return undefined;
  const start = m.index + m[0].length - m[1].length;
  return { category: 'cache', kind, start, end: start + m[1].length };
}
