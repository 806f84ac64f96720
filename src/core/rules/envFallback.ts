import { Anchored, anchored, wordEnds } from '../anchors';
import { escapeRegExp, isRegexSpace, isWordCharCode, matchesFrom, wordStarts } from '../codeScan';
import { Family } from '../languages';
import { TokenKind } from '../lexer';
import { Rule, RuleContext } from '../rule';
import { findTokens, isSecretName, nameWords } from '../secrets';
import { serviceForScheme } from '../services';
import { SourceFile } from '../source';
import { hasSubstitution, isDeployConfig, mask, parseUrlish } from '../values';

/**
 * An environment read whose fallback is a secret or a service address:
 * `process.env.API_KEY || "..."`, `os.getenv("REDIS_URL", "redis://localhost:6379")`,
 * `ENV.fetch("SECRET_KEY_BASE", "...")`, `@Value("${jwt.secret:...}")`. When the variable is
 * missing in some deploy, the app does not stop: it quietly signs with a committed secret or talks
 * to localhost. Secrets are warnings; addresses are information (a development default is common,
 * but it belongs in .env). Ports, booleans, log levels, timeouts and environment names are fine.
 *
 * Each read pattern below ends where the fallback literal must start; a fallback that is not a
 * string literal (a number, a call, another variable) is not judged.
 */

interface ReadPattern {
  re: RegExp;
  /** The variable's name in the match. */
  name(m: RegExpMatchArray): string | undefined;
  families?: readonly Family[];
  /** Words of which every match contains one: without any in the file, the pattern is not run. */
  needs?: readonly string[];
  /** Every match starts with one of `needs`: the pattern is tried only where they occur (see `wordStarts`). */
  starts?: boolean;
  /** A sticky pattern for a call with a string first argument, tried only at such calls (see `callMatches`). */
  call?: boolean;
  /** A sticky pattern tried only this many characters before each `.env` (see `anchoredMatches`). */
  at?: readonly number[];
}

const CODE: readonly Family[] = ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust'];

/** Helpers that read a variable with a default: `getEnv("X", "d")`, `env('X', 'd')` (Laravel), `envOr(...)`. */
const HELPERS = new Set(['getenv', 'env', 'envor', 'getenvor', 'getenvordefault', 'envordefault', 'getenvdefault', 'lookupenvor', 'envdefault', 'getenvwithdefault', 'envget']);

