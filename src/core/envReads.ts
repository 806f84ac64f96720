/**
 * Whether a literal is the fallback of an environment read (`process.env.X || 'lit'`,
 * `os.environ.get("X", "lit")`, `ENV.fetch("X", "lit")`, `System.getenv("X") ?: "lit"`). The
 * address there is read from the environment in every deploy that sets the variable; whether the
 * fallback itself is acceptable is a separate question with its own rule, so rules about literals
 * leave it alone and a literal gives one finding.
 */
import { SourceFile } from './source';

/** Environment reads in the supported languages, and config readers that fall back to the environment. */
const ENV_READ_MARKS = ['process.env', 'import.meta.env', 'Deno.env', 'Bun.env', 'os.environ', 'getenv', 'Getenv', 'environ.get',
  'ENV.fetch', 'ENV[', '$_ENV', '$_SERVER', 'GetEnvironmentVariable', 'env::var', 'dj_database_url', 'GetValue<', 'GetConnectionString', 'viper.Get'];
/** `env('X', ...)` (Laravel, django-environ), `env.str(...)`, `config('X', default=...)` (python-decouple), `Configuration["X"]`. */
const ENV_READ_CALL = /(?:^|[^\w.])(?:env(?:\.\w+)?\s*\(|config\s*\(\s*["'])|Configuration\s*\[/;

/**
 * The literal starting at `offset` follows an environment read in the same statement (same line,
 * or the previous lines of a call that is still open).
 */
export function isEnvFallback(file: SourceFile, offset: number): boolean {
  if (file.isData) return false;
  const text = file.codeText;
  // never more than the 300 characters read below: a very long line is not read again per literal
  const floor = Math.max(0, offset - 300);
  let line = file.lineOf(offset);
  let start = Math.max(floor, file.lineStarts[line]);
  for (let n = 0; n < 3 && start > floor; n++) {
    // the previous line's start from the line index: a search back would cross all of a long
    // previous line, again for each literal after it (found by npm run fuzz)
    const prevStart = Math.max(floor, file.lineStarts[--line]);
    const prev = text.slice(prevStart, start - 1).trimEnd();
    if (!/[(,]$|\?\?$|\|\|$/.test(prev)) break;
    start = prevStart;
  }
  const before = text.slice(Math.max(start, offset - 300), offset);
  const statement = before.slice(before.lastIndexOf(';') + 1);
  return ENV_READ_MARKS.some(m => statement.includes(m)) || ENV_READ_CALL.test(statement);
}
