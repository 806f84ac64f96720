import { anchored, wordEnds } from '../anchors';
import { isGitIgnored } from '../fixes/envFiles';
import { Rule, Report } from '../rule';
import { envVarNameFor, findTokens, looksTyped, mayContainToken, nameWords, secretNameKind, SecretKind, shannonEntropy } from '../secrets';
import { serviceForScheme } from '../services';
import { SourceFile } from '../source';
import { Family } from '../languages';
import { Token, TokenKind } from '../lexer';
import { hasSubstitution, isDeployConfig, isPlaceholder, mask } from '../values';

/**
 * Hardcoded credentials, three ways:
 * 1. a credential in a known vendor format (src/core/secrets.ts), anywhere a value can be, deploy
 *    config included: a real token committed anywhere is a leak;
 * 2. a password inside a URL (`postgres://app:s3cr3t@db/app`) or a connection string
 *    (`Server=...;Password=...;`), unless it is a placeholder or a substitution;
 * 3. a secret-named variable, key or property (`apiKey = "..."`, `password: ...`,
 *    `spring.datasource.password=...`, `setPassword("...")`) given a literal that looks like a
 *    real secret rather than a label, an identifier, a path, a lookup or a placeholder.
 * Deploy config (.env, compose, Kubernetes, CI) is where secrets are injected from, so there only
 * (1), real-looking URL passwords and secret-named values that look generated are reported; a
 * `.env` that .gitignore excludes is never committed and is skipped; `.env.example` and its
 * siblings only get (1).
 */

