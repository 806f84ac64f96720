/**
 * Which deploy environment a piece of configuration applies to, as the code or config around it
 * says: a section named for an environment (`production:` in database.yml, `development: {...}` in
 * a knexfile, `[production]` in TOML), an `if` on the environment (`if (NODE_ENV === 'production')`,
 * `if DEBUG:`, `if Rails.env.production?`, `if os.Getenv("APP_ENV") == "prod" {`), the `else` of
 * one, a `case 'production':` of a switch on it, or a conditional expression (`isProd ? a : b`,
 * `a if DEBUG else b`). Shared by the dev/prod parity and environment-branching rules.
 */
import { BlockIndex, TokenKind, blockIndexes } from './lexer';
import { SourceFile } from './source';
import { skipSpace, skipSpaceBack } from './codeScan';

export type EnvSide = 'dev' | 'prod';

const DEV_NAMES: ReadonlySet<string> = new Set(['development', 'dev', 'local', 'develop']);
const PROD_NAMES: ReadonlySet<string> = new Set(['production', 'prod', 'staging']);

/** The side an environment name stands for (`production` and `staging` are deploys). */
export function sideOfName(name: string | undefined): EnvSide | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return DEV_NAMES.has(n) ? 'dev' : PROD_NAMES.has(n) ? 'prod' : undefined;
}

function opposite(s: EnvSide): EnvSide {
  return s === 'dev' ? 'prod' : 'dev';
}

export interface ConditionOptions {
  /** Count `DEBUG` / `settings.DEBUG` / `app.debug` as "development" (Django and Flask settings). */
  debug?: boolean;
}

