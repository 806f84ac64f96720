import { Rule } from '../rule';
import { serviceForScheme } from '../services';
import { hasSubstitution, isDeployConfig, parseUrlish } from '../values';
import { inConfigValue, isExampleHost } from '../hosts';
import { isEnvFallback } from '../envReads';

/** `scheme://` for every backing service we know, SQLAlchemy `dialect+driver://`, and JDBC URLs. */
const PATTERN = /(?<![\w+.-])(?:jdbc:(?:[a-z0-9]+:)+(?:\/\/|@)?|(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|mongodb(?:\+srv)?|rediss?|amqps?|kafka|nats|memcached?|ldaps?|smtps?|cassandra|neo4j(?:\+s)?|bolt|clickhouse|couchdb|elasticsearch|opensearch)(?:\+[a-z0-9]+)?:\/\/)[^\s'"`<>)\]},\\]*/gi;

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
  },
  check({ file, report }) {
    if (isDeployConfig(file)) return;
    const text = file.codeText;
    if (text.indexOf(':') < 0) return;
    PATTERN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PATTERN.exec(text))) {
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

/** Host and port of a JDBC URL (`jdbc:postgresql://h:5432/db`, `jdbc:oracle:thin:@h:1521:sid`). */
function jdbcTarget(url: string): { host: string; port?: string } | undefined {
  const m = /^jdbc:[a-z0-9:]*?(?:\/\/|@)(?:[^@/\s]*@)?(\[[0-9a-f:]+\]|[^:/;?\s]+)(?::(\d+))?/i.exec(url);
  return m ? { host: m[1], port: m[2] } : undefined;
}
