/**
 * One pass over a document that finds its comments and string literals, so rules can tell a value
 * in the code from the same characters in a comment or a docs link. It does not parse: it only
 * needs to know, for every offset, whether it is code, comment or string, and it must stay linear
 * and never throw, whatever bytes it is given (unterminated literals end at the end of the text or
 * of the line, for the forms that cannot span lines).
 */
import { Family } from './languages';

export const enum TokenKind { Comment = 0, String = 1 }

export interface Token {
  kind: TokenKind;
  /** Whole token, delimiters and prefixes included. */
  start: number;
  end: number;
  /** The literal's contents between its delimiters (for comments: the same as start/end). */
  valueStart: number;
  valueEnd: number;
  /** The literal contains interpolated code (template literal, f-string, "#{...}"). */
  interpolated: boolean;
}

export interface Lexed {
  readonly tokens: readonly Token[];
  /** The text with every comment replaced by spaces (newlines kept), so offsets stay the same. */
  readonly codeText: string;
}

const MAX_INTERPOLATION_DEPTH = 32;
/** Rust accepts at most 255 `#` around a raw string. */
const MAX_RAW_HASHES = 255;

const C_TAB = 9, C_NL = 10, C_CR = 13, C_SPACE = 32, C_BANG = 33, C_DQ = 34, C_HASH = 35, C_DOLLAR = 36,
  C_PCT = 37, C_AMP = 38, C_SQ = 39, C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_PLUS = 43, C_COMMA = 44, C_DASH = 45,
  C_DOT = 46, C_SLASH = 47, C_COLON = 58, C_SEMI = 59, C_LT = 60, C_EQ = 61, C_GT = 62, C_QUESTION = 63, C_AT = 64,
  C_LBRACK = 91, C_BSLASH = 92, C_RBRACK = 93, C_BTICK = 96, C_LBRACE = 123, C_PIPE = 124, C_RBRACE = 125,
  C_TILDE = 126, C_BOM = 0xfeff;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === C_DOLLAR || c > 127;
}
/** A letter, digit or underscore (heredoc and PHP labels). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (c > 127 && c !== C_BOM);
}
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && c !== C_BOM);
}
function isSpace(c: number): boolean {
  return c === C_SPACE || c === C_TAB || c === C_CR || c === 12 || c === 11 || c === C_BOM;
}
function isBlank(c: number): boolean {
  return c === C_SPACE || c === C_TAB;
}
/** YAML `:`, `-`, `?`: before a blank, a value starts after them. */
function isYamlIndicator(c: number): boolean {
  return c === C_COLON || c === C_DASH || c === C_QUESTION;
}

/** Lex `text` as `family`. Linear in the length of the text. */
export function lex(text: string, family: Family): Lexed {
  const lexer = new Lexer(text, family);
  const tokens = lexer.run();
  let codeText = text;
  if (lexer.comments > 0) {
    const parts: string[] = [];
    let last = 0;
    // comments become spaces, their line breaks (`\r` too) kept so lines and offsets stay put;
    // the next `\n` and `\r` are kept across comments, so no stretch of the text is searched twice
    let lf = -1, cr = -1;
    const nextBreak = (from: number) => {
      if (lf < from) lf = indexOrEnd(text, '\n', from);
      if (cr < from) cr = indexOrEnd(text, '\r', from);
      return Math.min(lf, cr);
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== TokenKind.Comment) continue;
      parts.push(text.slice(last, t.start));
      let from = t.start;
      for (let brk = nextBreak(from); brk < t.end; brk = nextBreak(from)) {
        parts.push(spaces(brk - from), text[brk]);
        from = brk + 1;
      }
      parts.push(spaces(t.end - from));
      last = t.end;
    }
    parts.push(text.slice(last));
    codeText = parts.join('');
  }
  return { tokens, codeText };
}

function indexOrEnd(text: string, s: string, from: number): number {
  const i = text.indexOf(s, from);
  return i < 0 ? text.length : i;
}

function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}
const SPACES = ' '.repeat(256);

/** Index of the token containing `offset`, or -1. Tokens are sorted and never overlap. */
export function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let lo = 0, hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (offset < t.start) hi = mid - 1;
    else if (offset >= t.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** b f r t u, either case: Python's string prefix letters. */
function isPythonPrefix(c: number): boolean {
  const lc = c | 32;
  return lc === 98 || lc === 102 || lc === 114 || lc === 116 || lc === 117;
}

/** How the scan loop treats an ASCII character. */
const PLAIN = 0, START = 1, NEWLINE = 2, SPACE = 3, BRACKET = 4;

/** Interpolation syntaxes inside string literals. */
const I_NONE = 0, I_JS = 1, I_KOTLIN = 2, I_RUBY = 3, I_BRACE = 4, I_PHP = 5, I_SHELL = 6, I_DOTENV = 7;

interface QuoteOptions {
  escapes: boolean;
  multiline: boolean;
  interp: number;
  /** The quote is escaped by doubling it ('' in YAML, "" in C# verbatim strings). */
  doubledQuote?: boolean;
}
const SINGLE_LINE: QuoteOptions = { escapes: true, multiline: false, interp: I_NONE };
const RAW_SINGLE_LINE: QuoteOptions = { escapes: false, multiline: false, interp: I_NONE };
const MULTILINE: QuoteOptions = { escapes: true, multiline: true, interp: I_NONE };
const RAW_MULTILINE: QuoteOptions = { escapes: false, multiline: true, interp: I_NONE };
const JS_TEMPLATE: QuoteOptions = { escapes: true, multiline: true, interp: I_JS };
const KOTLIN_STRING: QuoteOptions = { escapes: true, multiline: false, interp: I_KOTLIN };
const CS_INTERPOLATED: QuoteOptions = { escapes: true, multiline: false, interp: I_BRACE };
const CS_VERBATIM: QuoteOptions = { escapes: false, multiline: true, interp: I_NONE, doubledQuote: true };
const CS_VERBATIM_INTERPOLATED: QuoteOptions = { escapes: false, multiline: true, interp: I_BRACE, doubledQuote: true };
const PY_FSTRING: QuoteOptions = { escapes: true, multiline: false, interp: I_BRACE };
const PHP_DOUBLE: QuoteOptions = { escapes: true, multiline: true, interp: I_PHP };
const RUBY_DOUBLE: QuoteOptions = { escapes: true, multiline: true, interp: I_RUBY };
const YAML_SINGLE: QuoteOptions = { escapes: false, multiline: true, interp: I_NONE, doubledQuote: true };
const SHELL_DOUBLE: QuoteOptions = { escapes: true, multiline: true, interp: I_SHELL };
// .env expansion (`${VAR}`, `$VAR`) only marks the value as interpolated: nothing nested is scanned, so
// re-reading an unclosed multi-line value as a single line stays linear
const DOTENV_DOUBLE: QuoteOptions = { escapes: true, multiline: true, interp: I_DOTENV };
const DOTENV_DOUBLE_LINE: QuoteOptions = { escapes: true, multiline: false, interp: I_DOTENV };

/** Characters `quoted` looks at inside a literal: line feed, quotes, `\`, and what starts an interpolation. */
const IN_STRING = new Uint8Array(128);
for (const c of [C_NL, C_DQ, C_SQ, C_BTICK, C_BSLASH, C_DOLLAR, C_LBRACE, C_HASH]) IN_STRING[c] = 1;

/** Sticky: a run of characters `triple` steps over in a `"` or `'` literal (what can close, escape or interpolate stops it). */
const TRIPLE_DQ_RUN = /[^"\\${#]*/y, TRIPLE_SQ_RUN = /[^'\\${#]*/y;

/** A word before `/` after which a regex literal, not a division, follows. */
const JS_REGEX_KEYWORDS: ReadonlySet<string> = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void',
  'throw', 'case', 'do', 'else', 'yield', 'await']);
