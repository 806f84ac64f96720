/**
 * logs/file-logging: a logger, a logging config or an entry command that writes the app's logs to
 * a file instead of stdout. Each language has its own call sites (Python handlers, winston/pino/
 * bunyan/log4js, JUL/log4j/logback, zap/lumberjack, Ruby Logger, Monolog, Serilog/NLog, log4rs/
 * tracing-appender) and config formats (XML appenders, properties, YAML, JSON, INI), and the
 * shell has redirects, `tee` and `--log-file` options. Rotation done by the app is called out too.
 *
 * The regexes only find names (`\bFileHandler\b`); what follows a name (a call's parenthesis, a
 * key's colon, an XML attribute) is read by the small scanners below. That keeps every pattern
 * trivially free of backtracking and cheap for the ReDoS check.
 */
import { Report, Rule } from '../rule';
import { Family } from '../languages';
import { TokenKind, Token } from '../lexer';
import { SourceFile } from '../source';
import { isPlaceholder } from '../values';

interface Ctx {
  file: SourceFile;
  /** `file.codeText`: comments blanked. */
  code: string;
  seen: Set<number>;
  report(r: Report): void;
}

interface Range { start: number; end: number }

// ---------------------------------------------------------------------------------------------
// Messages and value judgements

/** Where a log stream goes when it is not a file. */
const STD_TARGET = /^(?:-|stdout|stderr|1|2|con|nul|\/dev\/(?:stdout|stderr|null|tty|console)|\/dev\/fd\/[12]|\/proc\/(?:self|1)\/fd\/[12]|php:\/\/(?:stdout|stderr|output)|ext:\/\/sys\.(?:stdout|stderr)|sys\.(?:stdout|stderr))$/i;

function isStd(p: string): boolean {
  return STD_TARGET.test(p.trim());
}

/** A path that names a log file: `*.log`, `*.log.1`, `/var/log/...`, `logs/x`, `nohup.out`. */
function isLogPath(p: string): boolean {
  const s = p.trim().toLowerCase();
  if (s.startsWith('/var/log/') || s.endsWith('nohup.out')) return true;
  let end = s.length;
  while (end > 0 && s[end - 1] >= '0' && s[end - 1] <= '9') end--;
  if (end < s.length && s[end - 1] === '.') end--; // app.log.1
  if (s.slice(0, end).endsWith('.log')) return true;
  const parts = s.split('/');
  const dir = parts.length >= 2 ? parts[parts.length - 2] : '';
  return (dir === 'log' || dir === 'logs') && parts[parts.length - 1] !== '';
}

function shown(p: string): string {
  const s = p.trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function message(who: string, target: string | undefined, idiom: string, rotates = false, verb = 'writes logs to'): string {
  const where = target ? `"${shown(target)}"` : 'a file';
  const rotation = rotates ? ' and rotates them itself; rotation is the platform\'s job' : '';
  return `${who} ${verb} ${where}${rotation}. Log to stdout and let the platform route and keep the stream (${idiom}).`;
}

function emit(c: Ctx, start: number, end: number, msg: string): void {
  if (c.seen.has(start)) return;
  c.seen.add(start);
  c.report({ start, end: Math.max(start, end), message: msg });
}

// ---------------------------------------------------------------------------------------------
// Scanners over codeText; string literals are jumped over with the lexer's tokens

const MAX_SCAN = 6000;
/** Back-scans (a receiver, a `new`, a key, a line start) never look further than this. */
const MAX_BACK = 200;

/**
 * Characters the bracket scans may still visit in the current file. A file full of unclosed calls
 * would otherwise cost MAX_SCAN per match; with the budget the whole check stays linear.
 */
let scanBudget = 0;

function resetBudget(textLength: number): void {
  scanBudget = 50_000 + 4 * textLength;
}

function isCode(file: SourceFile, offset: number): boolean {
  return file.tokenAt(offset) === undefined;
}

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch === '_' || ch === '$');
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function skipSpaces(text: string, i: number, newlines = true): number {
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || (newlines && ch === '\n')) i++;
    else break;
  }
  return i;
}

function skipSpacesBack(text: string, i: number): number {
  const stop = Math.max(0, i - MAX_BACK);
  while (i > stop && isBlank(text[i - 1])) i--;
  return i;
}

/** The offset of the `(` that opens a call right after a name ending at `end`, or -1. */
function parenAfter(code: string, end: number): number {
  const j = skipSpaces(code, end);
  return code[j] === '(' ? j : -1;
}

/** After a key name ending at `end`: the offset after its `:`, `=` or `=>` (a quote may close the key first), or -1. */
function afterKey(code: string, end: number): number {
  let j = end;
  if (code[j] === '"' || code[j] === "'") j++;
  j = skipSpaces(code, j, false);
  if (code[j] === ':' && code[j + 1] !== ':') return j + 1;
  if (code[j] === '=' && code[j + 1] === '>') return j + 2;
  if (code[j] === '=' && code[j + 1] !== '=') return j + 1;
  return -1;
}

/** The key written before a value that starts at `pos` (`type: 'file'`, `'driver' => 'daily'`). */
function keyBefore(code: string, pos: number): string | undefined {
  let j = skipSpacesBack(code, pos);
  if (code[j - 1] === ':') j--;
  else if (code[j - 1] === '>' && code[j - 2] === '=') j -= 2;
  else return undefined;
  j = skipSpacesBack(code, j);
  if (code[j - 1] === '"' || code[j - 1] === "'") j--;
  const end = j;
  while (j > end - 60 && j > 0 && (isIdentChar(code[j - 1]) || code[j - 1] === '-')) j--;
  return end > j ? code.slice(j, end) : undefined;
}

/** The first index of a token that ends after `pos`. */
function tokenIndexFrom(tokens: readonly Token[], pos: number): number {
  let lo = 0, hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}

interface Walk { end: number; commas: number[] }

/**
 * Walk code from `from` at bracket depth 0 until a closing bracket that was not opened here (its
 * offset is `end`), or, with `expr`, until a top-level `,` `;` or line break. Strings are skipped.
 */
function walk(file: SourceFile, from: number, expr = false, stopAtNewline = false): Walk {
  const text = file.codeText, tokens = file.tokens;
  const limit = Math.min(text.length, from + MAX_SCAN, from + Math.max(0, scanBudget));
  scanBudget -= limit - from;
  let ti = tokenIndexFrom(tokens, from);
  let depth = 0;
  const commas: number[] = [];
  let i = from;
  let nextToken = ti < tokens.length ? tokens[ti].start : Infinity;
  while (i < limit) {
    if (i >= nextToken) {
      const t = tokens[ti];
      if (t.end > i) i = t.end;
      ti++;
      nextToken = ti < tokens.length ? tokens[ti].start : Infinity;
      continue;
    }
    switch (text.charCodeAt(i)) {
      case 40: case 91: case 123: depth++; break; // ( [ {
      case 41: case 93: case 125: // ) ] }
        if (depth === 0) return { end: i, commas };
        depth--;
        break;
      case 44: // ,
        if (depth === 0) { if (expr) return { end: i, commas }; commas.push(i); }
        break;
      case 59: // ;
        if (depth === 0 && expr) return { end: i, commas };
        break;
      case 10: // \n
        if (depth === 0 && (expr || stopAtNewline)) return { end: i, commas };
        break;
    }
    i++;
  }
  return { end: limit, commas };
}

function trimRange(text: string, start: number, end: number): Range {
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end - 1])) end--;
  return { start, end };
}

interface Call { args: Range[]; end: number }

function splitArgs(file: SourceFile, from: number, w: Walk): Call {
  const args: Range[] = [];
  let s = from;
  for (const comma of [...w.commas, w.end]) {
    const r = trimRange(file.codeText, s, comma);
    if (r.end > r.start) args.push(r);
    s = comma + 1;
  }
  return { args, end: w.end };
}

/** The arguments of the call whose `(` is at `open`. */
function callArgs(file: SourceFile, open: number): Call {
  return splitArgs(file, open + 1, walk(file, open + 1));
}

/** Arguments written without parentheses, up to the end of the line (Ruby `Logger.new 'x'`). */
function bareArgs(file: SourceFile, from: number): Call {
  return splitArgs(file, from, walk(file, from, false, true));
}

/** The expression starting at `from` (an object value, a keyword argument). */
function exprAt(file: SourceFile, from: number): Range {
  const start = skipSpaces(file.codeText, from);
  return trimRange(file.codeText, start, walk(file, start, true).end);
}

/** The smallest `open`...`close` block around `offset`, searching at most MAX_SCAN characters back. */
function enclosing(file: SourceFile, offset: number, open: string): Range | undefined {
  const text = file.codeText;
  const stop = Math.max(0, offset - MAX_SCAN, offset - Math.max(0, scanBudget));
  scanBudget -= offset - stop;
  let depth = 0;
  for (let i = offset - 1; i >= stop; i--) {
    const t = file.tokenAt(i);
    if (t) { i = t.start; continue; }
    const ch = text[i];
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '(' || ch === '[' || ch === '{') {
      if (depth > 0) { depth--; continue; }
      if (ch === open) return { start: i, end: walk(file, i + 1).end };
    }
  }
  return undefined;
}

/** The string literal that starts at `pos` (after blanks). */
function literalAt(file: SourceFile, pos: number): Token | undefined {
  const p = skipSpaces(file.codeText, pos);
  const t = file.tokenAt(p);
  return t && t.kind === TokenKind.String && t.start === p ? t : undefined;
}

function tokenValue(file: SourceFile, t: Token): string {
  return file.text.slice(t.valueStart, t.valueEnd);
}

