/**
 * "Extract to environment variable NAME": the hardcoded literal an address or secret finding
 * points into is replaced, whole, by the language's own environment read; the variable is added to
 * `.env.example` (never with a value) and, when the project keeps a `.env` that git ignores, to
 * `.env` with the original value so the app still runs locally. Spring `application*.properties`
 * and `application*.yml` values become `${NAME}` placeholders.
 *
 * The fix is not offered where the replacement would not compile or would change what the code
 * means: interpolated literals, constants and other places that need a compile-time constant
 * (Go/C#/Rust `const`, Kotlin `const val`, Rust `static`, annotation and attribute arguments,
 * `case` labels, C#/PHP parameter defaults, PHP class constants and properties, TypeScript enums
 * and ambient declarations, format-macro templates), byte strings, multi-line literals, and
 * literals glued to another literal or concatenated with `+`.
 */
import { own as lookup } from '../own';
import { codeWithoutStrings } from '../codeScan';
import { Family } from '../languages';
import { Token, TokenKind } from '../lexer';
import { Project } from '../project';
import { envVarNameFor, nameWords } from '../secrets';
import { serviceForScheme } from '../services';
import { SourceFile } from '../source';
import { Finding, Fix, TextEdit } from '../types';
import { envEntries, envFileChanges, EnvTargets, envTargets, NameRegistry, uniqueName } from './envFiles';
import { csharpUsingSystem, goImport, pythonImport } from './imports';
import { calleeBefore, enclosure, Enclosure, isIdentChar, lineBefore, nextNonSpace, pathStart, prevNonSpace, statementBefore } from './scan';

export const EXTRACT_RULE_IDS: ReadonlySet<string> = new Set([
  'config/hardcoded-connection-string', 'config/hardcoded-host', 'config/hardcoded-credentials',
]);

/** A planned extraction: the fix, and the name and value it gives the variable (for "fix all"). */
export interface Extraction {
  fix: Fix;
  name: string;
  value?: string;
}

const CODE_FAMILIES: ReadonlySet<Family> = new Set<Family>(['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust']);
const SPRING_FILE = /^application[\w.-]*\.(?:properties|ya?ml)$/;

export function extractToEnv(file: SourceFile, finding: Finding, project: Project | undefined, names: NameRegistry): Extraction | undefined {
  if (!EXTRACT_RULE_IDS.has(finding.ruleId)) return undefined;
  const offset = finding.range.start.offset;
  if (file.isData) return SPRING_FILE.test(file.baseName) ? springValue(file, finding, offset, project, names) : undefined;
  if (!CODE_FAMILIES.has(file.family)) return undefined;
  const token = file.stringAt(offset);
  if (!token || !extractable(file, token)) return undefined;
  const enc = enclosure(file, token.start);
  const form = replacementForm(file, token, enc);
  if (!form) return undefined;
  const value = literalValue(file, token);
  const targets = envTargets(file.path, project);
  const name = chooseName(file, finding, targets, names, value, {
    scheme: file.text.slice(token.valueStart, token.valueEnd),
    target: () => targetName(file, token),
    parents: () => enclosingKeys(file, token.start, 3),
  });
  const edits: TextEdit[] = [{ start: token.start, end: token.end, newText: form.expr(name) }];
  const imp = form.import?.();
  if (imp) edits.push(imp);
  edits.sort((a, b) => a.start - b.start);
  return finish(targets, name, value, edits, form.safe);
}

function finish(targets: EnvTargets, name: string, value: string | undefined, edits: TextEdit[], safe: boolean): Extraction {
  return {
    fix: { title: `Extract to environment variable ${name}`, edits, files: envFileChanges(targets, name, value), safe },
    name, value,
  };
}

// ---------------------------------------------------------------------------------------------
// Where a literal can be replaced