/** Environment words in a condition: `'production'`, `isProd`, `IS_PRODUCTION`, `IsDevelopment()`, `production?`, `DEBUG`. */
const COND_NAME = /(?:^|[^\w$])(is_?|IS_?|Is)?(production|prod|staging|development|develop|dev|local|debug)(?![\w$])/gi;
const NEGATION = /!=|\bnot\b|!\s*[\w$(]|\bunless\b/;
/** A named environment is compared or tested: a quoted name, an `isX` flag, or the environment read itself. */
const ENVISH = /env|stage|profile|mode|is_?(?:prod|dev|staging)|IS_?(?:PROD|DEV|STAGING)|Is(?:Production|Development|Staging)|\.(?:production|development|staging)\?/i;

/**
 * The side in which `cond` is true: `NODE_ENV === 'production'` -> prod, `!isProd` -> dev,
 * `if DEBUG` -> dev (with `debug`). Undefined when it names no environment, names both sides, or
 * tests something other than the environment (`role === 'dev'`).
 */
export function conditionSide(cond: string, opts: ConditionOptions = {}): EnvSide | undefined {
  let side: EnvSide | undefined;
  let envish = ENVISH.test(cond);
  COND_NAME.lastIndex = 0;
  for (const m of cond.matchAll(COND_NAME)) {
    const word = m[2].toLowerCase();
    // `isLocal` says where a path or a request comes from, not which deploy this is
    if (m[1] && word === 'local') continue;
    let s: EnvSide | undefined;
    if (word === 'debug') {
      if (!opts.debug) continue;
      s = 'dev';
      envish = true;
    } else {
      s = sideOfName(word);
    }
    if (!s) continue;
    if (side && side !== s) return undefined;
    side = s;
  }
  if (!side || !envish) return undefined;
  return NEGATION.test(cond) ? opposite(side) : side;
}

export interface EnvBranch {
  side: EnvSide;
  /** The condition that chose it (for a section: the section's key). */
  condStart: number;
  condEnd: number;
}

/**
 * The environment branch around `pos` in code: the `if`/`else`/`case` (or conditional expression)
 * nearest to it whose condition names an environment. Walks out through a few enclosing blocks.
 */
export function branchAt(file: SourceFile, pos: number, opts: ConditionOptions = {}): EnvBranch | undefined {
  return ternaryAt(file, pos, opts) ?? (file.family === 'python' || file.family === 'ruby' ? indentBranch(file, pos, opts) : braceBranch(file, pos, opts));
}

// ---------------------------------------------------------------------------------------------
// Conditional expressions around a string literal

const PY_INLINE_IF = /^[ \t]+if[ \t]/;

/** `cond ? 'a' : 'b'` (C-like, Ruby) and `'a' if cond else 'b'` (Python), for the literal at `pos`. */
function ternaryAt(file: SourceFile, pos: number, opts: ConditionOptions): EnvBranch | undefined {
  const tok = file.stringAt(pos);
  if (!tok) return undefined;
  const text = file.codeText;
  // `x if cond else y` fits in a window: a very long line is not read again per literal
  const lineStart = Math.max(tok.start - 2000, file.lineStartOf(tok.start));
  let lineEnd = text.indexOf('\n', tok.end);
  if (lineEnd < 0 || lineEnd - tok.end > 2000) lineEnd = Math.min(text.length, tok.end + 2000);
  if (file.family === 'python') {
    const after = text.slice(tok.end, lineEnd);
    const m = PY_INLINE_IF.exec(after);
    const e = m ? after.indexOf(' else ', m[0].length) : -1;
    if (m && e > 0) {
      const cond = after.slice(m[0].length, e);
      return branch(conditionSide(cond, opts), tok.end + m[0].length, cond.trimEnd().length);
    }
    const before = text.slice(lineStart, tok.start).trimEnd();
    if (!before.endsWith(' else')) return undefined;
    const head = before.slice(0, -5);
    const i = head.lastIndexOf(' if ');
    if (i < 0) return undefined;
    const cond = head.slice(i + 4);
    return branch(opposite3(conditionSide(cond, opts)), lineStart + i + 4, cond.trimEnd().length);
  }
  const prev = skipSpaceBack(text, tok.start);
  if (text[prev] === '?') return ternaryCondition(file, lineStart, prev, opts, false);
  if (text[prev] !== ':') return undefined;
  // `cond ? 'a' : 'b'`: the `?` before the then-value
  const thenEnd = skipSpaceBack(text, prev);
  const thenTok = file.tokenAt(thenEnd);
  const thenStart = thenTok && thenTok.kind === TokenKind.String ? thenTok.start : wordStart(text, thenEnd);
  const q = skipSpaceBack(text, thenStart);
  if (text[q] !== '?' || q < lineStart) return undefined;
  return ternaryCondition(file, lineStart, q, opts, true);
}

function ternaryCondition(file: SourceFile, lineStart: number, q: number, opts: ConditionOptions, elseSide: boolean): EnvBranch | undefined {
  const text = file.codeText;
  let from = lineStart;
  // the condition starts after the assignment, key, argument separator or `return` before it
  for (let i = q - 1; i >= lineStart; i--) {
    const c = text[i];
    if (file.stringAt(i)) continue;
    if (c === ',' || c === ';' || c === '{' || c === ':' || (c === '=' && !/[=!<>]/.test(text[i - 1] ?? '') && text[i + 1] !== '=' && text[i + 1] !== '>')) { from = i + 1; break; }
  }
  const raw = text.slice(from, q);
  const cond = raw.replace(/^\s*return\b/, '');
  const start = from + (raw.length - raw.trimStart().length);
  const side = conditionSide(cond, opts);
  return branch(elseSide ? opposite3(side) : side, start, raw.trim().length);
}

function wordStart(text: string, end: number): number {
  let i = end;
  while (i > 0 && /[\w$.]/.test(text[i - 1])) i--;
  return i;
}

function opposite3(s: EnvSide | undefined): EnvSide | undefined {
  return s && opposite(s);
}

function branch(side: EnvSide | undefined, condStart: number, length: number): EnvBranch | undefined {
  return side ? { side, condStart, condEnd: condStart + length } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Python and Ruby: blocks by indentation

const BLOCK_HEADER = /^[ \t]*(if|elif|elsif|unless|else)\b/;

/** A Python or Ruby block header: the keyword and the condition (without a trailing `:`). */
function header(line: string): { kw: string; cond: string; condAt: number } | undefined {
  const m = BLOCK_HEADER.exec(line);
  if (!m) return undefined;
  let cond = line.slice(m[0].length).trimEnd();
  if (cond.endsWith(':')) cond = cond.slice(0, -1);
  const trimmed = cond.trim();
  return { kw: m[1], cond: trimmed, condAt: m[0].length + cond.indexOf(trimmed) };
}

function indentBranch(file: SourceFile, pos: number, opts: ConditionOptions): EnvBranch | undefined {
  const line = file.lineOf(pos), parents = parentLines(file);
  // out through the blocks around the line, up to 8 of them within 400 lines
  for (let l = parents[line], levels = 0; l >= 0 && levels < 8 && line - l < 400; l = parents[l], levels++) {
    const h = header(lineText(file, l));
    if (!h) continue;
    const ind = codeIndent(file, l);
    if (h.kw === 'else') {
      // the `if`/`elif` this `else` belongs to: the nearest header at the same indentation above
      for (let k = l - 1; k >= 0 && l - k < 400; k--) {
        const ui = codeIndent(file, k);
        if (ui < 0 || ui > ind) continue;
        if (ui < ind) break;
        const prev = header(lineText(file, k));
        const side = prev && prev.kw !== 'else' ? headerSide(prev, opts) : undefined;
        if (prev && side) {
          const cs = file.lineStarts[k] + prev.condAt;
          return { side: opposite(side), condStart: cs, condEnd: cs + prev.cond.length };
        }
        break;
      }
      continue;
    }
    const side = headerSide(h, opts);
    if (side) {
      const cs = file.lineStarts[l] + h.condAt;
      return { side, condStart: cs, condEnd: cs + h.cond.length };
    }
  }
  return undefined;
}

const PARENTS = new WeakMap<SourceFile, Int32Array>();

/**
 * Per line of the file's code text, the nearest non-blank line above it that is less indented (the
 * header of the block it is in, in Python and Ruby); -1: none. Worked out once per file: a file
 * with many literals would otherwise walk up the same lines for each.
 */
function parentLines(file: SourceFile): Int32Array {
  let parents = PARENTS.get(file);
  if (parents) return parents;
  parents = new Int32Array(file.lineStarts.length);
  // the lines that can still be a later line's parent, with their indentations: increasing
  const open: number[] = [], indents: number[] = [];
  for (let l = 0; l < parents.length; l++) {
    const ind = codeIndent(file, l);
    if (ind < 0) { parents[l] = -1; continue; }
    while (indents.length && indents[indents.length - 1] >= ind) { open.pop(); indents.pop(); }
    parents[l] = open.length ? open[open.length - 1] : -1;
    open.push(l);
    indents.push(ind);
  }
  PARENTS.set(file, parents);
  return parents;
}

/** Line `l`'s indentation (spaces and tabs) in the code text, or -1 when the line is blank there. */
function codeIndent(file: SourceFile, l: number): number {
  const text = file.codeText, s = file.lineStarts[l];
  const e = l + 1 < file.lineStarts.length ? file.lineStarts[l + 1] - 1 : text.length;
  let i = s;
  for (let c = text.charCodeAt(i); i < e && (c === 32 || c === 9); c = text.charCodeAt(++i));
  if (i === e) return -1;
  const c = text.charCodeAt(i);
  // a printable ASCII character ends the indentation; any other (`\r`, a form feed, a no-break
  // space) may be whitespace up to the line's end
  if (c > 32 && c < 127) return i - s;
  return lineText(file, l).trim() === '' ? -1 : i - s;
}

function headerSide(h: { kw: string; cond: string }, opts: ConditionOptions): EnvSide | undefined {
  const side = conditionSide(h.cond, opts);
  return side && h.kw === 'unless' ? opposite(side) : side;
}

function lineText(file: SourceFile, line: number): string {
  const s = file.lineStarts[line];
  return file.codeText.slice(s, s + file.lineText(line).length);
}


// ---------------------------------------------------------------------------------------------
// Brace languages: if / else / switch-case blocks

const SWITCH_CASE = /\bcase\s*$/;

function braceBranch(file: SourceFile, pos: number, opts: ConditionOptions): EnvBranch | undefined {
  const text = file.codeText;
  let at = pos;
  for (let level = 0; level < 8; level++) {
    const open = openingBrace(file, at);
    if (open < 0) return undefined;
    const prefixEnd = skipSpaceBack(text, open);
    // `switch (env) { case 'production': ... }`
    const subject = text[prefixEnd] === ')' ? switchSubject(file, prefixEnd) : undefined;
    const caseLabel = subject !== undefined && ENVISH.test(subject) ? caseLabelBefore(file, open, at) : undefined;
    if (caseLabel) {
      const side = sideOfName(caseLabel.value);
      if (side) return { side, condStart: caseLabel.start, condEnd: caseLabel.end };
    }
    const cond = ifCondition(file, open, prefixEnd);
    if (cond) {
      const side = conditionSide(text.slice(cond.start, cond.end), opts);
      if (side) return { side, condStart: cond.start, condEnd: cond.end };
    } else if (text.slice(Math.max(0, prefixEnd - 3), prefixEnd + 1) === 'else' && !/[\w$]/.test(text[prefixEnd - 4] ?? '')) {
      // `} else {`: the opposite of the `if` before it
      const close = skipSpaceBack(text, prefixEnd - 3);
      if (text[close] === '}') {
        const blocks = braceIndex(file);
        // the innermost block still open at its own `}` is the one it closes
        const k = innermostOpen(blocks.opens, blocks.closes, blocks.parents, close);
        const prevOpen = k >= 0 && blocks.closes[k] === close ? blocks.opens[k] : -1;
        if (prevOpen >= 0) {
          const prevCond = ifCondition(file, prevOpen, skipSpaceBack(text, prevOpen));
          const side = prevCond && conditionSide(text.slice(prevCond.start, prevCond.end), opts);
          if (prevCond && side) return { side: opposite(side), condStart: prevCond.start, condEnd: prevCond.end };
        }
      }
    }
    at = open;
  }
  return undefined;
}

/** `switch (subject) {`: the subject, when the block's prefix ending at `prefixEnd` is a switch header. */
function switchSubject(file: SourceFile, prefixEnd: number): string | undefined {
  const text = file.codeText;
  if (text[prefixEnd] !== ')') return undefined;
  const paren = matchingOpen(file, prefixEnd, '(', ')');
  const kw = paren < 0 ? -1 : skipSpaceBack(text, paren);
  if (kw < 5 || text.slice(kw - 5, kw + 1) !== 'switch' || /[\w$]/.test(text[kw - 6] ?? '')) return undefined;
  return text.slice(paren + 1, prefixEnd);
}

/** The condition of the `if` whose block opens at `open`: `if (cond) {` or Go/Rust `if cond {`. */
function ifCondition(file: SourceFile, open: number, prefixEnd: number): { start: number; end: number } | undefined {
  const text = file.codeText;
  if (text[prefixEnd] === ')') {
    const paren = matchingOpen(file, prefixEnd, '(', ')');
    const kw = paren < 0 ? -1 : skipSpaceBack(text, paren);
    if (paren >= 0 && text.slice(kw - 1, kw + 1) === 'if' && !/[\w$]/.test(text[kw - 2] ?? '')) return trimSpan(text, paren + 1, prefixEnd);
  }
  // Go and Rust need no parentheses: `if os.Getenv("APP_ENV") == "prod" {`, `if env::var("X") == Ok("prod") {`
  if (file.family !== 'go' && file.family !== 'rust') return undefined;
  // `if cond {` / `} else if cond {` on the line of the brace
  const lineStart = text.lastIndexOf('\n', open - 1) + 1;
  for (let i = text.lastIndexOf('if', open); i >= lineStart; i = text.lastIndexOf('if', i - 1)) {
    if ((i > lineStart && !/[\s}]/.test(text[i - 1])) || !/\s/.test(text[i + 2] ?? '')) continue;
    if (text.slice(i + 2, open).indexOf('{') >= 0) return undefined;
    return trimSpan(text, i + 2, open);
  }
  return undefined;
}

function trimSpan(text: string, s: number, e: number): { start: number; end: number } {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}

/**
 * Every `{ ... }` block of a file (or every bracketed one), found once in one pass (see lexer.ts's
 * blockIndexes): where each opens and closes and which block encloses it. Questions about the
 * block around an offset are then binary searches instead of scans back over the text.
 */
const blockIndexCache = new WeakMap<SourceFile, { braces: BlockIndex; brackets: BlockIndex }>();

function indexBlocks(file: SourceFile): { braces: BlockIndex; brackets: BlockIndex } {
  let both = blockIndexCache.get(file);
  if (!both) blockIndexCache.set(file, both = blockIndexes(file.text, file.family));
  return both;
}

function braceIndex(file: SourceFile): BlockIndex {
  return indexBlocks(file).braces;
}

/** Like the brace index, over `(`, `[` and `{` alike (a `)` closes whichever is open, as a scan back would pair them). */
function bracketIndex(file: SourceFile): BlockIndex {
  return indexBlocks(file).brackets;
}

/** The unmatched `{` before `pos`: the innermost block that opens before it and is still open there. */
function openingBrace(file: SourceFile, pos: number): number {
  const { opens, closes, parents } = braceIndex(file);
  const k = innermostOpen(opens, closes, parents, pos);
  return k < 0 ? -1 : opens[k];
}

/** Of an index's blocks, the innermost that opens before `pos` and is still open there, or -1. */
function innermostOpen(opens: Int32Array, closes: Int32Array, parents: Int32Array, pos: number): number {
  // the last opening before pos; the block around pos is it or one of its ancestors
  let lo = 0, hi = opens.length - 1, k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (opens[mid] < pos) { k = mid; lo = mid + 1; } else hi = mid - 1;
  }
  while (k >= 0 && closes[k] < pos) k = parents[k];
  return k;
}

