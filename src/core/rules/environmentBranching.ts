import { wordEnds } from '../anchors';
import { isWordCharCode } from '../codeScan';
import { Rule } from '../rule';
import { TokenKind } from '../lexer';
import { Family } from '../languages';
import { Project } from '../project';
import { SourceFile } from '../source';
import { branchAt } from '../envContext';
import { classifyHost } from '../hosts';
import { isTestPath } from '../servers';
import { hasSubstitution, parseUrlish } from '../values';

/**
 * Config grouped by named environments: the code (or the file layout) decides which deploy it runs
 * in and holds each deploy's values. Every new deploy (a staging copy, a customer's region) then
 * needs a code change, and the environments drift apart.
 *
 * Flagged: an `if`/`else`, `switch`/`case` or conditional expression on a named environment
 * (`NODE_ENV === 'production'`, `Rails.env.production?`, `env.IsDevelopment()`, `APP_ENV == "prod"`)
 * whose branch writes an address (a URL or host literal); node-config's `config/production.*` beside
 * `config/development.*` (once, on the production file's first line, through the project's paths);
 * Rails credentials looked up by environment name (`Rails.application.credentials.production`).
 * Not flagged: environment checks that toggle logging, debugging or features (no address in the
 * branch), `DEBUG` switches, tests, and example hosts.
 *
 * No trigger: the node-config finding depends on the file's path, not on its text.
 */
const CODE: readonly Family[] = ['js', 'python', 'go', 'ruby', 'php', 'java', 'kotlin', 'csharp', 'rust'];
const FAMILIES: readonly Family[] = [...CODE, 'json', 'yaml'];

export const rule: Rule = {
  meta: {
    id: 'config/environment-branching',
    factor: 'config',
    severity: 'info',
    title: 'Config grouped by environment name',
    description: 'The code or the config layout picks values by environment name (production, staging, development). Named environments do not scale: each new deploy needs a code change, and the environments drift apart.',
    remedy: 'Keep one set of code and config, and read what differs between deploys (URLs, hosts, credentials) from environment variables.',
    families: FAMILIES,
    fixable: false,
  },
  check({ file, project, report }) {
    if (isTestPath(file.path)) return;
    const layout = nodeConfigLayout(file, project);
    if (layout) {
      const firstLineEnd = file.lineText(0).length;
      report({
        start: 0, end: firstLineEnd,
        message: `Config is grouped by environment name: ${file.baseName} sits beside ${layout}. Every new deploy then needs its own file. Keep defaults in one file and map what differs between deploys to environment variables (custom-environment-variables.json).`,
      });
    }
    if (!CODE.includes(file.family)) return;
    const text = file.codeText;
    if (file.family === 'ruby' && text.indexOf('credentials') >= 0) {
      RAILS_CREDENTIALS.lastIndex = 0;
      for (const m of text.matchAll(RAILS_CREDENTIALS)) {
        report({
          start: m.index!, end: m.index! + m[0].length,
          message: `Credentials are looked up by environment name here (credentials.${m[1]}), so the code decides which deploy it runs in. Give each deploy its own values: environment variables, or per-environment credentials (bin/rails credentials:edit --environment ${m[1]}) read without the environment key.`,
        });
      }
    }
    if (!namesEnvironment(file)) return;
    const seen = new Set<number>();
    let budget = MAX_ADDRESSES;
    for (const t of file.tokens) {
      if (t.kind !== TokenKind.String) continue;
      const value = file.text.slice(t.valueStart, t.valueEnd);
      const address = addressIn(value);
      if (!address) continue;
      if (--budget < 0) break;
      const b = branchAt(file, t.valueStart);
      if (!b || seen.has(b.condStart)) continue;
      seen.add(b.condStart);
      const cond = file.text.slice(b.condStart, b.condEnd).replace(/\s+/g, ' ');
      report({
        start: b.condStart, end: b.condEnd,
        message: `Configuration is chosen by environment name here (${cond.length > 60 ? `${cond.slice(0, 57)}...` : cond}): this branch sets the address ${address}. Each new deploy then needs a code change. Read the address from an environment variable set per deploy instead.`,
      });
    }
  },
};

