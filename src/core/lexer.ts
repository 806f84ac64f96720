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
  const x = lexer(text.length);
  const tokens = scanTokens(x, text, family);
  // comments become spaces, their line breaks (`\r` too) kept so lines and offsets stay put
  return { tokens, codeText: x.commentCount() > 0 ? codeText(x, text.length) : text };
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
}

/** A text longer than this is lexed in an instance of its own, so the shared memory stays small. */
const SHARED_CHARS = 4 << 20;

let lexerModule: ReturnType<typeof wasmModule> | undefined;
let shared: LexerExports | undefined;

function newLexer(): LexerExports {
  lexerModule ??= wasmModule(LEXER_WASM);
  if (!lexerModule) throw new Error('twelve-factor: the lexer needs WebAssembly, which this JavaScript runtime does not offer');
  return wasmInstance<LexerExports>(lexerModule);
}

/** The instance for a text of `n` characters: the shared one, or one of its own for a long text. */
function lexer(n: number): LexerExports {
  return n > SHARED_CHARS ? newLexer() : (shared ??= newLexer());
}

/** The tokens of `text`, from the WebAssembly scan (records of five 32-bit words: see assembly/lexer.ts). */
function scanTokens(x: LexerExports, text: string, family: Family): Token[] {
  const n = text.length;
  const at = x.textAddress();
  // the text as UTF-16, and room for the first records (the scan grows the memory for more)
  const need = at + 2 * n + 16 + 65536;
  const have = x.memory.buffer.byteLength;
  if (need > have) x.memory.grow(Math.ceil((need - have) / 65536));
  Buffer.from(x.memory.buffer).write(text, at, 'utf16le');
  const count = x.lex(FAMILY_IDS[family], n);
  const r = new Int32Array(x.memory.buffer, x.recordsAddress(), count * 5);
  const tokens: Token[] = new Array(count);
  for (let t = 0, p = 0; t < count; t++, p += 5) {
    const flags = r[p + 4];
    tokens[t] = { kind: flags & 1, start: r[p], end: r[p + 1], valueStart: r[p + 2], valueEnd: r[p + 3], interpolated: (flags & 2) !== 0 };
  }
  return tokens;
}

/** The code text of the text just lexed, made in the instance's memory (as Latin-1 when it can: a one-byte string, as the text was). */
function codeText(x: LexerExports, n: number): string {
  const width = x.codeText();
  const memory = Buffer.from(x.memory.buffer);
  return width === 1 ? memory.toString('latin1', x.codeAddress(), x.codeAddress() + n) : memory.toString('utf16le', x.textAddress(), x.textAddress() + 2 * n);
}