const RUBY_REGEX_KEYWORDS: ReadonlySet<string> = new Set(['if', 'elsif', 'unless', 'when', 'and', 'or', 'not', 'return', 'while',
  'until', 'then', 'do', 'else', 'case', 'in']);

/** Characters that can begin a comment or literal, per family; every other character is skipped fast. */
const STARTS: Record<Family, string> = {
  js: '"\'`/', go: '"\'`/', java: '"\'/', kotlin: '"\'/', json: '"/', csharp: '"\'/$@#', rust: '"\'/bcr',
  php: '"\'`/#<', python: '"\'#', ruby: '"\'`#=%</', toml: '"\'#', yaml: '"\'#|>', shell: '"\'#<',
  dockerfile: '"\'#<', dotenv: '"\'`#', properties: '#!', ini: '#;', xml: '<', generic: '"\'`#/',
};
const CLASS_TABLES = new Map<Family, Uint8Array>();

function classTable(family: Family): Uint8Array {
  let t = CLASS_TABLES.get(family);
  if (t) return t;
  t = new Uint8Array(128);
  const set = (chars: string, k: number) => { for (const ch of chars) t![ch.charCodeAt(0)] = k; };
  set(' \t\r\f\v', SPACE);
  t[C_NL] = NEWLINE;
  // brackets close interpolations; Python counts them too (no docstring inside brackets)
  set('{}', BRACKET);
  if (family === 'python') set('()[]', BRACKET);
  if (family === 'shell' || family === 'dockerfile') set('()', BRACKET);
  if (family === 'php') set('?', BRACKET);
  set(STARTS[family], START);
  CLASS_TABLES.set(family, t);
  return t;
}

const SKIP_PATTERNS = new Map<string, RegExp>();

/**
 * Sticky: a run of characters the scan loop only steps over (plain and blank), matched natively.
 * `lines`: line breaks too, for a scan where nothing waits for the end of a line.
 */
function skipPattern(family: Family, lines: boolean, top = false): RegExp {
  const key = `${family}${lines ? '+nl' : ''}${top ? '+top' : ''}`;
  let re = SKIP_PATTERNS.get(key);
  if (re) return re;
  const t = classTable(family);
  let stops = '';
  for (let c = 0; c < 128; c++) {
    if (t[c] !== PLAIN && t[c] !== SPACE && !(lines && t[c] === NEWLINE) && !(top && isTopLevelPlain(t, c))) stops += '\\x' + c.toString(16).padStart(2, '0');
  }
  re = new RegExp(`[^${stops}]*`, 'y');
  SKIP_PATTERNS.set(key, re);
  return re;
}

/**
 * A bracket outside any interpolation, in a family other than Python, is plain code: only Python
 * counts brackets there (a string inside brackets is no docstring). PHP's `?` still stops (`?>`).
 */
function isTopLevelPlain(t: Uint8Array, c: number): boolean {
  return t[c] === BRACKET && c !== C_QUESTION;
}

/** Families as small integers, so the per-token dispatch is a jump table. */
const enum F { Js, Go, Java, Kotlin, Csharp, Rust, Php, Json, Python, Toml, Ruby, Yaml, Shell, Dotenv, Generic, Dockerfile, Properties, Ini, Xml }
const FAMILY_IDS: Record<Family, F> = {
  js: F.Js, go: F.Go, java: F.Java, kotlin: F.Kotlin, csharp: F.Csharp, rust: F.Rust, php: F.Php, json: F.Json, python: F.Python,
  toml: F.Toml, ruby: F.Ruby, yaml: F.Yaml, shell: F.Shell, dotenv: F.Dotenv, generic: F.Generic, dockerfile: F.Dockerfile,
  properties: F.Properties, ini: F.Ini, xml: F.Xml,
};

/** Work left for the end of the current line: a heredoc body (Ruby, shell) or a YAML block scalar. */
interface Pending {
  /** The heredoc's closing word; empty for a YAML block scalar. */
  id: string;
  /** The closing word may be indented (`<<~`, `<<-`). */
  indented: boolean;
  interp: number;
  /** YAML block scalar: its lines are indented deeper than this; -1 for a heredoc. */
  yamlIndent: number;
}

class Lexer {
  private readonly tokens: Token[] = [];
  /** How many comment tokens were found (lex() blanks them out of codeText). */
  comments = 0;
  private readonly n: number;
  private readonly cls: Uint8Array;
  private readonly skip: RegExp;
  /** `skip` over line breaks too: for families where no heredoc or block scalar waits for a line's end. */
  private readonly skipLines: RegExp;
  /** `skipLines` outside interpolations, over brackets too (Python's count: see isTopLevelPlain); undefined for Python. */
  private readonly skipTop: RegExp | undefined;
  /** The last significant code character and its offset (to tell a regex from a division, and the like). */
  private prev = 0;
  private prevPos = -1;
  /** A regex literal that did not close before the end of its line: slashes before here are division. */
  private noRegexBefore = 0;
  /** Open brackets at the top level (Python: a string inside brackets is never a docstring). */
  private brackets = 0;
  private pending: Pending[] = [];
  /** Set by quoted() and triple(): where the literal's contents end, whether it closed and interpolates. */
  private valueEnd = 0;
  private closed = false;
  private interpolated = false;

  private readonly fam: F;

  constructor(private readonly text: string, family: Family) {
    this.n = text.length;
    this.fam = FAMILY_IDS[family];
    this.cls = classTable(family);
    this.skip = skipPattern(family, false);
    const lines = !(this.fam === F.Yaml || this.fam === F.Ruby || this.fam === F.Shell || this.fam === F.Dockerfile);
    this.skipLines = lines ? skipPattern(family, true) : this.skip;
    this.skipTop = this.fam === F.Python ? undefined : skipPattern(family, lines, true);
  }