/** A plain, whole, delimited literal that is not glued to another one or concatenated. */
function extractable(file: SourceFile, token: Token): boolean {
  const text = file.text, code = file.codeText;
  if (token.kind !== TokenKind.String || token.interpolated) return false;
  if (token.valueStart <= token.start || token.end <= token.valueEnd) return false;
  // a multi-line literal (SQL, a template) holds more than a setting
  if (/[\r\n]/.test(text.slice(token.valueStart, token.valueEnd))) return false;
  const prefix = text.slice(token.start, token.valueStart);
  // byte strings (Python b'', Rust b""), and anything else than a quoting prefix (heredocs)
  if (/^[rRuU]?[bB]|^[bB]/.test(prefix) && (file.family === 'python' || file.family === 'rust')) return false;
  if (/^<</.test(prefix)) return false;
  // a suffix glued to the literal (C# "..."u8)
  if (isIdentChar(text[token.end])) return false;
  const before = prevNonSpace(code, token.start);
  const after = nextNonSpace(code, token.end);
  const prevTok = before >= 0 ? file.tokenAt(before) : undefined;
  const nextTok = file.tokenAt(after);
  if ((prevTok && prevTok.kind === TokenKind.String) || (nextTok && nextTok.kind === TokenKind.String && nextTok.start === after)) return false;
  const b = code[before], a = code[after];
  if (b === '+' || a === '+') return false;
  if (file.family === 'php' && (b === '.' || a === '.')) return false;
  if ((file.family === 'python' || file.family === 'ruby') && a === '%') return false;
  // a tagged template (sql`...`)
  if (file.family === 'js' && prefix === '`' && (isIdentChar(b) || b === ')' || b === ']')) return false;
  return true;
}

interface Form {
  expr(name: string): string;
  import?(): TextEdit | undefined;
  safe: boolean;
}

/** The environment read that replaces the literal, or undefined where it would not compile. */
function replacementForm(file: SourceFile, token: Token, enc: Enclosure): Form | undefined {
  const code = file.codeText;
  const stmt = () => statementBefore(file, enc, token.start);
  const prev = prevNonSpace(code, token.start);
  const afterEquals = code[prev] === '=' && !/[=!<>]/.test(code[prev - 1] ?? '');
  const innermost = enc.openers[0];
  switch (file.family) {
    case 'js': {
      const s = stmt();
      if (/^(?:type|declare)\b/.test(s) || /^(?:import|export)\b[^;]*\bfrom$/.test(s)) return undefined;
      if (enc.boundaryCh === '{' && /\benum\s+[\w$]+\s*$/.test(code.slice(Math.max(0, enc.boundary - 120), enc.boundary))) return undefined;
      const jsx = afterEquals && isIdentChar(code[prevNonSpace(code, prev)]) && inJsxTag(file, prev);
      // TypeScript types process.env values as string | undefined: a declared string needs the assertion
      const ts = /^typescript/.test(file.languageId) || /\.[cm]?tsx?$/.test(file.baseName);
      const bang = ts && /:\s*string\s*=$/.test(s) ? '!' : '';
      return { expr: n => jsx ? `{process.env.${n}}` : `process.env.${n}${bang}`, safe: true };
    }
    case 'python':
      if (/^\s*case\b/.test(lineBefore(file, token.start))) return undefined;
      return { expr: n => `os.environ["${n}"]`, import: () => pythonImport(file, 'os', token.start), safe: true };
    case 'go': {
      if (/^\s*const\b/.test(lineBefore(file, token.start))) return undefined;
      if (enc.openers.some(o => o.ch === '(' && calleeBefore(code, o.pos).name === 'const')) return undefined;
      return { expr: n => `os.Getenv("${n}")`, import: () => goImport(file, 'os'), safe: true };
    }
    case 'java': {
      if (inAnnotation(code, enc) || isCaseLabel(stmt()) || /\)\s*default$/.test(stmt())) return undefined;
      return { expr: n => `System.getenv("${n}")`, safe: true };
    }
    case 'kotlin': {
      let line = lineBefore(file, token.start);
      if (line.trim() === '' || /=\s*$/.test(line)) {
        const prevLine = file.lineOf(token.start) - 1;
        if (prevLine >= 0) line = file.lineText(prevLine) + line;
      }
      if (/\bconst\s+val\b/.test(line) || inAnnotation(code, enc)) return undefined;
      return { expr: n => `System.getenv("${n}")`, safe: true };
    }
    case 'csharp': {
      const s = stmt();
      if (/\bconst\b/.test(s) || isCaseLabel(s) || inAttribute(code, enc, false)) return undefined;
      // an optional parameter's default must be a constant
      if (afterEquals && innermost?.ch === '(') return undefined;
      return { expr: n => `Environment.GetEnvironmentVariable("${n}")`, import: () => csharpUsingSystem(file), safe: true };
    }
    case 'ruby':
      return { expr: n => `ENV.fetch("${n}")`, safe: true };
    case 'php': {
      const s = stmt();
      if (/^(?:const|public|private|protected|var|static|readonly|final|case)\b/.test(s) || inAttribute(code, enc, true)) return undefined;
      if (afterEquals && innermost?.ch === '(' && isPhpFunctionHead(code, innermost.pos)) return undefined;
      return { expr: n => `getenv('${n}')`, safe: true };
    }
    case 'rust':
      return rustForm(file, token, enc, stmt());
    default:
      return undefined;
  }
}

