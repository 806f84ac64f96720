/**
 * Bounded structural scans the fixes share: the call after a name, the brackets and statement
 * around a literal, the line break a file uses. They read `codeText` (comments blanked) and jump
 * over string literals with the lexer's tokens, so brackets and keywords inside strings never count.
 */
import { closingBracket, codeWithoutStrings } from '../codeScan';
import { TokenKind } from '../lexer';
import { SourceFile } from '../source';

/** How far back a scan looks for the statement or brackets around a value. */
const MAX_BACK = 2000;
/** How far forward a call's closing parenthesis may be. */
const MAX_CALL = 8000;

/** The line break the file uses: CRLF when its first line ends with one. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

export function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w$]/.test(ch);
}

/** The offset of the last non-blank character before `pos` (newlines count as blank), or -1. */
export function prevNonSpace(text: string, pos: number): number {
  let i = pos - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i;
}

/** The offset of the first non-blank character at or after `pos` (newlines count as blank). */
export function nextNonSpace(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** The start of the identifier path (`a.b.c`, `A::B`, `$x->y`) that ends at `end`. */
export function pathStart(text: string, end: number, extra = '.'): number {
  let j = end;
  const stop = Math.max(0, end - 200);
  while (j > stop && (isIdentChar(text[j - 1]) || extra.includes(text[j - 1]))) j--;
  return j;
}

export interface Call {
  /** The `(` and `)` of the call. */
  open: number;
  close: number;
}

/** The parenthesised arguments right after `nameEnd` (blanks allowed before `(`), when they close. */
export function callAfter(file: SourceFile, nameEnd: number): Call | undefined {
  const code = file.codeText;
  let open = nameEnd;
  while (open < code.length && (code[open] === ' ' || code[open] === '\t')) open++;
  if (code[open] !== '(') return undefined;
  const close = closingBracket(file, open, MAX_CALL);
  return close < 0 ? undefined : { open, close };
}

export interface Enclosure {
  /** Unmatched `(` and `[` around the position, innermost first. */
  openers: { ch: string; pos: number }[];
  /** Where the statement holding the position begins: just after this offset. */
  boundary: number;
  /** The character at `boundary` (`;`, `{`, `}`), or undefined at the start of the text or the scan limit. */
  boundaryCh: string | undefined;
}

/**
 * The brackets and statement around `pos`, read backwards: unmatched `(`/`[` are collected, and
 * the statement ends at a `;`, an unmatched `{`, or a `}` that closes a block (not one followed by
 * `,`, `)`, `]` or `.`, which closes an expression such as an object literal argument).
 */
export function enclosure(file: SourceFile, pos: number): Enclosure {
  const code = file.codeText;
  const stop = Math.max(0, pos - MAX_BACK);
  const openers: { ch: string; pos: number }[] = [];
  let depth = 0;
  for (let i = pos - 1; i >= stop; i--) {
    const ch = code[i];
    if (ch === '"' || ch === "'" || ch === '`' || ch === '#') {
      const t = file.tokenAt(i);
      if (t && t.kind === TokenKind.String) { i = t.start; continue; }
    }
    if (ch === ')' || ch === ']') depth++;
    else if (ch === '}') {
      if (depth === 0 && !/[,)\].]/.test(code[nextNonSpace(code, i + 1)] ?? '')) return { openers, boundary: i, boundaryCh: '}' };
      depth++;
    } else if (ch === '(' || ch === '[') {
      if (depth > 0) depth--;
      else openers.push({ ch, pos: i });
    } else if (ch === '{') {
      if (depth > 0) depth--;
      else return { openers, boundary: i, boundaryCh: '{' };
    } else if (ch === ';' && depth === 0) return { openers, boundary: i, boundaryCh: ';' };
  }
  return { openers, boundary: stop - 1, boundaryCh: undefined };
}

/** The statement's code from its start up to `pos`, string contents blanked, trimmed. */
export function statementBefore(file: SourceFile, enc: Enclosure, pos: number): string {
  return codeWithoutStrings(file, enc.boundary + 1, pos).trim();
}

/**
 * The code of the line holding `pos`, from its start up to `pos`, string contents blanked; at most
 * the last MAX_BACK characters, as `enclosure` reads back (one fix per literal on a line of a
 * million characters would otherwise read the line again for each).
 */
export function lineBefore(file: SourceFile, pos: number): string {
  const start = Math.max(file.lineStarts[file.lineOf(pos)], pos - MAX_BACK);
  return codeWithoutStrings(file, start, pos);
}

/** The identifier path just before an opening bracket at `open` (`foo.bar` in `foo.bar(`). */
export function calleeBefore(code: string, open: number): { name: string; start: number } {
  let end = open;
  while (end > 0 && (code[end - 1] === ' ' || code[end - 1] === '\t')) end--;
  const start = pathStart(code, end, '.:@!');
  return { name: code.slice(start, end), start };
}
