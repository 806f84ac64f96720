import { Rule } from '../rule';
import { TokenKind } from '../lexer';
import { Family } from '../languages';
import { SourceFile } from '../source';
import { inConfigValue } from '../hosts';
import { isEnvFallback } from '../envReads';
import { isDeployConfig } from '../values';
import { enclosingKeys } from '../envContext';

/**
 * SQLite as the app's database. Its data is a file on one instance's disk: lost when the container
 * is replaced, invisible to the app's other processes, and impossible to scale out. Flagged:
 * sqlite URLs (`sqlite:///app.db`, `jdbc:sqlite:`, PDO `sqlite:`), ORM settings that pick the
 * engine (Django ENGINE, Sequelize dialect, TypeORM type, Knex client, Prisma provider, Rails
 * adapter) and driver calls (Go `sql.Open("sqlite3")`, GORM `sqlite.Open`, rusqlite, EF Core
 * `UseSqlite`, `sqlite3.connect("app.db")`...). In-memory databases, development and test
 * settings (files named for them, `development:`/`test:` sections, `if DEBUG:` blocks) are left
 * alone: that is the dev/prod parity question, not this one.
 */

const URL_FORM = /(?:jdbc:)?sqlite3?(?:\+\w+)?:/gi;
const DJANGO = /django\.(?:contrib\.gis\.)?db\.backends\.(?:sqlite3|spatialite)/g;
/** `dialect: 'sqlite'`, `client: "sqlite3"`, `adapter: sqlite3`, `provider = "sqlite"`, `'type' => 'sqlite'`: the value. */
const SQLITE_VALUE = /(?:better-)?sqlite3?/gi;
/** Keys that choose the database engine. */
const ENGINE_KEYS: ReadonlySet<string> = new Set(['dialect', 'client', 'type', 'adapter', 'provider', 'engine', 'db_type', 'dbtype',
  'database_type', 'databasetype', 'db_engine', 'dbengine', 'database_engine', 'db_dialect', 'dbdialect', 'database_dialect']);
/** Keys too generic to trust without a database setting nearby. */
const WEAK_KEYS: ReadonlySet<string> = new Set(['client', 'type', 'engine', 'provider']);
const DB_NEARBY = /database|storage|filename|entities|synchronize|connection|migrations|datasource/i;

interface CallPattern {
  re: RegExp;
  families: readonly Family[];
  /** The file must mention this (the import) for the call to mean SQLite. */
  needs?: string;
  /** Only a string literal first argument counts (a path in a variable may be anything). */
  literalArg?: boolean;
}

