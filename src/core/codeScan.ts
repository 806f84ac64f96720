/**
 * Small structural helpers for rules that need a little more than a regex: the extent of a call's
 * arguments or of a block, the JS modules a file imports, the keys of an object literal. They work
 * on `codeText` (comments already blanked) and jump over string literals with the lexer's tokens,
 * so a bracket or a keyword inside a string never counts. Every scan is bounded and linear.
 */
import { WordEnds } from './anchors';
import { TokenKind, bracketPairs } from './lexer';
import { SourceFile } from './source';

const OPEN = '([{';

/** Matching brackets of a file, computed once (see lexer.ts's bracketPairs). */
interface Pairs { open: Int32Array; close: Int32Array }
const pairsCache = new WeakMap<SourceFile, Pairs>();

function pairsOf(file: SourceFile): Pairs {
  let pairs = pairsCache.get(file);
  if (!pairs) pairsCache.set(file, pairs = bracketPairs(file.text, file.family));
  return pairs;
}

/**
 * The offset of the bracket that closes the one at `open` (`(`, `[` or `{`), or -1 when it is not
 * closed within `limit` characters. Brackets inside string literals and comments do not count.
 * All pairs are found in one linear pass per file, so many calls stay cheap.
 */
export function closingBracket(file: SourceFile, open: number, limit = 8000): number {
  const pairs = pairsOf(file);
  const opens = pairs.open;
  let lo = 0, hi = opens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = opens[mid];
    if (at === open) {
      const close = pairs.close[mid];
      return close >= 0 && close - open <= limit ? close : -1;
    }
    if (at < open) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/**
 * The top-level arguments between `start` and `end` (just inside a call's parentheses) as ranges,
 * split at commas outside nested brackets and strings. Empty when there are none.
 */
export function topLevelArgs(file: SourceFile, start: number, end: number): { start: number; end: number }[] {
  const text = file.codeText;
  const out: { start: number; end: number }[] = [];
  let argStart = start;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      const t = file.tokenAt(i);
      if (t && t.kind === TokenKind.String) i = t.end - 1;
    } else if (OPEN.indexOf(ch) >= 0) {
      const close = closingBracket(file, i, end - i + 1);
      if (close < 0) break;
      i = close;
    } else if (ch === ',') {
      out.push({ start: argStart, end: i });
      argStart = i + 1;
    }
  }
  if (text.slice(argStart, end).trim() !== '' || out.length) out.push({ start: argStart, end });
  return out;
}

/**
 * A function giving the curly-brace nesting depth at any offset (0 at the top level), counting
 * braces in code only. Built in one pass; each query is a binary search.
 */
export function braceDepth(file: SourceFile): (offset: number) => number {
  const text = file.codeText;
  const tokens = file.tokens;
  const at: number[] = [];
  const depth: number[] = [];
  let d = 0, t = 0;
  for (let i = 0; i < text.length; i++) {
    while (t < tokens.length && tokens[t].end <= i) t++;
    if (t < tokens.length && tokens[t].start <= i && tokens[t].kind === TokenKind.String) { i = tokens[t].end - 1; continue; }
    const ch = text.charCodeAt(i);
    if (ch === 123) { d++; at.push(i); depth.push(d); } else if (ch === 125 && d > 0) { d--; at.push(i); depth.push(d); }
  }
  return (offset: number) => {
    let lo = 0, hi = at.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? 0 : depth[found];
  };
}

/**
 * Run an anchored, non-global `re` on every line of `text` and call `fn` with each match and the
 * offset of its line. `re` starts with `^` and never matches a line break: it is run sticky at
 * each line's start, in place, which keeps it linear without the `m` flag and copies no line.
 * `starts`: the characters a matching line can start with; other lines are passed over unread.
 * `lineStarts`: the offsets of the lines, when known.
 */
