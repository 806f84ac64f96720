import { wordEnds } from '../anchors';
import { matchesFrom } from '../codeScan';
import { SourceFile } from '../source';
import { Rule } from '../rule';
import { serviceForScheme } from '../services';
import { hasSubstitution, isDeployConfig, parseUrlish } from '../values';
import { inConfigValue, isExampleHost } from '../hosts';
import { isEnvFallback } from '../envReads';

/** `scheme://` for every backing service we know, SQLAlchemy `dialect+driver://`, and JDBC URLs. */
const PATTERN = /(?<![\w+.-])(?:jdbc:(?:[a-z0-9]+:)+(?:\/\/|@)?|(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|mongodb(?:\+srv)?|rediss?|amqps?|kafka|nats|memcached?|ldaps?|smtps?|cassandra|neo4j(?:\+s)?|bolt|clickhouse|couchdb|elasticsearch|opensearch)(?:\+[a-z0-9]+)?:\/\/)[^\s'"`<>)\]},\\]*/iy;
/** PATTERN's scheme (and driver) at the end of a text: what precedes each of its `://`. */
const SCHEME_END = /(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|mongodb(?:\+srv)?|rediss?|amqps?|kafka|nats|memcached?|ldaps?|smtps?|cassandra|neo4j(?:\+s)?|bolt|clickhouse|couchdb|elasticsearch|opensearch)(?:\+[a-z0-9]+)?$/i;
/** Sticky: at a `jdbc:`. */
const JDBC_URL = /jdbc:[a-z0-9]+:/iy;
/** Where a match's scheme ends or its `jdbc:` starts, in one scan (the trigger's pattern). */
const ANCHOR = /:\/\/|jdbc:/gi;
/** ANCHOR's words, recorded by the shared scan. */
const ANCHOR_ENDS = wordEnds(['://', 'jdbc:']);

/**
 * Matches at the start of a value that this rule reports (same pattern, anchored), so rules about
 * other address forms can leave these literals alone: one literal, one finding.
 */
export const CONNECTION_STRING_START = new RegExp(`^(?:${PATTERN.source})`, 'i');

/** Embedded databases: not a backing service at all (sqlite has its own rule). */
const EMBEDDED_JDBC = /^jdbc:(?:h2:mem|hsqldb:mem|derby:memory|sqlite|tc:)/i;

export const rule: Rule = {
  meta: {
    id: 'config/hardcoded-connection-string',
    factor: 'config',
    severity: 'warning',
    title: 'Hardcoded connection string',
    description: 'A database, cache or queue address written into the code or app config. Every deploy (local, staging, production) needs a different one, so a literal means a code change per environment.',
    remedy: 'Read it from an environment variable (DATABASE_URL, REDIS_URL, ...) and document the variable in .env.example.',
    families: 'all',
    fixable: true,
    trigger: /:\/\/|jdbc:/i,
  },
  check({ file, report }) {
    // the raw text first: where it has no connection string, neither has the code (not lexed then)
    if (!mayHaveConnectionString(file.text, file.wordEnds(ANCHOR_ENDS)) || isDeployConfig(file)) return;
    const text = file.codeText;
    for (const m of matches(file)) {
      const start = m.index;
      // values in code and config, and Dockerfile ENV/ARG (baked into the image); not an env read's fallback
      if (!inConfigValue(file, start) || isEnvFallback(file, file.stringAt(start)?.start ?? start)) continue;
      const value = file.valueRange(start);
      const end = Math.min(start + m[0].length, value.end);
      const url = text.slice(start, end);
      const jdbc = /^jdbc:/i.test(url);
      if (jdbc && EMBEDDED_JDBC.test(url)) continue;
      const target = jdbc ? jdbcTarget(url) : parseUrlish(url);
      if (!target || !target.host || hasSubstitution(target.host) || target.host.startsWith('$') || isExampleHost(target.host)) continue;
      const scheme = jdbc ? url.split(':')[1] : url.slice(0, url.indexOf(':'));
      const service = serviceForScheme(scheme) ?? (jdbc ? serviceForScheme('jdbc') : undefined);
      const envVar = service?.envVar ?? 'DATABASE_URL';
      const where = target.port ? `${target.host}:${target.port}` : target.host;
      report({
        start, end,
        message: `${service?.name ?? 'backing service'} connection string to ${where} is hardcoded. Read it from an environment variable such as ${envVar}.`,
      });
    }
  },
};

/**
 * Whether a PATTERN match is possible: some `://` preceded by a known scheme, or a `jdbc:x:`. A
 * match holds no space, so where the code (comments blanked to spaces) has one, the text has too.
 */
export function mayHaveConnectionString(text: string, ends: readonly number[] | undefined): boolean {
  if (ends) {
    // every `://` and `jdbc:`, from the shared scan (a `jdbc://` holds both)
    for (const e of ends) if (text.charCodeAt(e - 1) === 47 ? schemeBefore(text, e - 3) : jdbcAt(text, e - 5)) return true;
    return false;
  }
  ANCHOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANCHOR.exec(text))) {
    const p = m.index;
    // one step on, not past the match: `jdbc://` holds both
    ANCHOR.lastIndex = p + 1;
    if (m[0] === '://' ? schemeBefore(text, p) : jdbcAt(text, p)) return true;
  }
  return false;
}

/** A known scheme ends right before the `://` at `p`. */
function schemeBefore(text: string, p: number): boolean {
  const s = runStart(text, p, false);
  return s < p && SCHEME_END.test(text.slice(s, p));
}

/** A `jdbc:x:` starts at `p`. */
function jdbcAt(text: string, p: number): boolean {
  JDBC_URL.lastIndex = p;
  return JDBC_URL.test(text);
}

/** The start of the run of `[\w+.-]` (with `dotDash` false: `[A-Za-z0-9+]`, a scheme's characters) that ends at `end`. */
function runStart(text: string, end: number, dotDash: boolean): number {
  let s = end;
  for (; s > 0; s--) {
    const k = text.charCodeAt(s - 1);
    const ok = (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 43 || (dotDash && (k === 95 || k === 46 || k === 45));
    if (!ok) break;
  }
  return s;
}

/**
 * The matches PATTERN would find scanning the code from the start. A match starts with `jdbc:` or
 * ends its scheme with `://`, and nothing of `[\w+.-]` precedes it, so it can only start at a
 * `jdbc:` or where the run of those characters before a `://` starts: only there is it tried (both
 * found from the shared scan's record of them, which also holds those in comments).
 */
function matches(file: SourceFile): RegExpExecArray[] {
  const code = file.codeText;
  const starts: number[] = [];
  for (const e of file.wordEnds(ANCHOR_ENDS)) {
    if (code.startsWith('://', e - 3)) starts.push(runStart(code, e - 3, true));
    else if (e >= 5 && code.slice(e - 5, e).toLowerCase() === 'jdbc:') starts.push(e - 5);
  }
  return matchesFrom(code, PATTERN, starts.sort((a, b) => a - b));
}

/** Host and port of a JDBC URL (`jdbc:postgresql://h:5432/db`, `jdbc:oracle:thin:@h:1521:sid`). */
function jdbcTarget(url: string): { host: string; port?: string } | undefined {
  const m = /^jdbc:[a-z0-9:]*?(?:\/\/|@)(?:[^@/\s]*@)?(\[[0-9a-f:]+\]|[^:/;?\s]+)(?::(\d+))?/i.exec(url);
  return m ? { host: m[1], port: m[2] } : undefined;
}
