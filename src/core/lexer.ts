/**
 * One pass over a document that finds its comments and string literals, so rules can tell a value
 * in the code from the same characters in a comment or a docs link. It does not parse: it only
 * needs to know, for every offset, whether it is code, comment or string, and it must stay linear
 * and never throw, whatever bytes it is given (unterminated literals end at the end of the text or
 * of the line, for the forms that cannot span lines).
 *
 * The scan itself runs in WebAssembly: `assembly/lexer.ts` (AssemblyScript, built by `npm run wasm`
 * into lexerWasm.ts) knows every family's comments and literals. This module hands it the text and
 * turns what it finds into tokens and the code text.
 */
import { Family } from './languages';
import { LEXER_WASM } from './lexerWasm';
import { WasmMemory, wasmInstance, wasmModule } from './wasm';

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

/** Lex `text` as `family`. Linear in the length of the text. */
export function lex(text: string, family: Family): Lexed {
  return lexerFor(text).lex(text, family);
}

/**
 * The brackets of `text` (lexed as `family`) outside its comments and string literals, paired: the
 * openers in document order and, at the same index, the offset of each one's closer (-1 when it is
 * never closed; a stray closer closes nothing).
 */
export function bracketPairs(text: string, family: Family): { open: Int32Array; close: Int32Array } {
  return lexerFor(text).bracketPairs(text, family);
}

/**
 * Blocks of `text` (lexed as `family`), in one pass over its code text, string literals skipped:
 * every `{ ... }`, and apart every `( ... )`, `[ ... ]` or `{ ... }` (a closer closes the innermost
 * open one, whatever its kind). Per block, in the order they open: where it opens, where it closes
 * (NEVER_CLOSED when it does not) and the index of the block around it (-1 at the top).
 */
export function blockIndexes(text: string, family: Family): { braces: BlockIndex; brackets: BlockIndex } {
  return lexerFor(text).blocks(text, family);
}

export interface BlockIndex {
  readonly opens: Int32Array;
  readonly closes: Int32Array;
  readonly parents: Int32Array;
}

/** A block's close when it never closes: after every offset. */
export const NEVER_CLOSED = 0x7fffffff;

function lexerFor(text: string): WasmLexer {
  return text.length > SHARED_CHARS ? new WasmLexer() : (shared ??= new WasmLexer());
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

// ---------------------------------------------------------------------------------------------
// The scan in WebAssembly

/** The families in the order of assembly/lexer.ts's F_ constants. */
const FAMILY_IDS: Record<Family, number> = {
  js: 0, go: 1, java: 2, kotlin: 3, csharp: 4, rust: 5, php: 6, json: 7, python: 8, toml: 9, ruby: 10, yaml: 11,
  shell: 12, dotenv: 13, generic: 14, dockerfile: 15, properties: 16, ini: 17, xml: 18,
};

interface LexerExports {
  memory: WasmMemory;
  textAddress(): number;
  recordsAddress(): number;
  commentCount(): number;
  lex(family: number, length: number): number;
  codeText(): number;
  codeAddress(): number;
  bracketPairs(): number;
  opensAddress(): number;
  closesAddress(): number;
  blocks(): number;
  braceCount(): number;
  blocksAddress(): number;
}

/**
 * A text longer than this is lexed in an instance of its own, dropped afterwards: a WebAssembly
 * memory never shrinks, and the shared one holds about 3 bytes per character of the longest text
 * it has seen (twelveFactor.maxFileSizeKB is 1,024 by default).
 */
const SHARED_CHARS = 1 << 20;

let lexerModule: ReturnType<typeof wasmModule> | undefined;
let shared: WasmLexer | undefined;

/** An instance of the scan, with views of its memory (made again when the memory has grown). */
class WasmLexer {
  private readonly x: LexerExports;
  /** Where the text goes. */
  private readonly at: number;
  private bytes!: Buffer;
  private words!: Int32Array;
  /** What the memory holds: the code text and records of this text, lexed as this family. */
  private heldText: string | undefined;
  private heldFamily: Family | undefined;

  constructor() {
    lexerModule ??= wasmModule(LEXER_WASM);
    if (!lexerModule) throw new Error('twelve-factor: the lexer needs WebAssembly, which this JavaScript runtime does not offer');
    this.x = wasmInstance<LexerExports>(lexerModule);
    this.at = this.x.textAddress();
    this.views();
  }

  private views(): void {
    const buffer = this.x.memory.buffer;
    if (this.bytes?.buffer === buffer) return;
    this.bytes = Buffer.from(buffer);
    this.words = new Int32Array(buffer);
  }

  lex(text: string, family: Family): Lexed {
    const x = this.x, n = text.length;
    this.heldText = undefined;
    // the text as UTF-16, and room for the first records (the scan grows the memory for more)
    const need = this.at + 2 * n + 16 + 65536;
    if (need > this.bytes.length) x.memory.grow(Math.ceil((need - this.bytes.length) / 65536));
    this.views();
    this.bytes.write(text, this.at, 'utf16le');
    const count = x.lex(FAMILY_IDS[family], n);
    this.views();
    // records of five 32-bit words: see assembly/lexer.ts
    const r = this.words, tokens: Token[] = new Array(count);
    for (let t = 0, p = x.recordsAddress() >> 2; t < count; t++, p += 5) {
      const flags = r[p + 4];
      tokens[t] = { kind: flags & 1, start: r[p], end: r[p + 1], valueStart: r[p + 2], valueEnd: r[p + 3], interpolated: (flags & 2) !== 0 };
    }
    // comments become spaces, their line breaks (`\r` too) kept so lines and offsets stay put
    const codeText = x.commentCount() > 0 ? this.codeText(n) : text;
    this.heldText = text;
    this.heldFamily = family;
    return { tokens, codeText };
  }

  bracketPairs(text: string, family: Family): { open: Int32Array; close: Int32Array } {
    this.holding(text, family);
    const k = this.x.bracketPairs();
    this.views();
    const open = this.words.slice(this.x.opensAddress() >> 2, (this.x.opensAddress() >> 2) + k);
    const close = this.words.slice(this.x.closesAddress() >> 2, (this.x.closesAddress() >> 2) + k);
    return { open, close };
  }

  blocks(text: string, family: Family): { braces: BlockIndex; brackets: BlockIndex } {
    this.holding(text, family);
    const nk = this.x.blocks(), nb = this.x.braceCount();
    this.views();
    const w = this.words;
    let at = this.x.blocksAddress() >> 2;
    const take = (k: number) => w.slice(at, at += k);
    const braces = { opens: take(nb), closes: take(nb), parents: take(nb) };
    return { braces, brackets: { opens: take(nk), closes: take(nk), parents: take(nk) } };
  }

  /** Makes the memory hold `text`'s code text and records: most often the text just lexed, whose rules ask. */
  private holding(text: string, family: Family): void {
    if (this.heldText !== text || this.heldFamily !== family) this.lex(text, family);
  }

  /** The code text of the text just lexed, made in memory (as Latin-1 when it can: a one-byte string, as the text was). */
  private codeText(n: number): string {
    const width = this.x.codeText();
    this.views();
    if (width === 2) return this.bytes.toString('utf16le', this.at, this.at + 2 * n);
    const from = this.x.codeAddress();
    return this.bytes.toString('latin1', from, from + n);
  }
}