const CALLS: readonly CallPattern[] = [
  // Go: database/sql and sqlx with a sqlite driver; GORM's sqlite dialector
  { re: /sqlx?\.(?:Open|Connect|MustConnect|MustOpen)\(\s*"sqlite3?"/g, families: ['go'] },
  { re: /sqlite\.Open\(/g, families: ['go'] },
  // Rust: rusqlite
  { re: /Connection::open\(/g, families: ['rust'], needs: 'rusqlite' },
  // C#: EF Core, Microsoft.Data.Sqlite, System.Data.SQLite
  { re: /\.UseSqlite\(|new\s+(?:Sqlite|SQLite)Connection\(/g, families: ['csharp'] },
  // Python: sqlite3 / aiosqlite with a file name
  { re: /(?:sqlite3|aiosqlite)\.connect\(/g, families: ['python'], literalArg: true },
  // Ruby: sqlite3 gem
  { re: /SQLite3::Database\.(?:new|open)\(?|Sequel\.sqlite\(/g, families: ['ruby'], literalArg: true },
  // PHP: SQLite3 extension (PDO goes through the `sqlite:` DSN)
  { re: /new\s+SQLite3\(/g, families: ['php'], literalArg: true },
  // Node: sqlite3 and better-sqlite3
  { re: /new\s+sqlite3\.Database\(/g, families: ['js'], literalArg: true },
  { re: /new\s+Database\(/g, families: ['js'], needs: 'better-sqlite3', literalArg: true },
];

/** Said by every finding's code: the trigger, and the first test on the code. */
const SQLITE = /sqlite/i;
const MEMORY = /:memory:|mode=memory|open_in_memory/i;
const READ_ONLY_MARKS = ['mode=ro&', 'mode=ro"', "mode=ro'", 'mode=readonly', 'immutable=1', 'sqlite_open_read_only'];
const READ_ONLY_OPTION = /readonly\s*:\s*true/i;
/** Names of environments that are not production. */
const NON_PROD: ReadonlySet<string> = new Set(['dev', 'development', 'local', 'test', 'tests', 'testing', 'ci', 'e2e', 'cucumber']);
const CONFIG_NAME = /settings|config|application|appsettings|environment|database|knexfile|ormconfig|datasource/i;
const NON_PROD_NAMES = ['test', 'testing', 'development', 'dev', 'local'];
const DB_FILE_EXT = /\.(?:sqlite3?|db3?|s3db|sl3)$/i;

const FAMILIES: readonly Family[] = ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust',
  'yaml', 'json', 'properties', 'toml', 'ini', 'xml', 'dockerfile', 'generic'];

export const rule: Rule = {
  meta: {
    id: 'processes/sqlite-database',
    factor: 'processes',
    severity: 'warning',
    title: 'SQLite file as the app database',
    description: 'The app keeps its data in a SQLite file. The file lives on one instance\'s disk: it is lost when the instance is replaced on a redeploy, and other processes of the app never see it, so the app cannot scale out.',
    remedy: 'Use a database server (PostgreSQL, MySQL, ...) located by DATABASE_URL; keep SQLite for tests and local development if you like.',
    families: FAMILIES,
    fixable: false,
    trigger: SQLITE,
  },
  check({ file, report }) {
    // generic files: only Prisma schemas
    if (file.family === 'generic' && !file.baseName.endsWith('.prisma')) return;
    if (isDeployConfig(file) || isNonProdConfigFile(file)) return;
    // the code must say sqlite (so must the raw text: the trigger)
    const text = file.codeText;
    if (!SQLITE.test(text)) return;
    const reportedLines = new Set<number>();
    /** `dbFile`: the file name when known, null when it is computed (no guessing from nearby text). */
    const flag = (start: number, end: number, dbFile?: string | null) => {
      const line = file.lineOf(start);
      if (reportedLines.has(line) || isNonProdContext(file, start)) return;
      reportedLines.add(line);
      const name = dbFile === undefined ? dbFileNear(file, start) : dbFile;
      report({
        start, end,
        message: `The app keeps its database in a SQLite file${name ? ` (${name})` : ''}: the file lives on one instance's disk, is lost on redeploy and is not shared between processes. Use a database server located by DATABASE_URL.`,
      });
    };

    for (const m of text.matchAll(URL_FORM)) {
      const start = m.index!;
      if (/[\w+.-]/.test(text[start - 1] ?? '') || !inConfigValue(file, start) || !atValueStart(file, start) || isCompared(file, start)) continue;
      const rest = restOfValue(file, start + m[0].length);
      if (MEMORY.test(rest) || isReadOnly(rest)) continue;
      const path = rest.replace(/^\/\/\/?/, '').split(/[?;]/)[0];
      if (!path && !concatenated(file, start)) continue; // `sqlite://` alone is in-memory; `startsWith('sqlite:')` is a check
      if (isEnvFallback(file, file.stringAt(start)?.start ?? start)) continue;
      flag(start, start + m[0].length + rest.length, !path ? undefined : /[{$%#]/.test(path) ? null : path);
    }

    for (const m of text.matchAll(DJANGO)) {
      const start = m.index!;
      if (!file.inValue(start) || isCompared(file, start) || memoryNearby(file, start) || isEnvFallback(file, file.stringAt(start)?.start ?? start)) continue;
      flag(start, start + m[0].length);
    }

    for (const m of text.matchAll(SQLITE_VALUE)) {
      const start = m.index!, end = start + m[0].length;
      if (/[\w.-]/.test(text[start - 1] ?? '') || /[\w.:-]/.test(text[end] ?? '')) continue;
      const key = engineKeyBefore(text, start);
      if (!key || !inConfigValue(file, start) || memoryNearby(file, start)) continue;
      if (WEAK_KEYS.has(key) && !DB_NEARBY.test(settingsAround(file, start))) continue;
      if (isEnvFallback(file, file.stringAt(start)?.start ?? start)) continue;
      flag(start, end);
    }

    for (const c of CALLS) {
      if (!c.families.includes(file.family) || (c.needs && !text.includes(c.needs))) continue;
      for (const m of text.matchAll(c.re)) {
        const start = m.index!;
        if (/\w/.test(text[start]) && /\w/.test(text[start - 1] ?? '')) continue;
        const args = argsText(text, start + m[0].length);
        if (MEMORY.test(args) || isReadOnly(args)) continue;
        const first = firstStringArg(file, start + m[0].length);
        if (c.literalArg && first === undefined) continue;
        // "Data Source=shop.db;Cache=Shared" names its file after the `=`
        const path = first?.split(';').map(p => p.slice(p.indexOf('=') + 1).trim()).find(p => DB_FILE_EXT.test(p));
        flag(start, start + m[0].length, path);
      }
    }
  },
};

/**
 * Settings for an environment other than production: `settings/local.py`, `settings/test.py`,
 * `config/environments/development.rb`, `appsettings.Development.json`, `application-test.yml`.
 */
function isNonProdConfigFile(file: SourceFile): boolean {
  const dot = file.baseName.lastIndexOf('.');
  const base = dot > 0 ? file.baseName.slice(0, dot) : file.baseName;
  const parts = base.split(/[._-]/);
  if (!parts.some(p => NON_PROD.has(p))) return false;
  return parts.length === 1 || file.isData || CONFIG_NAME.test(base) || /(?:^|\/)(?:settings|config|environments)\//.test(file.path);
}

/** Inside a development/test section or branch: YAML/JSON/TOML sections, object keys, `if DEBUG:`. */
function isNonProdContext(file: SourceFile, pos: number): boolean {
  const line = file.lineOf(pos);
  if (isNonProdCondition(file.lineText(line))) return true;
  if (file.family === 'yaml' || file.family === 'python') {
    for (const { trimmed } of file.enclosingLines(line, 300)) {
      if (file.family === 'yaml') {
        if (isNonProdKey(/^["']?([\w.-]+)["']?\s*:/.exec(trimmed)?.[1])) return true;
      } else if (/^(?:el)?if\b/.test(trimmed) && !/\bnot\b/.test(trimmed) && (isNonProdCondition(trimmed) || /\b(?:DEBUG|TESTING)\b/.test(trimmed))) {
        return true;
      }
    }
    if (file.family === 'yaml') return false;
  }
  if (file.family === 'toml' || file.family === 'ini') {
    for (let l = line; l >= 0 && l > line - 500; l--) {
      const m = /^\s*\[+([\w.-]+)\]+/.exec(file.lineText(l));
      if (m) return m[1].split('.').some(isNonProdKey);
    }
    return false;
  }
  return enclosingKeys(file, pos).some(k => isNonProdKey(k.key));
}

/** `NODE_ENV === 'test' ? ...`, `env == "development"`, `if settings.DEBUG:`, `if "test" in sys.argv:`. */
function isNonProdCondition(line: string): boolean {
  const l = line.replace(/\s+/g, ' ');
  if (l.includes('if DEBUG') || l.includes('if settings.DEBUG') || l.includes('if TESTING') || l.includes('if settings.TESTING')) return true;
  if (l.includes("'test' in sys.argv") || l.includes('"test" in sys.argv')) return true;
  for (const name of NON_PROD_NAMES) {
    for (const q of ['"', "'"]) {
      const lit = q + name + q;
      for (let i = l.indexOf(lit); i >= 0; i = l.indexOf(lit, i + 1)) {
        const before = l.slice(Math.max(0, i - 3), i).trimEnd();
        const after = l.slice(i + lit.length, i + lit.length + 3).trimStart();
        if (before.endsWith('==') || after.startsWith('==') || after.startsWith('!=')) return true;
      }
    }
  }
  return false;
}

/** The engine-choosing key before a value: `dialect: '`, `"client": "`, `'type' => '`, `provider = "`, `adapter: `. */
function engineKeyBefore(text: string, start: number): string | undefined {
  let j = start - 1;
  if (text[j] === '"' || text[j] === "'" || text[j] === '`') j--;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (text[j] === '>' && text[j - 1] === '=') j -= 2;
  else if (text[j] === ':' || text[j] === '=') j--;
  else return undefined;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (text[j] === '"' || text[j] === "'") j--;
  let s = j;
  while (s >= 0 && /\w/.test(text[s])) s--;
  const key = text.slice(s + 1, j + 1).toLowerCase();
  return ENGINE_KEYS.has(key) ? key : undefined;
}

/** Opened read-only: a dataset shipped with the code, not the app's database. */
function isReadOnly(s: string): boolean {
  const lower = s.toLowerCase() + '"';
  return READ_ONLY_MARKS.some(m => lower.includes(m)) || READ_ONLY_OPTION.test(s);
}

function isNonProdKey(key: string | undefined): boolean {
  return key !== undefined && NON_PROD.has(key.toLowerCase());
}


const COMPARE_CALLS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'includes', 'equals', 'contains', 'match', 'test', 'indexof', 'has']);

/** The literal is compared with, not configured: `ENGINE == '...sqlite3'`, `url.startsWith('sqlite:')`, `case 'sqlite':`. */
function isCompared(file: SourceFile, start: number): boolean {
  const s = file.stringAt(start);
  if (!s) return false;
  const text = file.codeText;
  const before = text.slice(Math.max(0, s.start - 40), s.start).trimEnd();
  if (/(?:[=!]=|\bin|\bcase|\bwhen)$/.test(before)) return true;
  if (before.endsWith('(')) {
    const head = before.slice(0, -1).trimEnd();
    let k = head.length;
    while (k > 0 && /\w/.test(head[k - 1])) k--;
    if (COMPARE_CALLS.has(head.slice(k).toLowerCase())) return true;
  }
  let i = s.end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.startsWith('==', i) || text.startsWith('!=', i);
}

/** A URL must begin its value: a whole literal, or the value of a data/Dockerfile line. */
function atValueStart(file: SourceFile, start: number): boolean {
  const s = file.stringAt(start);
  const text = file.codeText;
  if (s) return text.slice(s.valueStart, start).trim() === '';
  const lineStart = file.lineStarts[file.lineOf(start)];
  const before = text.slice(lineStart, start).trimEnd();
  return before === '' || /[=:>-]$/.test(before);
}

/** The rest of the value after `from`, up to a quote, whitespace or the end of the literal/line. */
function restOfValue(file: SourceFile, from: number): string {
  const s = file.stringAt(from);
  const text = file.codeText;
  const end = s ? s.valueEnd : text.length;
  let i = from;
  while (i < end && !/[\s"'`<>,]/.test(text[i])) i++;
  return text.slice(from, i);
}

/** The literal ends right after `sqlite:` and is concatenated with a path: PHP `'sqlite:' . $path`, JS `'sqlite:' + path`. */
function concatenated(file: SourceFile, start: number): boolean {
  const s = file.stringAt(start);
  if (!s) return false;
  let i = s.end;
  while (i < file.codeText.length && (file.codeText[i] === ' ' || file.codeText[i] === '\t')) i++;
  return file.codeText[i] === '.' || file.codeText[i] === '+';
}

function window(file: SourceFile, pos: number): string {
  return file.codeText.slice(Math.max(0, pos - 300), pos + 300);
}

/**
 * The settings next to `pos`: the object literal around it in code (`{ type: 'sqlite', database: ... }`),
 * three lines either side in data files.
 */
function settingsAround(file: SourceFile, pos: number): string {
  const text = file.codeText;
  if (file.isData) {
    const line = file.lineOf(pos);
    const from = file.lineStarts[Math.max(0, line - 3)];
    const to = file.lineStarts[Math.min(file.lineStarts.length - 1, line + 4)] ?? text.length;
    return text.slice(from, to > from ? to : text.length);
  }
  let depth = 0, open = -1;
  for (let j = pos - 1; j >= 0 && j >= pos - 1000; j--) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const t = file.tokenAt(j);
      if (t && t.kind === TokenKind.String) { j = t.start; continue; }
    }
    if (c === '}' || c === ')' || c === ']') depth++;
    else if (c === '{' || c === '(' || c === '[') { if (depth === 0) { open = j; break; } depth--; }
  }
  if (open < 0) return '';
  // the object's own name too: `datasource db {`, `TypeOrmModule.forRoot({`
  const head = text.lastIndexOf('\n', open) + 1;
  depth = 0;
  for (let j = open; j < text.length && j < open + 3000; j++) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const t = file.tokenAt(j);
      if (t && t.kind === TokenKind.String) { j = t.end - 1; continue; }
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if ((c === '}' || c === ')' || c === ']') && --depth === 0) return text.slice(head, j + 1);
  }
  return text.slice(head, Math.min(text.length, open + 3000));
}

function memoryNearby(file: SourceFile, pos: number): boolean {
  return MEMORY.test(window(file, pos));
}

/** The arguments of a call whose `(` is just before `from`, up to the end of the line. */
function argsText(text: string, from: number): string {
  let end = text.indexOf('\n', from);
  if (end < 0) end = text.length;
  return text.slice(from, Math.min(end, from + 300));
}

/** The first argument when it is a string literal. */
function firstStringArg(file: SourceFile, from: number): string | undefined {
  const text = file.codeText;
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '(' || text[i] === '@')) i++;
  const t = file.tokenAt(i);
  if (!t || t.kind !== TokenKind.String || t.start !== i) return undefined;
  return file.text.slice(t.valueStart, t.valueEnd);
}

/**
 * A database file name written next to the setting (`database: 'db.sqlite'`, `storage: './data/app.db'`,
 * `NAME: BASE_DIR / "db.sqlite3"`): the nearest one in the same paragraph, after the setting first.
 */
function dbFileNear(file: SourceFile, pos: number): string | undefined {
  const text = file.codeText;
  const blank = /\n[ \t]*\n/g;
  blank.lastIndex = pos;
  const after = blank.exec(text);
  const end = Math.min(after ? after.index : text.length, pos + 300);
  const prev = text.lastIndexOf('\n\n', pos);
  const start = Math.max(prev < 0 ? 0 : prev, pos - 300);
  let best: { name: string; score: number } | undefined;
  const lower = text.slice(start, end).toLowerCase();
  for (const ext of ['.sqlite3', '.sqlite', '.db3', '.db']) {
    for (let i = lower.indexOf(ext); i >= 0; i = lower.indexOf(ext, i + 1)) {
      const e = i + ext.length;
      if (e < lower.length && /[\w.-]/.test(lower[e])) continue;
      let s = i;
      while (s > 0 && /[\w./\\-]/.test(lower[s - 1])) s--;
      const name = text.slice(start + s, start + e);
      if (!/[\w-]\.[a-z0-9]+$/i.test(name) || /\.backends\./.test(name) || !file.inValue(start + s)) continue;
      const at = start + s;
      const score = at >= pos ? at - pos : pos - at + 1000;
      if (!best || score < best.score) best = { name, score };
    }
  }
  return best?.name;
}