/** The last `case '<name>':` label between the block's `{` at `open` and `pos`, at the block's own level. */
function caseLabelBefore(file: SourceFile, open: number, pos: number): { value: string; start: number; end: number } | undefined {
  const text = file.codeText;
  let depth = 0;
  for (let j = pos - 1; j > open; j--) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const t = file.tokenAt(j);
      if (t && t.kind === TokenKind.String) {
        if (depth === 0 && SWITCH_CASE.test(text.slice(Math.max(0, t.start - 10), t.start)) && text[skipSpace(text, t.end)] === ':') {
          return { value: file.text.slice(t.valueStart, t.valueEnd), start: t.start, end: t.end };
        }
        j = t.start;
        continue;
      }
    }
    if (c === '}') depth++;
    else if (c === '{') depth--;
  }
  return undefined;
}

/** The `openCh` matching the `closeCh` at `close`, scanning back over strings; -1 when not found nearby. */
function matchingOpen(file: SourceFile, close: number, openCh: string, closeCh: string): number {
  const text = file.codeText;
  let depth = 0;
  for (let j = close - 1; j >= 0 && close - j < 20000; j--) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const t = file.tokenAt(j);
      if (t && t.kind === TokenKind.String) { j = t.start; continue; }
    }
    if (c === closeCh) depth++;
    else if (c === openCh) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Sections named for an environment

