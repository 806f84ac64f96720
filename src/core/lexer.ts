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

const C_NL = 10, C_CR = 13, C_SPACE = 32, C_TAB = 9, C_BANG = 33, C_DQ = 34, C_HASH = 35, C_DOLLAR = 36,
  C_PCT = 37, C_SQ = 39, C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_DASH = 45, C_SLASH = 47, C_SEMI = 59,
  C_LT = 60, C_EQ = 61, C_GT = 62, C_QUESTION = 63, C_AT = 64, C_LBRACK = 91, C_BSLASH = 92, C_RBRACK = 93,
  C_BTICK = 96, C_LBRACE = 123, C_RBRACE = 125;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === C_DOLLAR || c > 127;
}
function isSpace(c: number): boolean {
  return c === C_SPACE || c === C_TAB || c === C_CR || c === 12 || c === 11;
}

/** Lex `text` as `family`. Linear in the length of the text. */
export function lex(text: string, family: Family): Lexed {
  const tokens = new Lexer(text, family).run();
  let codeText = text;
  let hasComment = false;
  for (const t of tokens) if (t.kind === TokenKind.Comment) { hasComment = true; break; }
  if (hasComment) {
    const parts: string[] = [];
    let last = 0;
    for (const t of tokens) {
      if (t.kind !== TokenKind.Comment) continue;
      parts.push(text.slice(last, t.start), blank(text, t.start, t.end));
      last = t.end;
    }
    parts.push(text.slice(last));
    codeText = parts.join('');
  }
  return { tokens, codeText };
}