  run(): Token[] {
    const text = this.text, fam = this.fam;
    let pos = text.charCodeAt(0) === C_BOM ? 1 : 0;
    // a shebang line (`#![...]` in Rust is an inner attribute)
    if (text.startsWith('#!', pos) && (fam === F.Js || fam === F.Php || (fam === F.Rust && text.charCodeAt(pos + 2) !== C_LBRACK))) {
      const end = this.lineEnd(pos);
      this.push(TokenKind.Comment, pos, end, pos, end, false);
      pos = end;
    }
    if (fam === F.Php && this.phpStartsInHtml(pos)) pos = this.phpSkipHtml(pos);
    this.scan(pos, 0, true, C_RBRACE, false);
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, end: number, valueStart: number, valueEnd: number, interpolated: boolean): void {
    if (kind === TokenKind.Comment) this.comments++;
    this.tokens.push({ kind, start, end, valueStart, valueEnd, interpolated });
  }

  /** The end of the line holding `pos`, before its `\r\n` or `\n`. */
  private lineEnd(pos: number): number {
    const i = this.text.indexOf('\n', pos);
    if (i < 0) return this.n;
    return i > pos && this.text.charCodeAt(i - 1) === C_CR ? i - 1 : i;
  }

  /** The line break before `pos` when only blanks separate them; -1 at the start of the text; -2 otherwise. */
  private lineBreakBefore(pos: number): number {
    for (let i = pos - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === C_NL) return i;
      if (!isSpace(c)) return -2;
    }
    return -1;
  }

  private atLineStart(pos: number): boolean {
    return this.lineBreakBefore(pos) !== -2;
  }

  /**
   * Scan code from `pos`. With depth > 0 we are inside an interpolation (`${...}`, `$(...)`) and return
   * after its `closer`; tokens found there are not emitted (they belong to the enclosing literal).
   * `stopAtNewline`: the enclosing literal cannot span lines, so neither can its interpolation.
   */
  private scan(pos: number, depth: number, emit: boolean, closer: number, stopAtNewline: boolean): number {
    const text = this.text, n = this.n, cls = this.cls;
    // outside interpolations, brackets are stepped over with the rest (but in Python)
    const top = depth === 0 && !stopAtNewline && this.skipTop !== undefined;
    const skip = top ? this.skipTop! : stopAtNewline ? this.skip : this.skipLines;
    const overLines = !stopAtNewline && this.skipLines !== this.skip;
    const opener = closer === C_RPAREN ? C_LPAREN : C_LBRACE;
    let nest = 0;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      const k = c < 128 ? cls[c] : c === C_BOM ? SPACE : PLAIN;
      if (k === PLAIN || k === SPACE || (k === NEWLINE && overLines) || (top && isTopLevelPlain(cls, c))) {
        skip.lastIndex = pos;
        skip.test(text);
        const end = skip.lastIndex;
        // the last significant character of the run
        let j = end - 1;
        for (let b = text.charCodeAt(j); j >= pos && (isSpace(b) || b === C_NL); b = text.charCodeAt(--j));
        if (j >= pos) { this.prev = text.charCodeAt(j); this.prevPos = j; }
        pos = end;
        continue;
      }
      if (k === NEWLINE) {
        if (stopAtNewline) return pos;
        pos++;
        if (this.pending.length) pos = this.pendingBodies(pos, emit);
        continue;
      }
      if (k === START) {
        const next = this.tryToken(pos, c, depth, emit);
        if (next > pos) { pos = next; continue; }
      } else if (depth > 0) {
        if (c === opener) nest++;
        else if (c === closer) { if (nest === 0) return pos + 1; nest--; }
      } else if (c === C_QUESTION) {
        if (text.charCodeAt(pos + 1) === C_GT) { pos = this.phpSkipHtml(pos + 2); continue; }
      } else if (c === C_LPAREN || c === C_LBRACK || c === C_LBRACE) this.brackets++;
      else if (this.brackets > 0) this.brackets--;
      this.prev = c;
      this.prevPos = pos++;
    }
    return n;
  }

  /** If a comment or literal starts at `pos`, consume it and return the position after it; else `pos`. */
  private tryToken(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text, fam = this.fam;
    const c1 = text.charCodeAt(pos + 1);
    switch (fam) {
      case F.Js: case F.Go: case F.Java: case F.Kotlin: case F.Csharp: case F.Rust: case F.Php: case F.Json:
        if (c === C_SLASH) {
          if (c1 === C_SLASH) return fam === F.Php ? this.phpLineComment(pos, emit) : this.lineComment(pos, emit);
          if (c1 === C_STAR) return this.blockComment(pos, fam === F.Kotlin || fam === F.Rust, emit);
          if (fam === F.Js && pos >= this.noRegexBefore && this.regexAllowed(pos, JS_REGEX_KEYWORDS, false)) return this.regex(pos);
          return pos;
        }
        if (c === C_HASH) {
          // C#: a preprocessor line (`#region Don't panic`) holds no literal; PHP: `#[...]` is an attribute
          if (fam === F.Csharp) return this.atLineStart(pos) ? this.directiveEnd(pos) : pos;
          return c1 === C_LBRACK ? pos : this.phpLineComment(pos, emit);
        }
        break;
      case F.Python: case F.Toml:
        if (c === C_HASH) return this.lineComment(pos, emit);
        break;
      case F.Ruby:
        if (c === C_HASH) return this.lineComment(pos, emit);
        if (c === C_EQ) return text.startsWith('=begin', pos) && this.atLineStart(pos) ? this.rubyBlockComment(pos, emit) : pos;
        if (c === C_SLASH) return pos >= this.noRegexBefore && this.regexAllowed(pos, RUBY_REGEX_KEYWORDS, true) ? this.regex(pos) : pos;
        break;
      case F.Yaml: case F.Shell: case F.Dotenv: case F.Generic:
        if (c === C_HASH) return this.wordStart(pos) ? this.lineComment(pos, emit) : pos;
        if (c === C_SLASH) return c1 === C_SLASH && this.wordStart(pos) ? this.lineComment(pos, emit) : pos; // generic
        break;
      case F.Dockerfile:
        if (c === C_HASH) return this.atLineStart(pos) ? this.lineComment(pos, emit) : pos;
        break;
      case F.Properties: case F.Ini: {
        // `#`, `!` (properties) or `;` (ini) at the start of a line; values are unquoted text
        const nl = this.lineBreakBefore(pos);
        if (nl === -2 || (fam === F.Properties && nl >= 0 && this.continuesValue(nl))) return pos;
        return this.lineComment(pos, emit);
      }
      case F.Xml:
        if (text.startsWith('<!--', pos)) {
          const i = text.indexOf('-->', pos + 4);
          const end = i < 0 ? this.n : i + 3;
          if (emit) this.push(TokenKind.Comment, pos, end, pos + 4, i < 0 ? end : i, false);
          return end;
        }
        if (text.startsWith('<![CDATA[', pos)) {
          const i = text.indexOf(']]>', pos + 9);
          return i < 0 ? this.n : i + 3;
        }
        return this.xmlTag(pos, emit);
    }
    return this.tryString(pos, c, c1, depth, emit);
  }

  private lineComment(pos: number, emit: boolean): number {
    const end = this.lineEnd(pos);
    if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
    return end;
  }

  /** C# preprocessor line: its text is code without literals, up to a `//` comment. */
  private directiveEnd(pos: number): number {
    const text = this.text, lineEnd = this.lineEnd(pos);
    for (let i = pos + 1; i < lineEnd - 1; i++) {
      if (text.charCodeAt(i) === C_SLASH && text.charCodeAt(i + 1) === C_SLASH) return i;
    }
    return lineEnd;
  }

  /** PHP: a `//` or `#` comment also ends before `?>`. */
  private phpLineComment(pos: number, emit: boolean): number {
    const text = this.text, lineEnd = this.lineEnd(pos);
    let end = lineEnd;
    for (let i = pos + 1; i < lineEnd - 1; i++) {
      if (text.charCodeAt(i) === C_QUESTION && text.charCodeAt(i + 1) === C_GT) { end = i; break; }
    }
    if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
    return end;
  }

  private blockComment(pos: number, nested: boolean, emit: boolean): number {
    const text = this.text, n = this.n;
    if (!nested) {
      const close = text.indexOf('*/', pos + 2);
      const end = close < 0 ? n : close + 2;
      if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
      return end;
    }
    let i = pos + 2, level = 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C_STAR && text.charCodeAt(i + 1) === C_SLASH) { i += 2; if (--level === 0) break; continue; }
      if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) { level++; i += 2; continue; }
      i++;
    }
    const end = Math.min(i, n);
    if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
    return end;
  }

  /** Ruby `=begin` ... `=end`, both at the start of a line. */
  private rubyBlockComment(pos: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let end = n, i = pos;
    for (;;) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
      if (text.startsWith('=end', i) && !isIdentChar(text.charCodeAt(i + 4))) { end = this.lineEnd(i); break; }
    }
    if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
    return end;
  }

  /** Where `#` may start a comment (YAML, shell, .env, plain text): at the start of a word. */
  private wordStart(pos: number): boolean {
    if (pos === 0) return true;
    const b = this.text.charCodeAt(pos - 1);
    return isSpace(b) || b === C_NL ||
      (this.fam === F.Shell && (b === C_SEMI || b === C_AMP || b === C_PIPE || b === C_LPAREN || b === C_RPAREN));
  }

  /** Properties: the line before (ending at `nl`) ends with an odd number of backslashes, so this one continues its value. */
  private continuesValue(nl: number): boolean {
    const text = this.text;
    let i = nl - 1;
    if (i >= 0 && text.charCodeAt(i) === C_CR) i--;
    const last = this.tokens[this.tokens.length - 1];
    if (last && last.kind === TokenKind.Comment && last.end === i + 1) return false; // comment lines do not continue
    let k = 0;
    while (i >= 0 && text.charCodeAt(i) === C_BSLASH) { k++; i--; }
    return (k & 1) === 1;
  }

  /** Whether a `/` at `pos` starts a regex literal (it follows an operator or a keyword) rather than a division. */
  private regexAllowed(pos: number, keywords: ReadonlySet<string>, ruby: boolean): boolean {
    const p = this.prev;
    if (p === C_RPAREN || p === C_RBRACK || p === C_RBRACE || p === C_DQ || p === C_SQ || p === C_BTICK) return false;
    if (!isIdentChar(p)) return true;
    if (this.prevWordIn(keywords)) return true;
    // Ruby: `split /,/` (a blank before the slash, none after) passes a regex to a method
    const after = this.text.charCodeAt(pos + 1);
    return ruby && isBlank(this.text.charCodeAt(pos - 1)) && !isSpace(after) && after !== C_EQ;
  }

  /** The identifier ending at prevPos is one of `words` (and not a property such as `x.return`). */
  private prevWordIn(words: ReadonlySet<string>): boolean {
    const text = this.text, e = this.prevPos + 1;
    let s = this.prevPos;
    while (s > 0 && e - s <= 10 && isIdentChar(text.charCodeAt(s - 1))) s--;
    if (s > 0 && (isIdentChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === C_DOT)) return false;
    return words.has(text.slice(s, e));
  }

  /** A regex literal on one line: skip it (it is code, not a value). If it does not close, `/` was a division. */
  private regex(pos: number): number {
    const text = this.text, n = this.n;
    let i = pos + 1, inClass = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C_NL || c === C_CR) break;
      if (c === C_BSLASH) {
        const d = text.charCodeAt(i + 1);
        if (d === C_NL || d === C_CR) { i++; break; }
        i += 2;
        continue;
      }
      if (c === C_LBRACK) inClass = true;
      else if (c === C_RBRACK) inClass = false;
      else if (c === C_SLASH && !inClass) {
        i++;
        while (i < n && isWordChar(text.charCodeAt(i))) i++; // flags
        this.prev = C_RPAREN;
        return i;
      }
      i++;
    }
    this.noRegexBefore = Math.min(i, n);
    return pos;
  }

  /** XML: quotes are attribute values only inside a tag; text content is not code. */
  private xmlTag(pos: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let i = pos + 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C_GT) return i + 1;
      if (c === C_DQ || c === C_SQ) { i = this.str(i, this.quoted(i, 1, c, RAW_MULTILINE, 0), 1, emit); continue; }
      if (c === C_LT) return i;
      i++;
    }
    return n;
  }

  private tryString(pos: number, c: number, c1: number, depth: number, emit: boolean): number {
    const text = this.text, fam = this.fam;
    switch (fam) {
      case F.Js:
        return this.str(pos, this.quoted(pos, 1, c, c === C_BTICK ? JS_TEMPLATE : SINGLE_LINE, depth), 1, emit);
      case F.Go:
        return this.str(pos, this.quoted(pos, 1, c, c === C_BTICK ? RAW_MULTILINE : SINGLE_LINE, depth), 1, emit);
      case F.Java:
        if (c === C_DQ && c1 === C_DQ && text.charCodeAt(pos + 2) === C_DQ) return this.str(pos, this.triple(pos, 3, C_DQ, 3, true, I_NONE, depth, false), 3, emit);
        return this.str(pos, this.quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
      case F.Kotlin:
        if (c === C_DQ && c1 === C_DQ && text.charCodeAt(pos + 2) === C_DQ) return this.str(pos, this.triple(pos, 3, C_DQ, 3, false, I_KOTLIN, depth, true), 3, emit);
        return this.str(pos, this.quoted(pos, 1, c, c === C_DQ ? KOTLIN_STRING : SINGLE_LINE, depth), 1, emit);
      case F.Csharp: return this.csharpString(pos, c, depth, emit);
      case F.Rust: return this.rustString(pos, c, depth, emit);
      case F.Python: return this.pythonString(pos, depth, emit);
      case F.Php:
        if (c === C_LT) return c1 === C_LT && text.charCodeAt(pos + 2) === C_LT ? this.phpHeredoc(pos, emit) : pos;
        return this.str(pos, this.quoted(pos, 1, c, c === C_SQ ? MULTILINE : PHP_DOUBLE, depth), 1, emit);
      case F.Ruby: return this.rubyString(pos, c, c1, depth, emit);
      case F.Toml:
        if (c1 === c && text.charCodeAt(pos + 2) === c) return this.str(pos, this.triple(pos, 3, c, 3, c === C_DQ, I_NONE, depth, true), 3, emit);
        return this.str(pos, this.quoted(pos, 1, c, c === C_DQ ? SINGLE_LINE : RAW_SINGLE_LINE, depth), 1, emit);
      case F.Yaml:
        if (c === C_PIPE || c === C_GT) return this.yamlBlockHeader(pos);
        if (!this.yamlScalarStarts(pos)) return pos;
        return this.str(pos, this.quoted(pos, 1, c, c === C_DQ ? MULTILINE : YAML_SINGLE, depth), 1, emit);
      case F.Json:
        return this.str(pos, this.quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
      case F.Shell: case F.Dockerfile: {
        if (c === C_LT) return c1 === C_LT ? this.shellHeredoc(pos) : pos;
        // an escaped quote (`it\'s`) is a plain character
        let b = pos - 1;
        while (b >= 0 && text.charCodeAt(b) === C_BSLASH) b--;
        if (((pos - 1 - b) & 1) === 1) return pos;
        const ansi = c === C_SQ && text.charCodeAt(pos - 1) === C_DOLLAR; // $'...' has escapes
        return this.str(pos, this.quoted(pos, 1, c, c === C_DQ ? SHELL_DOUBLE : ansi ? MULTILINE : RAW_MULTILINE, depth), 1, emit);
      }
      case F.Dotenv: {
        // a quote opens a value only right after `=`; an unclosed one is plain text on its line
        if (this.prev !== C_EQ) return pos;
        let end = this.quoted(pos, 1, c, c === C_DQ ? DOTENV_DOUBLE : MULTILINE, depth);
        if (!this.closed) end = this.quoted(pos, 1, c, c === C_DQ ? DOTENV_DOUBLE_LINE : SINGLE_LINE, depth);
        return this.str(pos, end, 1, emit);
      }
      case F.Generic:
        if (c === C_SQ && pos > 0 && isIdentChar(text.charCodeAt(pos - 1))) return pos; // don't
        return this.str(pos, this.quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
      default:
        return pos;
    }
  }

  /** Push the literal that quoted() or triple() just scanned, from `pos` to `end`. */
  private str(pos: number, end: number, openLen: number, emit: boolean): number {
    if (emit) {
      const vs = Math.min(pos + openLen, end);
      this.push(TokenKind.String, pos, end, vs, Math.max(vs, Math.min(this.valueEnd, end)), this.interpolated);
    }
    return end;
  }

  /** YAML: a quote opens a string only where a scalar can start, not inside `don't` or `5" screen`. */
  private yamlScalarStarts(pos: number): boolean {
    const text = this.text;
    for (let i = pos - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (isBlank(c) || c === C_CR || c === C_BOM) continue;
      if (c === C_NL || c === C_COMMA || c === C_LBRACK || c === C_LBRACE) return true;
      // `key: 'x'`, `- 'x'`, `? 'x'`: the indicator is followed by a blank
      return isYamlIndicator(c) && i < pos - 1;
    }
    return true;
  }

  /** YAML: a value can start after offset `b` (the start of the text, a line break, or `:`/`-`/`?` and a blank). */
  private yamlValueAfter(b: number): boolean {
    const text = this.text;
    return b < 0 || text.charCodeAt(b) === C_NL || (isYamlIndicator(text.charCodeAt(b)) && isBlank(text.charCodeAt(b + 1)));
  }

  /** YAML `key: |` or `- >-`: the following, more indented lines are the scalar's text (no comments there). */
  private yamlBlockHeader(pos: number): number {
    const text = this.text, n = this.n;
    // it follows `key:`, `- ` or `? ` (maybe with a tag or anchor between: `key: !!str |`, `key: &a |`)
    let b = pos - 1;
    while (b >= 0 && isBlank(text.charCodeAt(b))) b--;
    if (!this.yamlValueAfter(b)) {
      let w = b;
      while (w >= 0 && b - w < 128 && !isSpace(text.charCodeAt(w)) && text.charCodeAt(w) !== C_NL) w--;
      const first = text.charCodeAt(w + 1);
      if (first !== C_BANG && first !== C_AMP) return pos;
      b = w;
      while (b >= 0 && isBlank(text.charCodeAt(b))) b--;
      if (!this.yamlValueAfter(b)) return pos;
    }
    let p = pos + 1;
    for (let k = 0; k < 2; k++) {
      const ch = text.charCodeAt(p);
      if (ch === C_DASH || ch === C_PLUS || (ch >= 49 && ch <= 57)) p++;
    }
    let q = p;
    while (q < n && isBlank(text.charCodeAt(q))) q++;
    const ch = text.charCodeAt(q);
    if (!(q >= n || ch === C_NL || ch === C_CR || (ch === C_HASH && q > p))) return pos;
    // the parent's indentation: the key's column, or the dash's for `- |`
    const ls = text.lastIndexOf('\n', pos) + 1;
    let col = ls, dash = -1;
    for (;;) {
      while (col < pos && isBlank(text.charCodeAt(col))) col++;
      if (col < pos && text.charCodeAt(col) === C_DASH && isBlank(text.charCodeAt(col + 1))) { dash = col++; continue; }
      break;
    }
    const indent = (col >= pos && dash >= 0 ? dash : col) - ls;
    this.pending.push({ id: '', indented: false, interp: I_NONE, yamlIndent: indent });
    return p;
  }

  /** Consume what the line that just ended left pending; `pos` is the start of the next line. */
  private pendingBodies(pos: number, emit: boolean): number {
    const list = this.pending;
    this.pending = [];
    for (let i = 0; i < list.length; i++) {
      if (i > 0) {
        const nl = this.text.indexOf('\n', pos);
        if (nl < 0) return this.n;
        pos = nl + 1;
      }
      const p = list[i];
      pos = p.yamlIndent >= 0 ? this.yamlBlock(pos, p.yamlIndent) : this.heredocBody(pos, p, emit);
    }
    return pos;
  }

  /** Skip a YAML block scalar's lines from the line start `pos`; returns the line break after its last line. */
  private yamlBlock(pos: number, indent: number): number {
    const text = this.text, n = this.n;
    let last = pos - 1, line = pos;
    while (line < n) {
      let q = line;
      while (q < n && isBlank(text.charCodeAt(q))) q++;
      const c = text.charCodeAt(q);
      const empty = q >= n || c === C_NL || (c === C_CR && text.charCodeAt(q + 1) === C_NL);
      if (!empty && q - line <= indent) break;
      const nl = text.indexOf('\n', q);
      if (nl < 0) return n;
      last = nl;
      line = nl + 1;
    }
    return last;
  }

  /** A heredoc body from the line start `pos` through its closing line; returns the end of the closing word. */
  private heredocBody(pos: number, h: Pending, emit: boolean): number {
    const text = this.text, n = this.n;
    let line = pos, valueEnd = n, end = n;
    while (line < n) {
      let q = line;
      if (h.indented) while (isBlank(text.charCodeAt(q))) q++;
      const eol = this.lineEnd(q);
      let e = eol;
      while (e > q && isBlank(text.charCodeAt(e - 1))) e--;
      if (e - q === h.id.length && text.startsWith(h.id, q)) { valueEnd = this.beforeBreak(line, pos); end = e; break; }
      const nl = text.indexOf('\n', eol);
      if (nl < 0) break;
      line = nl + 1;
    }
    if (emit) this.push(TokenKind.String, pos, end, pos, valueEnd, h.interp !== I_NONE && this.interpolates(pos, valueEnd, h.interp));
    return end;
  }

  /** The end of the text before the line break that precedes the line start `line` (not before `min`). */
  private beforeBreak(line: number, min: number): number {
    let v = line;
    if (v > min && this.text.charCodeAt(v - 1) === C_NL) v--;
    if (v > min && this.text.charCodeAt(v - 1) === C_CR) v--;
    return v;
  }

  /** Whether [start, end) holds an interpolation (heredoc bodies, which are not scanned as code). */
  private interpolates(start: number, end: number, interp: number): boolean {
    const text = this.text;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === C_BSLASH) { i++; continue; }
      const c1 = text.charCodeAt(i + 1);
      if (interp === I_RUBY) {
        if (c === C_HASH && (c1 === C_LBRACE || c1 === C_AT || c1 === C_DOLLAR)) return true;
      } else if (c === C_DOLLAR) {
        if (c1 === C_LBRACE || isIdentStart(c1) || (interp === I_SHELL && (c1 === C_LPAREN || (c1 >= 48 && c1 <= 57)))) return true;
      } else if (interp === I_PHP && c === C_LBRACE && c1 === C_DOLLAR) return true;
    }
    return false;
  }

  private pythonString(q: number, depth: number, emit: boolean): number {
    const text = this.text;
    // string prefixes (r, b, u, f, t and pairs of them) before the quote, only at the start of a
    // word: looked for from the quote, so the scan loop never stops at those common letters
    let pos = q, interp = I_NONE;
    while (pos > q - 2 && pos > 0 && isPythonPrefix(text.charCodeAt(pos - 1))) pos--;
    if (pos < q && pos > 0 && isIdentChar(text.charCodeAt(pos - 1))) pos = q;
    for (let p = pos; p < q; p++) {
      const lc = text.charCodeAt(p) | 32;
      if (lc === 102 || lc === 116) interp = I_BRACE; // f, t
    }
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    const open = q - pos + (triple ? 3 : 1);
    // a triple-quoted string standing alone as a statement is a docstring: documentation, not a value
    const statement = triple && depth === 0 && this.brackets === 0 && this.prev !== C_BSLASH && this.atLineStart(pos);
    const end = triple
      ? this.triple(pos, open, quote, 3, true, interp, depth, false)
      : this.quoted(pos, open, quote, interp ? PY_FSTRING : SINGLE_LINE, depth);
    if (emit) {
      const kind = statement && this.statementEndsAt(end) ? TokenKind.Comment : TokenKind.String;
      const vs = Math.min(pos + open, end);
      this.push(kind, pos, end, vs, Math.max(vs, Math.min(this.valueEnd, end)), this.interpolated);
    }
    return end;
  }

  /** Only blanks, a comment or `;` follow `end` on its line. */
  private statementEndsAt(end: number): boolean {
    const text = this.text;
    for (let i = end; i < this.n; i++) {
      const c = text.charCodeAt(i);
      if (c === C_NL || c === C_HASH || c === C_SEMI) return true;
      if (!isSpace(c)) return false;
    }
    return true;
  }

  private csharpString(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text;
    if (c === C_SQ) return this.str(pos, this.quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
    let p = pos, dollars = 0, verbatim = false;
    for (; p < pos + 8; p++) {
      const ch = text.charCodeAt(p);
      if (ch === C_DOLLAR) dollars++;
      else if (ch === C_AT) verbatim = true;
      else break;
    }
    if (text.charCodeAt(p) !== C_DQ) return pos;
    if (text.charCodeAt(p + 1) === C_DQ && text.charCodeAt(p + 2) === C_DQ) {
      // raw string literal: closed by as many quotes as opened it; with $$, interpolation is {{...}}
      let k = p + 3;
      while (text.charCodeAt(k) === C_DQ) k++;
      const end = this.triple(pos, k - pos, C_DQ, k - p, false, dollars === 1 ? I_BRACE : I_NONE, depth, false);
      if (dollars > 1) this.interpolated = text.slice(k, this.valueEnd).indexOf('{') >= 0;
      return this.str(pos, end, k - pos, emit);
    }
    const o = verbatim ? (dollars ? CS_VERBATIM_INTERPOLATED : CS_VERBATIM) : dollars ? CS_INTERPOLATED : SINGLE_LINE;
    return this.str(pos, this.quoted(pos, p - pos + 1, C_DQ, o, depth), p - pos + 1, emit);
  }

  private rustString(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text;
    if (c === C_SQ) return this.rustChar(pos, pos, emit);
    if (c === C_DQ) return this.str(pos, this.quoted(pos, 1, c, MULTILINE, depth), 1, emit);
    // prefixes b, c, r, br, cr: only at the start of a word
    if (pos > 0 && isIdentChar(text.charCodeAt(pos - 1))) return pos;
    let p = pos;
    if (c === 98 /* b */ || c === 99 /* c */) p++;
    const d = text.charCodeAt(p);
    if (c === 98 && d === C_SQ) return this.rustChar(pos, p, emit);
    if (p > pos && d === C_DQ) return this.str(pos, this.quoted(pos, 2, C_DQ, MULTILINE, depth), 2, emit);
    if (d !== 114 /* r */) return pos;
    let k = p + 1;
    while (text.charCodeAt(k) === C_HASH && k - p - 1 <= MAX_RAW_HASHES) k++;
    const hashes = k - p - 1;
    if (text.charCodeAt(k) !== C_DQ || hashes > MAX_RAW_HASHES) return pos;
    return this.str(pos, this.rustRaw(pos, k - pos + 1, hashes), k - pos + 1, emit);
  }

  /** A char literal ('a', '\n', '\u{1F600}', b'x') whose quote is at `q`, or -- returning `pos` -- a lifetime ('a). */
  private rustChar(pos: number, q: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let close = -1;
    if (text.charCodeAt(q + 1) === C_BSLASH) {
      for (let i = q + 3; i < n && i <= q + 12; i++) {
        const ch = text.charCodeAt(i);
        if (ch === C_SQ) { close = i; break; }
        if (ch === C_NL) break;
      }
    } else if (q + 2 < n) {
      const cp = text.codePointAt(q + 1)!;
      const at = q + 1 + (cp > 0xffff ? 2 : 1);
      if (cp !== C_NL && cp !== C_SQ && text.charCodeAt(at) === C_SQ) close = at;
    }
    if (close < 0) return pos;
    if (emit) this.push(TokenKind.String, pos, close + 1, q + 1, close, false);
    this.prev = C_SQ;
    return close + 1;
  }

  /** Rust raw string: closed by `"` and as many `#` as opened it. */
  private rustRaw(pos: number, openLen: number, hashes: number): number {
    const text = this.text, n = this.n;
    let i = pos + openLen, valueEnd = n, end = n;
    while (i < n) {
      if (text.charCodeAt(i) === C_DQ) {
        let k = 0;
        while (k < hashes && text.charCodeAt(i + 1 + k) === C_HASH) k++;
        if (k === hashes) { valueEnd = i; end = i + 1 + hashes; break; }
      }
      i++;
    }
    this.valueEnd = valueEnd;
    this.closed = end < n || valueEnd < n;
    this.interpolated = false;
    this.prev = C_DQ;
    return end;
  }

  private phpStartsInHtml(pos: number): boolean {
    const text = this.text;
    if (text.indexOf('<?', pos) >= 0) return true;
    while (pos < this.n && (isSpace(text.charCodeAt(pos)) || text.charCodeAt(pos) === C_NL)) pos++;
    return text.charCodeAt(pos) === C_LT; // an HTML template without PHP; else a fragment of code
  }

  /** PHP: skip inline HTML up to and including the next open tag (`<?php`, `<?=`, `<?`, not `<?xml`). */
  private phpSkipHtml(pos: number): number {
    const text = this.text;
    for (;;) {
      const open = text.indexOf('<?', pos);
      if (open < 0) return this.n;
      if (!text.startsWith('xml', open + 2)) return open + 2;
      pos = open + 2;
    }
  }

  /** PHP heredoc `<<<EOT`, `<<<"EOT"` and nowdoc `<<<'EOT'`; the closing label may be indented. */
  private phpHeredoc(pos: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let p = pos + 3;
    while (isBlank(text.charCodeAt(p))) p++;
    const q = text.charCodeAt(p);
    const quoted = q === C_SQ || q === C_DQ;
    if (quoted) p++;
    const idStart = p;
    if (!isIdentStart(text.charCodeAt(p))) return pos;
    while (p < n && isWordChar(text.charCodeAt(p))) p++;
    const id = text.slice(idStart, p);
    if (quoted) {
      if (text.charCodeAt(p) !== q) return pos;
      p++;
    }
    while (isBlank(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === C_CR) p++;
    if (text.charCodeAt(p) !== C_NL) return pos;
    const bodyStart = p + 1;
    let line = bodyStart, valueEnd = n, end = n;
    while (line < n) {
      let s = line;
      while (isBlank(text.charCodeAt(s))) s++;
      if (text.startsWith(id, s) && !isWordChar(text.charCodeAt(s + id.length))) {
        valueEnd = this.beforeBreak(line, bodyStart);
        end = s + id.length;
        break;
      }
      const nl = text.indexOf('\n', s);
      if (nl < 0) break;
      line = nl + 1;
    }
    if (emit) this.push(TokenKind.String, pos, end, bodyStart, valueEnd, q !== C_SQ && this.interpolates(bodyStart, valueEnd, I_PHP));
    this.prev = C_DQ;
    return end;
  }

  private rubyString(pos: number, c: number, c1: number, depth: number, emit: boolean): number {
    const text = this.text;
    if (c === C_LT) return c1 === C_LT ? this.rubyHeredoc(pos) : pos;
    if (c === C_PCT) return this.rubyPercent(pos, emit);
    if (pos > 0 && text.charCodeAt(pos - 1) === C_DOLLAR) return pos; // the globals $' and $"
    return this.str(pos, this.quoted(pos, 1, c, c === C_SQ ? MULTILINE : RUBY_DOUBLE, depth), 1, emit);
  }

  /** Ruby %-literals: %q(...), %Q{...}, %w[...], %(...), with nested delimiters. */
  private rubyPercent(pos: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let p = pos + 1, kind = 81; // Q
    const k = text.charCodeAt(p);
    if (k === 113 || k === 81 || k === 119 || k === 87 || k === 105 || k === 73 || k === 114 || k === 115 || k === 120) { // qQwWiIrsx
      if (pos > 0 && isIdentChar(text.charCodeAt(pos - 1))) return pos;
      kind = k;
      p++;
    }
    const d = text.charCodeAt(p);
    if (!(d === C_LPAREN || d === C_LBRACK || d === C_LBRACE || d === C_LT || d === C_BANG || d === C_PIPE || d === C_SLASH)) return pos;
    if (p === pos + 1 && !this.regexAllowed(pos, RUBY_REGEX_KEYWORDS, true)) return pos; // `a % (b)` is a modulo
    const close = d === C_LPAREN ? C_RPAREN : d === C_LBRACK ? C_RBRACK : d === C_LBRACE ? C_RBRACE : d === C_LT ? C_GT : d;
    let i = p + 1, level = 1, interp = false;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === C_BSLASH) { i += 2; continue; }
      if (ch === close) { if (--level === 0) break; }
      else if (ch === d) level++;
      else if (ch === C_HASH && text.charCodeAt(i + 1) === C_LBRACE) interp = true;
      i++;
    }
    const end = Math.min(i + 1, n);
    const interpolating = kind === 81 || kind === 87 || kind === 73 || kind === 114 || kind === 120;
    if (emit) this.push(TokenKind.String, pos, end, Math.min(p + 1, end), Math.min(i, n), interpolating && interp);
    this.prev = C_DQ;
    return end;
  }

  /** Ruby heredoc opener (`<<~SQL`, `<<-EOS`, `<<'RAW'`, `<<EOS`); its body starts on the next line. */
  private rubyHeredoc(pos: number): number {
    const text = this.text;
    let p = pos + 2, indented = false;
    const m = text.charCodeAt(p);
    if (m === C_TILDE || m === C_DASH) { indented = true; p++; }
    const q = text.charCodeAt(p);
    const quoted = q === C_SQ || q === C_DQ || q === C_BTICK;
    if (quoted) p++;
    const idStart = p;
    if (!isIdentStart(text.charCodeAt(p))) return pos;
    let upper = true;
    while (isWordChar(text.charCodeAt(p))) { const ch = text.charCodeAt(p); if (ch >= 97 && ch <= 122) upper = false; p++; }
    const id = text.slice(idStart, p);
    if (quoted) {
      if (text.charCodeAt(p) !== q) return pos;
      p++;
    } else if (!indented) {
      // `list <<ITEM` may be an append, `puts <<EOS` a heredoc: a bare label needs capitals and a blank before `<<`
      if (!upper) return pos;
      const prevIsOperand = isIdentChar(this.prev) || this.prev === C_RPAREN || this.prev === C_RBRACK;
      if (prevIsOperand && !isBlank(text.charCodeAt(pos - 1))) return pos;
    }
    this.pending.push({ id, indented, interp: q === C_SQ ? I_NONE : I_RUBY, yamlIndent: -1 });
    this.prev = C_DQ;
    return p;
  }

  /** Shell heredoc opener (`<<EOF`, `<<-EOF`, `<< 'EOF'`); `<<<` is a here-string. */
  private shellHeredoc(pos: number): number {
    const text = this.text, n = this.n;
    let p = pos + 2;
    if (text.charCodeAt(p) === C_LT) return p + 1;
    let indented = false;
    if (text.charCodeAt(p) === C_DASH) { indented = true; p++; }
    while (isBlank(text.charCodeAt(p))) p++;
    let q = text.charCodeAt(p), quoted = false;
    if (q === C_BSLASH) { quoted = true; p++; q = 0; }
    else if (q === C_SQ || q === C_DQ) { quoted = true; p++; }
    else q = 0;
    const idStart = p;
    if (q) {
      while (p < n && text.charCodeAt(p) !== q && text.charCodeAt(p) !== C_NL) p++;
      if (text.charCodeAt(p) !== q || p === idStart) return pos;
    } else {
      if (!isIdentStart(text.charCodeAt(p))) return pos;
      while (isWordChar(text.charCodeAt(p))) p++;
    }
    const id = text.slice(idStart, p);
    if (q) p++;
    this.pending.push({ id, indented, interp: quoted ? I_NONE : I_SHELL, yamlIndent: -1 });
    this.prev = C_DQ;
    return p;
  }

  /**
   * A literal closed by a run of `closeLen` `quote` characters: triple quotes, C# raw strings.
   * `greedy`: extra quotes before the closing run belong to the contents (Kotlin, TOML).
   */
  private triple(pos: number, openLen: number, quote: number, closeLen: number, escapes: boolean, interp: number, depth: number, greedy: boolean): number {
    const text = this.text, n = this.n;
    let i = pos + openLen, interpolated = false, valueEnd = n, end = n;
    const run = quote === C_DQ ? TRIPLE_DQ_RUN : quote === C_SQ ? TRIPLE_SQ_RUN : undefined;
    while (i < n) {
      if (run) { run.lastIndex = i; run.test(text); i = run.lastIndex; if (i >= n) break; }
      const ch = text.charCodeAt(i);
      if (ch === quote) {
        // a run of quotes: it closes the literal if it is long enough (a greedy close takes the whole run)
        let r = 1;
        while ((greedy || r < closeLen) && text.charCodeAt(i + r) === quote) r++;
        if (r >= closeLen) { valueEnd = greedy ? i + r - closeLen : i; end = valueEnd + closeLen; break; }
        i += r;
        continue;
      }
      if (escapes && ch === C_BSLASH) { i += 2; continue; }
      if (interp !== I_NONE && (ch === C_DOLLAR || ch === C_LBRACE || ch === C_HASH)) {
        if (interp === I_BRACE && ch === C_LBRACE && text.charCodeAt(i + 1) === C_LBRACE) { i += 2; continue; }
        const skip = this.interpolation(i, ch, interp, depth, false);
        if (skip > i) { i = skip; interpolated = true; continue; }
      }
      i++;
    }
    this.valueEnd = Math.min(valueEnd, n);
    this.closed = end < n || valueEnd < n;
    this.interpolated = interpolated;
    this.prev = C_DQ;
    return Math.min(end, n);
  }

  private quoted(pos: number, openLen: number, quote: number, o: QuoteOptions, depth: number): number {
    const text = this.text, n = this.n;
    let i = pos + openLen, interpolated = false, valueEnd = n, end = n, closed = false;
    // most characters of a literal are none of the few that can end it, escape or interpolate
    const skips = quote < 128 && IN_STRING[quote] === 1 ? IN_STRING : undefined;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (skips && (ch >= 128 || skips[ch] === 0)) { i++; continue; }
      if (ch === quote) {
        if (o.doubledQuote && text.charCodeAt(i + 1) === quote) { i += 2; continue; }
        valueEnd = i; end = i + 1; closed = true;
        break;
      }
      if (o.escapes && ch === C_BSLASH) {
        // an escaped character; `\` at the end of a line continues the literal (CRLF included)
        i += text.charCodeAt(i + 1) === C_CR && text.charCodeAt(i + 2) === C_NL ? 3 : 2;
        continue;
      }
      if (ch === C_NL && !o.multiline) {
        valueEnd = end = i > pos + openLen && text.charCodeAt(i - 1) === C_CR ? i - 1 : i;
        break;
      }
      if (o.interp !== I_NONE && (ch === C_DOLLAR || ch === C_LBRACE || ch === C_HASH)) {
        if (o.interp === I_BRACE && ch === C_LBRACE && text.charCodeAt(i + 1) === C_LBRACE) { i += 2; continue; }
        const skip = this.interpolation(i, ch, o.interp, depth, !o.multiline);
        if (skip > i) { i = skip; interpolated = true; continue; }
      }
      i++;
    }
    this.valueEnd = Math.min(valueEnd, n);
    this.closed = closed;
    this.interpolated = interpolated;
    this.prev = quote;
    return Math.min(end, n);
  }

  /**
   * If an interpolation starts at i (`${`, `#{`, `{`, `{$`, `$(`, or a bare `$name`), skip it and
   * return the position after it; else return i. Nested code is scanned up to a depth limit.
   */
  private interpolation(i: number, ch: number, interp: number, depth: number, stopAtNewline: boolean): number {
    const text = this.text, c1 = text.charCodeAt(i + 1);
    let open = -1, closer = C_RBRACE;
    switch (interp) {
      case I_JS:
        if (ch === C_DOLLAR && c1 === C_LBRACE) open = i + 2;
        break;
      case I_BRACE:
        if (ch === C_LBRACE) open = i + 1;
        break;
      case I_DOTENV:
        if (ch === C_DOLLAR && (c1 === C_LBRACE || isIdentStart(c1))) return i + 1;
        break;
      case I_RUBY:
        if (ch === C_HASH) {
          if (c1 === C_LBRACE) open = i + 2;
          else if (c1 === C_AT || c1 === C_DOLLAR) return i + 1;
        }
        break;
      default: // Kotlin, PHP, shell: `${...}` and `$name`; PHP `{$...}`; shell `$(...)`, `$1`
        if (ch === C_DOLLAR) {
          if (c1 === C_LBRACE) open = i + 2;
          else if (interp === I_SHELL && c1 === C_LPAREN) { open = i + 2; closer = C_RPAREN; }
          else if (isIdentStart(c1) || (interp === I_SHELL && ((c1 >= 48 && c1 <= 57) || c1 === C_AT || c1 === C_STAR || c1 === C_HASH || c1 === C_QUESTION || c1 === C_BANG || c1 === C_DOLLAR))) return i + 1;
        } else if (interp === I_PHP && ch === C_LBRACE && c1 === C_DOLLAR) open = i + 1;
    }
    if (open < 0) return i;
    if (depth >= MAX_INTERPOLATION_DEPTH) return open;
    const prev = this.prev, prevPos = this.prevPos;
    this.prev = C_LBRACE;
    const end = this.scan(open, depth + 1, false, closer, stopAtNewline);
    this.prev = prev;
    this.prevPos = prevPos;
    return end;
  }
}