/** Sticky: tried only where a scheme starts right before a `://` (see `urlMatches`). */
const URL_CREDENTIALS = /(?<![\w+.-])([a-z][a-z0-9+.-]{0,30}):\/\/([^\s:@/?#'"`]{0,128}):([^\s@/?#'"`]{1,256})@([^\s/?#:'"`]{1,253})/iy;
/** The part of URL_CREDENTIALS from its `://` on (sticky): where the raw text has none, no URL has a password. */
const USERINFO_AT = /:\/\/[^\s:@/?#'"`]{0,128}:[^\s@/?#'"`]{1,256}@[^\s/?#:'"`]/y;
/** `Password=...` in ADO.NET / ODBC connection strings and `password=` URL query parameters. */
const KV_PASSWORD = /(?<![\w-])(?:password|passwd|pwd)\s*=\s*([^;&\s'"`]{1,256})/gi;
/** What every KV_PASSWORD match contains, in the shared scan. */
const KV_WORD_SCAN = anchored(/passw|pwd/i);
/**
 * The words every secret name ends with (see `secretNameKind` and `kindFor`): a text without one
 * has no secret-named value. `base` is `secret_key_base`'s, and contains no other word, hence `key`.
 */
const SECRET_WORDS = ['pass', 'pwd', 'secret', 'token', 'credential', 'authorization', 'key'];
const SECRET_WORD = new RegExp(SECRET_WORDS.join('|'), 'i');
const SECRET_WORD_SCAN = anchored(SECRET_WORD);
/** Each end of a SECRET_WORDS word, from the shared scan. */
const SECRET_WORD_IN_NAME_ENDS = wordEnds(SECRET_WORDS);
/**
 * The words a secret name can end with (see `secretNameKind` and `kindFor`); where a name ends with
 * one of them `secretNameThenSeparator` reads on. No word ends with another, so at most one ends at
 * any offset, and the last letter tells `key` (y) and `base` (e, with `passphrase` and `passcode`).
 */
export const SECRET_END_WORDS = ['pass', 'passwd', 'password', 'passphrase', 'passcode', 'pwd', 'secret', 'token', 'credentials', 'authorization', 'key', 'base'];
/** Each end of a SECRET_END_WORDS word, from the shared scan. */
const SECRET_WORD_ENDS = wordEnds(SECRET_END_WORDS);
/** The same as a pattern, where the shared scan has no ends (a scan made before this rule loaded): a word with no letter or digit after it. */
const SECRET_WORD_END = new RegExp(`(?:${SECRET_END_WORDS.join('|')})(?![a-z0-9])`, 'gi');
/** Qualifiers that make `key` a secret (`KEY_QUALIFIERS` in secrets.ts), as the end of the word before it. */
const KEY_QUALIFIER_END = /(?:api|private|secret|signing|encryption|master|access|app|auth|hmac|jwt|session)$/i;
/** A YAML `key: value` line (list items and quoted keys included). */
const YAML_PAIR = /^[ \t]*(?:-[ \t]+)?(["']?)([A-Za-z_$][\w.$-]*)\1[ \t]*:(?:[ \t]+|$)/;
/** `key=value` / `key: value` lines in .properties, .ini and .env files. */
const LINE_PAIR = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.\-[\]]*)[ \t]*[=:]/;
const EXAMPLE_ENV = /(?:^|[.-])(?:example|sample|template|dist|defaults?|tmpl|tpl)(?:$|[.-])/;
/** Well-known default passwords of local development services. */
const DEV_DEFAULTS = new Set(['postgres', 'root', 'admin', 'guest', 'mysql', 'redis', 'mongo', 'rabbitmq', 'dev', 'development', 'local', 'test', 'user']);
/** Passwords that only stand for one in docs and examples (`scheme://user:passwd@host`, `foo:bar`). */
const TEMPLATE_PASSWORDS = new Set(['pass', 'pw', 'pwd', 'passwd', 'password', 'secret', 'foo', 'bar', 'baz', 'qux', 'p4ssw0rd', 'pa55word', 'passw0rd']);
const TEMPLATE_USERS = new Set(['user', 'username', 'usr', 'login', 'name', 'me', 'myuser', 'your_user', 'u']);
/** Words that, alone before a builder method name, still describe its secret (`.clientSecret("...")`). */
const QUALIFIERS = new Set(['client', 'api', 'auth', 'access', 'db', 'database', 'admin', 'user', 'app', 'master', 'root', 'jwt', 'webhook', 'bot', 'refresh', 'secret', 'private', 'signing', 'encryption', 'service', 'account', 'smtp', 'mail', 'redis', 'aws', 'x', 'oauth', 'bearer', 'session', 'hmac', 'personal']);
/** Calls whose arguments are a key and its value: `props.put("password", "...")`, `define('DB_PASSWORD', '...')`. */
const PAIR_CALLS = new Set(['put', 'set', 'setproperty', 'setenv', 'add', 'define', 'header', 'setheader', 'append', 'insert', 'setenvironmentvariable', 'addheader', 'setrequestheader']);
const DIGIT = /\d/;
const LETTER = /[A-Za-z]/;
const WHITESPACE = /\s/;
/** Type names between a variable and `=` (`var password string = ...`). */
const TYPE_WORDS = new Set(['string', 'String', 'str', '&str', 'char', 'Str']);

export const rule: Rule = {
  meta: {
    id: 'config/hardcoded-credentials',
    factor: 'config',
    severity: 'error',
    title: 'Hardcoded credentials',
    description: 'A password, API key, token or private key written into the code or a committed config file. Anyone with the repository has it, every environment shares it, and rotating it means a code change.',
    remedy: 'Read it from an environment variable or a secret store, and rotate the exposed value.',
    families: 'all',
    fixable: false,
    // no trigger: one would hold `key`, `token`, `pass`... and match nearly every file (94% of a mixed
    // corpus), costing more than it saves; the check's own raw-text tests keep files unlexed instead
  },
  check(ctx) {
    const { file } = ctx;
    const text = file.text;
    if (file.family === 'dotenv' && ctx.project && isGitIgnored(file.path, ctx.project)) return;
    const exampleEnv = file.family === 'dotenv' && EXAMPLE_ENV.test(file.baseName.replace(/^\.env/, ''));
    // what each pass needs, looked up in the raw text first: a file that needs none is not lexed
    const tokens = mayContainToken(file);
    const urls = !exampleEnv && rawUrlCredentials(text);
    // KV_PASSWORD's words are secret names followed by `=`
    const separated = !exampleEnv && secretNameThenSeparator(text, file.wordEnds(SECRET_WORD_ENDS));
    const kv = separated && file.matches(KV_WORD_SCAN);
    const named = !exampleEnv && !UNLEXED.has(file.family) && file.family !== 'xml' && (file.family === 'yaml' ? file.matches(SECRET_WORD_SCAN) : separated);
    if (!tokens && !urls && !kv && !named) return;
    const deploy = isDeployConfig(file);
    const taken: { start: number; end: number }[] = [];
    const report = (r: Report) => {
      if (taken.some(t => r.start < t.end && t.start < r.end)) return;
      taken.push({ start: r.start, end: r.end });
      ctx.report(r);
    };
    if (tokens) knownTokens(file, report, r => taken.push(r));
    if (urls) urlCredentials(file, deploy, report);
    if (kv) kvPasswords(file, deploy, report);
    if (named) secretNamedValues(file, deploy, report);
  },
};

const ROTATE = 'it is in the history now';
/** Families whose unquoted words are values too (`export TOKEN=...`, `ENV TOKEN=...`): any non-comment text counts. */
const UNLEXED: ReadonlySet<Family> = new Set<Family>(['shell', 'dockerfile', 'generic']);

/** `claim` marks a value as judged without a report (a public-by-design key), so no later pass flags it. */
function knownTokens(file: SourceFile, report: (r: Report) => void, claim: (r: { start: number; end: number }) => void): void {
  const code = file.codeText;
  const codeFamily = !file.isData && !UNLEXED.has(file.family);
  for (const t of findTokens(code, file)) {
    if (codeFamily && !file.stringAt(t.start)) continue;
    // Firebase web config keys are public by design: access is governed by security rules
    if (t.format.id === 'google-api-key' && /firebaseapp\.com|authDomain|messagingSenderId/.test(code.slice(Math.max(0, t.start - 600), t.end + 600))) { claim(t); continue; }
    report({
      start: t.start, end: t.end, severity: t.format.severity,
      message: `Hardcoded ${t.format.name} (${mask(t.secret)}). Move it to a secret store or an environment variable and rotate it: ${ROTATE}.`,
    });
  }
}

/**
 * Whether the raw text has a secret name followed by what separates a name from its value in
 * every form `nameFor` and `linePairs` read: `=`, `:`, `=>`, `(`, `,`, a closing quote, `]`, a Go
 * type (`password string =`), or a comment in between (`#`, `//`, `/*`, `<!--`, `;`, `!`, a Python
 * docstring). Files where it does not are not lexed for that pass. YAML's `- name: X_PASSWORD` /
 * `value:` pairs fall outside it (YAML uses SECRET_WORD). `ends`: where SECRET_END_WORDS words end
 * (from the shared scan); without them the text is searched here. Linear: each gap is read once.
 */
export function secretNameThenSeparator(text: string, ends?: readonly number[]): boolean {
  if (ends) {
    for (const end of ends) if (secretNameEndsAt(text, end)) return true;
    return false;
  }
  SECRET_WORD_END.lastIndex = 0;
  for (let m; (m = SECRET_WORD_END.exec(text));) if (secretNameEndsAt(text, m.index + m[0].length)) return true;
  return false;
}

/** A SECRET_END_WORDS word ends at `end`, ends a name there (no letter or digit after), and a separator follows. */
function secretNameEndsAt(text: string, end: number): boolean {
  if (end < text.length && isAlnum(text.charCodeAt(end))) return false;
  const last = text.charCodeAt(end - 1) | 32;
  const base = last === 101 && text.slice(end - 4, end).toLowerCase() === 'base';
  if ((last === 121 || base) && !qualifiedKey(text, end, base)) return false;
  return separatorAfter(text, end);
}

function isAlnum(k: number): boolean {
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57);
}

/** The run of letters and digits that ends at `end`, and the one before it (across other characters). */
function runBefore(text: string, end: number): { start: number; prevEnd: number } {
  let start = end;
  while (start > 0 && isAlnum(text.charCodeAt(start - 1))) start--;
  let prevEnd = start;
  while (prevEnd > 0 && !isAlnum(text.charCodeAt(prevEnd - 1))) prevEnd--;
  return { start, prevEnd };
}

/**
 * A `key` word ending at `end` preceded by a qualifier (`apiKey`, `API_KEY`, `privatekey`), or with
 * `base`, a `base` word preceded by `key` (`secret_key_base`); checked on whole runs of letters and
 * digits, so camelCase words count as their run.
 */
function qualifiedKey(text: string, end: number, base: boolean): boolean {
  const wordLength = base ? 4 : 3;
  const run = runBefore(text, end);
  const head = text.slice(run.start, end - wordLength);
  if (head) return base ? /key$/i.test(head) : KEY_QUALIFIER_END.test(head);
  const prevRun = runBefore(text, run.prevEnd);
  const prev = text.slice(prevRun.start, run.prevEnd);
  return base ? /key$/i.test(prev) : KEY_QUALIFIER_END.test(prev);
}

/** Separators and the characters comments start with (`#` apart); a quote or `]` may close the name first. */
const SEPARATOR_CHARS = '=:(,>/<;!"\'`-';

/**
 * After a name ending at `end` (a non-alphanumeric character follows it): a separator, a comment,
 * a Go type, a prefixed docstring. A `#` comment (Python's `pass  # noqa`) is read over to the end
 * of its line unless a quote follows on that line: then the `#` may be part of a quoted key.
 */
function separatorAfter(text: string, end: number): boolean {
  for (let i = end; i < text.length; i++) {
    const k = text.charCodeAt(i);
    if (isAlnum(k)) return /^(?:str|char|[bfrtu]{1,2}["'])/i.test(text.slice(i, i + 4));
    if (k === 35) {
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = text.length;
      if (QUOTE.test(text.slice(i, eol))) return true;
      i = eol;
      continue;
    }
    if (SEPARATOR_CHARS.indexOf(text[i]) >= 0) return true;
  }
  return false;
}

const QUOTE = /["'`]/;

/** Whether some `://` in the raw text is followed by `user:password@host` (every URL_CREDENTIALS match is). */
function rawUrlCredentials(text: string): boolean {
  for (let p = text.indexOf('://'); p >= 0; p = text.indexOf('://', p + 3)) {
    USERINFO_AT.lastIndex = p;
    if (USERINFO_AT.test(text)) return true;
  }
  return false;
}

/**
 * The matches URL_CREDENTIALS would find scanning `code` from the start, found from each `://`:
 * a scheme is a run of `[a-z0-9+.-]` not preceded by `[\w+.-]`, so a match can only start where
 * the run before a `://` starts. Runs never contain `:`, so they and the matches come in order.
 */
function urlMatches(code: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (let p = code.indexOf('://'); p >= 0; p = code.indexOf('://', p + 3)) {
    let s = p;
    while (s > 0 && isSchemeChar(code.charCodeAt(s - 1))) s--;
    if (s === p || s < from) continue;
    URL_CREDENTIALS.lastIndex = s;
    const m = URL_CREDENTIALS.exec(code);
    if (m) { out.push(m); from = s + m[0].length; }
  }
  return out;
}

/** `[a-z0-9+.-]`, either case. */
function isSchemeChar(k: number): boolean {
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 43 || k === 46 || k === 45;
}

function urlCredentials(file: SourceFile, deploy: boolean, report: (r: Report) => void): void {
  for (const m of urlMatches(file.codeText)) {
    const start = m.index;
    if (!inValue(file, start)) continue;
    const [, scheme, user, password, host] = m;
    if (!realUrlPassword(user, password, host, deploy)) continue;
    const pwStart = start + scheme.length + 3 + user.length + 1;
    const service = serviceForScheme(scheme);
    report({
      start: pwStart, end: pwStart + password.length,
      message: `Hardcoded password in a ${service?.name ?? scheme} URL (${mask(password)}). Read the URL from an environment variable${service ? ` such as ${service.envVar}` : ''} and rotate the password: ${ROTATE}.`,
    });
  }
}

function kvPasswords(file: SourceFile, deploy: boolean, report: (r: Report) => void): void {
  const code = file.codeText;
  KV_PASSWORD.lastIndex = 0;
  for (const m of code.matchAll(KV_PASSWORD)) {
    const start = m.index!;
    if (!inValue(file, start)) continue;
    const range = file.valueRange(start);
    const value = file.text.slice(range.start, range.end);
    const prev = code[start - 1];
    const boundary = start === range.start || prev === ';' || prev === '?' || prev === '&' || prev === ' ' || prev === '\t';
    if (!boundary || !/;|\b(?:host|dbname|user|server|data source)\s*=/i.test(value)) continue;
    const password = m[1];
    if (!realPassword(password, deploy)) continue;
    const pwStart = start + m[0].length - password.length;
    report({
      start: pwStart, end: pwStart + password.length,
      message: `Hardcoded password in a connection string (${mask(password)}). Read the connection string from an environment variable or a secret store and rotate the password: ${ROTATE}.`,
    });
  }
}

function inValue(file: SourceFile, offset: number): boolean {
  if (UNLEXED.has(file.family)) return !file.inComment(offset);
  return file.inValue(offset);
}

function realUrlPassword(user: string, password: string, host: string, deploy: boolean): boolean {
  if (password.length < 4 || TEMPLATE_PASSWORDS.has(password.toLowerCase()) || /[[\]]/.test(user)) return false;
  if (isPlaceholder(password) || hasSubstitution(password) || hasSubstitution(user) || hasSubstitution(host) || /^[*x.]+$/i.test(password)) return false;
  if (password === user || /(?:^|\.)example(?:\.(?:com|org|net))?$|\.(?:test|invalid)$/i.test(host)) return false;
  if (TEMPLATE_USERS.has(user.toLowerCase()) && DEV_DEFAULTS.has(password.toLowerCase())) return false;
  const local = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal|\[::1\])$/i.test(host) || host.indexOf('.') < 0;
  if (local && DEV_DEFAULTS.has(password.toLowerCase())) return false;
  return deploy ? looksGenerated(password) : true;
}

function realPassword(password: string, deploy: boolean): boolean {
  if (isPlaceholder(password) || hasSubstitution(password) || /^[*x.]+$/i.test(password) || DEV_DEFAULTS.has(password.toLowerCase()) || TEMPLATE_PASSWORDS.has(password.toLowerCase())) return false;
  return deploy ? looksGenerated(password) : password.length >= 4;
}

/** Strong evidence of a real secret, required in deploy config where secret-named keys are normal. */
function looksGenerated(v: string): boolean {
  const classes = charClasses(v);
  return (v.length >= 10 && classes >= 3 && shannonEntropy(v) >= 3) || (v.length >= 20 && classes >= 2 && shannonEntropy(v) >= 3.5);
}

function charClasses(v: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (let i = 0; i < v.length; i++) {
    const k = v.charCodeAt(i);
    if (k >= 97 && k <= 122) lower = 1; else if (k >= 65 && k <= 90) upper = 1; else if (k >= 48 && k <= 57) digit = 1; else other = 1;
  }
  return lower + upper + digit + other;
}

const PLACEHOLDER_WORDS = /example|change[-_ ]?me|placeholder|your[-_]|dummy|fake|sample|xxxx|redacted|insert[-_ ]|replace[-_ ]?(?:me|with|this)|todo|<|>/i;
const LOOKUP = /^(?:arn:|op:\/\/|vault:|env:|ssm:|file:|sm:\/\/|secret:|projects\/|ENC\(|\{cipher\}|\{bcrypt\}|\$2[aby]\$|\$argon2|@Microsoft\.KeyVault)/i;
const PATH_LIKE = /^(?:\/|\.\.?[/\\]|~\/|[A-Za-z]:\\)|\.(?:pem|key|p12|pfx|jks|json|txt|crt|cer|der|keystore|ya?ml|env|properties|toml|ini)$/i;
const LARAVEL_VALIDATION = /(?:^|\|)(?:required|nullable|sometimes|confirmed|string|min:\d+|max:\d+)(?:\||$)/;

/** Whether a literal given to a secret-named key looks like an actual secret. */
function looksLikeSecretValue(value: string, kind: SecretKind, deploy: boolean): boolean {
  const v = value;
  if (!v || v !== v.trim() || WHITESPACE.test(v)) return false;
  if (isPlaceholder(v) || hasSubstitution(v) || /%[svdqx]|\{\{|<%/.test(v) || PLACEHOLDER_WORDS.test(v)) return false;
  if (v.length < (kind === 'password' ? 6 : 8)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || LOOKUP.test(v) || PATH_LIKE.test(v) || LARAVEL_VALIDATION.test(v)) return false;
  if (v.endsWith(':') || /^[~^<>=v]*\d+\.\d+/.test(v)) return false;
  // a property path (`Jobs[-1].JobId`), a class name (`V1SecretVolumeSource`), an identifier (`storage_v1_client`)
  if (/^[A-Za-z_]\w*(?:\[[^\]]*\]|\.[A-Za-z_]\w*)+$/.test(v) || /^[A-Za-z]?[a-z0-9]*(?:[A-Z][a-z]{2,}\d*){2,}$/.test(v) || identifierLike(v)) return false;
  // no digits and the secret word itself: a label, a selector, a field name ("[type=password]")
  if (!DIGIT.test(v) && /password|passwd|secret|token|api[-_]?key|credential/i.test(v)) return false;
  // an environment variable's name, or an identifier such as "access_token" or "X-Api-Key"
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return false;
  if (/^[\w.-]+$/.test(v) && secretNameKind(v) && !DIGIT.test(nameWords(v).slice(-1)[0] ?? '')) return false;
  if (!DIGIT.test(v) && /^[A-Za-z][A-Za-z_.\-/]*$/.test(v)) {
    // letters only: a word or an identifier, unless it is long, mixed-case and random
    const upper = (v.match(/[A-Z]/g) ?? []).length / v.length;
    if (!(v.length >= 20 && shannonEntropy(v) >= 4 && upper > 0.25 && upper < 0.75)) return false;
  }
  if (looksTyped(v)) return false;
  const entropy = shannonEntropy(v);
  if (deploy) return looksGenerated(v);
  if (kind === 'password') return entropy >= 2;
  return entropy >= 3 && (charClasses(v) >= 2 || v.length >= 20);
}

/** Words and short version-like parts joined by separators: `storage_v1_client`, `dev-token-123`, `subject_token_0`. */
function identifierLike(v: string): boolean {
  const parts = v.split(/[-_.]/);
  return parts.length > 1 && parts.every(p => p === '' || /^[A-Za-z]+$/.test(p) || /^[A-Za-z]{0,2}\d{1,4}$/.test(p)) && parts.some(p => /^[A-Za-z]{3,}$/.test(p));
}

/** `Basic base64(user:password)` whose password is a placeholder (`username:password`, `foo:bar`). */
function placeholderBasicAuth(b64: string): boolean {
  let decoded: string;
  try { decoded = atob(b64); } catch { return false; }
  const i = decoded.indexOf(':');
  if (i < 0) return false;
  const password = decoded.slice(i + 1);
  return password.length < 4 || TEMPLATE_PASSWORDS.has(password.toLowerCase()) || isPlaceholder(password) || password === decoded.slice(0, i);
}

interface Named {
  name: string;
  kind: SecretKind;
  valueStart: number;
  valueEnd: number;
  /** The name is a key (`"mail.smtp.password": ...`), not a variable path (`this.config.password`). */
  key: boolean;
}

function secretNamedValues(file: SourceFile, deploy: boolean, report: (r: Report) => void): void {
  const pairs: Named[] = [];
  if (file.family === 'yaml' || file.family === 'properties' || file.family === 'ini' || file.family === 'dotenv') linePairs(file, pairs);
  else tokenPairs(file, pairs);
  for (const p of pairs) {
    let start = p.valueStart;
    const end = p.valueEnd;
    let value = file.text.slice(start, end);
    const auth = /^(Bearer|Basic|Token|Bot)\s+(\S+)$/.exec(value);
    if (auth) {
      start = end - auth[2].length; value = auth[2];
      if (auth[1] === 'Basic' && placeholderBasicAuth(value)) continue;
    }
    // a JWT the catalogue judged public (a Supabase anon key) or a documentation sample
    if (/^eyJ[\w-]+\.eyJ/.test(value) && !findTokens(value).length) continue;
    if (!looksLikeSecretValue(value, p.kind, deploy)) continue;
    const what = p.kind === 'password' ? 'password' : 'secret';
    report({
      start, end,
      message: `${displayName(p.name)} is given a hardcoded ${what} (${mask(value)}). Read it from an environment variable such as ${envVarNameFor(p.key ? p.name : lastSegment(p.name))} or a secret store, and rotate it: ${ROTATE}.`,
    });
  }
}

function displayName(name: string): string {
  return name.length > 60 ? `…${name.slice(-59)}` : name;
}

/** A variable path's own name (`this.config.apiKey` -> apiKey); keys are kept whole (Spring's relaxed binding maps them). */
function lastSegment(name: string): string {
  const parts = name.split(/\.|->|::/);
  return parts[parts.length - 1].replace(/^[$@]+/, '');
}

/** Secret-named keys in line-oriented data files: YAML, .properties, .ini, .env. */
function linePairs(file: SourceFile, out: Named[]): void {
  const code = file.codeText;
  const yaml = file.family === 'yaml';
  let prevName: string | undefined;
  let lineStart = 0;
  while (lineStart <= code.length) {
    let lineEnd = code.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = code.length;
    const line = code.slice(lineStart, lineEnd).replace(/\r$/, '');
    let name: string | undefined, valueOffset = -1;
    if (yaml) {
      const m = YAML_PAIR.exec(line);
      if (m) {
        name = m[2]; valueOffset = m[0].length;
        // Kubernetes env entries: `- name: DB_PASSWORD` then `value: "..."`
        if (name === 'value' && prevName) name = prevName;
        prevName = m[2] === 'name' ? unquote(line.slice(m[0].length).trim()) : undefined;
      } else {
        const item = /^[ \t]*-[ \t]+([A-Za-z_][\w.-]*)=/.exec(line);
        if (item) { name = item[1]; valueOffset = item[0].length; }
      }
    } else {
      const m = LINE_PAIR.exec(line);
      if (m) { name = m[1]; valueOffset = m[0].length; }
    }
    const v = name && valueOffset >= 0 ? valueSpan(file, lineStart + valueOffset, lineStart + line.length) : undefined;
    const kind = name && v ? kindFor(name, file.text.slice(v.start, v.end)) : undefined;
    if (name && v && kind) out.push({ name, kind: kind.kind, valueStart: v.start, valueEnd: v.end, key: true });
    lineStart = lineEnd + 1;
  }
}

/** The value after a key in a line: the quoted string's contents, or the bare text up to a trailing comment. */
function valueSpan(file: SourceFile, from: number, lineEnd: number): { start: number; end: number } | undefined {
  const text = file.text;
  let s = from;
  while (s < lineEnd && (text[s] === ' ' || text[s] === '\t')) s++;
  if (s >= lineEnd) return undefined;
  const q = text[s];
  if (q === '"' || q === "'") {
    const t = file.stringAt(s + 1);
    if (t && t.start === s) return { start: t.valueStart, end: t.valueEnd };
    const close = text.indexOf(q, s + 1);
    return close > s && close <= lineEnd ? { start: s + 1, end: close } : undefined;
  }
  if ('|>&*!{['.includes(q)) return undefined;
  let e = lineEnd;
  const code = file.codeText;
  while (e > s && isSpace(code[e - 1])) e--;
  return { start: s, end: e };
}

function unquote(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}

/**
 * Secret-named assignments in code, JSON and TOML: the name before each string literal. A name is
 * read back from the literal only where a SECRET_WORD word ends within reach: after the start of
 * nameFor's window or of the string literal before (a quoted key), and by the literal's start.
 */
function tokenPairs(file: SourceFile, out: Named[]): void {
  const ends = file.wordEnds(SECRET_WORD_IN_NAME_ENDS);
  let e = 0, keyStart = Infinity;
  for (const tok of file.tokens) {
    if (tok.kind !== TokenKind.String) continue;
    const before = keyStart;
    keyStart = tok.valueStart;
    if (tok.interpolated || tok.valueEnd - tok.valueStart < 6) continue;
    if (ends) {
      // both bounds only grow, literal after literal
      const from = Math.min(Math.max(0, tok.start - NAME_REACH), before);
      while (e < ends.length && ends[e] <= from) e++;
      if (e === ends.length || ends[e] > tok.start) continue;
    }
    const named = nameFor(file, tok);
    if (!named || !SECRET_WORD.test(named.name)) continue;
    const kind = kindFor(named.name, file.text.slice(tok.valueStart, tok.valueEnd));
    if (!kind || (named.call && !kind.qualifiers.every(q => QUALIFIERS.has(q)))) continue;
    out.push({ name: named.name, kind: kind.kind, valueStart: tok.valueStart, valueEnd: tok.valueEnd, key: named.quoted === true });
  }
}

/** The name's secret kind; an `Authorization` header counts when its value carries a credential. */
function kindFor(name: string, value: string): { kind: SecretKind; qualifiers: string[] } | undefined {
  const k = secretNameKind(name);
  if (k) return k;
  const w = nameWords(name);
  return w[w.length - 1] === 'authorization' && /^(?:Bearer|Basic|Token|Bot)\s+\S/.test(value) ? { kind: 'secret', qualifiers: [] } : undefined;
}

function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95 || k === 36;
}

function isNameChar(c: string | undefined): boolean {
  return isWordChar(c) || c === '@';
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function skipWsBack(code: string, i: number, limit: number): number {
  while (i >= limit && isSpace(code[i])) i--;
  return i;
}

/**
 * The name a string literal is given to, read backwards from the literal: `name = "..."`,
 * `name := "..."`, `name: Type = "..."`, `Type name = "..."`, `"name": "..."`, `name: "..."`,
 * `'name' => '...'`, `obj["name"] = "..."`, `setName("...")`, `.name("...")`,
 * `put("name", "...")`. Comparisons and compound assignments are not assignments.
 */
/** How far back from a literal nameFor reads its name. */
const NAME_REACH = 300;

function nameFor(file: SourceFile, tok: Token): { name: string; call?: boolean; quoted?: boolean } | undefined {
  const code = file.codeText;
  const limit = Math.max(0, tok.start - NAME_REACH);
  let i = skipWsBack(code, tok.start - 1, limit);
  if (i < limit) return undefined;
  const c = code[i];
  if (c === '=') {
    const p = code[i - 1];
    if (p === ':') i -= 2;
    else if (p !== undefined && '=!<>+-*/%&|^?~.'.includes(p)) return undefined;
    else i -= 1;
    return nameBeforeAssignment(file, i, limit);
  }
  if (c === '>' && code[i - 1] === '=') return keyBefore(file, i - 2, limit);
  if (c === ':' && code[i - 1] !== ':') return keyBefore(file, i - 1, limit);
  if (c === '(') return setterCall(code, i - 1, limit);
  if (c === ',') return pairCall(file, i - 1, limit);
  return undefined;
}

/** A quoted key, a bracketed quoted key or an identifier path ending at i. */
function keyBefore(file: SourceFile, i: number, limit: number): { name: string; quoted?: boolean } | undefined {
  const code = file.codeText;
  i = skipWsBack(code, i, limit);
  if (i < limit) return undefined;
  if (code[i] === ']') i = skipWsBack(code, i - 1, limit);
  if (code[i] === '"' || code[i] === "'" || code[i] === '`') {
    const t = file.tokenAt(i);
    if (!t || t.kind !== TokenKind.String || t.end - 1 !== i) return undefined;
    return { name: file.text.slice(t.valueStart, t.valueEnd), quoted: true };
  }
  const end = i + 1;
  i = readPathBack(code, i, limit);
  const name = code.slice(i + 1, end);
  return name && LETTER.test(name) ? { name: name.replace(/^:/, '') } : undefined;
}

/** Identifier characters plus `.`, `?.`, `->` and `::` separators, backwards from i; returns the index before the path. */
function readPathBack(code: string, i: number, limit: number): number {
  while (i >= limit) {
    const ch = code[i];
    if (isNameChar(ch) || ch === '.') i--;
    else if (ch === '>' && code[i - 1] === '-') i -= 2;
    else if (ch === ':' && code[i - 1] === ':') i -= 2;
    else if (ch === '?' && code[i + 1] === '.') i--;
    else break;
  }
  // a Ruby symbol key (`:password => ...`)
  if (code[i] === ':' && code[i - 1] !== ':') i--;
  return i;
}

function nameBeforeAssignment(file: SourceFile, i: number, limit: number): { name: string; quoted?: boolean } | undefined {
  const code = file.codeText;
  i = skipWsBack(code, i, limit);
  if (i < limit) return undefined;
  if (code[i] === ']' || code[i] === '"' || code[i] === "'") return keyBefore(file, i, limit);
  // a type annotation: `apiKey: string =`, `API_KEY: &str =`, `token: String =`
  let j = i;
  while (j >= limit && /[\w$.<>[\]&?|' ]/.test(code[j]) && code[j] !== '\n') j--;
  if (code[j] === ':' && code[j - 1] !== ':' && j < i) {
    const k = skipWsBack(code, j - 1, limit);
    if (isNameChar(code[k])) return keyBefore(file, k, limit);
  }
  const end = i + 1;
  const start = readPathBack(code, i, limit) + 1;
  const word = code.slice(start, end);
  if (!word || !LETTER.test(word)) return undefined;
  if (TYPE_WORDS.has(word) || TYPE_WORDS.has(code.slice(start - 1, end))) {
    // Go `var password string = ...`: the name is the word before the type
    const k = skipWsBack(code, start - (code[start - 1] === '&' ? 2 : 1), limit);
    if (isNameChar(code[k])) return keyBefore(file, k, limit);
    return undefined;
  }
  return { name: word.replace(/^:/, '') };
}

/** `ds.setPassword("...")`, `builder.password("...")`, `.withApiKey("...")`. */
function setterCall(code: string, i: number, limit: number): { name: string; call: true } | undefined {
  i = skipWsBack(code, i, limit);
  const end = i + 1;
  while (i >= limit && isWordChar(code[i])) i--;
  const callee = code.slice(i + 1, end);
  if (!callee) return undefined;
  const receiver = code[i] === '.' || (code[i] === '>' && code[i - 1] === '-');
  const prefixed = /^(?:set|with|Set|With)(?=[A-Z_])_?(.+)$/.exec(callee);
  if (prefixed) return { name: prefixed[1], call: true };
  return receiver ? { name: callee, call: true } : undefined;
}

/** `props.put("password", "...")`, `define('DB_PASSWORD', '...')`, `headers.set("X-Api-Key", "...")`. */
function pairCall(file: SourceFile, i: number, limit: number): { name: string; quoted: true } | undefined {
  const code = file.codeText;
  i = skipWsBack(code, i, limit);
  const t = file.tokenAt(i);
  if (!t || t.kind !== TokenKind.String || t.end - 1 !== i) return undefined;
  const k = skipWsBack(code, t.start - 1, limit);
  if (code[k] !== '(') return undefined;
  let j = skipWsBack(code, k - 1, limit);
  const end = j + 1;
  while (j >= limit && isWordChar(code[j])) j--;
  const callee = code.slice(j + 1, end).toLowerCase();
  return PAIR_CALLS.has(callee) ? { name: file.text.slice(t.valueStart, t.valueEnd), quoted: true } : undefined;
}