/**
 * The environment section `pos` is in: YAML parent keys, TOML/INI `[section]` headers, the keys of
 * the object/dict/array literals around it in code and JSON (`development: {`, `'production' => [`).
 */
export function sectionAt(file: SourceFile, pos: number): { side: EnvSide; start: number; end: number } | undefined {
  if (file.family === 'yaml') return yamlSection(file, pos);
  if (file.family === 'toml' || file.family === 'ini') {
    for (let l = file.lineOf(pos); l >= 0 && file.lineOf(pos) - l < 1000; l--) {
      const m = /^\s*\[+([\w.-]+)\]+/.exec(file.lineText(l));
      if (!m) continue;
      for (const part of m[1].split('.')) {
        const side = sideOfName(part);
        if (side) {
          const s = file.lineStarts[l] + file.lineText(l).indexOf(part);
          return { side, start: s, end: s + part.length };
        }
      }
      return undefined;
    }
    return undefined;
  }
  for (const k of enclosingKeys(file, pos)) {
    const side = sideOfName(k.key);
    if (side) return { side, start: k.start, end: k.start + k.key.length };
  }
  return undefined;
}

function yamlSection(file: SourceFile, pos: number): { side: EnvSide; start: number; end: number } | undefined {
  for (const { line: l, text: t, trimmed } of file.enclosingLines(file.lineOf(pos))) {
    const key = /^["']?([\w.-]+)["']?\s*:/.exec(trimmed)?.[1];
    const side = sideOfName(key);
    if (side && key) {
      const s = file.lineStarts[l] + t.indexOf(key);
      return { side, start: s, end: s + key.length };
    }
  }
  return undefined;
}

/**
 * Keys of the object and array literals around `pos` (up to 8, within 5,000 characters), innermost
 * first, with their offsets: the brackets still open at `pos`, from the file's bracket index.
 */
export function enclosingKeys(file: SourceFile, pos: number): { key: string; start: number }[] {
  const text = file.codeText;
  const limit = Math.max(0, pos - 5000);
  const keys: { key: string; start: number }[] = [];
  const { opens, closes, parents } = bracketIndex(file);
  for (let b = innermostOpen(opens, closes, parents, pos); b >= 0 && opens[b] >= limit && keys.length < 8; b = parents[b]) {
    let k = opens[b] - 1;
    while (k >= limit && /\s/.test(text[k])) k--;
    if (text[k] === '>' && text[k - 1] === '=') k -= 2;
    else if (text[k] === ':' || text[k] === '=') k--;
    else continue;
    while (k >= limit && /\s/.test(text[k])) k--;
    const t = file.stringAt(k - 1);
    if ((text[k] === '"' || text[k] === "'") && t) { keys.push({ key: file.text.slice(t.valueStart, t.valueEnd), start: t.valueStart }); continue; }
    let s = k;
    while (s >= limit && /[\w$]/.test(text[s])) s--;
    if (s < k) keys.push({ key: text.slice(s + 1, k + 1), start: s + 1 });
  }
  return keys;
}