/** Whether the `(` at `open` starts a PHP function's parameter list (`function name(`, `function &name(`, `fn(`). */
function isPhpFunctionHead(code: string, open: number): boolean {
  let i = prevNonSpace(code, open);
  const nameEnd = i + 1;
  while (i >= 0 && isIdentChar(code[i])) i--;
  const word = code.slice(i + 1, nameEnd);
  if (word === 'fn' || word === 'function') return true;
  i = prevNonSpace(code, i + 1);
  if (code[i] === '&') i = prevNonSpace(code, i);
  return code.slice(Math.max(0, i - 7), i + 1) === 'function' && !isIdentChar(code[i - 8]);
}

/** `case "x":` (Java, C#, PHP enums) before its colon or arrow. */
function isCaseLabel(stmt: string): boolean {
  return /^case\b/.test(stmt) && !/:|->/.test(stmt.slice(4));
}

/** Inside the arguments of `@Annotation(...)` (Java, Kotlin `@get:Value(...)`). */
function inAnnotation(code: string, enc: Enclosure): boolean {
  return enc.openers.some(o => o.ch === '(' && calleeBefore(code, o.pos).name.includes('@'));
}

/** Inside a C# `[Attribute(...)]` list at the start of a declaration, or a PHP/Rust `#[...]`. */
function inAttribute(code: string, enc: Enclosure, hash: boolean): boolean {
  return enc.openers.some(o => {
    if (o.ch !== '[') return false;
    const p = prevNonSpace(code, o.pos);
    if (hash) return code[p] === '#' || (code[p] === '!' && code[p - 1] === '#');
    return p < 0 || /[;{}\]]/.test(code[p]);
  });
}

/** Macros whose first argument must be a literal format string. */
const FORMAT_MACROS = /^(?:[\w:]*::)?(?:format|print|println|eprint|eprintln|write|writeln|panic|format_args|assert|assert_eq|assert_ne|debug_assert|unreachable|todo|unimplemented|concat|include_str|include_bytes|include|env|option_env|info|warn|error|debug|trace|log)!$/;