/** A named environment written in code: a quoted name, an `isProd`-style flag, `IsProduction()`, `Rails.env.production?`. */
export const ENV_WORD = /(["'`])(?:production|prod|staging|development|dev|local)\1|\bis_?(?:prod|dev|staging)|\bIS_(?:PROD|DEV|STAGING)|\bIs(?:Production|Development|Staging)\b|\.(?:production|development|staging)\?/i;
/**
 * ENV_WORD's matches as words (it is case-insensitive): a quoted name; a flag, which `IS_PROD` and
 * `IsProduction` start with too (after a word boundary); `.production?`. Their ends are recorded in
 * the shared scan (anchors.ts).
 */
const QUOTED_NAMES = ['production', 'prod', 'staging', 'development', 'dev', 'local'].flatMap(n => ['"', "'", '`'].map(q => q + n + q));
const FLAG_NAMES = ['isprod', 'is_prod', 'isdev', 'is_dev', 'isstaging', 'is_staging'];
const ENV_WORDS = [...QUOTED_NAMES, ...FLAG_NAMES, '.production?', '.development?', '.staging?'];
const ENV_WORD_ENDS = wordEnds(ENV_WORDS);

/**
 * Whether the file's code has a match of ENV_WORD, worked out from where its words end in the raw
 * text (in the code, in any case; a flag after a word boundary) instead of running the pattern over
 * the code: most code files have `dev` or `local` somewhere, few have a quoted environment name.
 */
export function namesEnvironment(file: SourceFile): boolean {
  const code = file.codeText;
  for (const e of file.wordEnds(ENV_WORD_ENDS)) {
    for (const w of ENV_WORDS) {
      const s = e - w.length;
      if (s < 0 || !sameLetters(code, s, w)) continue;
      if (w.charCodeAt(0) === 105 && s > 0 && isWordCharCode(code.charCodeAt(s - 1))) continue; // `is...` after \b
      return true;
    }
  }
  return false;
}

/** Whether `text` has `lower` (lower case) at `at`, ASCII letters in any case. */
function sameLetters(text: string, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(at + k);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
}
/** Address literals looked at per file: each one walks out through the blocks around it. */
const MAX_ADDRESSES = 200;
const RAILS_CREDENTIALS = /\bcredentials\s*(?:\.\s*|\[\s*:|\.\s*dig\s*\(\s*:)(production|development|staging|test)\b/g;

const NETWORK_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ws', 'wss', 'grpc', 'grpcs', 'tcp', 'tls', 'postgres', 'postgresql',
  'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps', 'nats', 'kafka', 'memcached', 'smtp', 'smtps', 'ldap', 'ldaps']);
/** Last labels that are file extensions, not top-level domains (`app.log`, `config.json`). */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set(['json', 'js', 'ts', 'py', 'rb', 'go', 'yml', 'yaml', 'xml', 'html', 'htm', 'css', 'txt',
  'log', 'md', 'csv', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'db', 'sqlite', 'pid', 'sock', 'conf', 'cfg', 'ini', 'env', 'lock', 'gz',
  'zip', 'tar', 'pem', 'key', 'crt', 'cert', 'map', 'min', 'mjs', 'cjs', 'tsx', 'jsx', 'php', 'java', 'kt', 'cs', 'rs', 'toml', 'sh', 'bat',
  'exe', 'dll', 'so', 'jar', 'war', 'class', 'pdf', 'doc', 'wasm', 'tmp', 'bak', 'out', 'err', 'erb', 'tpl', 'vue', 'scss', 'less']);
const HOST_PORT = /^([\w.-]+):(\d{1,5})$/;

/** The host (or host:port) of a literal that is a network address, else undefined. */
function addressIn(value: string): string | undefined {
  // every address has a dot or a colon (a URL, host:port, an IP, a dotted name; `localhost` is not named)
  if (value.indexOf('.') < 0 && value.indexOf(':') < 0) return undefined;
  if (value.length > 300 || /\s/.test(value) || hasSubstitution(value)) return undefined;
  if (value.indexOf('://') > 0) {
    const u = parseUrlish(value);
    if (!u || !NETWORK_SCHEMES.has(u.scheme.toLowerCase()) || !u.host) return undefined;
    return acceptable(u.host) ? (u.port ? `${u.host}:${u.port}` : u.host) : undefined;
  }
  const hp = HOST_PORT.exec(value);
  if (hp) return acceptable(hp[1]) ? value : undefined;
  const cls = classifyHost(value);
  if (cls === 'loopback' || cls === 'private' || cls === 'public-ip' || cls === 'internal-name') return value === 'localhost' ? undefined : value;
  if (cls !== 'public-name') return undefined;
  const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase();
  return /^[a-z]{2,6}$/.test(tld) && !FILE_EXTENSIONS.has(tld) ? value : undefined;
}

/** A host worth naming: not an example, template word or invalid name. */
function acceptable(host: string): boolean {
  const cls = classifyHost(host);
  return cls !== 'example' && cls !== 'invalid' && cls !== 'well-known';
}

const NODE_CONFIG_PROD = /(?:^|\/)config\/(production|prod)\.(json|ya?ml|[cm]?[jt]s)$/;
const NODE_CONFIG_EXTS = ['json', 'json5', 'yaml', 'yml', 'js', 'cjs', 'mjs', 'ts', 'toml', 'hjson', 'properties', 'xml'];

/** `config/production.json` beside `config/development.json` (node-config): the development file's name. */
function nodeConfigLayout(file: SourceFile, project: Project | undefined): string | undefined {
  if (!project || !NODE_CONFIG_PROD.test(file.path)) return undefined;
  const dir = file.path.slice(0, file.path.lastIndexOf('/') + 1);
  for (const name of ['development', 'dev']) {
    for (const ext of NODE_CONFIG_EXTS) if (project.paths.has(`${dir}${name}.${ext}`)) return `${name}.${ext}`;
  }
  return undefined;
}