function blank(text: string, start: number, end: number): string {
  const s = text.slice(start, end);
  return s.indexOf('\n') < 0 ? ' '.repeat(s.length) : s.replace(/[^\n]/g, ' ');
}

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

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly n: number;
  /** The last significant code character before the current position (for JS regex detection). */
  private prev = 0;
  /** Ruby heredocs opened on the current line; their bodies start at the next newline. */
  private pendingHeredocs: { id: string; squiggly: boolean; start: number }[] = [];
  private phpInCode: boolean;
  /** ASCII characters that can begin a comment or literal in this family; others are skipped fast. */
  private readonly starts: Uint8Array;

  constructor(private readonly text: string, private readonly family: Family) {
    this.n = text.length;
    this.phpInCode = family !== 'php' || !/^\s*</.test(text) || /^\s*<\?/.test(text);
    this.starts = startTable(family);
  }

  run(): Token[] {
    let pos = 0;
    if (this.text.startsWith('#!') && (this.family === 'js' || this.family === 'php' || this.family === 'rust')) {
      pos = this.lineEnd(0);
      this.push(TokenKind.Comment, 0, pos, 0, pos, false);
    }
    this.scan(pos, 0, true);
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, end: number, valueStart: number, valueEnd: number, interpolated: boolean): void {
    this.tokens.push({ kind, start, end, valueStart, valueEnd, interpolated });
  }

  private lineEnd(pos: number): number {
    const i = this.text.indexOf('\n', pos);
    return i < 0 ? this.n : i;
  }

  private atLineStart(pos: number): boolean {
    for (let i = pos - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === C_NL) return true;
      if (!isSpace(c)) return false;
    }
    return true;
  }

  /**
   * Scan code from `pos`. With depth > 0 we are inside an interpolation (`${...}`) and return after
   * its closing brace; tokens found there are not emitted (they belong to the enclosing literal).
   */
  private scan(pos: number, depth: number, emit: boolean): number {
    const text = this.text, n = this.n, fam = this.family;
    let braces = 0;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === C_NL) {
        if (this.pendingHeredocs.length && fam === 'ruby') { pos = this.rubyHeredocBodies(pos + 1, emit); continue; }
        pos++;
        continue;
      }
      if (isSpace(c)) { pos++; continue; }
      if (fam === 'php' && !this.phpInCode) {
        const open = text.indexOf('<?', pos);
        if (open < 0) return n;
        this.phpInCode = true;
        pos = open + 2;
        continue;
      }
      if (depth > 0) {
        if (c === C_LBRACE) braces++;
        else if (c === C_RBRACE) { if (braces === 0) return pos + 1; braces--; }
      }
      if (c < 128 && this.starts[c]) {
        const next = this.tryToken(pos, c, depth, emit);
        if (next > pos) { pos = next; continue; }
      }
      if (fam === 'php' && c === C_QUESTION && text.charCodeAt(pos + 1) === C_GT) { this.phpInCode = false; pos += 2; continue; }
      this.prev = c;
      pos++;
    }
    return n;
  }

  /** If a comment or literal starts at `pos`, consume it and return the position after it; else `pos`. */
  private tryToken(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text, fam = this.family;
    const c1 = text.charCodeAt(pos + 1);
    switch (fam) {
      case 'js': case 'go': case 'java': case 'kotlin': case 'csharp': case 'rust': case 'php': case 'json':
        if (c === C_SLASH && c1 === C_SLASH) return this.lineComment(pos, emit);
        if (c === C_SLASH && c1 === C_STAR) return this.blockComment(pos, fam === 'kotlin' || fam === 'rust', emit);
        if (fam === 'php' && c === C_HASH && c1 !== C_LBRACK) return this.lineComment(pos, emit);
        if (fam === 'js' && c === C_SLASH && this.regexAllowed()) return this.jsRegex(pos);
        break;
      case 'python': case 'ruby': case 'toml':
        if (c === C_HASH) return this.lineComment(pos, emit);
        if (fam === 'ruby' && c === C_EQ && text.startsWith('=begin', pos) && this.atLineStart(pos)) {
          const m = /^=end\b.*$/m.exec(text.slice(pos));
          const end = m ? pos + m.index + m[0].length : this.n;
          if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
          return end;
        }
        break;
      case 'yaml': case 'shell': case 'dotenv': case 'generic':
        if (c === C_HASH && (pos === 0 || isSpace(text.charCodeAt(pos - 1)) || text.charCodeAt(pos - 1) === C_NL)) return this.lineComment(pos, emit);
        if (fam === 'generic' && c === C_SLASH && c1 === C_SLASH && (pos === 0 || isSpace(text.charCodeAt(pos - 1)) || text.charCodeAt(pos - 1) === C_NL)) return this.lineComment(pos, emit);
        break;
      case 'properties': case 'ini': case 'dockerfile':
        if ((c === C_HASH || (fam === 'properties' && c === C_BANG) || (fam === 'ini' && c === C_SEMI)) && this.atLineStart(pos)) return this.lineComment(pos, emit);
        if (fam !== 'dockerfile') return pos; // values are unquoted text
        break;
      case 'xml':
        if (c === C_LT && text.startsWith('<!--', pos)) {
          const i = text.indexOf('-->', pos + 4);
          const end = i < 0 ? this.n : i + 3;
          if (emit) this.push(TokenKind.Comment, pos, end, pos + 4, i < 0 ? end : i, false);
          return end;
        }
        if (c === C_LT && text.startsWith('<![CDATA[', pos)) {
          const i = text.indexOf(']]>', pos);
          return i < 0 ? this.n : i + 3;
        }
        if (c === C_LT) return this.xmlTag(pos, emit);
        return pos;
    }
    return this.tryString(pos, c, depth, emit);
  }

  private lineComment(pos: number, emit: boolean): number {
    const end = this.lineEnd(pos);
    if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
    return end;
  }

  private blockComment(pos: number, nested: boolean, emit: boolean): number {
    const text = this.text, n = this.n;
    let i = pos + 2, level = 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C_STAR && text.charCodeAt(i + 1) === C_SLASH) { i += 2; if (--level === 0) break; continue; }
      if (nested && c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) { level++; i += 2; continue; }
      i++;
    }
    const end = Math.min(i, n);
    if (emit) this.push(TokenKind.Comment, pos, end, pos, end, false);
    return end;
  }

  private regexAllowed(): boolean {
    const p = this.prev;
    return !(isIdentChar(p) || p === C_RPAREN || p === C_RBRACK || p === C_RBRACE || p === C_DQ || p === C_SQ || p === C_BTICK);
  }

  private jsRegex(pos: number): number {
    const text = this.text, n = this.n;
    let i = pos + 1, inClass = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C_NL) return pos + 1; // not a regex after all: treat '/' as an operator
      if (c === C_BSLASH) { i += 2; continue; }
      if (c === C_LBRACK) inClass = true;
      else if (c === C_RBRACK) inClass = false;
      else if (c === C_SLASH && !inClass) break;
      i++;
    }
    this.prev = C_RPAREN;
    return Math.min(i + 1, n);
  }

  /** XML: quotes are attribute values only inside a tag. */
  private xmlTag(pos: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let i = pos + 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C_GT) return i + 1;
      if (c === C_DQ || c === C_SQ) { i = this.quoted(i, 1, c, { escapes: false, multiline: true, interp: 0 }, 0, emit); continue; }
      if (c === C_LT) return i;
      i++;
    }
    return n;
  }

  private tryString(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text, fam = this.family;
    const c1 = text.charCodeAt(pos + 1);
    switch (fam) {
      case 'js':
        if (c === C_DQ || c === C_SQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        if (c === C_BTICK) return this.quoted(pos, 1, c, { escapes: true, multiline: true, interp: INTERP_DOLLAR }, depth, emit);
        return pos;
      case 'python': return this.pythonString(pos, c, depth, emit);
      case 'go':
        if (c === C_DQ || c === C_SQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        if (c === C_BTICK) return this.quoted(pos, 1, c, RAW_MULTILINE, depth, emit);
        return pos;
      case 'java':
        if (c === C_DQ && text.startsWith('"""', pos)) return this.triple(pos, 3, '"""', true, 0, depth, emit);
        if (c === C_DQ || c === C_SQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        return pos;
      case 'kotlin':
        if (c === C_DQ && text.startsWith('"""', pos)) return this.triple(pos, 3, '"""', false, INTERP_DOLLAR, depth, emit);
        if (c === C_DQ) return this.quoted(pos, 1, c, { escapes: true, multiline: false, interp: INTERP_DOLLAR }, depth, emit);
        if (c === C_SQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        return pos;
      case 'csharp': return this.csharpString(pos, c, depth, emit);
      case 'rust': return this.rustString(pos, c, depth, emit);
      case 'php':
        if (c === C_LT && text.startsWith('<<<', pos)) return this.phpHeredoc(pos, emit);
        if (c === C_SQ) return this.quoted(pos, 1, c, MULTILINE, depth, emit);
        if (c === C_DQ) return this.quoted(pos, 1, c, { escapes: true, multiline: true, interp: INTERP_PHP }, depth, emit);
        if (c === C_BTICK) return this.quoted(pos, 1, c, MULTILINE, depth, emit);
        return pos;
      case 'ruby': return this.rubyString(pos, c, c1, depth, emit);
      case 'toml':
        if (c === C_DQ && text.startsWith('"""', pos)) return this.triple(pos, 3, '"""', true, 0, depth, emit);
        if (c === C_SQ && text.startsWith("'''", pos)) return this.triple(pos, 3, "'''", false, 0, depth, emit);
        if (c === C_DQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        if (c === C_SQ) return this.quoted(pos, 1, c, RAW_SINGLE_LINE, depth, emit);
        return pos;
      case 'yaml':
        if (c === C_DQ) return this.quoted(pos, 1, c, MULTILINE, depth, emit);
        if (c === C_SQ && this.yamlQuoteStarts(pos)) return this.quoted(pos, 1, c, { escapes: false, multiline: true, interp: 0, doubledQuote: true }, depth, emit);
        return pos;
      case 'json':
        if (c === C_DQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        return pos;
      case 'shell': case 'dockerfile': case 'dotenv':
        if (c === C_DQ) return this.quoted(pos, 1, c, { escapes: true, multiline: fam !== 'dotenv', interp: 0 }, depth, emit);
        if (c === C_SQ && (fam !== 'dotenv' || this.prev === C_EQ)) return this.quoted(pos, 1, c, { escapes: false, multiline: fam !== 'dotenv', interp: 0 }, depth, emit);
        return pos;
      case 'generic':
        if (c === C_DQ || c === C_SQ || c === C_BTICK) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        return pos;
      default:
        return pos;
    }
  }

  /** In YAML an apostrophe opens a string only where a scalar can start, not inside `don't`. */
  private yamlQuoteStarts(pos: number): boolean {
    for (let i = pos - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === C_SPACE || c === C_TAB) continue;
      return c === C_NL || c === 58 /* : */ || c === C_DASH || c === 44 /* , */ || c === C_LBRACK || c === C_LBRACE || c === 63;
    }
    return true;
  }

  private pythonString(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text;
    let q = pos, interp = 0;
    if (c !== C_DQ && c !== C_SQ) {
      // string prefixes (r, b, u, f, t and pairs of them), only at the start of a word
      if (pos > 0 && isIdentChar(text.charCodeAt(pos - 1))) return pos;
      let p = pos;
      while (p < pos + 2 && PY_PREFIX.test(text[p])) p++;
      const qc = text.charCodeAt(p);
      if (p === pos || (qc !== C_DQ && qc !== C_SQ)) return pos;
      q = p;
      if (/[fFtT]/.test(text.slice(pos, p))) interp = INTERP_BRACE;
    }
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    const end = triple
      ? this.triple(pos, q - pos + 3, text.substr(q, 3), true, interp, depth, false)
      : this.quoted(pos, q - pos + 1, quote, { escapes: true, multiline: false, interp }, depth, false);
    if (emit) {
      const open = q - pos + (triple ? 3 : 1);
      const closeLen = triple ? 3 : 1;
      const closed = end - pos >= open + closeLen && text.charCodeAt(end - 1) === quote;
      const valueEnd = closed ? end - closeLen : end;
      // a string that is a statement on its own (a docstring) is documentation, not a value
      const kind = triple && this.standaloneStatement(pos, end) ? TokenKind.Comment : TokenKind.String;
      this.push(kind, pos, end, pos + open, valueEnd, interp !== 0);
    }
    this.prev = quote;
    return end;
  }

  private standaloneStatement(start: number, end: number): boolean {
    if (!this.atLineStart(start)) return false;
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
    let p = pos, interp = 0, verbatim = false;
    while (p < pos + 3 && (text.charCodeAt(p) === C_DOLLAR || text.charCodeAt(p) === C_AT)) {
      if (text.charCodeAt(p) === C_DOLLAR) interp = INTERP_BRACE; else verbatim = true;
      p++;
    }
    if (p > pos && text.charCodeAt(p) !== C_DQ) return pos;
    if (p === pos && c !== C_DQ && c !== C_SQ) return pos;
    if (c === C_SQ) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
    if (text.startsWith('"""', p)) {
      let k = p; while (text.charCodeAt(k) === C_DQ) k++;
      const delim = text.slice(p, k);
      return this.triple(pos, k - pos, delim, false, interp, depth, emit);
    }
    const opts: QuoteOptions = verbatim ? { escapes: false, multiline: true, interp, doubledQuote: true } : { escapes: true, multiline: false, interp };
    return this.quoted(pos, p - pos + 1, C_DQ, opts, depth, emit);
  }

  private rustString(pos: number, c: number, depth: number, emit: boolean): number {
    const text = this.text;
    if (c === C_SQ) {
      // a char literal ('a', '\n', '\u{1F600}') or a lifetime ('a) which is code
      if (text.charCodeAt(pos + 1) === C_BSLASH) {
        const close = text.indexOf("'", pos + 3);
        if (close > 0 && close - pos <= 12) return this.quoted(pos, 1, c, SINGLE_LINE, depth, emit);
        return pos;
      }
      const cp = text.codePointAt(pos + 1) ?? 0;
      const w = cp > 0xffff ? 2 : 1;
      if (text.charCodeAt(pos + 1 + w) === C_SQ) {
        if (emit) this.push(TokenKind.String, pos, pos + 2 + w, pos + 1, pos + 1 + w, false);
        return pos + 2 + w;
      }
      return pos;
    }
    let p = pos;
    if (c === 98 /* b */ || c === 99 /* c */) p++;
    if (text.charCodeAt(p) === 114 /* r */) {
      let k = p + 1; while (text.charCodeAt(k) === C_HASH) k++;
      if (text.charCodeAt(k) === C_DQ && (pos === 0 || !isIdentChar(text.charCodeAt(pos - 1)))) {
        const delim = '"' + '#'.repeat(k - p - 1);
        return this.triple(pos, k - pos + 1, delim, false, 0, depth, emit);
      }
      return pos;
    }
    if (text.charCodeAt(p) === C_DQ && (p === pos || !isIdentChar(text.charCodeAt(pos - 1)))) return this.quoted(pos, p - pos + 1, C_DQ, MULTILINE, depth, emit);
    return pos;
  }

  private phpHeredoc(pos: number, emit: boolean): number {
    const text = this.text;
    const m = /^<<<[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1[ \t]*\r?\n/.exec(text.slice(pos, pos + 200));
    if (!m) return pos;
    const bodyStart = pos + m[0].length;
    const id = m[2];
    const re = new RegExp(`^[ \\t]*${id}\\b`, 'm');
    const rest = text.slice(bodyStart);
    const close = re.exec(rest);
    const valueEnd = close ? bodyStart + close.index : this.n;
    const end = close ? valueEnd + close[0].length : this.n;
    if (emit) this.push(TokenKind.String, pos, end, bodyStart, valueEnd, m[1] !== "'");
    this.prev = C_DQ;
    return end;
  }

  private rubyString(pos: number, c: number, c1: number, depth: number, emit: boolean): number {
    const text = this.text;
    if (c === C_SQ) return this.quoted(pos, 1, c, MULTILINE, depth, emit);
    if (c === C_DQ || c === C_BTICK) return this.quoted(pos, 1, c, { escapes: true, multiline: true, interp: INTERP_HASH }, depth, emit);
    if (c === C_PCT) {
      let p = pos + 1, kind = 'Q';
      if (/[qQwWiIrsx]/.test(text[p] ?? '')) { kind = text[p]; p++; }
      const d = text.charCodeAt(p);
      const letterForm = p > pos + 1;
      if (!(d === C_LPAREN || d === C_LBRACK || d === C_LBRACE || d === C_LT || d === C_BANG || d === 124 || d === C_SLASH)) return pos;
      if (!letterForm && (isIdentChar(this.prev) || this.prev === C_RPAREN || this.prev === C_RBRACK)) return pos;
      const close = d === C_LPAREN ? C_RPAREN : d === C_LBRACK ? C_RBRACK : d === C_LBRACE ? C_RBRACE : d === C_LT ? C_GT : d;
      let i = p + 1, level = 1;
      while (i < this.n) {
        const ch = text.charCodeAt(i);
        if (ch === C_BSLASH) { i += 2; continue; }
        if (ch === close && close !== d) { if (--level === 0) break; }
        else if (ch === d && close !== d) level++;
        else if (ch === close) break;
        i++;
      }
      const end = Math.min(i + 1, this.n);
      if (emit) this.push(TokenKind.String, pos, end, p + 1, Math.min(i, this.n), kind === 'Q' || kind === 'W' || kind === 'I');
      this.prev = C_DQ;
      return end;
    }
    if (c === C_LT && c1 === C_LT) {
      const m = /^<<([~-]?)(['"`]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(pos, pos + 100));
      if (m && (m[1] || m[2] || /^[A-Z_][A-Z0-9_]*$/.test(m[3])) && !(isIdentChar(this.prev) && !m[1] && !m[2])) {
        this.pendingHeredocs.push({ id: m[3], squiggly: m[1] !== '', start: pos });
        this.prev = C_DQ;
        return pos + m[0].length;
      }
    }
    return pos;
  }

  /** Consume the bodies of the heredocs opened on the line that just ended. */
  private rubyHeredocBodies(pos: number, emit: boolean): number {
    const text = this.text;
    for (const h of this.pendingHeredocs) {
      const re = new RegExp(`^${h.squiggly ? '[ \\t]*' : ''}${h.id}[ \\t]*$`, 'm');
      const close = re.exec(text.slice(pos));
      const valueEnd = close ? pos + close.index : this.n;
      const end = close ? valueEnd + close[0].length : this.n;
      if (emit) this.push(TokenKind.String, pos, end, pos, valueEnd, true);
      pos = end;
    }
    this.pendingHeredocs = [];
    return pos;
  }

  /** A literal closed by a multi-character delimiter: triple quotes, raw strings, C# raw strings. */
  private triple(pos: number, openLen: number, close: string, escapes: boolean, interp: number, depth: number, emit: boolean): number {
    const text = this.text, n = this.n, cc = close.charCodeAt(0);
    let i = pos + openLen, interpolated = false;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (escapes && ch === C_BSLASH) { i += 2; continue; }
      if (ch === cc && text.startsWith(close, i)) break;
      if (interp) {
        const skip = this.interpolation(i, ch, interp, depth);
        if (skip > i) { i = skip; interpolated = true; continue; }
      }
      i++;
    }
    const valueEnd = Math.min(i, n);
    const end = Math.min(i + close.length, n);
    if (emit) this.push(TokenKind.String, pos, end, pos + openLen, valueEnd, interpolated);
    this.prev = C_DQ;
    return end;
  }

  private quoted(pos: number, openLen: number, quote: number, o: QuoteOptions, depth: number, emit: boolean): number {
    const text = this.text, n = this.n;
    let i = pos + openLen, interpolated = false, valueEnd = -1, end = n;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === quote) {
        if (o.doubledQuote && text.charCodeAt(i + 1) === quote) { i += 2; continue; }
        valueEnd = i; end = i + 1; break;
      }
      if (o.escapes && ch === C_BSLASH) { i += 2; continue; }
      if (ch === C_NL && !o.multiline) { valueEnd = i; end = i; break; }
      if (o.interp) {
        const skip = this.interpolation(i, ch, o.interp, depth);
        if (skip > i) { i = skip; interpolated = true; continue; }
      }
      i++;
    }
    if (valueEnd < 0) valueEnd = n;
    end = Math.min(end, n);
    if (emit) this.push(TokenKind.String, pos, end, Math.min(pos + openLen, end), Math.min(valueEnd, n), interpolated);
    this.prev = quote;
    return end;
  }

  /** If an interpolation (`${`, `#{`, `{`) starts at i, skip its code and return the position after it. */
  private interpolation(i: number, ch: number, interp: number, depth: number): number {
    const text = this.text;
    let open = -1;
    if (interp === INTERP_DOLLAR && ch === C_DOLLAR && text.charCodeAt(i + 1) === C_LBRACE) open = i + 2;
    else if (interp === INTERP_HASH && ch === C_HASH && text.charCodeAt(i + 1) === C_LBRACE) open = i + 2;
    else if (interp === INTERP_PHP && ch === C_LBRACE && text.charCodeAt(i + 1) === C_DOLLAR) open = i + 1;
    else if (interp === INTERP_BRACE && ch === C_LBRACE) {
      if (text.charCodeAt(i + 1) === C_LBRACE) return i + 2; // {{ is a literal brace
      open = i + 1;
    }
    if (open < 0) return i;
    if (depth >= MAX_INTERPOLATION_DEPTH) return open;
    const prev = this.prev;
    const end = this.scan(open, depth + 1, false);
    this.prev = prev;
    return end;
  }
}

interface QuoteOptions {
  escapes: boolean;
  multiline: boolean;
  interp: number;
  /** The quote is escaped by doubling it ('' in YAML, "" in C# verbatim strings). */
  doubledQuote?: boolean;
}

const PY_PREFIX = /^[rRbBuUfFtT]$/;

function startTable(family: Family): Uint8Array {
  const t = new Uint8Array(128);
  const set = (chars: string) => { for (const ch of chars) t[ch.charCodeAt(0)] = 1; };
  set('"\'');
  switch (family) {
    case 'js': set('/`'); break;
    case 'go': set('/`'); break;
    case 'java': case 'kotlin': case 'json': set('/'); break;
    case 'csharp': set('/$@'); break;
    case 'rust': set('/bcr'); break;
    case 'php': set('/#<`'); break;
    case 'python': set('#rRbBuUfFtT'); break;
    case 'ruby': set('#=%<`'); break;
    case 'toml': case 'yaml': case 'shell': case 'dotenv': case 'dockerfile': case 'properties': set('#'); break;
    case 'ini': set('#;'); break;
    case 'xml': set('<'); break;
    case 'generic': set('#/`'); break;
  }
  if (family === 'properties') set('!');
  return t;
}

const INTERP_DOLLAR = 1, INTERP_HASH = 2, INTERP_BRACE = 3, INTERP_PHP = 4;
const SINGLE_LINE: QuoteOptions = { escapes: true, multiline: false, interp: 0 };
const RAW_SINGLE_LINE: QuoteOptions = { escapes: false, multiline: false, interp: 0 };
const MULTILINE: QuoteOptions = { escapes: true, multiline: true, interp: 0 };
const RAW_MULTILINE: QuoteOptions = { escapes: false, multiline: true, interp: 0 };