function literalsIn(file: SourceFile, r: Range): Token[] {
  const out: Token[] = [];
  const tokens = file.tokens;
  for (let i = tokenIndexFrom(tokens, r.start); i < tokens.length && tokens[i].start < r.end; i++) {
    const t = tokens[i];
    if (t.kind === TokenKind.String && t.start >= r.start) out.push(t);
  }
  return out;
}

interface PathDesc { shown: string; all: string }

const PATH_JOIN = /\b(?:join|resolve|joinpath|combine)\b/i;
const SLASHES = /\/\/+/g;
const ENV_EXPR = /\b(?:environ|getenv|Getenv|GetEnvironmentVariable|process\.env|ENV|env)\b/;

/**
 * What an expression says about a path: one literal as is, path.join(...) pieces joined with `/`,
 * otherwise the first literal (`all` concatenates every literal, to judge whether it is a log file).
 */
function describePath(file: SourceFile, r: Range): PathDesc | undefined {
  const expr = file.codeText.slice(r.start, r.end);
  // the literals of `os.environ["LOG_FILE"]` name a variable, not the file
  if (ENV_EXPR.test(expr)) return undefined;
  const lits = literalsIn(file, r).map(t => tokenValue(file, t));
  if (!lits.length) return undefined;
  const joined = PATH_JOIN.test(expr) ? lits.filter(s => s.length).join('/').replace(SLASHES, '/') : lits[0];
  return { shown: joined, all: lits.join('') };
}

/** Path of an argument, and whether it is a std stream; no `desc` means "no literal". */
function argPath(c: Ctx, r: Range | undefined): { desc?: PathDesc; std: boolean } {
  if (!r) return { std: false };
  const desc = describePath(c.file, r);
  return { desc, std: !!desc && (isStd(desc.shown) || isStd(desc.all)) };
}

/** The name of an argument written `name=value` or `name: value`, if it is one. */
function argName(code: string, a: Range): string | undefined {
  let j = a.start;
  while (j < a.end && isIdentChar(code[j])) j++;
  if (j === a.start) return undefined;
  const k = skipSpaces(code, j, false);
  const ch = code[k], next = code[k + 1];
  return (ch === '=' && next !== '=' && next !== '>') || (ch === ':' && next !== ':') ? code.slice(a.start, j) : undefined;
}

/** Keyword argument `name=` (Python) or `name:` (C#, Ruby): the value's range. */
function namedArg(c: Ctx, args: Range[], names: readonly string[]): Range | undefined {
  for (const a of args) {
    const n = argName(c.code, a);
    if (n && names.includes(n)) {
      const sep = skipSpaces(c.code, a.start + n.length, false);
      return trimRange(c.code, sep + 1, a.end);
    }
  }
  return undefined;
}

function positionalArgs(c: Ctx, args: Range[]): Range[] {
  return args.filter(a => argName(c.code, a) === undefined);
}

/**
 * Run `re` (global) over `code`, or over the slice [start, end) so that a search never runs past
 * `end`; match indexes are offsets into `code` either way.
 */
function each(re: RegExp, code: string, fn: (m: RegExpExecArray) => void, start = 0, end = code.length): void {
  const bounded = start > 0 || end < code.length;
  const src = bounded ? code.slice(start, end) : code;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    if (m[0].length === 0) re.lastIndex++;
    if (bounded) m.index += start;
    fn(m);
  }
}

/** Each match of `re` (a name) that is followed by a call's `(`: `fn(match, open)`. */
function eachCall(c: Ctx, re: RegExp, fn: (m: RegExpExecArray, open: number) => void): void {
  each(re, c.code, m => {
    if (!isCode(c.file, m.index)) return;
    const open = parenAfter(c.code, m.index + m[0].length);
    if (open >= 0) fn(m, open);
  });
}

/** The value of the first `key:` / `key =` / `'key' =>` inside `block` (keys matched by `keyRe`). */
function keyValueIn(c: Ctx, block: Range, keyRe: RegExp): Range | undefined {
  let found: Range | undefined;
  each(keyRe, c.code, m => {
    if (found) return;
    const t = c.file.tokenAt(m.index);
    if (t && (t.kind !== TokenKind.String || t.valueStart !== m.index || t.valueEnd !== m.index + m[0].length)) return;
    const after = afterKey(c.code, m.index + m[0].length);
    if (after >= 0) found = exprAt(c.file, after);
  }, block.start, block.end);
  return found;
}

/** Each string literal whose value passes `test` and that is the value of `key` (`key: "v"`, `"key": "v"`, `'key' => 'v'`). */
function eachKeyedLiteral(c: Ctx, key: string, test: (v: string) => boolean, fn: (t: Token, v: string) => void): void {
  for (const t of c.file.tokens) {
    if (t.kind !== TokenKind.String) continue;
    const v = tokenValue(c.file, t);
    if (test(v) && keyBefore(c.code, t.start) === key) fn(t, v);
  }
}

/** Start of a dotted/qualified name that ends at `end` (`winston.transports.DailyRotateFile`). */
function qualifiedStart(text: string, end: number, extra = '.'): number {
  let j = end;
  const stop = Math.max(0, end - MAX_BACK);
  while (j > stop && (isIdentChar(text[j - 1]) || extra.includes(text[j - 1]))) j--;
  return j;
}

/** Whether the word before `pos` (skipping blanks) is `word`. */
function wordBefore(text: string, pos: number, word: string): boolean {
  const j = skipSpacesBack(text, pos);
  return j >= word.length && text.slice(j - word.length, j) === word && !isIdentChar(text[j - word.length - 1]);
}

/** Offset of the start of the line containing `pos`, looking back at most MAX_BACK characters. */
function lineStartBefore(code: string, pos: number): number {
  const stop = Math.max(0, pos - MAX_BACK);
  for (let i = pos - 1; i >= stop; i--) if (code[i] === '\n') return i + 1;
  return stop;
}

/** The simple class name of a dotted name (`logging.handlers.RotatingFileHandler` -> `RotatingFileHandler`). */
function simpleName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

// ---------------------------------------------------------------------------------------------
// Python

const PY_IDIOM = 'logging.StreamHandler(sys.stdout)';
const PY_FILE_HANDLERS = new Set(['FileHandler', 'RotatingFileHandler', 'TimedRotatingFileHandler', 'WatchedFileHandler', 'ConcurrentRotatingFileHandler', 'ConcurrentTimedRotatingFileHandler']);
const PY_HANDLER = /\b(?:logging\.)?(?:handlers\.)?(?:Concurrent)?(?:Timed)?(?:Rotating|Watched)?FileHandler\b/g;
const PY_BASIC = /\bbasicConfig\b/g;
const PY_FILENAME_KEY = /\bfilename\b/g;
const LOGURU_ADD = /\blogger\.add\b/g;
const LOGURU_PATH_CALL = /^(?:os\.path\.join|pathlib\.Path|Path|str)\b/;
const GUNICORN_LOG = /^(?:accesslog|errorlog)\b/gm;
const GUNICORN_CONF = /^(?:bind|workers|worker_class|timeout)\b/m;
const ENV_READ = /\b(?:os\.environ|getenv|environ\.get|env\.str|config)\b/;

function isPyFileHandlerClass(cls: string): boolean {
  return PY_FILE_HANDLERS.has(simpleName(cls));
}

function rotatingName(name: string): boolean {
  return name.includes('Rotating') || name.includes('Timed') || name.includes('Rolling');
}

function python(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('FileHandler')) {
    eachCall(c, PY_HANDLER, (m, open) => {
      if (wordBefore(code, m.index, 'def') || wordBefore(code, m.index, 'class')) return;
      const name = m[0];
      const call = callArgs(file, open);
      const target = namedArg(c, call.args, ['filename']) ?? positionalArgs(c, call.args)[0];
      const p = argPath(c, target);
      if (p.std) return;
      emit(c, m.index, m.index + name.length, message(name, p.desc?.shown, PY_IDIOM, rotatingName(name)));
    });
    pyDictClass(c);
  }
  if (code.includes('basicConfig')) {
    eachCall(c, PY_BASIC, (_m, open) => {
      const args = callArgs(file, open).args;
      const kw = args.find(a => argName(code, a) === 'filename');
      const value = kw && namedArg(c, [kw], ['filename']);
      if (!kw || !value) return;
      const v = code.slice(value.start, value.end);
      if (v === 'None' || ENV_READ.test(v)) return;
      const p = argPath(c, value);
      if (p.std) return;
      emit(c, kw.start, kw.start + 'filename'.length, message('logging.basicConfig(filename=...)', p.desc?.shown, 'logging.basicConfig(stream=sys.stdout)'));
    });
  }
  if (code.includes('logger.add') && file.text.includes('loguru')) {
    eachCall(c, LOGURU_ADD, (m, open) => {
      const call = callArgs(file, open);
      const first = positionalArgs(c, call.args)[0];
      if (!first) return;
      if (!literalAt(file, first.start) && !LOGURU_PATH_CALL.test(code.slice(first.start, first.end))) return;
      const p = argPath(c, first);
      if (!p.desc || p.std) return;
      const rotates = !!namedArg(c, call.args, ['rotation', 'retention']);
      emit(c, m.index, m.index + m[0].length, message('loguru logger.add', p.desc.shown, 'logger.add(sys.stdout)', rotates));
    });
  }
  if ((code.includes('accesslog') || code.includes('errorlog')) && (file.baseName.includes('gunicorn') || GUNICORN_CONF.test(code))) {
    each(GUNICORN_LOG, code, m => {
      const after = afterKey(code, m.index + m[0].length);
      const t = after >= 0 && code[after - 1] === '=' ? literalAt(file, after) : undefined;
      if (!t) return;
      const v = tokenValue(file, t);
      if (!v || isStd(v)) return;
      emit(c, m.index, m.index + m[0].length, message(`gunicorn ${m[0]}`, v, `${m[0]} = "-"`));
    });
  }
}