export function eachLineMatch(text: string, re: RegExp, fn: (m: RegExpExecArray, lineOffset: number) => void, starts?: RegExp, lineStarts?: readonly number[]): void {
  const sticky = stickyAtLineStart(re);
  const first = starts && asciiTable(starts);
  const at = (pos: number) => {
    const c = text.charCodeAt(pos);
    if (first && !(c < 128 ? first[c] === 1 : starts!.test(text.charAt(pos)))) return;
    sticky.lastIndex = pos;
    const m = sticky.exec(text);
    if (m) fn(m, pos);
  };
  // the file's line starts, when the caller has them (SourceFile.lineStarts: the same for its codeText)
  if (lineStarts) { for (const pos of lineStarts) at(pos); return; }
  for (let pos = 0; pos <= text.length;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    at(pos);
    pos = end + 1;
  }
}

const STICKY = new WeakMap<RegExp, RegExp>();
function stickyAtLineStart(re: RegExp): RegExp {
  let s = STICKY.get(re);
  if (!s) {
    if (!re.source.startsWith('^') || /[gmsy]/.test(re.flags)) throw new Error(`eachLineMatch needs a pattern anchored with ^, without g, m, s or y: ${re}`);
    STICKY.set(re, s = new RegExp(re.source.slice(1), re.flags + 'y'));
  }
  return s;
}

const ASCII_TABLES = new WeakMap<RegExp, Uint8Array>();
/** 1 for each ASCII character `re` matches on its own. */
function asciiTable(re: RegExp): Uint8Array {
  let t = ASCII_TABLES.get(re);
  if (!t) {
    t = new Uint8Array(128);
    for (let c = 0; c < 128; c++) t[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
    ASCII_TABLES.set(re, t);
  }
  return t;
}

/** `\w` as a character code: a letter, digit or underscore. */
export function isWordCharCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** The first offset at or after `from` that is not whitespace (or the text length). */
export function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/** What `\s` matches. */
export function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The matches a global pattern `\.\s*name…` (a method call: `sticky` is it with the `y` flag) would
 * find, looked for from each occurrence of `name` (`names`: where they start, ascending) instead of
 * at every `.`: the match starts at the `.` before it, blanks between. Matches never overlap (each
 * holds its own `name`), so they come in order.
 */
export function methodCalls(text: string, names: readonly number[], sticky: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (const i of names) {
    let dot = i - 1;
    while (dot >= 0 && isRegexSpace(text.charCodeAt(dot))) dot--;
    if (dot < 0 || text.charCodeAt(dot) !== 46) continue;
    sticky.lastIndex = dot;
    const m = sticky.exec(text);
    if (m) out.push(m);
  }
  return out;
}

/**
 * Where `words` start in the file's code text (or in `code`, its raw text), ascending, found from
 * the ends the shared scan recorded for `ends` (anchors.ts) instead of by searching the whole text
 * for each word: every one of `words` must end with one of `ends`' words (`process.env` with
 * `.env`). The scan read the raw text in any case, so an occurrence in another case, or in a
 * comment when `code` is the code text, drops out here.
 */
export function wordStarts(file: SourceFile, ends: WordEnds, words: readonly string[], code = file.codeText): number[] {
  const out: number[] = [];
  for (const e of file.wordEnds(ends)) for (const w of words) if (e >= w.length && code.startsWith(w, e - w.length)) out.push(e - w.length);
  if (out.length < 2 || words.length < 2) return out;
  // words of different lengths come out of order
  out.sort((a, b) => a - b);
  return out.filter((s, i) => i === 0 || s !== out[i - 1]);
}

/**
 * The matches a global pattern finds in `text` when every match starts at one of `starts`
 * (ascending): `sticky` (the pattern with the `y` flag) is tried there alone, and a start inside
 * the last match is passed over, as the global scan would.
 */
export function matchesFrom(text: string, sticky: RegExp, starts: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const s of starts) {
    if (s < from) continue;
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (m) { out.push(m); from = s + m[0].length; }
  }
  return out;
}

/** The last offset before `from` that is not whitespace, or -1. */
export function skipSpaceBack(text: string, from: number): number {
  let i = from - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
  return i;
}