function rustForm(file: SourceFile, token: Token, enc: Enclosure, stmt: string): Form | undefined {
  const code = file.codeText;
  const s = stmt.replace(/^(?:#!?\[[^\]]*\]\s*)+/, '');
  if (/^(?:pub(?:\([^)]*\))?\s+)?(?:const|static)\b/.test(s) || inAttribute(code, enc, true)) return undefined;
  if (/&\s*'static\s+str\s*=$/.test(s)) return undefined;
  const innermost = enc.openers[0];
  if (innermost && FORMAT_MACROS.test(calleeBefore(code, innermost.pos).name) && prevNonSpace(code, token.start) === innermost.pos) return undefined;
  const borrow = /:\s*&\s*str\s*=$/.test(s);
  // where a String is wanted for sure, the replacement type-checks; elsewhere the user decides
  const after = code.slice(token.end, token.end + 20);
  const wantsString = /^\s*\.\s*(?:to_string|to_owned|into)\s*\(\s*\)/.test(after)
    || (innermost?.ch === '(' && /(?:^|::)String::from$/.test(calleeBefore(code, innermost.pos).name));
  return {
    expr: n => `${borrow ? '&' : ''}std::env::var("${n}").expect("${n} must be set")`,
    safe: wantsString || borrow,
  };
}

/**
 * Whether the `=` at `eq` is an attribute of a JSX tag (`<Client url="..."`), read backwards over
 * attribute names, values and `{...}` expressions to the `<Tag`.
 */
function inJsxTag(file: SourceFile, eq: number): boolean {
  const code = file.codeText;
  let i = eq - 1;
  const stop = Math.max(0, eq - 600);
  while (i >= stop) {
    const c = code[i];
    if (/\s/.test(c) || c === '=') { i--; continue; }
    if (isIdentChar(c) || c === '-' || c === ':' || c === '.') { i--; continue; }
    if (c === '"' || c === "'") {
      const t = file.tokenAt(i);
      if (!t || t.kind !== TokenKind.String) return false;
      i = t.start - 1;
      continue;
    }
    if (c === '}') {
      let depth = 0;
      for (; i >= stop; i--) {
        const t = file.tokenAt(i);
        if (t && t.kind === TokenKind.String) { i = t.start; continue; }
        if (code[i] === '}') depth++;
        else if (code[i] === '{' && --depth === 0) break;
      }
      i--;
      continue;
    }
    return c === '<' && /[A-Za-z]/.test(code[i + 1] ?? '');
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The literal's value (for .env)

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', '/': '/', '$': '$', '`': '`', '0': '\0' };

/**
 * What the literal evaluates to, for `.env`; undefined when an escape makes that uncertain
 * (`\u`, `\x`, octal), in which case `.env` is left alone.
 */
function literalValue(file: SourceFile, token: Token): string | undefined {
  const raw = file.text.slice(token.valueStart, token.valueEnd);
  const prefix = file.text.slice(token.start, token.valueStart);
  const fam = file.family;
  if (fam === 'csharp' && prefix.includes('@')) return raw.replace(/""/g, '"');
  if (raw.indexOf('\\') < 0) return raw;
  const rawForm = (fam === 'python' && /[rR]/.test(prefix)) || (fam === 'rust' && prefix.startsWith('r'))
    || (fam === 'go' && prefix === '`') || (fam === 'kotlin' && prefix === '"""') || (fam === 'csharp' && prefix.startsWith('"""'));
  if (rawForm) return raw;
  // single-quoted PHP and Ruby strings only know \\ and \'
  const onlyQuote = (fam === 'php' || fam === 'ruby') && prefix.endsWith("'");
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') { out += ch; continue; }
    const next = raw[i + 1];
    if (onlyQuote) {
      out += next === '\\' || next === "'" ? next : `\\${next ?? ''}`;
      i++;
      continue;
    }
    const mapped = lookup(SIMPLE_ESCAPES, next);
    if (mapped === undefined || (next === '0' && /[0-7]/.test(raw[i + 2] ?? ''))) return undefined;
    out += mapped;
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The variable's name

/** Words that say nothing about what a value is. */
const VAGUE_WORDS: ReadonlySet<string> = new Set(['value', 'val', 'v', 's', 'str', 'string', 'x', 'y', 'default', 'result', 'res', 'data',
  'tmp', 'temp', 'text', 'it', 'arg', 'args', 'self', 'this', 'key', 'config', 'conf', 'settings', 'options', 'opts', 'const', 'let',
  'var', 'base', 'path', 'name', 'headers', 'params', 'env', 'app', 'client', 'props', 'properties', 'defaults']);
/** Framework settings that group one service's options under a plural (Django's DATABASES, CACHES). */
const SINGULAR: Record<string, string> = { DATABASES: 'DATABASE', CACHES: 'CACHE' };
/** Words that say what kind of value it is but not which service: fine after a service name (REDIS_HOST), too vague alone. */
const ADDRESS_WORDS: ReadonlySet<string> = new Set(['url', 'uri', 'host', 'hostname', 'addr', 'address', 'endpoint', 'server', 'port',
  'dsn', 'conn', 'connection']);
/** Calls whose arguments are a key and its value: `props.put("redis.host", "...")`, `define('DB_HOST', '...')`. */
const PAIR_CALLS: ReadonlySet<string> = new Set(['put', 'set', 'setproperty', 'setdefault', 'define', 'setenv', 'putenv', 'add', 'header',
  'setheader', 'append', 'insert', 'setvalue']);
/** Type names that can sit between a variable and `=` (`var url string = ...`). */
const TYPE_WORDS: ReadonlySet<string> = new Set(['string', 'String', 'str', 'Str', 'var', 'val', 'let', 'const', 'final', 'auto', 'dynamic']);
const MESSAGE_VAR = /\bsuch as ([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\b/;
const VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * An environment variable name for an identifier or key; undefined when it says nothing specific
 * (only vague or address words), unless `allowAddress` lets an address word through (`host`).
 */
function nameFrom(identifier: string | undefined, allowAddress = false): string | undefined {
  if (!identifier) return undefined;
  const id = identifier.replace(/^[$@:]+/, '');
  const words = nameWords(id);
  const weak = (w: string) => w.length < 2 || VAGUE_WORDS.has(w) || (!allowAddress && ADDRESS_WORDS.has(w));
  if (!words.length || words.every(weak)) return undefined;
  const name = envVarNameFor(id);
  return VAR_NAME.test(name) ? name : undefined;
}

interface NameHints {
  /** The literal's text, to read a URL scheme from. */
  scheme: string;
  /** What the literal is assigned to. */
  target(): string | undefined;
  /** Keys of the objects around the literal, innermost first. */
  parents(): string[];
}

/**
 * The name from the literal's own key, qualified by the nearest specific enclosing key when the
 * own key is one word: `mailgun: { secret: ... }` -> MAILGUN_SECRET, `redis: { host: ... }` -> REDIS_HOST.
 */
function nameFromTarget(hints: NameHints): string | undefined {
  const own = hints.target();
  const specific = nameFrom(own);
  if (!own || nameWords(own.replace(/^[$@:]+/, '')).length !== 1) return specific;
  const tail = specific ?? nameFrom(own, true);
  if (!tail) return undefined;
  for (const p of hints.parents()) {
    const plural = nameFrom(p);
    if (!plural) continue;
    const head = lookup(SINGULAR, plural) ?? plural;
    return tail === head || tail.startsWith(`${head}_`) ? tail : `${head}_${tail}`;
  }
  return specific;
}

/**
 * The variable's name: a connection string's conventional variable (DATABASE_URL, REDIS_URL...);
 * else the name of what the literal is assigned to (`redisHost` -> REDIS_HOST); else the variable
 * the finding's message suggests; else a default per rule. Then made unique (see uniqueName).
 */
function chooseName(file: SourceFile, finding: Finding, targets: EnvTargets, names: NameRegistry, value: string | undefined, hints: NameHints): string {
  let base: string | undefined;
  const scheme = /^(jdbc:|[a-z][a-z0-9+.-]*:\/\/)/i.exec(hints.scheme.trimStart());
  if (scheme) base = serviceForScheme(scheme[1].startsWith('jdbc') ? 'jdbc' : scheme[1].slice(0, -3))?.envVar;
  base ??= nameFromTarget(hints);
  base ??= MESSAGE_VAR.exec(finding.message)?.[1];
  base ??= finding.ruleId === 'config/hardcoded-credentials' ? 'SECRET'
    : finding.ruleId === 'config/hardcoded-connection-string' ? 'DATABASE_URL'
      : hints.scheme.includes('://') ? 'SERVICE_URL' : 'SERVICE_HOST';
  const example = envEntries(targets.exampleText);
  const local = envEntries(targets.dotenvText);
  return uniqueName(base, value, name => {
    const values: string[] = [];
    const ex = example.get(name), lo = local.get(name), taken = names.get(name);
    if (ex) values.push(ex);
    if (lo !== undefined) values.push(lo);
    if (taken !== undefined) values.push(taken);
    return { used: example.has(name) || local.has(name) || names.has(name) || readsVariable(file, name), values };
  });
}

/**
 * Whether the file reads `name` from the environment (`process.env.NAME`, `getenv("NAME")`...; in
 * config files `${NAME}`, which in code is a template's interpolation of a variable instead).
 */
function readsVariable(file: SourceFile, name: string): boolean {
  if (file.text.indexOf(name) < 0) return false;
  const substitution = file.isData || file.family === 'shell' || file.family === 'dockerfile' ? '|\\$\\{' : '';
  const re = new RegExp(`(?:env\\.|env\\[\\s*["'\`]?|environ(?:\\.get)?\\s*[[(]\\s*["']|[Gg]etenv\\s*\\(\\s*["']|ENV(?:\\.fetch)?\\s*[[(]\\s*["']|GetEnvironmentVariable\\s*\\(\\s*["']|env::var\\s*\\(\\s*["']${substitution})${name}\\b`);
  return re.test(file.text);
}

/**
 * The name the literal is given to, read backwards: `name = "..."`, `name := "..."`,
 * `name: Type = "..."`, `var name string = "..."`, `x["name"] = "..."`, `"name": "..."`,
 * `name: "..."`, `'name' => '...'`, `setName("...")`, `put("name", "...")`.
 */
function targetName(file: SourceFile, token: Token): string | undefined {
  const code = file.codeText;
  const i = prevNonSpace(code, token.start);
  if (i < 0 || token.start - i > 200) return undefined;
  const c = code[i];
  if (c === '=') {
    const p = code[i - 1];
    if (p === '=' || p === '!' || p === '<' || p === '>') return undefined;
    const end = p === ':' || p === '|' || p === '?' || p === '&' ? i - 1 : i;
    return assignedName(file, end);
  }
  if (c === '>' && code[i - 1] === '=') return keyBefore(file, i - 2);
  if (c === ':' && code[i - 1] !== ':') return keyBefore(file, i - 1);
  if (c === '(') {
    const callee = calleeBefore(code, i).name;
    const last = callee.split(/\.|::|->/).pop() ?? '';
    return /^(?:set|with|Set|With)_?([A-Z_]\w*)$/.exec(last)?.[1];
  }
  if (c === ',') {
    const q = prevNonSpace(code, i);
    const t = q >= 0 ? file.tokenAt(q) : undefined;
    const open = t ? prevNonSpace(code, t.start) : -1;
    if (!t || t.kind !== TokenKind.String || code[open] !== '(') return undefined;
    const callee = calleeBefore(code, open).name.split(/\.|::|->/).pop() ?? '';
    if (!PAIR_CALLS.has(callee.toLowerCase())) return undefined;
    const key = file.text.slice(t.valueStart, t.valueEnd);
    return /^[A-Za-z_][\w.-]*$/.test(key) ? key : undefined;
  }
  return undefined;
}

/**
 * The keys of the objects, arrays and dicts around `pos`, innermost first (at most `max`):
 * `key: {`, `"key": {`, `'key' => [`, `name = {`. Stops at a call's parenthesis or a statement end.
 */
function enclosingKeys(file: SourceFile, pos: number, max: number): string[] {
  const code = file.codeText;
  const out: string[] = [];
  const stop = Math.max(0, pos - 2000);
  let depth = 0;
  for (let i = pos - 1; i >= stop && out.length < max; i--) {
    const ch = code[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      const t = file.tokenAt(i);
      if (t && t.kind === TokenKind.String) { i = t.start; continue; }
    }
    if (ch === ')' || ch === ']' || ch === '}') { depth++; continue; }
    if (ch === ';' && depth === 0) break;
    if (ch !== '(' && ch !== '[' && ch !== '{') continue;
    if (depth > 0) { depth--; continue; }
    if (ch === '(') break;
    const p = prevNonSpace(code, i);
    let key: string | undefined;
    if (code[p] === ':' && code[p - 1] !== ':') key = keyBefore(file, p - 1);
    else if (code[p] === '>' && code[p - 1] === '=') key = keyBefore(file, p - 2);
    else if (code[p] === '=' && !/[=!<>]/.test(code[p - 1] ?? '')) key = assignedName(file, p);
    else break;
    if (!key) break;
    out.push(key);
  }
  return out;
}

/** The name on the left of an assignment ending at `end` (exclusive). */
function assignedName(file: SourceFile, end: number): string | undefined {
  const code = file.codeText;
  const lineStart = file.lineStarts[file.lineOf(end)];
  const from = Math.max(lineStart, end - 200);
  const lhs = code.slice(from, end).trimEnd();
  const bracket = /\[\s*(["'])([^"'\]]+)\1\s*\]$/.exec(lhs);
  if (bracket) return bracket[2];
  // a type annotation: `redisHost: string`, `redis_host: &str`, `val redisUrl: String`
  const colon = lhs.lastIndexOf(':');
  if (colon > 0 && lhs[colon - 1] !== ':' && !/[:=(){}]/.test(lhs.slice(colon + 1))) {
    const head = lhs.slice(0, colon).trimEnd();
    let s = head.length;
    while (s > 0 && (isIdentChar(head[s - 1]) || head[s - 1] === '@')) s--;
    if (s < head.length && /^[A-Za-z_$@]/.test(head[s])) return head.slice(s);
  }
  const words = codeWithoutStrings(file, from, from + lhs.length).match(/[A-Za-z_$@][\w$@]*(?:(?:\.|->|::)[A-Za-z_$@][\w$@]*)*/g);
  if (!words) return undefined;
  let w = words[words.length - 1];
  if (TYPE_WORDS.has(w) && words.length > 1) w = words[words.length - 2];
  if (TYPE_WORDS.has(w)) return undefined;
  return w.split(/\.|->|::/).pop();
}

/** A quoted key, a symbol (`:name`) or an identifier path ending at `end` (inclusive). */
function keyBefore(file: SourceFile, end: number): string | undefined {
  const code = file.codeText;
  const i = prevNonSpace(code, end + 1);
  if (i < 0) return undefined;
  const t = file.tokenAt(i);
  if (t && t.kind === TokenKind.String && t.end - 1 === i) return file.text.slice(t.valueStart, t.valueEnd);
  if (!isIdentChar(code[i])) return undefined;
  const start = pathStart(code, i + 1, '.');
  const name = code.slice(start, i + 1);
  return name.split('.').pop();
}

// ---------------------------------------------------------------------------------------------
// Spring application.properties / application*.yml

const PROPERTIES_KEY = /^[ \t]*([A-Za-z0-9_.\-[\]]+)(?:[ \t]*[=:][ \t]*|[ \t]+)/;
const YAML_KEY = /^([ \t]*)(-[ \t]+)?(["']?)([\w.\-[\]]+)\3[ \t]*:(?:[ \t]+|$)/;

const MAX_SETTING_LINE = 4096;

function springValue(file: SourceFile, finding: Finding, offset: number, project: Project | undefined, names: NameRegistry): Extraction | undefined {
  const text = file.text, code = file.codeText;
  const line = file.lineOf(offset);
  const lineStart = file.lineStarts[line];
  const lineText = file.lineText(line);
  // a value thousands of characters long is no setting to move into the environment (and every
  // finding on such a line would read all of it again)
  if (lineText.length > MAX_SETTING_LINE) return undefined;
  const lineCode = code.slice(lineStart, lineStart + lineText.length);
  let key: string, start: number, end: number, value: string | undefined;
  if (file.family === 'properties') {
    const prevLine = line > 0 ? file.lineText(line - 1) : '';
    if (/(?:^|[^\\])(?:\\\\)*\\$/.test(prevLine) || /\\$/.test(lineText)) return undefined;
    const m = PROPERTIES_KEY.exec(lineCode);
    if (!m) return undefined;
    key = m[1];
    start = lineStart + m[0].length;
    end = lineStart + lineCode.trimEnd().length;
    const raw = text.slice(start, end);
    value = /\\u/.test(raw) ? undefined : raw.replace(/\\(.)/g, '$1');
  } else if (file.family === 'yaml') {
    const m = YAML_KEY.exec(lineCode);
    if (!m) return undefined;
    start = lineStart + m[0].length;
    end = lineStart + lineCode.trimEnd().length;
    if (start >= end) return undefined;
    const first = text[start];
    if ('[{|>&*!%@`'.includes(first)) return undefined;
    if (first === '"' || first === "'") {
      const t = file.stringAt(start + 1);
      if (!t || t.start !== start || t.end !== end) return undefined;
      const raw = text.slice(t.valueStart, t.valueEnd);
      value = first === "'" ? raw.replace(/''/g, "'") : raw.indexOf('\\') < 0 ? raw : undefined;
    } else {
      value = text.slice(start, end);
    }
    key = m[2] ? m[4] : yamlPath(file, line, m[1].length, m[4]);
  } else {
    return undefined;
  }
  if (offset < start || offset > end) return undefined;
  const targets = envTargets(file.path, project);
  const name = chooseName(file, finding, targets, names, value, { scheme: text.slice(start, end).replace(/^["']/, ''), target: () => key, parents: () => [] });
  return finish(targets, name, value, [{ start, end, newText: `\${${name}}` }], true);
}

/** The dotted path of a YAML key from its parents' indentation (`spring:` / `redis:` / `host:` -> spring.redis.host). */
function yamlPath(file: SourceFile, line: number, indent: number, key: string): string {
  const parts = [key];
  for (let l = line - 1; l >= 0 && indent > 0; l--) {
    const t = file.codeText.slice(file.lineStarts[l], file.lineStarts[l] + file.lineText(l).length);
    if (/^---/.test(t)) break;
    if (t.trim() === '') continue;
    const m = YAML_KEY.exec(t);
    const ind = /^[ \t]*/.exec(t)![0].length;
    if (ind >= indent) continue;
    if (!m || m[2] || t.slice(m[0].length).trim() !== '') break;
    parts.unshift(m[4]);
    indent = ind;
  }
  return parts.join('.');
}