/** `'class': 'logging.handlers.RotatingFileHandler'` in a dictConfig dict (Python or JSON). */
function pyDictClass(c: Ctx): void {
  eachKeyedLiteral(c, 'class', isPyFileHandlerClass, (t, cls) => {
    const block = enclosing(c.file, t.start, '{');
    const p = argPath(c, block ? keyValueIn(c, block, PY_FILENAME_KEY) : undefined);
    if (p.std) return;
    emit(c, t.valueStart, t.valueEnd, message(`Python logging handler ${cls}`, p.desc?.shown, PY_IDIOM, rotatingName(cls)));
  });
}

// ---------------------------------------------------------------------------------------------
// Line-oriented config: .properties and INI

interface Line { key: string; keyStart: number; value: string; valueStart: number; section: number }

/** `key = value` lines (`:` also separates in .properties); `[section]` lines start a new section. */
function keyValueLines(code: string, colonSeparates: boolean): Line[] {
  const out: Line[] = [];
  let section = 0;
  let pos = 0;
  while (pos < code.length) {
    let eol = code.indexOf('\n', pos);
    if (eol < 0) eol = code.length;
    const ks = skipSpaces(code, pos, false);
    if (code[ks] === '[') section++;
    else if (ks < eol) {
      let ke = ks;
      while (ke < eol && !isBlank(code[ke]) && code[ke] !== '=' && !(colonSeparates && code[ke] === ':')) ke++;
      const sep = skipSpaces(code, ke, false);
      if (ke > ks && sep < eol && (code[sep] === '=' || (colonSeparates && code[sep] === ':'))) {
        const vs = skipSpaces(code, sep + 1, false);
        const value = code.slice(vs, eol).trim();
        out.push({ key: code.slice(ks, ke), keyStart: ks, value, valueStart: vs, section });
      }
    }
    pos = eol + 1;
  }
  return out;
}