/** The offset where the line containing `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset where the line containing `offset` ends (its `\n`, or the text length). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** `s` with every RegExp metacharacter escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A long alternation of names (callees, mostly) narrowed per file to the names it can match: most
 * files have one or two of them, if any, and a pattern of those runs far faster than all of them.
 * `source` wraps the alternation (`a|b|c`, in the names' order); one pattern per subset, made when
 * first needed.
 */
export class NameAlternation {
  private readonly bySubset = new Map<number, RegExp>();

  constructor(readonly names: readonly string[], private readonly source: (alternation: string) => string) {
    if (names.length > 31) throw new Error('too many names for one alternation');
  }

  /** The pattern of the names `present` accepts (global), or undefined when it accepts none. */
  of(present: (name: string, index: number) => boolean): RegExp | undefined {
    let mask = 0;
    this.names.forEach((n, i) => { if (present(n, i)) mask |= 1 << i; });
    if (!mask) return undefined;
    let re = this.bySubset.get(mask);
    if (!re) this.bySubset.set(mask, re = new RegExp(this.source(this.names.filter((_, i) => mask & (1 << i)).join('|')), 'g'));
    return re;
  }
}

/** Index of the first token that ends after `offset` (tokens are sorted and never overlap). */
function firstTokenAfter(file: SourceFile, offset: number): number {
  const tokens = file.tokens;
  let lo = 0, hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The contents of the string literals that start inside [start, end). */
export function stringsIn(file: SourceFile, start: number, end: number): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  const tokens = file.tokens;
  for (let i = firstTokenAfter(file, start); i < tokens.length; i++) {
    const t = tokens[i];
    if (t.start >= end) break;
    if (t.kind !== TokenKind.String || t.start < start) continue;
    out.push({ value: file.text.slice(t.valueStart, t.valueEnd), start: t.valueStart, end: t.valueEnd });
  }
  return out;
}

/** The code of [start, end) with the contents of string literals replaced by spaces (same length). */
export function codeWithoutStrings(file: SourceFile, start: number, end: number): string {
  const text = file.codeText;
  const tokens = file.tokens;
  const parts: string[] = [];
  let last = start;
  for (let i = firstTokenAfter(file, start); i < tokens.length; i++) {
    const t = tokens[i];
    if (t.start >= end) break;
    if (t.kind !== TokenKind.String) continue;
    const s = Math.max(t.valueStart, start), e = Math.min(t.valueEnd, end);
    if (e <= s) continue;
    parts.push(text.slice(last, s), ' '.repeat(e - s));
    last = e;
  }
  parts.push(text.slice(last, end));
  return parts.join('');
}

/**
 * Where the object literal spanning [start, end) (braces included) names `key` as a property:
 * `key: v`, `key,` (shorthand), `'key': v`, `key(...) {` (a method); -1 when it does not. Nested
 * objects count too, which is what callers want for "does this options object configure X anywhere".
 */
export function objectKeyAt(file: SourceFile, start: number, end: number, key: string): number {
  const text = file.codeText;
  let i = text.indexOf(key, start);
  while (i >= 0 && i < end) {
    const after = i + key.length;
    const wordStart = i === 0 || !/[\w$]/.test(text[i - 1]);
    const wordEnd = after >= text.length || !/[\w$]/.test(text[after]);
    if (wordStart && wordEnd) {
      const s = file.stringAt(i);
      if (s) {
        // a quoted key: the whole literal is the key and a colon follows it
        if (s.valueStart === i && s.valueEnd === after && text[skipSpace(text, s.end)] === ':') return i;
      } else {
        const prev = text[skipSpaceBack(text, i)];
        const next = text[skipSpace(text, after)];
        if ((prev === '{' || prev === ',') && (next === ':' || next === ',' || next === '}' || next === '(' || next === '=')) return i;
      }
    }
    i = text.indexOf(key, after);
  }
  return -1;
}

/** What a JS/TS file imports from one module: default or namespace bindings, and named ones. */
export interface JsImport {
  /** Local names bound to the module itself (`import x from`, `import * as x`, `const x = require()`). */
  whole: string[];
  /** Local names bound to named exports, by export name (`import { a as b }` gives a -> b). */
  named: Map<string, string>;
}