const PATTERNS: readonly ReadPattern[] = [
  // JavaScript: process.env.X || 'd', process.env['X'] ?? 'd'
  { re: /\b(?:process\.env|import\.meta\.env|Bun\.env)(?:\.([A-Za-z_$][\w$]*)|\[\s*(["'`])([^"'`\n]{1,100})\2\s*\])\s*(?:\|\||\?\?)\s*/y, name: m => m[1] ?? m[3], families: ['js'], at: [11, 7, 3] },
  { re: /\bDeno\.env\.get\(\s*(["'])([^"'\n]{1,100})\1\s*\)\s*(?:\|\||\?\?)\s*/g, name: m => m[2], families: ['js'], needs: ['Deno.env.get'], starts: true },
  // getenv('X') ?: 'd' (PHP), System.getenv("X") ?: "d" (Kotlin), GetEnvironmentVariable("X") ?? "d" (C#), os.getenv('X') or 'd' (Python)
  { re: /\b(?:getenv|environ\.get|GetEnvironmentVariable|getEnv)\(\s*(["'])([^"'\n]{1,100})\1\s*\)\s*(?:\?:|\?\?|\|\||or\b)\s*/g, name: m => m[2], needs: ['getenv', 'environ.get', 'GetEnvironmentVariable', 'getEnv'], starts: true },
  // ENV['X'] || 'd' (Ruby), $_ENV['X'] ?? 'd', $_SERVER['X'] ?: 'd' (PHP)
  { re: /(?:\bENV|\$_ENV|\$_SERVER)\[\s*(["'])([^"'\n]{1,100})\1\s*\]\s*(?:\|\||\?\?|\?:|or\b)\s*/g, name: m => m[2], families: ['ruby', 'php'], needs: ['ENV[', '_SERVER['] },
  // os.environ.get('X', 'd'), os.getenv('X', 'd'), ENV.fetch('X', 'd'), env('X', 'd'), getEnv("X", "d"), env.getProperty("x", "d"), config('X', default='d')
  { re: /(?<![\w$.])((?:[A-Za-z_]\w*(?:\.|::|->))?[A-Za-z_]\w*(?:\.(?:get|setdefault|fetch))?)\s*\(\s*(["'`])([A-Za-z_][\w.-]{0,99})\2\s*,\s*(default\s*=\s*)?/y, name: m => helperName(m[1], m[3], m[4] !== undefined), call: true },
  // ENV.fetch('X') { 'd' } (Ruby)
  { re: /\bENV\.fetch\(\s*(["'])([^"'\n]{1,100})\1\s*\)\s*(?:\{\s*(?:\|\w*\|\s*)?|do\s+(?:\|\w*\|\s*)?)/g, name: m => m[2], families: ['ruby'], needs: ['ENV.fetch'], starts: true },
  // System.getenv().getOrDefault("X", "d") (Java, Kotlin)
  { re: /\bSystem\.getenv\(\s*\)\s*\.getOrDefault\(\s*"([^"\n]{1,100})"\s*,\s*/g, name: m => m[1], families: ['java', 'kotlin'], needs: ['getOrDefault'] },
  // Optional.ofNullable(System.getenv("X")).orElse("d")
  { re: /\bSystem\.getenv\(\s*"([^"\n]{1,100})"\s*\)\s*\)\s*\.orElse\(\s*/g, name: m => m[1], families: ['java', 'kotlin'], needs: ['System.getenv'] },
  // Objects.requireNonNullElse(System.getenv("X"), "d"), StringUtils.defaultIfBlank(...)
  { re: /\b(?:requireNonNullElse|firstNonNull|defaultIfBlank|defaultIfEmpty|defaultString)\(\s*System\.getenv\(\s*"([^"\n]{1,100})"\s*\)\s*,\s*/g, name: m => m[1], families: ['java', 'kotlin'], needs: ['System.getenv'] },
  // cmp.Or(os.Getenv("X"), "d") (Go 1.22)
  { re: /\bcmp\.Or\(\s*os\.Getenv\(\s*"([^"\n]{1,100})"\s*\)\s*,\s*/g, name: m => m[1], families: ['go'], needs: ['cmp.Or'] },
  // env::var("X").unwrap_or("d".into()), .unwrap_or_else(|_| "d".to_string()), option_env!("X").unwrap_or("d")
  { re: /\b(?:env::var|dotenvy::var|dotenv::var|option_env!)\(\s*"([^"\n]{1,100})"\s*\)\s*(?:\.ok\(\s*\)\s*)?\.unwrap_or(?:_else)?\(\s*(?:(?:move\s*)?\|[^|\n]{0,20}\|\s*)?(?:String::from\(\s*)?/g, name: m => m[1], families: ['rust'], needs: ['::var', 'option_env!'] },
  // Configuration["X"] ?? "d" (C#)
  { re: /\b_?[Cc]onfig(?:uration)?\[\s*"([^"\n]{1,100})"\s*\]\s*\?\?\s*/g, name: m => m[1], families: ['csharp'], needs: ['onfig'] },
];

/** Each pattern's `needs` as a pattern of the shared scan (anchors.ts), registered with the rule. */
const NEEDS_SCANS = new Map<readonly string[], Anchored>();
function needsScan(needs: readonly string[]): Anchored {
  let a = NEEDS_SCANS.get(needs);
  if (!a) NEEDS_SCANS.set(needs, a = anchored(new RegExp(needs.map(escapeRegExp).join('|'))));
  return a;
}

for (const p of PATTERNS) if (p.needs) needsScan(p.needs);

/** The `needs` of the patterns that start with them, recorded in the shared scan; and each such pattern made sticky. */
const NEEDS_ENDS = wordEnds(PATTERNS.flatMap(p => (p.starts ? p.needs! : [])));
const STICKY = new Map(PATTERNS.filter(p => p.starts).map(p => [p, new RegExp(p.re.source, 'y')]));
/** `.env`, in `process.env` and `import.meta.env` (see `anchoredMatches` and `destructureCloses`). */
const DOT_ENV_ENDS = wordEnds(['.env']);

/** A file without one of these reads nothing from the environment (`$` and `{` start Spring placeholders). */
const GATE = /env|ENV|Env|\$\{|getProperty|[Cc]onfig|_SERVER/;

/** Spring placeholders with a default: `${jwt.secret:abc}` in @Value and application.properties/yml (a nested `${A:${B:c}}` is not judged). */
const SPRING_PLACEHOLDER = /\$\{([A-Za-z_][\w.\-[\]]*):([^}\n$]*)\}/g;
/** What `const { API_KEY = '...' } = process.env` reads from (see destructureCloses). */
const ENV_OBJECTS = ['process.env', 'import.meta.env'];
const DESTRUCTURED_DEFAULT = /(?<![\w$])([A-Za-z_$][\w$]*)\s*(?::\s*[A-Za-z_$][\w$]*\s*)?=\s*/g;
const HOST_PORT = /^([A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:]+\]):(\d{2,5})(?:[,/]|$)/;
const OWN_URL_WORDS = new Set(['app', 'base', 'public', 'site', 'frontend', 'root', 'canonical', 'self', 'next', 'nextauth']);
const HOST_WORDS = new Set(['host', 'hostname', 'addr', 'address', 'server', 'servers', 'broker', 'brokers', 'endpoint']);

export const rule: Rule = {
  meta: {
    id: 'config/env-fallback',
    factor: 'config',
    severity: 'warning',
    title: 'Secret or service address as an environment fallback',
    description: 'An environment variable read with a hardcoded fallback that is a secret or a service address. When a deploy forgets the variable, the app starts anyway, signing with a committed secret or talking to localhost, instead of failing where the mistake is obvious.',
    remedy: 'Drop the fallback and stop at startup when the variable is missing; keep development values in .env.',
    families: [...CODE, 'properties', 'yaml'],
    fixable: false,
    // the check applies it again to the code without comments
    trigger: GATE,
  },
  check(ctx) {
    const { file } = ctx;
    if (isDeployConfig(file)) return;
    // data files: only `${name:default}` placeholders, so no placeholder, no lexing
    if (file.isData && file.text.indexOf('${') < 0) return;
    const code = file.codeText;
    if (!GATE.test(code)) return;
    if (file.isData) { springPlaceholders(ctx, code, 0); return; }
    // where `.env` is in the code (process.env, import.meta.env), looked up once if asked for
    let dotEnv: number[] | undefined;
    const envDots = () => (dotEnv ??= wordStarts(file, DOT_ENV_ENDS, ['.env']));
    for (const p of PATTERNS) {
      if (p.families && !p.families.includes(file.family)) continue;
      const starts = p.starts ? wordStarts(file, NEEDS_ENDS, p.needs!) : undefined;
      if (starts?.length === 0) continue;
      // the words are looked up in the shared scan of the raw text first (what the code has, it has)
      if (!starts && p.needs && !(file.mentions(needsScan(p.needs)) && p.needs.some(w => code.indexOf(w) >= 0))) continue;
      p.re.lastIndex = 0;
      const found = starts ? matchesFrom(code, STICKY.get(p)!, starts)
        : p.call ? callMatches(file, p.re) : p.at ? anchoredMatches(code, p.re, p.at, envDots()) : code.matchAll(p.re);
      for (const m of found) {
        if (file.stringAt(m.index!)) continue;
        const name = p.name(m);
        if (name) judgeLiteralAt(ctx, name, m.index! + m[0].length);
      }
    }
    if (file.family === 'js') destructured(ctx, code, envDots());
    if ((file.family === 'java' || file.family === 'kotlin') && code.indexOf('${') >= 0) {
      // the next `${` at or after the current literal, looked up again only once a literal passes it
      let next = file.text.indexOf('${');
      for (const t of file.tokens) {
        if (next < 0) break;
        if (t.kind !== TokenKind.String) continue;
        if (next < t.valueStart) next = file.text.indexOf('${', t.valueStart);
        if (next >= 0 && next < t.valueEnd) springPlaceholders(ctx, file.text.slice(t.valueStart, t.valueEnd), t.valueStart);
      }
    }
  },
};

/**
 * The matches a sticky call pattern (a callee, `(`, a string literal, `,`) would find scanning the
 * code text globally, found from each string literal that opens with its quote right after a `(`
 * (blanks between): such a callee ends right before the `(` (blanks between), starts inside the run
 * of name characters there where nothing of a name precedes it, and runs of different calls never
 * overlap, so they come in order. Calls whose last name `helperName` refuses are passed over without
 * running the pattern. (A quote that opens no literal is inside one, and so is a callee before it.)
 */
function callMatches(file: SourceFile, re: RegExp): RegExpExecArray[] {
  const code = file.codeText;
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const t of file.tokens) {
    if (t.kind !== TokenKind.String) continue;
    const q = code.charCodeAt(t.start);
    if (q !== 34 && q !== 39 && q !== 96) continue;
    let open = t.start - 1;
    while (open >= 0 && isRegexSpace(code.charCodeAt(open))) open--;
    if (open < 0 || code.charCodeAt(open) !== 40) continue;
    let end = open;
    while (end > 0 && isRegexSpace(code.charCodeAt(end - 1))) end--;
    if (!mayBeHelper(code, end)) continue;
    let run = end;
    while (run > 0 && isCalleeChar(code.charCodeAt(run - 1))) run--;
    for (let s = Math.max(run, from); s < end; s++) {
      if (!isNameStart(code.charCodeAt(s)) || (s > 0 && isNameBefore(code.charCodeAt(s - 1)))) continue;
      re.lastIndex = s;
      const m = re.exec(code);
      if (m) { out.push(m); from = s + m[0].length; break; }
    }
  }
  return out;
}

/**
 * The matches a sticky pattern would find scanning `code` globally, when every match starts one of
 * `back` characters before a `.env` (`process.env` 7 before it; `dotEnv`: where they are): those
 * starts, in order, are the only ones tried.
 */
function anchoredMatches(code: string, re: RegExp, back: readonly number[], dotEnv: readonly number[]): RegExpExecArray[] {
  const starts: number[] = [];
  for (const i of dotEnv) for (const b of back) if (i >= b) starts.push(i - b);
  return matchesFrom(code, re, starts.sort((a, b) => a - b));
}

/** `[A-Za-z0-9_]`, and `.`, `:`, `-`, `>` of `a.b`, `A::b`, `$a->b`. */
function isCalleeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 58 || c === 45 || c === 62;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `[\w$.]`: the lookbehind in front of a callee. */
function isNameBefore(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 46;
}

/** What `helperName` accepts as a callee's last name (lower case, without `_`). */
const HELPER_LAST_NAMES: ReadonlySet<string> = new Set([...HELPERS, 'get', 'setdefault', 'fetch', 'getproperty', 'config']);

/**
 * Whether the name ending at `end` (right before a call's `(`) can be the last part of a callee
 * `helperName` accepts: calls of any other function are not matched at all.
 */
function mayBeHelper(code: string, end: number): boolean {
  // the word before the `(` (each call's own: linear over all calls)
  let start = end;
  while (start > 0 && isWordCharCode(code.charCodeAt(start - 1))) start--;
  return start < end && HELPER_LAST_NAMES.has(code.slice(start, end).toLowerCase().replace(/_/g, ''));
}

/** The variable a helper call reads, when the callee is one that reads the environment with a default. */
function helperName(callee: string, name: string, defaultKeyword: boolean): string | undefined {
  const parts = callee.toLowerCase().replace(/_/g, '').split(/\.|::|->/);
  const last = parts[parts.length - 1];
  const recv = parts[parts.length - 2];
  if (HELPERS.has(last)) return name;
  if (recv === 'environ' && (last === 'get' || last === 'setdefault')) return name;
  if (recv === 'env' && last === 'fetch') return name;
  if (last === 'getproperty' && (recv === 'env' || recv === 'environment' || recv === 'system')) return name;
  // python-decouple: config('SECRET_KEY', default='...')
  if (last === 'config' && defaultKeyword && /^[A-Z][A-Z0-9_]*$/.test(name)) return name;
  return undefined;
}

/** Judge the string literal starting at `pos` (after optional whitespace) as the fallback of `name`. */
function judgeLiteralAt(ctx: RuleContext, name: string, pos: number): void {
  const { file } = ctx;
  const t = file.tokenAt(pos);
  if (!t || t.kind !== TokenKind.String || t.start !== pos || t.interpolated) return;
  judge(ctx, name, t.valueStart, t.valueEnd);
}

function judge(ctx: RuleContext, name: string, start: number, end: number): void {
  const value = ctx.file.text.slice(start, end);
  const v = value.trim();
  if (!v || hasSubstitution(v)) return;
  const token = findTokens(v)[0];
  if (token || (isSecretName(name) && !/^(?:none|null|nil|undefined|false|true|0|-)$/i.test(v))) {
    ctx.report({
      start, end,
      message: `${name} falls back to a hardcoded ${token ? token.format.name : 'secret'} (${mask(token ? token.secret : v)}) when it is not set. Remove the fallback so a deploy without ${name} stops at startup, and keep the value in a secret store.`,
    });
    return;
  }
  const where = serviceAddress(name, v);
  if (where) {
    ctx.report({
      start, end, severity: 'info',
      message: `${name} falls back to ${where} when it is not set, so a deploy that forgets it quietly uses that address. Require ${name} at startup and keep the development value in .env.`,
    });
  }
}

/** `scheme://host[:port]` or `host:port` for a fallback that points at a service, else undefined. */
function serviceAddress(name: string, v: string): string | undefined {
  const url = parseUrlish(v.replace(/^jdbc:/i, ''));
  if (url) {
    if (!url.host || hasSubstitution(url.host) || isExampleHost(url.host)) return undefined;
    // the app's own address (APP_URL=http://localhost) is not a backing service
    const own = /^https?$/i.test(url.scheme) && OWN_URL_WORDS.has(nameWords(name)[0] ?? '');
    if (!own && (serviceForScheme(url.scheme) || url.port || (isLocalHost(url.host, true) && !/^https?$/i.test(url.scheme)))) return `${url.scheme}://${url.host}${url.port ? `:${url.port}` : ''}`;
    return undefined;
  }
  const hp = HOST_PORT.exec(v);
  if (hp && (/[A-Za-z]/.test(hp[1]) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hp[1])) && !isExampleHost(hp[1])) return `${hp[1]}:${hp[2]}`;
  const words = nameWords(name);
  // a bare host only counts when it is unmistakably local: `DB_HOST` -> localhost, not `..._ENDPOINT` -> auto
  if (HOST_WORDS.has(words[words.length - 1]) && isLocalHost(v, false)) return v;
  return undefined;
}

/** Loopback, private networks, `.local`; with `bareNames`, also a dotless name such as a compose service (`redis`). */
function isLocalHost(host: string, bareNames: boolean): boolean {
  return /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|::1|host\.docker\.internal|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+)$/i.test(host)
    || /\.(?:local|localhost)$/i.test(host) || (bareNames && /^[A-Za-z][A-Za-z0-9-]*$/.test(host));
}

function isExampleHost(host: string): boolean {
  return /(?:^|\.)example\.(?:com|org|net)$|\.(?:example|test|invalid)$/i.test(host);
}

function springPlaceholders(ctx: RuleContext, text: string, offset: number): void {
  if (text.indexOf('${') < 0) return;
  SPRING_PLACEHOLDER.lastIndex = 0;
  for (const m of text.matchAll(SPRING_PLACEHOLDER)) {
    let start = offset + m.index! + 2 + m[1].length + 1;
    // envsubst's `${X:-default}`
    if (m[2].startsWith('-')) start++;
    const end = offset + m.index! + m[0].length - 1;
    if (ctx.file.inComment(start)) continue;
    judge(ctx, m[1], start, end);
  }
}

/** `dotEnv`: where `.env` is in the code. */
function destructured(ctx: RuleContext, code: string, dotEnv: readonly number[]): void {
  const { file } = ctx;
  for (const close of destructureCloses(code, dotEnv)) {
    const open = matchingBrace(file, close);
    if (open < 0) continue;
    const inner = code.slice(open + 1, close);
    DESTRUCTURED_DEFAULT.lastIndex = 0;
    for (const d of inner.matchAll(DESTRUCTURED_DEFAULT)) {
      const at = open + 1 + d.index!;
      if (file.stringAt(at)) continue;
      judgeLiteralAt(ctx, d[1], at + d[0].length);
    }
  }
}

/**
 * Where `/\}\s*=\s*(?:process\.env|import\.meta\.env)(?![\w$])/g` matches (its `}`), in order:
 * found back from each `process.env` and `import.meta.env` (from `dotEnv`, where each `.env` of
 * the code is), which are rare, instead of trying the pattern at every `}` of the file (the unit
 * tests hold the two together).
 */
export function destructureCloses(code: string, dotEnv: readonly number[]): number[] {
  const out: number[] = [];
  for (const d of dotEnv) {
    for (const env of ENV_OBJECTS) {
      const i = d + 4 - env.length;
      if (i < 0 || !code.startsWith(env, i)) continue;
      const after = code.charCodeAt(i + env.length);
      if (isWordCharCode(after) || after === 36) continue;
      let j = i;
      while (j > 0 && isRegexSpace(code.charCodeAt(j - 1))) j--;
      if (code.charCodeAt(j - 1) !== 61) continue; // =
      j--;
      while (j > 0 && isRegexSpace(code.charCodeAt(j - 1))) j--;
      if (code.charCodeAt(j - 1) === 125) out.push(j - 1); // }
    }
  }
  return out.sort((a, b) => a - b);
}

/** The `{` that opens the pattern closed at `close`, skipping string literals; -1 if not found nearby. */
function matchingBrace(file: SourceFile, close: number): number {
  const code = file.codeText;
  let depth = 0;
  for (let i = close; i >= 0 && close - i < 4000; i--) {
    const t = file.stringAt(i);
    if (t) { i = t.start; continue; }
    const c = code[i];
    if (c === '}') depth++;
    else if (c === '{' && --depth === 0) return i;
  }
  return -1;
}