/** The first quoted string in `args=('logs/app.log', 'a')`. */
function firstQuoted(s: string): string | undefined {
  const i = s.search(/["']/);
  if (i < 0) return undefined;
  const close = s.indexOf(s[i], i + 1);
  return close < 0 ? undefined : s.slice(i + 1, close);
}

function ini(c: Ctx): void {
  const { code } = c;
  if (!code.includes('FileHandler') && !code.includes('[uwsgi]')) return;
  const lines = keyValueLines(code, false);
  for (const l of lines) {
    const key = l.key.toLowerCase();
    if (key === 'class' && isPyFileHandlerClass(l.value)) {
      const args = lines.find(a => a.section === l.section && a.key.toLowerCase() === 'args');
      const path = args ? firstQuoted(args.value) : undefined;
      if (path && isStd(path)) continue;
      emit(c, l.valueStart, l.valueStart + l.value.length, message(`fileConfig handler ${l.value}`, path, 'class=StreamHandler, args=(sys.stdout,)', rotatingName(l.value)));
    } else if ((key === 'logto' || key === 'logto2') && code.includes('[uwsgi]')) {
      if (!l.value || isStd(l.value) || l.value.startsWith('$')) continue;
      emit(c, l.keyStart, l.keyStart + l.key.length, message(`uwsgi ${l.key}`, l.value, 'drop logto; uwsgi logs to stderr'));
    }
  }
}

const SPRING_FILE_KEYS = new Set(['logging.file.name', 'logging.file.path', 'logging.file', 'logging.path']);
const SPRING_IDIOM = 'Spring Boot logs to the console when logging.file.* is unset';
const JAVA_FILE_APPENDERS = new Set(['FileAppender', 'RollingFileAppender', 'DailyRollingFileAppender', 'RollingRandomAccessFileAppender', 'RandomAccessFileAppender']);
const LOG4J2_TYPES = new Set(['File', 'RollingFile', 'RollingRandomAccessFile', 'RandomAccessFile', 'MemoryMappedFile']);
const JUL_FILE_HANDLER_CLASS = 'java.util.logging.FileHandler';

/** `ch.qos.logback.core.FileAppender`, `log4net.Appender.RollingFileAppender, log4net`. */
function isFileAppenderClass(value: string): boolean {
  return JAVA_FILE_APPENDERS.has(simpleName(value.split(',')[0].trim()));
}

function properties(c: Ctx): void {
  const props = new Map<string, Line>();
  for (const l of keyValueLines(c.code, true)) props.set(l.key.toLowerCase(), l);
  for (const [lower, p] of props) {
    const parts = lower.split('.');
    if (lower.startsWith('log4j.appender.') && parts.length === 3 && isFileAppenderClass(p.value)) {
      const path = props.get(`${lower}.file`)?.value;
      if (path && isStd(path)) continue;
      const cls = simpleName(p.value);
      emit(c, p.valueStart, p.valueStart + p.value.length, message(`log4j ${cls}`, path, 'ConsoleAppender', cls.includes('Rolling')));
    } else if (parts[0] === 'appender' && parts.length === 3 && parts[2] === 'type' && LOG4J2_TYPES.has(p.value)) {
      const path = props.get(`appender.${parts[1]}.filename`)?.value;
      if (path && isStd(path)) continue;
      emit(c, p.valueStart, p.valueStart + p.value.length, message(`log4j2 ${p.value} appender`, path, 'a Console appender with target = SYSTEM_OUT', p.value.startsWith('Rolling')));
    } else if ((lower === 'handlers' || lower.endsWith('.handlers')) && p.value.includes(JUL_FILE_HANDLER_CLASS)) {
      const at = p.valueStart + p.value.indexOf(JUL_FILE_HANDLER_CLASS);
      const path = props.get('java.util.logging.filehandler.pattern')?.value;
      emit(c, at, at + JUL_FILE_HANDLER_CLASS.length, message('java.util.logging FileHandler', path, 'java.util.logging.ConsoleHandler'));
    } else if (SPRING_FILE_KEYS.has(lower)) {
      if (!p.value || isPlaceholder(p.value) || isStd(p.value)) continue;
      emit(c, p.keyStart, p.keyStart + p.key.length, message(`Spring Boot ${p.key}`, p.value, SPRING_IDIOM));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

const WINSTON_FILE = /\btransports\.File\b/g;
const DAILY_ROTATE = /\bDailyRotateFile\b/g;
const JS_FILENAME_KEY = /\b(?:filename|dirname)\b/g;
const PINO_DEST = /\b(?:pino\.destination|SonicBoom)\b/g;
const PINO_DEST_KEY = /\bdest\b/g;
const PINO_FILE_KEY = /\b(?:destination|file)\b/g;
const FS_WRITE = /\b(?:createWriteStream|appendFileSync|appendFile)\b/g;
const JS_LOGGER_CALL = /\b(?:pino|morgan|createLogger|Console)\b/g;
const BUNYAN_STREAMS = /\b(?:streams|addStream)\b/g;
const BUNYAN_PATH_KEY = /\bpath\b/g;
const LOG4JS_FILE_TYPES = new Set(['file', 'dateFile', 'fileSync', 'multiFile']);
const RFS_CREATE = /\bcreateStream\b/g;
const JS_IDIOM = 'console.log, or a logger writing to process.stdout';

const JS_LOGGER_IDIOM: Record<string, string> = {
  pino: 'pino() writes to stdout by default',
  morgan: 'morgan writes to process.stdout by default',
  console: 'the global console',
  bunyan: 'stream: process.stdout',
  winston: 'Console transport',
};

function js(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('transports.File')) {
    each(WINSTON_FILE, code, m => {
      if (!isCode(file, m.index)) return;
      const end = m.index + m[0].length;
      const start = code.slice(Math.max(0, m.index - 8), m.index) === 'winston.' ? m.index - 8 : m.index;
      const open = parenAfter(code, end);
      const target = open >= 0 ? keyValueIn(c, { start: open, end: callArgs(file, open).end }, JS_FILENAME_KEY) : undefined;
      const p = argPath(c, target);
      if (p.std) return;
      emit(c, start, end, message('winston File transport', p.desc?.shown, 'Console transport'));
    });
  }
  if (code.includes('DailyRotateFile')) {
    eachCall(c, DAILY_ROTATE, (m, open) => {
      const start = qualifiedStart(code, m.index);
      if (!wordBefore(code, start, 'new')) return;
      const p = argPath(c, keyValueIn(c, { start: open, end: callArgs(file, open).end }, JS_FILENAME_KEY));
      emit(c, start, m.index + m[0].length, message('winston DailyRotateFile transport', p.desc?.shown, 'Console transport', true));
    });
  }
  if (code.includes('pino.destination') || code.includes('SonicBoom')) {
    eachCall(c, PINO_DEST, (m, open) => {
      if (m[0] === 'SonicBoom' && !wordBefore(code, m.index, 'new')) return;
      const first = callArgs(file, open).args[0];
      if (!first) return;
      const target = code[first.start] === '{' ? keyValueIn(c, first, PINO_DEST_KEY) : first;
      const p = argPath(c, target);
      if (!p.desc || p.std) return;
      emit(c, m.index, m.index + m[0].length, message(m[0], p.desc.shown, JS_LOGGER_IDIOM.pino));
    });
  }
  if (code.includes('pino/file') || code.includes('pino-roll')) {
    eachKeyedLiteral(c, 'target', v => v === 'pino/file' || v === 'pino-roll', (t, target) => {
      const block = enclosing(file, t.start, '{');
      const p = argPath(c, block ? keyValueIn(c, block, PINO_FILE_KEY) : undefined);
      const roll = target === 'pino-roll';
      if (p.std || (!p.desc && !roll)) return;
      emit(c, t.valueStart, t.valueEnd, message(`pino transport ${target}`, p.desc?.shown, JS_LOGGER_IDIOM.pino, roll));
    });
  }
  if (code.includes('createWriteStream') || code.includes('appendFile')) jsStreams(c);
  if (file.text.includes('bunyan')) {
    each(BUNYAN_STREAMS, code, m => {
      if (!isCode(file, m.index)) return;
      let open = skipSpaces(code, m.index + m[0].length);
      if (m[0] === 'streams') {
        if (code[open] !== ':') return;
        open = skipSpaces(code, open + 1);
        if (code[open] !== '[') return;
      } else if (code[open] !== '(') return;
      const end = walk(file, open + 1).end;
      each(BUNYAN_PATH_KEY, code, k => {
        if (!isCode(file, k.index)) return;
        const after = afterKey(code, k.index + k[0].length);
        if (after < 0 || code[after - 1] !== ':') return;
        const p = argPath(c, exprAt(file, after));
        if (p.std) return;
        const obj = enclosing(file, k.index, '{');
        const rotates = !!obj && code.slice(obj.start, obj.end).includes('rotating-file');
        emit(c, k.index, k.index + k[0].length, message('bunyan file stream', p.desc?.shown, JS_LOGGER_IDIOM.bunyan, rotates));
      }, open, end);
    });
  }
  if (file.text.includes('log4js')) log4js(c);
  if (file.text.includes('rotating-file-stream')) {
    eachCall(c, RFS_CREATE, (m, open) => {
      const first = callArgs(file, open).args[0];
      const t = first && literalAt(file, first.start);
      if (!t) return;
      const start = qualifiedStart(code, m.index);
      emit(c, start, m.index + m[0].length, message(`rotating-file-stream ${code.slice(start, m.index + m[0].length)}`, tokenValue(file, t), JS_IDIOM, true));
    });
  }
}

/** fs.createWriteStream / fs.appendFile(Sync) to a log file, or a write stream handed to a logger. */
function jsStreams(c: Ctx): void {
  const { code, file } = c;
  const loggers: { name: string; range: Range }[] = [];
  eachCall(c, JS_LOGGER_CALL, (m, open) => {
    if (loggers.length >= 200) return;
    const word = m[0];
    const dot = code[m.index - 1] === '.';
    let name = word;
    if (word === 'createLogger') {
      const lib = code.slice(qualifiedStart(code, m.index), m.index);
      if (lib !== 'bunyan.' && lib !== 'winston.') return;
      name = lib.slice(0, -1);
    } else if (word === 'Console') {
      const start = code.slice(Math.max(0, m.index - 8), m.index) === 'console.' ? m.index - 8 : m.index;
      if (!wordBefore(code, start, 'new')) return;
      name = 'console';
    } else if (dot) return;
    loggers.push({ name, range: { start: open, end: walk(file, open + 1).end } });
  });
  eachCall(c, FS_WRITE, (m, open) => {
    const fn = m[0];
    const start = qualifiedStart(code, m.index);
    const callee = code.slice(start, m.index + fn.length);
    const p = argPath(c, callArgs(file, open).args[0]);
    if (!p.desc || p.std) return;
    const logger = loggers.find(l => l.range.start < m.index && m.index < l.range.end);
    if (logger) {
      const who = logger.name === 'console' ? 'console.Console' : logger.name;
      emit(c, start, m.index + fn.length, message(who, p.desc.shown, JS_LOGGER_IDIOM[logger.name] ?? JS_IDIOM, false, `writes logs through ${callee} to`));
    } else if (isLogPath(p.desc.shown) || isLogPath(p.desc.all)) {
      emit(c, start, m.index + fn.length, message(callee, p.desc.shown, JS_IDIOM));
    }
  });
}

/** Whether the block is the value of `key` (`appenders: {`, `"appenders": {`). */
function underKey(c: Ctx, block: Range | undefined, key: string): boolean {
  return !!block && keyBefore(c.code, block.start) === key;
}

/** log4js appenders `{ type: 'file' | 'dateFile', filename }`, in code or log4js.json. */
function log4js(c: Ctx): void {
  eachKeyedLiteral(c, 'type', v => LOG4JS_FILE_TYPES.has(v), (t, type) => {
    const block = enclosing(c.file, t.start, '{');
    if (!block) return;
    const filename = keyValueIn(c, block, JS_FILENAME_KEY);
    // an appender has a filename, or is a value under `appenders` (`{ type: 'file' }` alone is anything)
    if (!filename && !underKey(c, enclosing(c.file, block.start, '{'), 'appenders')) return;
    const p = argPath(c, filename);
    if (p.std) return;
    const rotates = type === 'dateFile' || c.code.slice(block.start, block.end).includes('maxLogSize');
    emit(c, t.valueStart, t.valueEnd, message(`log4js ${type} appender`, p.desc?.shown, 'a stdout appender', rotates));
  });
}

// ---------------------------------------------------------------------------------------------
// Java, Kotlin, C# (code)

const JUL_FILE_HANDLER = /\bFileHandler\b/g;
const APPENDER_CODE = /\b(?:DailyRolling|Rolling|RollingRandomAccess|RandomAccess)?FileAppender\b/g;
const APPENDER_BUILDERS = ['newBuilder', 'createAppender', 'builder'];
const APPENDER_FILE_SETTER = /\b(?:setFile|setFileName|withFileName|File|file|FileName|fileName)\b/g;
const NLOG_FILE_TARGET = /\bFileTarget\b/g;
const NLOG_FILENAME = /\bFileName\b/g;
const SERILOG_FILE = /\.(?:File|RollingFile)\b/g;
const ADD_FILE = /\.AddFile\b/g;

/** The string literal assigned or passed right after a setter name ending at `end` (`setFile("x")`, `File = "x"`). */
function setterLiteral(c: Ctx, end: number): Token | undefined {
  const j = skipSpaces(c.code, end);
  if (c.code[j] === '(' || (c.code[j] === '=' && c.code[j + 1] !== '=')) return literalAt(c.file, j + 1);
  return undefined;
}

function jvmAndDotnet(c: Ctx): void {
  const { code, file } = c;
  const fam = file.family;
  if (fam !== 'csharp' && code.includes('FileHandler')) {
    eachCall(c, JUL_FILE_HANDLER, (m, open) => {
      const start = qualifiedStart(code, m.index);
      if (fam === 'java' && !wordBefore(code, start, 'new')) return;
      if (wordBefore(code, start, 'fun') || wordBefore(code, start, 'class')) return;
      const p = argPath(c, callArgs(file, open).args[0]);
      if (p.std) return;
      emit(c, fam === 'java' ? start : m.index, m.index + m[0].length, message('java.util.logging FileHandler', p.desc?.shown, 'ConsoleHandler'));
    });
  }
  if (code.includes('FileAppender')) {
    each(APPENDER_CODE, code, m => {
      if (!isCode(file, m.index)) return;
      const name = m[0];
      let j = skipSpaces(code, m.index + name.length);
      if (code[j] === '<') {
        const close = code.slice(j, j + 120).indexOf('>');
        if (close < 0) return;
        j = skipSpaces(code, j + close + 1);
      }
      const start = qualifiedStart(code, m.index);
      let args: Range[] = [];
      let regionEnd = j;
      if (code[j] === '(' || (fam === 'csharp' && code[j] === '{')) {
        if (fam !== 'kotlin' && !wordBefore(code, start, 'new')) return;
        if (fam === 'kotlin' && (wordBefore(code, start, 'fun') || code[skipSpacesBack(code, start) - 1] === ':')) return;
        const call = callArgs(file, j);
        if (code[j] === '(') args = call.args;
        regionEnd = call.end;
      } else {
        const dot = code[j] === '.' ? skipSpaces(code, j + 1) : -1;
        if (dot < 0 || !APPENDER_BUILDERS.some(b => code.startsWith(b, dot) && !isIdentChar(code[dot + b.length]))) return;
      }
      let p = argPath(c, args.find(a => literalAt(file, a.start)));
      if (!p.desc) {
        let found: Token | undefined;
        each(APPENDER_FILE_SETTER, code, s => {
          if (!found && isCode(file, s.index)) found = setterLiteral(c, s.index + s[0].length);
        }, j, Math.min(code.length, Math.max(regionEnd, j) + 800));
        p = argPath(c, found && { start: found.start, end: found.end });
      }
      if (p.std) return;
      emit(c, start, m.index + name.length, message(fam === 'csharp' ? `log4net ${name}` : name, p.desc?.shown, 'ConsoleAppender', name.includes('Rolling')));
    });
  }
  if (fam !== 'csharp') return;
  if (code.includes('FileTarget')) {
    each(NLOG_FILE_TARGET, code, m => {
      if (!isCode(file, m.index) || !wordBefore(code, m.index, 'new')) return;
      const regionEnd = Math.min(code.length, m.index + 600);
      let found: Token | undefined;
      each(NLOG_FILENAME, code, s => {
        if (!found) found = setterLiteral(c, s.index + s[0].length);
      }, m.index, regionEnd);
      const path = found ? tokenValue(file, found) : undefined;
      if (path && isStd(path)) return;
      emit(c, m.index, m.index + m[0].length, message('NLog FileTarget', path, 'a ConsoleTarget', code.slice(m.index, regionEnd).includes('Archive')));
    });
  }
  if (code.includes('WriteTo') || code.includes('AuditTo')) {
    eachCall(c, SERILOG_FILE, (m, open) => {
      // `.WriteTo.File(` or, in a sub-configuration, `WriteTo.Async(a => a.File(`
      const recvEnd = skipSpacesBack(code, m.index);
      const recvStart = qualifiedStart(code, recvEnd, '');
      const receiver = code.slice(recvStart, recvEnd);
      const sub = code.slice(skipSpacesBack(code, recvStart) - 2, skipSpacesBack(code, recvStart)) === '=>' && code.slice(Math.max(0, m.index - 160), m.index).includes('WriteTo');
      if (receiver !== 'WriteTo' && receiver !== 'AuditTo' && !sub) return;
      const call = callArgs(file, open);
      const named = namedArg(c, call.args, ['path', 'pathFormat']);
      const p = argPath(c, named ?? call.args.find(a => literalAt(file, a.start)));
      if (p.std) return;
      const interval = namedArg(c, call.args, ['rollingInterval']);
      const rotates = m[0] === '.RollingFile' || (!!interval && !code.slice(interval.start, interval.end).includes('Infinite')) || !!namedArg(c, call.args, ['rollOnFileSizeLimit']);
      emit(c, recvStart, m.index + m[0].length, message('Serilog File sink', p.desc?.shown, 'WriteTo.Console()', rotates));
    });
  }
  if (code.includes('AddFile')) {
    eachCall(c, ADD_FILE, (m, open) => {
      const recvStart = qualifiedStart(code, m.index, '');
      const receiver = code.slice(recvStart, m.index);
      if (!receiver.toLowerCase().includes('log')) return;
      const p = argPath(c, callArgs(file, open).args[0]);
      if (p.std) return;
      emit(c, recvStart, m.index + m[0].length, message(`${receiver}.AddFile`, p.desc?.shown, 'AddConsole()'));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Go

const GO_OPEN = /\bos\.(?:OpenFile|Create)\b/g;
const GO_SINK = /\.SetOutput\b|\blog\.New\b|\bslog\.New(?:JSON|Text)Handler\b|\bzerolog\.New\b|\bgin\.Default(?:Error)?Writer\b|\.Out\b/g;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ZAP_PATHS = /\b(?:Error)?OutputPaths\b/g;
const LUMBERJACK = /\blumberjack\.Logger\b/g;
const LUMBERJACK_FILENAME = /\bFilename\b/g;
const ROTATELOGS = /\brotatelogs\.New\b/g;

/** Each identifier in [start, end) that is not a field or method (`x.f`). */
function identifiersIn(code: string, start: number, end: number, fn: (id: string) => void): void {
  let i = start;
  while (i < end) {
    if (isIdentChar(code[i]) && !(code[i] >= '0' && code[i] <= '9')) {
      let j = i;
      while (j < end && isIdentChar(code[j])) j++;
      if (code[i - 1] !== '.') fn(code.slice(i, j));
      i = j;
    } else i++;
  }
}

/** Variables assigned from os.OpenFile / os.Create, with the path they open. */
function goFileVars(c: Ctx): Map<string, PathDesc | undefined> {
  const vars = new Map<string, PathDesc | undefined>();
  eachCall(c, GO_OPEN, (m, open) => {
    let lhs = c.code.slice(lineStartBefore(c.code, m.index), m.index).trim();
    if (lhs.endsWith(':=')) lhs = lhs.slice(0, -2);
    else if (lhs.endsWith('=')) lhs = lhs.slice(0, -1);
    else return;
    lhs = lhs.trim();
    if (lhs.startsWith('var ')) lhs = lhs.slice(4);
    const names = lhs.split(',').map(s => s.trim());
    if (!names.every(n => IDENT.test(n))) return;
    const p = argPath(c, callArgs(c.file, open).args[0]);
    if (!p.std) vars.set(names[0], p.desc);
  });
  return vars;
}

function go(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('os.OpenFile') || code.includes('os.Create')) {
    const vars = goFileVars(c);
    if (vars.size) {
      each(GO_SINK, code, m => {
        if (!isCode(file, m.index)) return;
        const next = skipSpaces(code, m.index + m[0].length);
        const assignment = m[0] === '.Out' || m[0].startsWith('gin.');
        let arg: Range | undefined;
        if (assignment) {
          if (code[next] !== '=' || code[next + 1] === '=') return;
          if (m[0] === '.Out' && !file.text.includes('logrus')) return;
          arg = exprAt(file, next + 1);
        } else {
          if (code[next] !== '(') return;
          arg = callArgs(file, next).args[0];
        }
        if (!arg) return;
        let hit: string | undefined;
        identifiersIn(code, arg.start, arg.end, id => { if (!hit && vars.has(id)) hit = id; });
        if (!hit) return;
        const start = m[0].startsWith('.') ? qualifiedStart(code, m.index, '') : m.index;
        const end = m.index + m[0].length;
        emit(c, start, end, message(code.slice(start, end), vars.get(hit)?.shown, 'os.Stdout'));
      });
    }
  }
  if (code.includes('OutputPaths')) {
    each(ZAP_PATHS, code, m => {
      if (!isCode(file, m.index)) return;
      let j = skipSpaces(code, m.index + m[0].length);
      if (code[j] === ':' && code[j + 1] === '=') return;
      if (code[j] !== ':' && code[j] !== '=') return;
      j = skipSpaces(code, j + 1);
      if (!code.startsWith('[]string', j)) return;
      j = skipSpaces(code, j + 8);
      if (code[j] !== '{') return;
      const close = walk(file, j + 1).end;
      const bad = literalsIn(file, { start: j, end: close }).map(t => tokenValue(file, t)).find(v => !isStd(v));
      if (bad === undefined) return;
      emit(c, m.index, m.index + m[0].length, message(`zap ${m[0]}`, bad, `${m[0]}: []string{"stdout"}`));
    });
  }
  if (code.includes('lumberjack.Logger')) {
    each(LUMBERJACK, code, m => {
      if (!isCode(file, m.index)) return;
      const open = skipSpaces(code, m.index + m[0].length);
      if (code[open] !== '{') return;
      const p = argPath(c, keyValueIn(c, { start: open, end: walk(file, open + 1).end }, LUMBERJACK_FILENAME));
      emit(c, m.index, m.index + m[0].length, message('lumberjack.Logger', p.desc?.shown, 'os.Stdout', true));
    });
  }
  if (code.includes('rotatelogs.New')) {
    eachCall(c, ROTATELOGS, (m, open) => {
      const p = argPath(c, callArgs(file, open).args[0]);
      emit(c, m.index, m.index + m[0].length, message('rotatelogs.New', p.desc?.shown, 'os.Stdout', true));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Ruby

const RUBY_LOGGER = /\b(?:ActiveSupport::)?Logger\.new\b/g;
const RUBY_PATH_EXPR = /^(?:Rails\.root\b|File\.(?:join|open|new|expand_path)\b|Pathname\.new\b)/;
const RAILS_LOG_PATH = /\bconfig\.paths\[["']log["']\]/g;

function ruby(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('Logger.new')) {
    each(RUBY_LOGGER, code, m => {
      if (!isCode(file, m.index) || code[m.index - 1] === ':') return;
      const end = m.index + m[0].length;
      const open = skipSpaces(code, end, false);
      const call = code[open] === '(' ? callArgs(file, open) : bareArgs(file, open);
      const first = call.args[0];
      if (!first) return;
      if (!literalAt(file, first.start) && !RUBY_PATH_EXPR.test(code.slice(first.start, first.end))) return;
      const p = argPath(c, first);
      if (!p.desc || p.std) return;
      // Logger.new(path, 'daily') / Logger.new(path, 10, 1_024_000) / shift_age: ... rotate the file
      const second = call.args[1];
      const secondName = second && argName(code, second);
      const rotates = !!second && (secondName === undefined || secondName.startsWith('shift_'));
      emit(c, m.index, end, message(m[0], p.desc.shown, `${m[0]}($stdout)`, rotates));
    });
  }
  if (code.includes('config.paths')) {
    each(RAILS_LOG_PATH, code, m => {
      if (!isCode(file, m.index)) return;
      const eq = skipSpaces(code, m.index + m[0].length);
      if (code[eq] !== '=' || code[eq + 1] === '=') return;
      const p = argPath(c, exprAt(file, eq + 1));
      if (p.std) return;
      emit(c, m.index, m.index + m[0].length, message('Rails config.paths[\'log\']', p.desc?.shown, 'config.logger = ActiveSupport::Logger.new($stdout)', false, 'sends logs to'));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// PHP

const PHP_HANDLER = /\b(?:StreamHandler|RotatingFileHandler)\b/g;
const PHP_ERROR_LOG = /\berror_log\b/g;
const PHP_INI_SET = /\bini_set\b/g;
const LARAVEL_PATH_KEY = /\bpath\b/g;
const PHP_IDIOM = 'new StreamHandler(\'php://stdout\')';

function php(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('StreamHandler') || code.includes('RotatingFileHandler')) {
    eachCall(c, PHP_HANDLER, (m, open) => {
      const start = qualifiedStart(code, m.index, '\\');
      if (!wordBefore(code, start, 'new')) return;
      const name = m[0];
      const first = callArgs(file, open).args[0];
      if (!first) return;
      const p = argPath(c, first);
      const rotating = name === 'RotatingFileHandler';
      if (p.std) return;
      if (!rotating) {
        const expr = code.slice(first.start, first.end);
        if (!p.desc || expr.includes('STDOUT') || expr.includes('STDERR') || p.desc.all.includes('php://')) return;
      }
      emit(c, m.index, m.index + name.length, message(`Monolog ${name}`, p.desc?.shown, PHP_IDIOM, rotating));
    });
  }
  if (code.includes('error_log')) {
    eachCall(c, PHP_ERROR_LOG, (m, open) => {
      if (code[m.index - 1] === '>' || code[m.index - 1] === ':') return;
      const args = callArgs(file, open).args;
      if (args.length < 3 || code.slice(args[1].start, args[1].end) !== '3') return;
      const p = argPath(c, args[2]);
      if (p.std) return;
      emit(c, m.index, m.index + m[0].length, message('error_log(..., 3, ...)', p.desc?.shown, 'error_log() to the SAPI logger, or a Monolog StreamHandler on php://stderr'));
    });
    eachCall(c, PHP_INI_SET, (m, open) => {
      const args = callArgs(file, open).args;
      const key = args[0] && literalAt(file, args[0].start);
      const value = args[1] && literalAt(file, args[1].start);
      if (!key || !value || tokenValue(file, key) !== 'error_log') return;
      const v = tokenValue(file, value);
      if (isStd(v) || v === 'syslog') return;
      emit(c, m.index, m.index + m[0].length, message('ini_set(\'error_log\')', v, 'error_log = /dev/stderr', false, 'sends PHP errors to'));
    });
  }
  if (code.includes('driver')) {
    // Laravel config/logging.php: 'driver' => 'single' | 'daily' with a 'path'
    eachKeyedLiteral(c, 'driver', v => v === 'single' || v === 'daily', (t, driver) => {
      const block = enclosing(file, t.start, '[');
      const value = block ? keyValueIn(c, block, LARAVEL_PATH_KEY) : undefined;
      if (!value) return;
      const p = argPath(c, value);
      if (p.std) return;
      emit(c, t.valueStart, t.valueEnd, message(`Laravel '${driver}' log channel`, p.desc?.shown, 'the \'stderr\' channel, LOG_CHANNEL=stderr', driver === 'daily'));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Rust

const RUST_APPENDER = /\b(?:Rolling)?FileAppender::(?:builder|new)\b/g;
const RUST_BUILD = /\.build\b/g;
const TRACING_ROLLING = /\brolling::(?:daily|hourly|minutely|never)\b/g;
const WRITE_LOGGER = /\bWriteLogger::(?:new|init)\b/g;
const RUST_FILE_OPEN = /\b(?:File::create|File::options|OpenOptions::new)\b/g;
const FERN = /\bfern::(?:log_file|DateBased::new)\b/g;
const FLEXI = /\.log_to_file\b/g;
const FLEXI_DIR = /\.directory\b/g;

/** `let [mut] name[: T] = ` right before a File::create call: the variable's name. */
function rustLetName(prefix: string): string | undefined {
  let s = prefix.trim();
  if (!s.startsWith('let ')) return undefined;
  s = s.slice(4).trimStart();
  if (s.startsWith('mut ')) s = s.slice(4).trimStart();
  let j = 0;
  while (j < s.length && isIdentChar(s[j])) j++;
  const name = s.slice(0, j);
  let rest = s.slice(j).trim();
  if (rest.endsWith('std::fs::')) rest = rest.slice(0, -9).trimEnd();
  if (!rest.endsWith('=') || rest.endsWith('==')) return undefined;
  rest = rest.slice(0, -1).trim();
  return IDENT.test(name) && (rest === '' || rest.startsWith(':')) ? name : undefined;
}

function literalValues(file: SourceFile, args: Range[]): string[] {
  return args.map(a => literalAt(file, a.start)).filter((t): t is Token => !!t).map(t => tokenValue(file, t));
}

function rust(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('FileAppender::')) {
    eachCall(c, RUST_APPENDER, (m, open) => {
      const name = m[0].slice(0, m[0].indexOf('::'));
      let p = argPath(c, undefined);
      const call = callArgs(file, open);
      if (m[0].endsWith('::new')) {
        const lits = literalValues(file, call.args);
        if (lits.length) p = { desc: { shown: lits.join('/'), all: lits.join('') }, std: false };
      } else {
        each(RUST_BUILD, code, b => {
          if (p.desc) return;
          const bo = parenAfter(code, b.index + b[0].length);
          if (bo >= 0) p = argPath(c, callArgs(file, bo).args[0]);
        }, call.end, Math.min(code.length, call.end + 800));
      }
      if (p.std) return;
      // tracing-appender has a RollingFileAppender too; log4rs has both
      const log4rs = name === 'FileAppender' || file.text.includes('log4rs') || !file.text.includes('tracing_appender');
      emit(c, m.index, m.index + name.length, message(`${log4rs ? 'log4rs' : 'tracing_appender'} ${name}`, p.desc?.shown, log4rs ? 'log4rs ConsoleAppender' : 'tracing_subscriber::fmt() on stdout', name.startsWith('Rolling')));
    });
  }
  if (code.includes('rolling::')) {
    eachCall(c, TRACING_ROLLING, (m, open) => {
      const start = code.slice(Math.max(0, m.index - 18), m.index) === 'tracing_appender::' ? m.index - 18 : m.index;
      const name = code.slice(start, m.index + m[0].length);
      const lits = literalValues(file, callArgs(file, open).args);
      emit(c, start, start + name.length, message(name, lits.length ? lits.join('/') : undefined, 'tracing_subscriber::fmt() on stdout', !name.endsWith('never')));
    });
  }
  if (code.includes('WriteLogger')) {
    const vars = new Map<string, string | undefined>();
    eachCall(c, RUST_FILE_OPEN, (m, open) => {
      const name = rustLetName(code.slice(lineStartBefore(code, m.index), m.index));
      if (!name) return;
      const t = literalsIn(file, { start: open, end: callArgs(file, open).end })[0];
      vars.set(name, t ? tokenValue(file, t) : undefined);
    });
    eachCall(c, WRITE_LOGGER, (m, open) => {
      const args = { start: open, end: callArgs(file, open).end };
      let path: string | undefined;
      let opens = false;
      each(RUST_FILE_OPEN, code, () => { opens = true; }, args.start, args.end);
      if (opens) {
        const t = literalsIn(file, args)[0];
        path = t ? tokenValue(file, t) : undefined;
      } else {
        let hit = false;
        identifiersIn(code, args.start, args.end, id => { if (!hit && vars.has(id)) { hit = true; path = vars.get(id); } });
        if (!hit) return;
      }
      if (path && isStd(path)) return;
      emit(c, m.index, m.index + 'WriteLogger'.length, message('simplelog WriteLogger', path, 'TermLogger or SimpleLogger'));
    });
  }
  if (code.includes('fern::')) {
    eachCall(c, FERN, (m, open) => {
      const p = argPath(c, callArgs(file, open).args[0]);
      if (p.std) return;
      emit(c, m.index, m.index + m[0].length, message(m[0], p.desc?.shown, '.chain(std::io::stdout())', m[0].includes('DateBased')));
    });
  }
  if (code.includes('log_to_file') && file.text.includes('flexi_logger')) {
    eachCall(c, FLEXI, (m, open) => {
      const end = callArgs(file, open).end;
      let path: string | undefined;
      each(FLEXI_DIR, code, d => {
        if (path !== undefined) return;
        const o = parenAfter(code, d.index + d[0].length);
        const t = o >= 0 ? literalAt(file, o + 1) : undefined;
        if (t) path = tokenValue(file, t);
      }, open, Math.min(code.length, end + 300));
      emit(c, m.index + 1, m.index + m[0].length, message('flexi_logger log_to_file', path, 'log_to_stdout()', code.includes('.rotate(')));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// XML: logback, log4j 1/2, log4net, NLog, Spring Boot includes

const XML_APPENDER = /<appender\b/gi;
const LOG4J2_ELEMENT = /<(?:File|RollingFile|RollingRandomAccessFile|RandomAccessFile|MemoryMappedFile)\b/g;
const NLOG_TARGET = /<target\b/gi;
const XML_INCLUDE = /<include\b/g;

interface Attr { value: string; offset: number }

/** The attributes of the tag starting at `start` (names lower-cased), with their values' offsets. */
function xmlAttrs(code: string, start: number): { attrs: Map<string, Attr>; end: number } {
  const attrs = new Map<string, Attr>();
  const limit = Math.min(code.length, start + 2000);
  let i = start + 1;
  while (i < limit && !isBlank(code[i]) && code[i] !== '>' && code[i] !== '/') i++;
  while (i < limit) {
    i = skipSpaces(code, i);
    const ch = code[i];
    if (ch === '>' || ch === '/' || ch === '<' || ch === undefined) break;
    const ns = i;
    while (i < limit && !isBlank(code[i]) && code[i] !== '=' && code[i] !== '>' && code[i] !== '/') i++;
    const name = code.slice(ns, i).toLowerCase();
    let j = skipSpaces(code, i);
    if (code[j] !== '=') { if (i === ns) i++; continue; }
    j = skipSpaces(code, j + 1);
    const q = code[j];
    if (q !== '"' && q !== "'") { i = j; continue; }
    const close = code.indexOf(q, j + 1);
    if (close < 0 || close > limit) break;
    attrs.set(name, { value: code.slice(j + 1, close), offset: j + 1 });
    i = close + 1;
  }
  return { attrs, end: i };
}

/** The text of the first `<tag>text</tag>` in `region` (lower-cased copy `lower`). */
function elementText(region: string, lower: string, tag: string): string | undefined {
  const open = lower.indexOf(`<${tag}>`);
  if (open < 0) return undefined;
  const close = lower.indexOf('<', open + tag.length + 2);
  return close < 0 ? undefined : region.slice(open + tag.length + 2, close).trim();
}

/** The log file of an appender element: `<file>`, `<file value=...>`, `<param name="File" value=...>`, `fileName=`. */
function appenderFile(code: string, start: number, region: string): string | undefined {
  const lower = region.toLowerCase();
  const text = elementText(region, lower, 'file');
  if (text) return text;
  for (let i = lower.indexOf('<', 1); i >= 0; i = lower.indexOf('<', i + 1)) {
    const isFile = lower.startsWith('<file', i) && !isIdentChar(lower[i + 5]);
    const isParam = lower.startsWith('<param', i) && !isIdentChar(lower[i + 6]);
    if (!isFile && !isParam) continue;
    const { attrs } = xmlAttrs(code, start + i);
    if (isFile && attrs.get('value')) return attrs.get('value')!.value;
    if (isParam && attrs.get('name')?.value.toLowerCase() === 'file' && attrs.get('value')) return attrs.get('value')!.value;
  }
  const own = xmlAttrs(code, start).attrs;
  return own.get('filename')?.value ?? elementText(region, lower, 'filenamepattern');
}

function xml(c: Ctx): void {
  const { code } = c;
  const lowerCode = code.toLowerCase();
  if (lowerCode.includes('<appender')) {
    each(XML_APPENDER, code, m => {
      const { attrs } = xmlAttrs(code, m.index);
      const cls = attrs.get('class') ?? attrs.get('type');
      if (!cls) return;
      const value = cls.value.trim();
      const log4j2 = !attrs.has('class') && LOG4J2_TYPES.has(value) && attrs.has('filename');
      if (!isFileAppenderClass(value) && !log4j2) return;
      const close = lowerCode.slice(m.index, m.index + 6000).indexOf('</appender');
      const region = code.slice(m.index, close < 0 ? m.index + 6000 : m.index + close);
      const path = appenderFile(code, m.index, region);
      if (path && isStd(path)) return;
      const full = value.split(',')[0].trim();
      const simple = simpleName(full);
      const lib = full.startsWith('ch.qos.logback') ? 'logback ' : full.startsWith('org.apache.log4j') ? 'log4j ' : full.startsWith('log4net') ? 'log4net ' : log4j2 ? 'log4j2 ' : '';
      emit(c, cls.offset, cls.offset + cls.value.length, message(`${lib}${simple}`, path, 'ConsoleAppender', simple.includes('Rolling')));
    });
  }
  each(LOG4J2_ELEMENT, code, m => {
    const { attrs } = xmlAttrs(code, m.index);
    const path = (attrs.get('filename') ?? attrs.get('filepattern'))?.value;
    if (path === undefined || isStd(path)) return;
    const name = m[0].slice(1);
    emit(c, m.index + 1, m.index + 1 + name.length, message(`log4j2 ${name} appender`, path, 'a Console appender with target="SYSTEM_OUT"', name.startsWith('Rolling')));
  });
  if (lowerCode.includes('<target')) {
    each(NLOG_TARGET, code, m => {
      const { attrs } = xmlAttrs(code, m.index);
      const type = attrs.get('xsi:type') ?? attrs.get('type');
      if (!type || type.value.toLowerCase() !== 'file') return;
      const path = attrs.get('filename')?.value;
      if (path && isStd(path)) return;
      const rotates = [...attrs.keys()].some(k => k.startsWith('archive'));
      emit(c, type.offset, type.offset + type.value.length, message('NLog File target', path, 'a Console target', rotates));
    });
  }
  if (code.includes('file-appender.xml')) {
    each(XML_INCLUDE, code, m => {
      const res = xmlAttrs(code, m.index).attrs.get('resource');
      if (!res || !res.value.endsWith('file-appender.xml')) return;
      emit(c, res.offset, res.offset + res.value.length, message('Spring Boot file-appender.xml', undefined, 'include console-appender.xml only', true, 'adds an appender that writes logs to'));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// YAML: Spring Boot, Python dictConfig, log4rs, log4j2, container commands

interface YEntry { key: string; keyStart: number; value: string; valueStart: number; col: number; parent: number; line: number }

/** Keys of a YAML document with their parents (a light reading: block mappings and sequences). */
function yamlEntries(code: string): YEntry[] {
  const entries: YEntry[] = [];
  const stack: number[] = [];
  let blockIndent = -1;
  let pos = 0;
  let line = 0;
  const parentFor = (col: number): number => {
    while (stack.length && entries[stack[stack.length - 1]].col >= col) stack.pop();
    return stack.length ? stack[stack.length - 1] : -1;
  };
  while (pos <= code.length) {
    let eol = code.indexOf('\n', pos);
    if (eol < 0) eol = code.length;
    // a CRLF line's `\r` is not part of its key or value
    const text = code.slice(pos, eol > pos && code[eol - 1] === '\r' ? eol - 1 : eol);
    let col = 0;
    while (col < text.length && (text[col] === ' ' || text[col] === '\t')) col++;
    const blank = col >= text.length || text.trim() === '' || text.startsWith('---', col) || text.startsWith('...', col);
    if (!blank && !(blockIndent >= 0 && col > blockIndent)) {
      blockIndent = -1;
      // each sequence item opens an anonymous level, so keys of one item are siblings
      while (text[col] === '-' && (text[col + 1] === ' ' || text[col + 1] === undefined)) {
        entries.push({ key: '-', keyStart: pos + col, value: '', valueStart: pos + col, col, parent: parentFor(col), line });
        stack.push(entries.length - 1);
        col++;
        while (col < text.length && text[col] === ' ') col++;
      }
      const colon = yamlKeyColon(text, col);
      if (colon > col) {
        let key = text.slice(col, colon).trim();
        if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) key = key.slice(1, -1);
        let vs = colon + 1;
        while (vs < text.length && (text[vs] === ' ' || text[vs] === '\t')) vs++;
        let value = text.slice(vs).trimEnd();
        let valueStart = pos + vs;
        if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) { value = value.slice(1, -1); valueStart++; }
        entries.push({ key, keyStart: pos + col, value, valueStart, col, parent: parentFor(col), line });
        stack.push(entries.length - 1);
        if (value.startsWith('|') || value.startsWith('>')) blockIndent = col;
      }
    }
    pos = eol + 1;
    line++;
  }
  return entries;
}

/** The `:` that ends a plain or quoted key at `col`, or -1. */
function yamlKeyColon(text: string, col: number): number {
  const q = text[col];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, col + 1);
    if (close < 0) return -1;
    let j = close + 1;
    while (text[j] === ' ') j++;
    return text[j] === ':' ? j : -1;
  }
  if ('{[#&*!|>'.includes(q)) return -1;
  for (let j = col; j < text.length; j++) {
    const ch = text[j];
    if (ch === ':' && (j + 1 === text.length || text[j + 1] === ' ' || text[j + 1] === '\t')) return j;
    if (ch === '#' && (text[j - 1] === ' ' || text[j - 1] === '\t')) return -1;
  }
  return -1;
}

const YAML_HINTS = /logging|FileHandler|appenders|Appenders|command|entrypoint|args|cmd|--log/;
const YAML_COMMAND_KEYS = new Set(['command', 'entrypoint', 'args', 'cmd']);
const SPRING_LAST_KEYS = new Set(['name', 'path', 'file']);

function yaml(c: Ctx): void {
  const { code } = c;
  if (!YAML_HINTS.test(code)) return;
  const entries = yamlEntries(code);
  const children = new Map<number, number[]>();
  entries.forEach((e, i) => {
    const list = children.get(e.parent);
    if (list) list.push(i); else children.set(e.parent, [i]);
  });
  const child = (parent: number, key: string): YEntry | undefined => {
    const i = children.get(parent)?.find(j => entries[j].key === key);
    return i === undefined ? undefined : entries[i];
  };
  // where each entry's block ends: the next entry on a later line at its column or left of it
  const blockEnd: number[] = entries.map(() => code.length);
  const open: number[] = [];
  entries.forEach((e, j) => {
    while (open.length && entries[open[open.length - 1]].col >= e.col && entries[open[open.length - 1]].line < e.line) blockEnd[open.pop()!] = e.keyStart;
    open.push(j);
  });
  const keyPath = (i: number): string => {
    const parts: string[] = [];
    for (let j = i, depth = 0; j >= 0 && depth < 64; j = entries[j].parent, depth++) if (entries[j].key !== '-') parts.push(entries[j].key);
    return parts.reverse().join('.').toLowerCase();
  };
  const hasAncestor = (i: number, key: string): boolean => {
    for (let j = entries[i].parent, depth = 0; j >= 0 && depth < 64; j = entries[j].parent, depth++) if (entries[j].key === key) return true;
    return false;
  };
  entries.forEach((e, i) => {
    const scalar = e.value !== '' && !'|>{['.includes(e.value[0]);
    const last = simpleName(e.key).toLowerCase();
    if (scalar && SPRING_LAST_KEYS.has(last) && SPRING_FILE_KEYS.has(keyPath(i))) {
      if (isPlaceholder(e.value) || isStd(e.value)) return;
      emit(c, e.keyStart, e.keyStart + e.key.length, message(`Spring Boot ${keyPath(i)}`, e.value, SPRING_IDIOM));
    } else if (e.key === 'class' && scalar && isPyFileHandlerClass(e.value)) {
      const fn = child(e.parent, 'filename');
      if (fn && isStd(fn.value)) return;
      emit(c, e.valueStart, e.valueStart + e.value.length, message(`Python logging handler ${e.value}`, fn?.value, PY_IDIOM, rotatingName(e.value)));
    } else if (e.key === 'kind' && (e.value === 'file' || e.value === 'rolling_file') && hasAncestor(i, 'appenders')) {
      const p = child(e.parent, 'path');
      if (p && isStd(p.value)) return;
      emit(c, e.valueStart, e.valueStart + e.value.length, message(`log4rs ${e.value} appender`, p?.value, 'kind: console', e.value === 'rolling_file'));
    } else if (LOG4J2_TYPES.has(e.key) && !scalar) {
      let fileName = child(i, 'fileName');
      if (!fileName) for (const item of children.get(i) ?? []) if (entries[item].key === '-') fileName ??= child(item, 'fileName');
      if (!fileName || isStd(fileName.value)) return;
      emit(c, e.keyStart, e.keyStart + e.key.length, message(`log4j2 ${e.key} appender`, fileName.value, 'a Console appender with target: SYSTEM_OUT', e.key.startsWith('Rolling')));
    } else if (YAML_COMMAND_KEYS.has(e.key.toLowerCase())) {
      shellChecks(c, e.valueStart, blockEnd[i]);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// JSON: dictConfig, log4js, Serilog, NLog, zap

const SERILOG_PATH_KEY = /\bpath(?:Format)?\b/g;
const NLOG_FILENAME_KEY = /\bfileName\b/g;
const ZAP_JSON = /"(?:error)?[oO]utputPaths"/g;

function json(c: Ctx): void {
  const { code, file } = c;
  if (code.includes('FileHandler')) pyDictClass(c);
  if (code.includes('"appenders"')) log4js(c);
  if (code.includes('Serilog')) {
    eachKeyedLiteral(c, 'Name', v => v === 'File' || v === 'RollingFile', (t, sink) => {
      const block = enclosing(file, t.start, '{');
      const p = argPath(c, block ? keyValueIn(c, block, SERILOG_PATH_KEY) : undefined);
      if (p.std) return;
      let rotates = sink === 'RollingFile';
      if (block && !rotates) {
        for (const r of literalsIn(file, block)) {
          if (keyBefore(code, r.start) === 'rollingInterval' && tokenValue(file, r) !== 'Infinite') rotates = true;
        }
      }
      emit(c, t.valueStart, t.valueEnd, message('Serilog File sink', p.desc?.shown, '"Name": "Console"', rotates));
    });
  }
  if (code.includes('NLog')) {
    eachKeyedLiteral(c, 'type', v => v === 'File', t => {
      const block = enclosing(file, t.start, '{');
      const p = argPath(c, block ? keyValueIn(c, block, NLOG_FILENAME_KEY) : undefined);
      if (p.std) return;
      emit(c, t.valueStart, t.valueEnd, message('NLog File target', p.desc?.shown, 'a Console target'));
    });
  }
  if (code.includes('utputPaths"')) {
    each(ZAP_JSON, code, m => {
      const after = afterKey(code, m.index + m[0].length);
      const open = after >= 0 ? skipSpaces(code, after) : -1;
      if (open < 0 || code[open] !== '[') return;
      const close = walk(file, open + 1).end;
      const bad = literalsIn(file, { start: open, end: close }).map(t => tokenValue(file, t)).find(v => !isStd(v));
      if (bad === undefined) return;
      const key = m[0].slice(1, -1);
      emit(c, m.index, m.index + m[0].length, message(`zap ${key}`, bad, `"${key}": ["stdout"]`));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Shell, Dockerfile, Procfile, container commands

const TEE = /\btee\b/g;
const LOG_OPTION = /--(?:access-|error-)?log-?(?:file|path|to)\b/g;
const SHELL_IDIOM = 'drop the redirect; the platform captures stdout and stderr';
const WORD_END = ' \t\r\n;&|()<>"\'`';

/** The word (a file name) starting at `i`, after an optional opening quote. */
function shellWord(code: string, i: number, end: number, stops = WORD_END): string {
  if (code[i] === '"' || code[i] === "'") i++;
  let j = i;
  while (j < end && !stops.includes(code[j])) j++;
  return code.slice(i, j);
}

function shellChecks(c: Ctx, start: number, end: number): void {
  const { code } = c;
  // redirects: `> app.log`, `>> /var/log/x.log`, `2> err.log`, `&> all.log`
  for (let i = code.indexOf('>', start); i >= 0 && i < end; i = code.indexOf('>', i + 1)) {
    if (code[i - 1] === '>') continue;
    const fd = code[i - 1] === '&' || (code[i - 1] >= '0' && code[i - 1] <= '9' && !isIdentChar(code[i - 2]));
    if (!fd && (code[i - 1] === '-' || code[i - 1] === '=' || code[i - 1] === '<')) continue;
    const opStart = fd ? i - 1 : i;
    const opEnd = code[i + 1] === '>' ? i + 2 : i + 1;
    if (code[opEnd] === '&' || code[opEnd] === '(' || code[opEnd] === '|' || code[opEnd] === '=') continue;
    const target = shellWord(code, skipSpaces(code, opEnd, false), end);
    if (!target || !isLogPath(target) || isStd(target)) continue;
    const op = code.slice(opStart, opEnd);
    emit(c, opStart, opEnd, message(`The redirect ${op}`, target, SHELL_IDIOM));
  }
  each(TEE, code, m => {
    const before = code[skipSpacesBack(code, m.index) - 1];
    if (before !== '|' && before !== '(') return;
    let j = skipSpaces(code, m.index + 3, false);
    while (code[j] === '-') j = skipSpaces(code, j + shellWord(code, j, end).length, false);
    const target = shellWord(code, j, end);
    if (!target || !isLogPath(target) || isStd(target)) return;
    emit(c, m.index, m.index + 3, message('tee', target, 'drop the tee; the platform captures stdout', false, 'copies logs to'));
  }, start, end);
  each(LOG_OPTION, code, m => {
    const optEnd = m.index + m[0].length;
    let j = optEnd;
    if (code[j] === '=') j++;
    else if (code[j] === ' ' || code[j] === '\t') j = skipSpaces(code, j, false);
    else if (code[j] === '"' || code[j] === "'") {
      // exec form: "--log-file", "/var/log/x.log"
      j = skipSpaces(code, j + 1, false);
      if (code[j] !== ',') return;
      j = skipSpaces(code, j + 1, false);
    } else return;
    const value = shellWord(code, j, end, ' \t\r\n"\',;&|)]');
    if (!value || isStd(value) || value.startsWith('$') || value.startsWith('%')) return;
    emit(c, m.index, optEnd, message(m[0], value, `pass "${m[0]} -" where the tool accepts it, or drop the option`));
  }, start, end);
}

/** CMD and ENTRYPOINT instructions (with their continuation lines); RUN is build time, not the app. */
function dockerfile(c: Ctx): void {
  const { code } = c;
  let pos = 0;
  while (pos < code.length) {
    const ks = skipSpaces(code, pos, false);
    let end = code.indexOf('\n', pos);
    if (end < 0) end = code.length;
    let instrEnd = end;
    while (instrEnd < code.length && code.slice(pos, instrEnd).trimEnd().endsWith('\\')) {
      const next = code.indexOf('\n', instrEnd + 1);
      instrEnd = next < 0 ? code.length : next;
    }
    const word = code.slice(ks, ks + 10).toUpperCase();
    if ((word.startsWith('CMD') && !isIdentChar(word[3])) || (word.startsWith('ENTRYPOINT') && !isIdentChar(code[ks + 10]))) shellChecks(c, ks, instrEnd);
    pos = instrEnd + 1;
  }
}

// ---------------------------------------------------------------------------------------------

const FAMILIES: readonly Family[] = [
  'js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust',
  'xml', 'properties', 'yaml', 'json', 'ini', 'dockerfile', 'shell',
];

const JVM_HINTS = /FileHandler|FileAppender|FileTarget|WriteTo|AuditTo|AddFile/;
/** Shell findings name a log file (`isLogPath`) or a `--log-file` option. */
const SHELL_HINTS = /\.log|logs?\/|nohup\.out|--(?:access-|error-)?log/i;
/**
 * Per family, what each of its checks looks for before anything else (the `includes` gates, the
 * keys `properties` reports, the paths `shellChecks` reports). They are the rule's trigger: the
 * engine tests them on the raw text, and a file with none of them is neither checked nor lexed.
 */
const FAMILY_HINTS: Partial<Record<Family, RegExp>> = {
  python: /FileHandler|basicConfig|logger\.add|accesslog|errorlog/,
  js: /transports\.File|DailyRotateFile|pino\.destination|SonicBoom|pino\/file|pino-roll|createWriteStream|appendFile|bunyan|log4js|rotating-file-stream/,
  java: JVM_HINTS, kotlin: JVM_HINTS, csharp: JVM_HINTS,
  go: /os\.OpenFile|os\.Create|OutputPaths|lumberjack\.Logger|rotatelogs\.New/,
  ruby: /Logger\.new|config\.paths/,
  php: /StreamHandler|RotatingFileHandler|error_log|driver/,
  rust: /FileAppender::|rolling::|WriteLogger|fern::|log_to_file/,
  xml: /<appender|<target|<(?:File|RollingFile|RollingRandomAccessFile|RandomAccessFile|MemoryMappedFile)|file-appender\.xml/i,
  properties: /appender|handlers|logging\.(?:file|path)/i,
  yaml: YAML_HINTS,
  json: /FileHandler|"appenders"|Serilog|NLog|utputPaths"/,
  ini: /FileHandler|\[uwsgi\]/,
  dockerfile: SHELL_HINTS, shell: SHELL_HINTS,
};

export const rule: Rule = {
  meta: {
    id: 'logs/file-logging',
    factor: 'logs',
    severity: 'warning',
    title: 'Logs written to a file',
    description: 'A logger, logging config or start command that writes the app\'s logs to a file. In a container or on a platform that file is lost with the instance, fills its disk, and is invisible to the log router; rotating it is the app doing the platform\'s job.',
    remedy: 'Write logs unbuffered to stdout (or stderr) as an event stream and let the platform capture, route, keep and rotate them.',
    families: FAMILIES,
    fixable: false,
    trigger: FAMILY_HINTS,
  },
  check({ file, report }) {
    const c: Ctx = { file, code: file.codeText, seen: new Set(), report };
    resetBudget(file.text.length);
    switch (file.family) {
      case 'python': python(c); break;
      case 'js': js(c); break;
      case 'java': case 'kotlin': case 'csharp': jvmAndDotnet(c); break;
      case 'go': go(c); break;
      case 'ruby': ruby(c); break;
      case 'php': php(c); break;
      case 'rust': rust(c); break;
      case 'xml': xml(c); break;
      case 'properties': properties(c); break;
      case 'yaml': yaml(c); break;
      case 'json': json(c); break;
      case 'ini': ini(c); break;
      case 'dockerfile': dockerfile(c); break;
      case 'shell': shellChecks(c, 0, c.code.length); break;
      default: break;
    }
  },
};