/** A module specifier after `require(` or `from`; the bindings are read from the statement before it. */
const JS_MODULE_SPEC = /\b(?:require\s*\(\s*|from\s*)['"]([^'"\n]{1,200})['"]/g;
const JS_IDENT = /^[A-Za-z_$][\w$]*$/;

/** The modules a JS/TS file imports or requires, keyed by module specifier. */
export function jsImports(file: SourceFile): Map<string, JsImport> {
  const text = file.codeText;
  const out = new Map<string, JsImport>();
  if (text.indexOf('require') < 0 && text.indexOf('from') < 0) return out;
  JS_MODULE_SPEC.lastIndex = 0;
  for (const m of text.matchAll(JS_MODULE_SPEC)) {
    let e = out.get(m[1]);
    if (!e) { e = { whole: [], named: new Map() }; out.set(m[1], e); }
    const binding = statementBinding(text, m.index!);
    if (binding !== undefined) addBindings(binding, e);
  }
  return out;
}

/** The text between the `import`/`const`/`let`/`var` that starts a statement and offset `at`. */
function statementBinding(text: string, at: number): string | undefined {
  const from = Math.max(0, at - 600);
  const head = text.slice(from, at);
  let kw = -1, kwLen = 0;
  for (const k of ['import', 'const', 'let', 'var']) {
    let i = head.lastIndexOf(k);
    // lastIndexOf(k, -1) would find index 0 again: stop at the start instead of looping forever
    while (i >= 0 && ((i > 0 && /[\w$.]/.test(head[i - 1])) || /[\w$]/.test(head[i + k.length] ?? ''))) i = i > 0 ? head.lastIndexOf(k, i - 1) : -1;
    if (i > kw) { kw = i; kwLen = k.length; }
  }
  if (kw < 0) return undefined;
  const binding = head.slice(kw + kwLen);
  if (binding.indexOf(';') >= 0) return undefined;
  if (binding.indexOf('(') < 0) return binding;
  // `const fs = require('fs'), path = require('path')`: the declarator after the last comma
  const last = binding.slice(binding.lastIndexOf(',') + 1);
  return /^\s*[A-Za-z_$][\w$]*\s*=\s*$/.test(last) ? last : undefined;
}

/** Read `x`, `* as x`, `x, { a, b as c }`, `{ a: c }`, `x =` into `e`. */
function addBindings(binding: string, e: JsImport): void {
  let b = binding.trim().replace(/=$/, '').trim().replace(/^type\s/, '').trim();
  const brace = b.indexOf('{');
  if (brace >= 0) {
    const close = b.indexOf('}', brace);
    const list = b.slice(brace + 1, close < 0 ? b.length : close);
    for (const part of list.split(',')) {
      const p = part.trim().replace(/^type\s/, '').trim();
      const colon = p.indexOf(':');
      const words = colon >= 0 ? [p.slice(0, colon), p.slice(colon + 1)] : p.split(/\s+/).filter(w => w !== 'as');
      const [exported, local = exported] = words.map(w => w.trim());
      if (JS_IDENT.test(exported) && JS_IDENT.test(local)) e.named.set(exported, local);
    }
    b = b.slice(0, brace).trim().replace(/,$/, '').trim();
  }
  if (b.startsWith('*')) b = b.slice(1).trim().replace(/^as\s/, '').trim();
  if (JS_IDENT.test(b) && b !== 'type') e.whole.push(b);
}

/**
 * The end of a Python block whose header line starts at `headerStart` (a `def` or `class` line):
 * the start of the first later non-blank line indented no deeper than the header.
 */
export function pythonBlockEnd(text: string, headerStart: number): number {
  const indent = indentOf(text, headerStart);
  let pos = lineEnd(text, headerStart) + 1;
  // the closing bracket of a signature spread over several lines does not end the block
  while (pos < text.length) {
    const e = lineEnd(text, pos);
    const line = text.slice(pos, e);
    if (line.trim() !== '' && indentOf(text, pos) <= indent && !/^\s*[)\]]/.test(line)) return pos;
    pos = e + 1;
  }
  return text.length;
}

function indentOf(text: string, start: number): number {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - start;
}
