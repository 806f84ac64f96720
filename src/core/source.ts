/**
 * A document as the rules see it: its text, language family, lexical tokens (computed once, on
 * first use) and helpers to ask "is this offset a value in the code?" without re-scanning.
 */
import { AnchorScan, Anchored, WordEnds, scanOf } from './anchors';
import { Family, familyFor, isDataFamily, languageIdForPath } from './languages';
import { Lexed, Token, TokenKind, lex, tokenIndexAt } from './lexer';
import { Position } from './types';

export class SourceFile {
  readonly family: Family;
  readonly languageId: string;
  /** File name without folders, lower-cased. */
  readonly baseName: string;
  private lexedCache?: Lexed;
  private lineStartsCache?: number[];
  private anchorScan?: AnchorScan;

  /**
   * @param path path relative to the project root, with `/` separators
   * @param languageId VS Code languageId; inferred from the path when omitted (the CLI)
   */
  constructor(readonly path: string, readonly text: string, languageId?: string) {
    this.languageId = languageId ?? languageIdForPath(path);
    this.family = familyFor(this.languageId, path);
    this.baseName = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  }

  get lexed(): Lexed {
    return this.lexedCache ??= lexShared(this.text, this.family);
  }

  /**
   * Whether `pattern` matches the raw text: all registered patterns are looked up in one shared
   * pass over the file (see anchors.ts), then confirmed one by one.
   */
  matches(pattern: Anchored): boolean {
    return this.anchors.matches(pattern);
  }

  /**
   * Whether one of `pattern`'s words occurs in the raw text (true when it has none): a necessary
   * condition for a match, there or in `codeText`, that never runs the pattern.
   */
  mentions(pattern: Anchored): boolean {
    return this.anchors.mentions(pattern);
  }

  /**
   * The offsets just after each occurrence of `r`'s words (ASCII letters in any case) in the raw
   * text, ascending: recorded by the shared scan (looked for, when `r` was registered after it).
   */
  wordEnds(r: WordEnds): readonly number[] {
    return this.anchors.endsOf(r);
  }

  private get anchors(): AnchorScan {
    return this.anchorScan ??= scanOf(this.text);
  }

  get tokens(): readonly Token[] {
    return this.lexed.tokens;
  }

  /** The text with comments blanked out: run call-site regexes here, not on `text`. */
  get codeText(): string {
    return this.lexed.codeText;
  }

  get isData(): boolean {
    return isDataFamily(this.family);
  }

  tokenAt(offset: number): Token | undefined {
    const i = tokenIndexAt(this.tokens, offset);
    return i < 0 ? undefined : this.tokens[i];
  }

  inComment(offset: number): boolean {
    return this.tokenAt(offset)?.kind === TokenKind.Comment;
  }

  /** The string literal whose contents include `offset`, if any. */
  stringAt(offset: number): Token | undefined {
    const t = this.tokenAt(offset);
    return t && t.kind === TokenKind.String && offset >= t.valueStart && offset <= t.valueEnd ? t : undefined;
  }

  /**
   * Whether `offset` is inside a value: a string literal in code, or any non-comment text in a data
   * file (YAML, JSON, properties, .env...), where values are usually unquoted.
   */
  inValue(offset: number): boolean {
    return this.isData ? !this.inComment(offset) : this.stringAt(offset) !== undefined;
  }

  /**
   * The extent of the value around `offset`: the string literal's contents in code; in data files
   * the rest of the token or line (a YAML/properties value runs to the end of the line).
   */
  valueRange(offset: number): { start: number; end: number } {
    const s = this.stringAt(offset);
    if (s) return { start: s.valueStart, end: s.valueEnd };
    // by line starts, not a scan: many values on one long line each ask
    const line = this.lineOf(offset);
    const starts = this.lineStarts;
    return { start: starts[line], end: line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length };
  }

  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      const text = this.text;
      let i = text.indexOf('\n');
      while (i >= 0) { starts.push(i + 1); i = text.indexOf('\n', i + 1); }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** Where the line holding `offset` starts (a binary search: no scan back over a long line). */
  lineStartOf(offset: number): number {
    return this.lineStarts[this.lineOf(offset)];
  }

  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, column: o - this.lineStarts[line], offset: o };
  }

  /**
   * The lines that contain `line` by indentation (YAML mappings, Python blocks), nearest first.
   * Blank and `#` comment lines are skipped; the walk stops at indentation 0 or `maxBack` lines up.
   */
  *enclosingLines(line: number, maxBack = Infinity): Generator<{ line: number; text: string; trimmed: string; indent: number }> {
    let indent = indentOf(this.lineText(line));
    for (let l = line - 1; l >= 0 && line - l <= maxBack && indent > 0; l--) {
      const text = this.lineText(l);
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const ind = indentOf(text);
      if (ind >= indent) continue;
      indent = ind;
      yield { line: l, text, trimmed, indent: ind };
    }
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const s = starts[line] ?? this.text.length;
    let e = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    if (e > s && this.text.charCodeAt(e - 1) === 13) e--;
    return this.text.slice(s, e);
  }
}

/** The width of a line's leading spaces and tabs. */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/**
 * The last text lexed, kept so that two consumers of the same text in a row (the project facts of
 * a file, then the engine linting it) lex it once. Comparing the texts is cheap: the same string,
 * or a length mismatch, answers at once.
 */
let lastLexed: { text: string; family: Family; lexed: Lexed } | undefined;
function lexShared(text: string, family: Family): Lexed {
  if (lastLexed && lastLexed.family === family && lastLexed.text === text) return lastLexed.lexed;
  const lexed = lex(text, family);
  lastLexed = { text, family, lexed };
  return lexed;
}
