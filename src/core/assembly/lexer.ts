/**
 * The lexer's scan, in AssemblyScript (compiled to WebAssembly by `npm run wasm`; see lexer.ts in
 * the folder above for what it finds and why). It reads the text as UTF-16 code units from linear
 * memory, so every offset it hands back is an offset of the JavaScript string, and writes one record
 * per comment or literal. It allocates nothing: the text, the records and its tables live in memory
 * the caller sizes (records past the end grow the memory).
 *
 * Memory, from __heap_base: the character classes of the current family (4 x 128 bytes) and
 * tables for the SIMD steps, the heredocs waiting for the end of their line (PENDING_MAX records),
 * the text, then the records. A record is 5 x i32: start, end, valueStart, valueEnd, flags (bit 0:
 * a string rather than a comment; bit 1: it interpolates). After a lex, codeText() blanks the
 * comments in place (and may copy the result as bytes after the records), and bracketPairs() and
 * blocks() index the brackets of that code text, writing after the records and the bytes' room.
 *
 * Characters outside the text read as -1, which no test matches (the TypeScript it came from read NaN).
 */

// --- character codes -------------------------------------------------------------------------------

const C_TAB = 9, C_NL = 10, C_CR = 13, C_SPACE = 32, C_BANG = 33, C_DQ = 34, C_HASH = 35, C_DOLLAR = 36,
  C_PCT = 37, C_AMP = 38, C_SQ = 39, C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_PLUS = 43, C_COMMA = 44, C_DASH = 45,
  C_SLASH = 47, C_COLON = 58, C_SEMI = 59, C_LT = 60, C_EQ = 61, C_GT = 62, C_QUESTION = 63, C_AT = 64,
  C_LBRACK = 91, C_BSLASH = 92, C_RBRACK = 93, C_BTICK = 96, C_LBRACE = 123, C_PIPE = 124, C_RBRACE = 125,
  C_TILDE = 126, C_BOM = 0xfeff;

// families, in the order of lexer.ts's F
const F_JS = 0, F_GO = 1, F_JAVA = 2, F_KOTLIN = 3, F_CSHARP = 4, F_RUST = 5, F_PHP = 6, F_JSON = 7, F_PYTHON = 8,
  F_TOML = 9, F_RUBY = 10, F_YAML = 11, F_SHELL = 12, F_DOTENV = 13, F_GENERIC = 14, F_DOCKERFILE = 15,
  F_PROPERTIES = 16, F_INI = 17, F_XML = 18;

// character classes
const PLAIN: u8 = 0, START: u8 = 1, NEWLINE: u8 = 2, SPACE: u8 = 3, BRACKET: u8 = 4;

// interpolation kinds
const I_NONE = 0, I_JS = 1, I_KOTLIN = 2, I_RUBY = 3, I_BRACE = 4, I_PHP = 5, I_SHELL = 6, I_DOTENV = 7;

// quote options: flags, and the interpolation kind above bit 8
const ESC = 1, MULTI = 2, DOUBLED = 4;
const SINGLE_LINE = ESC, RAW_SINGLE_LINE = 0, MULTILINE = ESC | MULTI, RAW_MULTILINE = MULTI;
const JS_TEMPLATE = ESC | MULTI | (I_JS << 8), KOTLIN_STRING = ESC | (I_KOTLIN << 8), CS_INTERPOLATED = ESC | (I_BRACE << 8);
const CS_VERBATIM = MULTI | DOUBLED, CS_VERBATIM_INTERPOLATED = MULTI | DOUBLED | (I_BRACE << 8), PY_FSTRING = ESC | (I_BRACE << 8);
const PHP_DOUBLE = ESC | MULTI | (I_PHP << 8), RUBY_DOUBLE = ESC | MULTI | (I_RUBY << 8), YAML_SINGLE = MULTI | DOUBLED;
const SHELL_DOUBLE = ESC | MULTI | (I_SHELL << 8), DOTENV_DOUBLE = ESC | MULTI | (I_DOTENV << 8), DOTENV_DOUBLE_LINE = ESC | (I_DOTENV << 8);

const KIND_COMMENT = 0, KIND_STRING = 1;
const MAX_INTERPOLATION_DEPTH = 32;
/** Rust accepts at most 255 `#` around a raw string. */
const MAX_RAW_HASHES = 255;
/** Heredocs opened on one line beyond this many are not looked for. */
const PENDING_MAX = 256;
const PENDING_SIZE = 20;
const RECORD_SIZE = 20;

// --- memory ------------------------------------------------------------------------------------------

const CLS: usize = (__heap_base + 15) & ~15;
/** Stops of the plain-run scan: within a line, over lines, and over lines and brackets (see lexer.ts). */
const STOP: usize = CLS + 128, STOP_LINES: usize = CLS + 256, STOP_TOP: usize = CLS + 384;
const NIBBLES: usize = CLS + 512;
/** The stops of bracketPairs()'s and blocks()'s plain runs. */
const BRACKET_STOPS: usize = CLS + 528;
const BLOCK_STOPS: usize = CLS + 656;
const PENDING: usize = CLS + 784;
const TEXT: usize = (PENDING + PENDING_MAX * PENDING_SIZE + 15) & ~15;

let n: i32 = 0;
let fam: i32 = -1;
/** plainRun's tables: `lo` for each table of stops, and `hi` (bit h for the high half h, none from 8). */
let stopLo: v128 = v128.splat<i8>(0), stopLinesLo: v128 = v128.splat<i8>(0), stopTopLo: v128 = v128.splat<i8>(0);
const HI: v128 = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
let linesFamily = false;
let records: usize = 0;
let count: i32 = 0;
let capacity: i32 = 0;
let comments: i32 = 0;
let npending: i32 = 0;

let prev: i32 = 0;
let prevPos: i32 = -1;
let noRegexBefore: i32 = 0;
let brackets: i32 = 0;
let valueEndOut: i32 = 0;
let closedOut = false;
let interpolatedOut = false;

/** Where the caller writes the text (UTF-16, n code units). */
export function textAddress(): usize {
  return TEXT;
}

/** Where the records start, for the text last lexed. */
export function recordsAddress(): usize {
  return records;
}

/** How many of the records are comments. */
export function commentCount(): i32 {
  return comments;
}

// --- matching brackets ------------------------------------------------------------------------------

/** Where bracketPairs() wrote the openers' offsets, and at the same index their closers' (-1: none). */
let opens: usize = 0;
let closes: usize = 0;
/** plainRun's `lo` for the characters bracketPairs() stops at: ( ) [ ] { } " ' ` */
let bracketLo: v128 = v128.splat<i8>(0);
let bracketTables = false;

export function opensAddress(): usize {
  return opens;
}

export function closesAddress(): usize {
  return closes;
}

/**
 * The brackets of the code text last lexed (in memory: comments blanked), paired: a string literal
 * (a record) is stepped over at its quote, a closer closes the innermost opener if it is its kind
 * (else nothing: unbalanced code, a bracket in a regex literal). Returns how many openers.
 */
export function bracketPairs(): i32 {
  if (!bracketTables) {
    setClass('()[]{}"\'`', 1, BRACKET_STOPS);
    bracketLo = nibbles(BRACKET_STOPS);
    bracketTables = true;
  }
  // counted first, so the arrays take the memory they need (the memory never shrinks)
  const k = pairs(true);
  opens = afterCodeBytes();
  closes = opens + (<usize>k << 2);
  reach(closes + (<usize>k << 3) + 16);
  return pairs(false);
}

/** bracketPairs()'s pass; `dry`: only counts the openers. */
function pairs(dry: bool): i32 {
  const stack = closes + (<usize>(closes - opens));
  let k = 0, depth = 0, r = 0;
  let i = plainRun(0, BRACKET_STOPS, bracketLo, HI);
  while (i < n) {
    const c = <i32>load<u16>(TEXT + (<usize>i << 1));
    if (c == C_DQ || c == C_SQ || c == C_BTICK) {
      // a quote: jump over the string literal it is part of
      while (r < count && load<i32>(records + <usize>r * RECORD_SIZE, 4) <= i) r++;
      if (r < count) {
        const p = records + <usize>r * RECORD_SIZE;
        if (load<i32>(p) <= i && (load<i32>(p, 16) & 1) == KIND_STRING) i = load<i32>(p, 4) - 1;
      }
    } else if (c == C_LPAREN || c == C_LBRACK || c == C_LBRACE) {
      if (!dry) {
        store<i32>(stack + (<usize>depth << 2), k);
        store<i32>(opens + (<usize>k << 2), i);
        store<i32>(closes + (<usize>k << 2), -1);
      }
      depth++;
      k++;
    } else if (depth > 0 && !dry) {
      const o = c == C_RPAREN ? C_LPAREN : c == C_RBRACK ? C_LBRACK : C_LBRACE;
      const top = load<i32>(stack + (<usize>(depth - 1) << 2));
      if (<i32>load<u16>(TEXT + (<usize>load<i32>(opens + (<usize>top << 2)) << 1)) == o) {
        store<i32>(closes + (<usize>top << 2), i);
        depth--;
      }
    }
    i = plainRun(i + 1, BRACKET_STOPS, bracketLo, HI);
  }
  return k;
}

// --- blocks -------------------------------------------------------------------------------------------

/** A closer's offset for a block that never closes. */
const NEVER: i32 = 0x7fffffff;
/** Where blocks() wrote its six arrays (opens, closes, parents of the braces, then of all brackets), one after the other. */
let blockArrays: usize = 0;
/** plainRun's `lo` for the characters blocks() stops at: ( ) [ ] { } */
let blockLo: v128 = v128.splat<i8>(0);
let blockTables = false;
let braces: i32 = 0;

export function blocksAddress(): usize {
  return blockArrays;
}

/** How many braces blocks() found (it returns how many brackets of any kind). */
export function braceCount(): i32 {
  return braces;
}

/**
 * The blocks of the code text last lexed: every `{`, and apart every `(`, `[` or `{`, with where it
 * closes (NEVER when it does not; a closer closes the innermost open one of its index, whatever its
 * kind) and the index of the block around it (-1 at the top). Brackets inside string literals (the
 * records) do not count. Writes, from blocksAddress(), the braces' opens, closes and parents (an
 * array of i32 each), then the brackets'. Returns how many brackets (braceCount(): braces).
 */
export function blocks(): i32 {
  if (!blockTables) {
    setClass('()[]{}', 1, BLOCK_STOPS);
    blockLo = nibbles(BLOCK_STOPS);
    blockTables = true;
  }
  // room for every bracket character (strings' too; the memory never shrinks), the arrays moved
  // together after the pass
  const nbMax = countOf(C_LBRACE), nkMax = countOf(-1);
  blockArrays = afterCodeBytes();
  const size = <usize>4 << 2;
  reach(blockArrays + <usize>(nbMax + nkMax) * size + 16);
  const braceOpens = blockArrays, braceCloses = braceOpens + (<usize>nbMax << 2), braceParents = braceCloses + (<usize>nbMax << 2);
  const opens = braceParents + (<usize>nbMax << 2), closes = opens + (<usize>nkMax << 2), parents = closes + (<usize>nkMax << 2);
  const braceStack = parents + (<usize>nkMax << 2), stack = braceStack + (<usize>nbMax << 2);
  let nb = 0, nk = 0, db = 0, dk = 0, r = 0;
  // sixteen characters at a time: a mask of the brackets among them, each taken in turn
  let base = 0;
  while (base < n) {
    let next = base + 16, mask = bracketMask(base);
    while (mask != 0) {
      const i = base + ctz(mask);
      mask &= mask - 1;
      // a bracket inside a string literal: go on after the literal
      while (r < count && load<i32>(records + <usize>r * RECORD_SIZE, 4) <= i) r++;
      if (r < count) {
        const p = records + <usize>r * RECORD_SIZE;
        if (load<i32>(p) <= i && (load<i32>(p, 16) & 1) == KIND_STRING) {
          const end = load<i32>(p, 4);
          if (end >= next) { next = end; break; }
          mask &= -1 << (end - base);
          continue;
        }
      }
      const c = <i32>load<u16>(TEXT + (<usize>i << 1));
      if (c == C_LBRACE) {
        store<i32>(braceParents + (<usize>nb << 2), db > 0 ? load<i32>(braceStack + (<usize>(db - 1) << 2)) : -1);
        store<i32>(braceCloses + (<usize>nb << 2), NEVER);
        store<i32>(braceStack + (<usize>db << 2), nb);
        store<i32>(braceOpens + (<usize>nb << 2), i);
        db++;
        nb++;
      } else if (c == C_RBRACE && db > 0) {
        db--;
        store<i32>(braceCloses + (<usize>load<i32>(braceStack + (<usize>db << 2)) << 2), i);
      }
      if (c == C_LPAREN || c == C_LBRACK || c == C_LBRACE) {
        store<i32>(parents + (<usize>nk << 2), dk > 0 ? load<i32>(stack + (<usize>(dk - 1) << 2)) : -1);
        store<i32>(closes + (<usize>nk << 2), NEVER);
        store<i32>(stack + (<usize>dk << 2), nk);
        store<i32>(opens + (<usize>nk << 2), i);
        dk++;
        nk++;
      } else if (dk > 0) {
        dk--;
        store<i32>(closes + (<usize>load<i32>(stack + (<usize>dk << 2)) << 2), i);
      }
    }
    base = next;
  }
  // the six arrays one after the other, as blocksAddress() promises
  memory.copy(braceOpens + (<usize>nb << 2), braceCloses, <usize>nb << 2);
  memory.copy(braceOpens + (<usize>nb << 3), braceParents, <usize>nb << 2);
  const to = braceOpens + <usize>nb * 12;
  memory.copy(to, opens, <usize>nk << 2);
  memory.copy(to + (<usize>nk << 2), closes, <usize>nk << 2);
  memory.copy(to + (<usize>nk << 3), parents, <usize>nk << 2);
  braces = nb;
  return nk;
}

/** Bit k: the character at `base + k` (below n) is a bracket, `( ) [ ] { }`. */
@inline function bracketMask(base: i32): i32 {
  if (base + 16 <= n) {
    const p = TEXT + (<usize>base << 1);
    const b = i8x16.narrow_i16x8_u(v128.load(p), v128.load(p, 16));
    const hit = v128.and(i8x16.swizzle(blockLo, v128.and(b, i8x16.splat(15))), i8x16.swizzle(HI, i8x16.shr_u(b, 4)));
    return i8x16.bitmask(i8x16.ne(hit, i8x16.splat(0)));
  }
  let mask = 0;
  for (let k = base; k < n; k++) {
    const c = <i32>load<u16>(TEXT + (<usize>k << 1));
    if (c < 128 && load<u8>(BLOCK_STOPS + <usize>c) != 0) mask |= 1 << (k - base);
  }
  return mask;
}

/** How many times `c` is in the code text (-1: any bracket), strings included. */
function countOf(c: i32): i32 {
  let total = 0;
  for (let base = 0; base < n; base += 16) {
    if (c < 0) { total += popcnt(bracketMask(base)); continue; }
    if (base + 16 > n) {
      for (let k = base; k < n; k++) if (<i32>load<u16>(TEXT + (<usize>k << 1)) == c) total++;
      continue;
    }
    const p = TEXT + (<usize>base << 1);
    total += popcnt(i8x16.bitmask(i8x16.eq(i8x16.narrow_i16x8_u(v128.load(p), v128.load(p, 16)), i8x16.splat(<i8>c))));
  }
  return total;
}

/** Where codeText() wrote the code text as bytes. */
let codeBytes: usize = 0;

export function codeAddress(): usize {
  return codeBytes;
}

/**
 * The code text of the text last lexed: every comment's characters but its line breaks (`\n`, `\r`)
 * made spaces. Returns 1 when it is written as one byte per character at codeAddress() (every
 * character below 256), else 2: as UTF-16 in place of the text.
 */
export function codeText(): i32 {
  const space = i16x8.splat(<i16>C_SPACE), nl = i16x8.splat(<i16>C_NL), cr = i16x8.splat(<i16>C_CR);
  for (let r = 0; r < count; r++) {
    const p = records + <usize>r * RECORD_SIZE;
    if ((load<i32>(p, 16) & 1) != KIND_COMMENT) continue;
    let i = load<i32>(p), end = load<i32>(p, 4);
    for (; i + 8 <= end; i += 8) {
      const a = TEXT + (<usize>i << 1);
      const v = v128.load(a);
      v128.store(a, v128.bitselect(v, space, v128.or(i16x8.eq(v, nl), i16x8.eq(v, cr))));
    }
    for (; i < end; i++) {
      const a = TEXT + (<usize>i << 1);
      const c = <i32>load<u16>(a);
      if (c != C_NL && c != C_CR) store<u16>(a, C_SPACE);
    }
  }
  // one byte per character when every one is below 256
  const top = i16x8.splat(255);
  let i = 0;
  for (; i + 8 <= n; i += 8) if (v128.any_true(i16x8.gt_u(v128.load(TEXT + (<usize>i << 1)), top))) return 2;
  for (; i < n; i++) if (load<u16>(TEXT + (<usize>i << 1)) > 255) return 2;
  codeBytes = (records + <usize>count * RECORD_SIZE + 15) & ~15;
  reach(codeBytes + <usize>n + 16);
  i = 0;
  for (; i + 16 <= n; i += 16) {
    const a = TEXT + (<usize>i << 1);
    v128.store(codeBytes + <usize>i, i8x16.narrow_i16x8_u(v128.load(a), v128.load(a, 16)));
  }
  for (; i < n; i++) store<u8>(codeBytes + <usize>i, <u8>load<u16>(TEXT + (<usize>i << 1)));
  return 1;
}

@inline function at(i: i32): i32 {
  return <u32>i < <u32>n ? <i32>load<u16>(TEXT + (<usize>i << 1)) : -1;
}

@inline function cls(c: i32): u8 {
  return c < 128 ? (c < 0 ? PLAIN : load<u8>(CLS + <usize>c)) : c == C_BOM ? SPACE : PLAIN;
}

function isIdentChar(c: i32): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == C_DOLLAR || c > 127;
}
function isWordChar(c: i32): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || (c > 127 && c != C_BOM);
}
function isIdentStart(c: i32): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || (c > 127 && c != C_BOM);
}
function isSpace(c: i32): bool {
  return c == C_SPACE || c == C_TAB || c == C_CR || c == 12 || c == 11 || c == C_BOM;
}
function isBlank(c: i32): bool {
  return c == C_SPACE || c == C_TAB;
}
function isYamlIndicator(c: i32): bool {
  return c == C_COLON || c == C_DASH || c == C_QUESTION;
}
function isPythonPrefix(c: i32): bool {
  const lc = c | 32;
  return lc == 98 || lc == 102 || lc == 114 || lc == 116 || lc == 117;
}

/** The text at `pos` starts with `s` (a static string). */
function startsWith(s: string, pos: i32): bool {
  const len = s.length;
  if (pos < 0 || pos + len > n) return false;
  const p = changetype<usize>(s);
  for (let k = 0; k < len; k++) {
    if (load<u16>(TEXT + (<usize>(pos + k) << 1)) != load<u16>(p + (<usize>k << 1))) return false;
  }
  return true;
}

/** The text at `pos` repeats the `len` characters at `from`. */
function repeatsAt(from: i32, len: i32, pos: i32): bool {
  if (pos < 0 || pos + len > n) return false;
  for (let k = 0; k < len; k++) if (at(from + k) != at(pos + k)) return false;
  return true;
}

/** The text of [start, end) is `s` (a static string). */
function equals(start: i32, end: i32, s: string): bool {
  return end - start == s.length && startsWith(s, start);
}

function indexOfChar(c: i32, from: i32): i32 {
  let i = max(from, 0);
  const v = i16x8.splat(<i16>c);
  for (; i + 8 <= n; i += 8) {
    const mask = i8x16.bitmask(i16x8.eq(v128.load(TEXT + (<usize>i << 1)), v));
    if (mask != 0) return i + (ctz(mask) >> 1);
  }
  for (; i < n; i++) if (<i32>load<u16>(TEXT + (<usize>i << 1)) == c) return i;
  return -1;
}

/** The first offset from `from` where the text holds `s` (a static string), or -1. */
function indexOfString(s: string, from: i32): i32 {
  const first = <i32>load<u16>(changetype<usize>(s));
  for (let i = indexOfChar(first, from); i >= 0; i = indexOfChar(first, i + 1)) if (startsWith(s, i)) return i;
  return -1;
}

// --- tables ------------------------------------------------------------------------------------------

function startsOf(family: i32): string {
  switch (family) {
    case F_JS: case F_GO: return '"\'`/';
    case F_JAVA: case F_KOTLIN: return '"\'/';
    case F_JSON: return '"/';
    case F_CSHARP: return '"\'/$@#';
    case F_RUST: return '"\'/bcr';
    case F_PHP: return '"\'`/#<';
    case F_PYTHON: case F_TOML: return '"\'#';
    case F_RUBY: return '"\'`#=%</';
    case F_YAML: return '"\'#|>';
    case F_SHELL: case F_DOCKERFILE: return '"\'#<';
    case F_DOTENV: return '"\'`#';
    case F_PROPERTIES: return '#!';
    case F_INI: return '#;';
    case F_XML: return '<';
    default: return '"\'`#/';
  }
}

function setClass(chars: string, k: u8, table: usize = CLS): void {
  for (let i = 0; i < chars.length; i++) store<u8>(table + <usize>chars.charCodeAt(i), k);
}

/** A bracket outside any interpolation, but in Python, is plain code (PHP's `?` still stops: `?>`). */
function isTopLevelPlain(c: i32): bool {
  return load<u8>(CLS + <usize>c) == BRACKET && c != C_QUESTION;
}

function setTables(family: i32): void {
  fam = family;
  memory.fill(CLS, 0, 512);
  setClass(' \t\r\f\v', SPACE);
  store<u8>(CLS + <usize>C_NL, NEWLINE);
  setClass('{}', BRACKET);
  if (family == F_PYTHON) setClass('()[]', BRACKET);
  if (family == F_SHELL || family == F_DOCKERFILE) setClass('()', BRACKET);
  if (family == F_PHP) setClass('?', BRACKET);
  setClass(startsOf(family), START);
  linesFamily = !(family == F_YAML || family == F_RUBY || family == F_SHELL || family == F_DOCKERFILE);
  for (let c = 0; c < 128; c++) {
    const k = load<u8>(CLS + <usize>c);
    const stop = k != PLAIN && k != SPACE;
    store<u8>(STOP + <usize>c, stop ? 1 : 0);
    store<u8>(STOP_LINES + <usize>c, stop && !(linesFamily && k == NEWLINE) ? 1 : 0);
    store<u8>(STOP_TOP + <usize>c, stop && !(linesFamily && k == NEWLINE) && !isTopLevelPlain(c) ? 1 : 0);
  }
  stopLo = nibbles(STOP); stopLinesLo = nibbles(STOP_LINES); stopTopLo = nibbles(STOP_TOP);
}

/** plainRun's `lo` for a table of stops (a byte per ASCII character). */
function nibbles(stops: usize): v128 {
  memory.fill(NIBBLES, 0, 16);
  for (let c = 0; c < 128; c++) {
    if (load<u8>(stops + <usize>c) == 0) continue;
    const p = NIBBLES + <usize>(c & 15);
    store<u8>(p, <u8>(<i32>load<u8>(p) | (1 << (c >> 4))));
  }
  return v128.load(NIBBLES);
}

/** Grows the memory to hold `need` bytes. */
function reach(need: usize): void {
  const have = <usize>memory.size() << 16;
  if (need > have && memory.grow(<i32>((need - have + 0xffff) >> 16)) < 0) unreachable();
}

/** Where bracketPairs() and blocks() write: past the records and the room for the code text's bytes. */
function afterCodeBytes(): usize {
  return (records + <usize>count * RECORD_SIZE + <usize>n + 31) & ~15;
}

// --- records -----------------------------------------------------------------------------------------

function push(kind: i32, start: i32, end: i32, valueStart: i32, valueEnd: i32, interpolated: bool): void {
  if (kind == KIND_COMMENT) comments++;
  if (count >= capacity) {
    const pages = max<i32>(16, <i32>((<usize>capacity * RECORD_SIZE) >> 16));
    if (memory.grow(pages) < 0) unreachable();
    capacity = <i32>(((<usize>memory.size() << 16) - records) / RECORD_SIZE);
  }
  const p = records + <usize>count * RECORD_SIZE;
  store<i32>(p, start);
  store<i32>(p, end, 4);
  store<i32>(p, valueStart, 8);
  store<i32>(p, valueEnd, 12);
  store<i32>(p, kind | (interpolated ? 2 : 0), 16);
  count++;
}

/** The last record, if it is a comment ending at `end`. */
function lastCommentEndsAt(end: i32): bool {
  if (count == 0) return false;
  const p = records + <usize>(count - 1) * RECORD_SIZE;
  return (load<i32>(p, 16) & 1) == KIND_COMMENT && load<i32>(p, 4) == end;
}

// --- the scan ----------------------------------------------------------------------------------------

/** Lex the `length` code units at textAddress() as `family`; returns how many records it wrote. */
export function lex(family: i32, length: i32): i32 {
  n = length;
  if (family != fam) setTables(family);
  records = (TEXT + (<usize>n << 1) + 15) & ~15;
  capacity = <i32>(((<usize>memory.size() << 16) - records) / RECORD_SIZE);
  count = 0;
  comments = 0;
  npending = 0;
  prev = 0;
  prevPos = -1;
  noRegexBefore = 0;
  brackets = 0;
  valueEndOut = 0;
  closedOut = false;
  interpolatedOut = false;

  let pos = at(0) == C_BOM ? 1 : 0;
  // a shebang line (`#![...]` in Rust is an inner attribute)
  if (startsWith('#!', pos) && (fam == F_JS || fam == F_PHP || (fam == F_RUST && at(pos + 2) != C_LBRACK))) {
    const end = lineEnd(pos);
    push(KIND_COMMENT, pos, end, pos, end, false);
    pos = end;
  }
  if (fam == F_PHP && phpStartsInHtml(pos)) pos = phpSkipHtml(pos);
  scan(pos, 0, true, C_RBRACE, false);
  return count;
}

function lineEnd(pos: i32): i32 {
  const i = indexOfChar(C_NL, pos);
  if (i < 0) return n;
  return i > pos && at(i - 1) == C_CR ? i - 1 : i;
}

/** The line break before `pos` when only blanks separate them; -1 at the start of the text; -2 otherwise. */
function lineBreakBefore(pos: i32): i32 {
  for (let i = pos - 1; i >= 0; i--) {
    const c = at(i);
    if (c == C_NL) return i;
    if (!isSpace(c)) return -2;
  }
  return -1;
}

function atLineStart(pos: i32): bool {
  return lineBreakBefore(pos) != -2;
}

/**
 * The end of the run of plain characters from `pos` (none of `stops`: see setTables), 16 at a time:
 * the characters narrowed to bytes (from 256 up they saturate to 255 or, from 0x8000, to 0, neither
 * a stop), and each byte looked up by its low and high halves ("shufti"): `lo[l]` has bit h set when
 * the character 16*h + l stops the run, `hi[h]` is bit h, so a byte stops the run when the two share a bit.
 */
@inline function plainRun(pos: i32, stops: usize, lo: v128, hi: v128): i32 {
  const low = i8x16.splat(15), zero = i8x16.splat(0);
  while (pos + 16 <= n) {
    const p = TEXT + (<usize>pos << 1);
    const b = i8x16.narrow_i16x8_u(v128.load(p), v128.load(p, 16));
    const hit = v128.and(i8x16.swizzle(lo, v128.and(b, low)), i8x16.swizzle(hi, i8x16.shr_u(b, 4)));
    const mask = i8x16.bitmask(i8x16.ne(hit, zero));
    if (mask != 0) return pos + ctz(mask);
    pos += 16;
  }
  while (pos < n) {
    const c = <i32>load<u16>(TEXT + (<usize>pos << 1));
    if (c < 128 && load<u8>(stops + <usize>c) != 0) break;
    pos++;
  }
  return pos;
}

function scan(start: i32, depth: i32, emit: bool, closer: i32, stopAtNewline: bool): i32 {
  let pos = start;
  // outside interpolations, brackets are stepped over with the rest (but in Python)
  const top = depth == 0 && !stopAtNewline && fam != F_PYTHON;
  const stops = top ? STOP_TOP : stopAtNewline ? STOP : STOP_LINES;
  const lo = top ? stopTopLo : stopAtNewline ? stopLo : stopLinesLo;
  const overLines = !stopAtNewline && linesFamily;
  const opener = closer == C_RPAREN ? C_LPAREN : C_LBRACE;
  let nest = 0;
  while (pos < n) {
    const c = at(pos);
    const k = cls(c);
    if (k == PLAIN || k == SPACE || (k == NEWLINE && overLines) || (top && c < 128 && isTopLevelPlain(c))) {
      const end = plainRun(pos, stops, lo, HI);
      // the last significant character of the run
      let j = end - 1;
      for (let b = at(j); j >= pos && (isSpace(b) || b == C_NL); b = at(--j));
      if (j >= pos) { prev = at(j); prevPos = j; }
      pos = end;
      continue;
    }
    if (k == NEWLINE) {
      if (stopAtNewline) return pos;
      pos++;
      if (npending > 0) pos = pendingBodies(pos, emit);
      continue;
    }
    if (k == START) {
      const next = tryToken(pos, c, depth, emit);
      if (next > pos) { pos = next; continue; }
    } else if (depth > 0) {
      if (c == opener) nest++;
      else if (c == closer) { if (nest == 0) return pos + 1; nest--; }
    } else if (c == C_QUESTION) {
      if (at(pos + 1) == C_GT) { pos = phpSkipHtml(pos + 2); continue; }
    } else if (c == C_LPAREN || c == C_LBRACK || c == C_LBRACE) brackets++;
    else if (brackets > 0) brackets--;
    prev = c;
    prevPos = pos++;
  }
  return n;
}

/** If a comment or literal starts at `pos`, consume it and return the position after it; else `pos`. */
function tryToken(pos: i32, c: i32, depth: i32, emit: bool): i32 {
  const c1 = at(pos + 1);
  switch (fam) {
    case F_JS: case F_GO: case F_JAVA: case F_KOTLIN: case F_CSHARP: case F_RUST: case F_PHP: case F_JSON: {
      if (c == C_SLASH) {
        if (c1 == C_SLASH) return fam == F_PHP ? phpLineComment(pos, emit) : lineComment(pos, emit);
        if (c1 == C_STAR) return blockComment(pos, fam == F_KOTLIN || fam == F_RUST, emit);
        if (fam == F_JS && pos >= noRegexBefore && regexAllowed(pos, false)) return regex(pos);
        return pos;
      }
      if (c == C_HASH) {
        // C#: a preprocessor line (`#region Don't panic`) holds no literal; PHP: `#[...]` is an attribute
        if (fam == F_CSHARP) return atLineStart(pos) ? directiveEnd(pos) : pos;
        return c1 == C_LBRACK ? pos : phpLineComment(pos, emit);
      }
      break;
    }
    case F_PYTHON: case F_TOML:
      if (c == C_HASH) return lineComment(pos, emit);
      break;
    case F_RUBY:
      if (c == C_HASH) return lineComment(pos, emit);
      if (c == C_EQ) return startsWith('=begin', pos) && atLineStart(pos) ? rubyBlockComment(pos, emit) : pos;
      if (c == C_SLASH) return pos >= noRegexBefore && regexAllowed(pos, true) ? regex(pos) : pos;
      break;
    case F_YAML: case F_SHELL: case F_DOTENV: case F_GENERIC:
      if (c == C_HASH) return wordStart(pos) ? lineComment(pos, emit) : pos;
      if (c == C_SLASH) return c1 == C_SLASH && wordStart(pos) ? lineComment(pos, emit) : pos; // generic
      break;
    case F_DOCKERFILE:
      if (c == C_HASH) return atLineStart(pos) ? lineComment(pos, emit) : pos;
      break;
    case F_PROPERTIES: case F_INI: {
      // `#`, `!` (properties) or `;` (ini) at the start of a line; values are unquoted text
      const nl = lineBreakBefore(pos);
      if (nl == -2 || (fam == F_PROPERTIES && nl >= 0 && continuesValue(nl))) return pos;
      return lineComment(pos, emit);
    }
    case F_XML: {
      if (startsWith('<!--', pos)) {
        const i = indexOfString('-->', pos + 4);
        const end = i < 0 ? n : i + 3;
        if (emit) push(KIND_COMMENT, pos, end, pos + 4, i < 0 ? end : i, false);
        return end;
      }
      if (startsWith('<![CDATA[', pos)) {
        const i = indexOfString(']]>', pos + 9);
        return i < 0 ? n : i + 3;
      }
      return xmlTag(pos, emit);
    }
  }
  return tryString(pos, c, c1, depth, emit);
}

function lineComment(pos: i32, emit: bool): i32 {
  const end = lineEnd(pos);
  if (emit) push(KIND_COMMENT, pos, end, pos, end, false);
  return end;
}

/** C# preprocessor line: its text is code without literals, up to a `//` comment. */
function directiveEnd(pos: i32): i32 {
  const e = lineEnd(pos);
  for (let i = pos + 1; i < e - 1; i++) {
    if (at(i) == C_SLASH && at(i + 1) == C_SLASH) return i;
  }
  return e;
}

/** PHP: a `//` or `#` comment also ends before `?>`. */
function phpLineComment(pos: i32, emit: bool): i32 {
  const e = lineEnd(pos);
  let end = e;
  for (let i = pos + 1; i < e - 1; i++) {
    if (at(i) == C_QUESTION && at(i + 1) == C_GT) { end = i; break; }
  }
  if (emit) push(KIND_COMMENT, pos, end, pos, end, false);
  return end;
}

function blockComment(pos: i32, nested: bool, emit: bool): i32 {
  if (!nested) {
    const close = indexOfString('*/', pos + 2);
    const end = close < 0 ? n : close + 2;
    if (emit) push(KIND_COMMENT, pos, end, pos, end, false);
    return end;
  }
  let i = pos + 2, level = 1;
  while (i < n) {
    const c = at(i);
    if (c == C_STAR && at(i + 1) == C_SLASH) { i += 2; if (--level == 0) break; continue; }
    if (c == C_SLASH && at(i + 1) == C_STAR) { level++; i += 2; continue; }
    i++;
  }
  const end = min(i, n);
  if (emit) push(KIND_COMMENT, pos, end, pos, end, false);
  return end;
}

/** Ruby `=begin` ... `=end`, both at the start of a line. */
function rubyBlockComment(pos: i32, emit: bool): i32 {
  let end = n;
  for (let nl = indexOfChar(C_NL, pos); nl >= 0; nl = indexOfChar(C_NL, nl + 1)) {
    const i = nl + 1;
    if (startsWith('=end', i) && !isIdentChar(at(i + 4))) { end = lineEnd(i); break; }
  }
  if (emit) push(KIND_COMMENT, pos, end, pos, end, false);
  return end;
}

/** Where `#` may start a comment (YAML, shell, .env, plain text): at the start of a word. */
function wordStart(pos: i32): bool {
  if (pos == 0) return true;
  const b = at(pos - 1);
  return isSpace(b) || b == C_NL ||
    (fam == F_SHELL && (b == C_SEMI || b == C_AMP || b == C_PIPE || b == C_LPAREN || b == C_RPAREN));
}

/** Properties: the line before (ending at `nl`) ends with an odd number of backslashes, so this one continues its value. */
function continuesValue(nl: i32): bool {
  let i = nl - 1;
  if (i >= 0 && at(i) == C_CR) i--;
  if (lastCommentEndsAt(i + 1)) return false; // comment lines do not continue
  let k = 0;
  while (i >= 0 && at(i) == C_BSLASH) { k++; i--; }
  return (k & 1) == 1;
}

/** Whether a `/` at `pos` starts a regex literal (it follows an operator or a keyword) rather than a division. */
function regexAllowed(pos: i32, ruby: bool): bool {
  const p = prev;
  if (p == C_RPAREN || p == C_RBRACK || p == C_RBRACE || p == C_DQ || p == C_SQ || p == C_BTICK) return false;
  if (!isIdentChar(p)) return true;
  if (prevWordIsKeyword(ruby)) return true;
  // Ruby: `split /,/` (a blank before the slash, none after) passes a regex to a method
  const after = at(pos + 1);
  return ruby && isBlank(at(pos - 1)) && !isSpace(after) && after != C_EQ;
}

/** The identifier ending at prevPos is a keyword after which `/` starts a regex (and not a property such as `x.return`). */
function prevWordIsKeyword(ruby: bool): bool {
  const e = prevPos + 1;
  let s = prevPos;
  while (s > 0 && e - s <= 10 && isIdentChar(at(s - 1))) s--;
  if (s > 0 && (isIdentChar(at(s - 1)) || at(s - 1) == 46)) return false;
  if (ruby) {
    return equals(s, e, 'if') || equals(s, e, 'elsif') || equals(s, e, 'unless') || equals(s, e, 'when') ||
      equals(s, e, 'and') || equals(s, e, 'or') || equals(s, e, 'not') || equals(s, e, 'return') ||
      equals(s, e, 'while') || equals(s, e, 'until') || equals(s, e, 'then') || equals(s, e, 'do') ||
      equals(s, e, 'else') || equals(s, e, 'case') || equals(s, e, 'in');
  }
  return equals(s, e, 'return') || equals(s, e, 'typeof') || equals(s, e, 'instanceof') || equals(s, e, 'in') ||
    equals(s, e, 'of') || equals(s, e, 'new') || equals(s, e, 'delete') || equals(s, e, 'void') ||
    equals(s, e, 'throw') || equals(s, e, 'case') || equals(s, e, 'do') || equals(s, e, 'else') ||
    equals(s, e, 'yield') || equals(s, e, 'await');
}

/** A regex literal on one line: skip it (it is code, not a value). If it does not close, `/` was a division. */
function regex(pos: i32): i32 {
  let i = pos + 1, inClass = false;
  while (i < n) {
    const c = at(i);
    if (c == C_NL || c == C_CR) break;
    if (c == C_BSLASH) {
      const d = at(i + 1);
      if (d == C_NL || d == C_CR) { i++; break; }
      i += 2;
      continue;
    }
    if (c == C_LBRACK) inClass = true;
    else if (c == C_RBRACK) inClass = false;
    else if (c == C_SLASH && !inClass) {
      i++;
      while (i < n && isWordChar(at(i))) i++; // flags
      prev = C_RPAREN;
      return i;
    }
    i++;
  }
  noRegexBefore = min(i, n);
  return pos;
}

/** XML: quotes are attribute values only inside a tag; text content is not code. */
function xmlTag(pos: i32, emit: bool): i32 {
  let i = pos + 1;
  while (i < n) {
    const c = at(i);
    if (c == C_GT) return i + 1;
    if (c == C_DQ || c == C_SQ) { i = str(i, quoted(i, 1, c, RAW_MULTILINE, 0), 1, emit); continue; }
    if (c == C_LT) return i;
    i++;
  }
  return n;
}

function tryString(pos: i32, c: i32, c1: i32, depth: i32, emit: bool): i32 {
  switch (fam) {
    case F_JS:
      return str(pos, quoted(pos, 1, c, c == C_BTICK ? JS_TEMPLATE : SINGLE_LINE, depth), 1, emit);
    case F_GO:
      return str(pos, quoted(pos, 1, c, c == C_BTICK ? RAW_MULTILINE : SINGLE_LINE, depth), 1, emit);
    case F_JAVA:
      if (c == C_DQ && c1 == C_DQ && at(pos + 2) == C_DQ) return str(pos, triple(pos, 3, C_DQ, 3, true, I_NONE, depth, false), 3, emit);
      return str(pos, quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
    case F_KOTLIN:
      if (c == C_DQ && c1 == C_DQ && at(pos + 2) == C_DQ) return str(pos, triple(pos, 3, C_DQ, 3, false, I_KOTLIN, depth, true), 3, emit);
      return str(pos, quoted(pos, 1, c, c == C_DQ ? KOTLIN_STRING : SINGLE_LINE, depth), 1, emit);
    case F_CSHARP: return csharpString(pos, c, depth, emit);
    case F_RUST: return rustString(pos, c, depth, emit);
    case F_PYTHON: return pythonString(pos, depth, emit);
    case F_PHP:
      if (c == C_LT) return c1 == C_LT && at(pos + 2) == C_LT ? phpHeredoc(pos, emit) : pos;
      return str(pos, quoted(pos, 1, c, c == C_SQ ? MULTILINE : PHP_DOUBLE, depth), 1, emit);
    case F_RUBY: return rubyString(pos, c, c1, depth, emit);
    case F_TOML:
      if (c1 == c && at(pos + 2) == c) return str(pos, triple(pos, 3, c, 3, c == C_DQ, I_NONE, depth, true), 3, emit);
      return str(pos, quoted(pos, 1, c, c == C_DQ ? SINGLE_LINE : RAW_SINGLE_LINE, depth), 1, emit);
    case F_YAML:
      if (c == C_PIPE || c == C_GT) return yamlBlockHeader(pos);
      if (!yamlScalarStarts(pos)) return pos;
      return str(pos, quoted(pos, 1, c, c == C_DQ ? MULTILINE : YAML_SINGLE, depth), 1, emit);
    case F_JSON:
      return str(pos, quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
    case F_SHELL: case F_DOCKERFILE: {
      if (c == C_LT) return c1 == C_LT ? shellHeredoc(pos) : pos;
      // an escaped quote (`it\'s`) is a plain character
      let b = pos - 1;
      while (b >= 0 && at(b) == C_BSLASH) b--;
      if (((pos - 1 - b) & 1) == 1) return pos;
      const ansi = c == C_SQ && at(pos - 1) == C_DOLLAR; // $'...' has escapes
      return str(pos, quoted(pos, 1, c, c == C_DQ ? SHELL_DOUBLE : ansi ? MULTILINE : RAW_MULTILINE, depth), 1, emit);
    }
    case F_DOTENV: {
      // a quote opens a value only right after `=`; an unclosed one is plain text on its line
      if (prev != C_EQ) return pos;
      let end = quoted(pos, 1, c, c == C_DQ ? DOTENV_DOUBLE : MULTILINE, depth);
      if (!closedOut) end = quoted(pos, 1, c, c == C_DQ ? DOTENV_DOUBLE_LINE : SINGLE_LINE, depth);
      return str(pos, end, 1, emit);
    }
    case F_GENERIC:
      if (c == C_SQ && pos > 0 && isIdentChar(at(pos - 1))) return pos; // don't
      return str(pos, quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
  }
  return pos;
}

/** Push the literal that quoted() or triple() just scanned, from `pos` to `end`. */
function str(pos: i32, end: i32, openLen: i32, emit: bool): i32 {
  if (emit) {
    const vs = min(pos + openLen, end);
    push(KIND_STRING, pos, end, vs, max(vs, min(valueEndOut, end)), interpolatedOut);
  }
  return end;
}

/** YAML: a quote opens a string only where a scalar can start, not inside `don't` or `5" screen`. */
function yamlScalarStarts(pos: i32): bool {
  for (let i = pos - 1; i >= 0; i--) {
    const c = at(i);
    if (isBlank(c) || c == C_CR || c == C_BOM) continue;
    if (c == C_NL || c == C_COMMA || c == C_LBRACK || c == C_LBRACE) return true;
    // `key: 'x'`, `- 'x'`, `? 'x'`: the indicator is followed by a blank
    return isYamlIndicator(c) && i < pos - 1;
  }
  return true;
}

/** YAML: a value can start after offset `b` (the start of the text, a line break, or `:`/`-`/`?` and a blank). */
function yamlValueAfter(b: i32): bool {
  return b < 0 || at(b) == C_NL || (isYamlIndicator(at(b)) && isBlank(at(b + 1)));
}

function pushPending(idStart: i32, idLen: i32, indented: bool, interp: i32, yamlIndent: i32): void {
  if (npending >= PENDING_MAX) return;
  const p = PENDING + <usize>npending * PENDING_SIZE;
  store<i32>(p, idStart);
  store<i32>(p, idLen, 4);
  store<i32>(p, indented ? 1 : 0, 8);
  store<i32>(p, interp, 12);
  store<i32>(p, yamlIndent, 16);
  npending++;
}

/** YAML `key: |` or `- >-`: the following, more indented lines are the scalar's text (no comments there). */
function yamlBlockHeader(pos: i32): i32 {
  // it follows `key:`, `- ` or `? ` (maybe with a tag or anchor between: `key: !!str |`, `key: &a |`)
  let b = pos - 1;
  while (b >= 0 && isBlank(at(b))) b--;
  if (!yamlValueAfter(b)) {
    let w = b;
    while (w >= 0 && b - w < 128 && !isSpace(at(w)) && at(w) != C_NL) w--;
    const first = at(w + 1);
    if (first != C_BANG && first != C_AMP) return pos;
    b = w;
    while (b >= 0 && isBlank(at(b))) b--;
    if (!yamlValueAfter(b)) return pos;
  }
  let p = pos + 1;
  for (let k = 0; k < 2; k++) {
    const ch = at(p);
    if (ch == C_DASH || ch == C_PLUS || (ch >= 49 && ch <= 57)) p++;
  }
  let q = p;
  while (q < n && isBlank(at(q))) q++;
  const ch = at(q);
  if (!(q >= n || ch == C_NL || ch == C_CR || (ch == C_HASH && q > p))) return pos;
  // the parent's indentation: the key's column, or the dash's for `- |`
  let ls = pos;
  while (ls >= 0 && at(ls) != C_NL) ls--;
  ls++;
  let col = ls, dash = -1;
  while (true) {
    while (col < pos && isBlank(at(col))) col++;
    if (!(col < pos && at(col) == C_DASH && isBlank(at(col + 1)))) break;
    dash = col++;
  }
  const indent = (col >= pos && dash >= 0 ? dash : col) - ls;
  pushPending(0, 0, false, I_NONE, indent);
  return p;
}

/** Consume what the line that just ended left pending; `pos` is the start of the next line. */
function pendingBodies(start: i32, emit: bool): i32 {
  let pos = start;
  const k = npending;
  npending = 0; // nothing below opens another
  for (let i = 0; i < k; i++) {
    if (i > 0) {
      const nl = indexOfChar(C_NL, pos);
      if (nl < 0) return n;
      pos = nl + 1;
    }
    const p = PENDING + <usize>i * PENDING_SIZE;
    const yamlIndent = load<i32>(p, 16);
    pos = yamlIndent >= 0 ? yamlBlock(pos, yamlIndent) : heredocBody(pos, load<i32>(p), load<i32>(p, 4), load<i32>(p, 8) != 0, load<i32>(p, 12), emit);
  }
  return pos;
}

/** Skip a YAML block scalar's lines from the line start `pos`; returns the line break after its last line. */
function yamlBlock(pos: i32, indent: i32): i32 {
  let last = pos - 1, line = pos;
  while (line < n) {
    let q = line;
    while (q < n && isBlank(at(q))) q++;
    const c = at(q);
    const empty = q >= n || c == C_NL || (c == C_CR && at(q + 1) == C_NL);
    if (!empty && q - line <= indent) break;
    const nl = indexOfChar(C_NL, q);
    if (nl < 0) return n;
    last = nl;
    line = nl + 1;
  }
  return last;
}

/** A heredoc body from the line start `pos` through its closing line; returns the end of the closing word. */
function heredocBody(pos: i32, idStart: i32, idLen: i32, indented: bool, interp: i32, emit: bool): i32 {
  let line = pos, valueEnd = n, end = n;
  while (line < n) {
    let q = line;
    if (indented) while (isBlank(at(q))) q++;
    const eol = lineEnd(q);
    let e = eol;
    while (e > q && isBlank(at(e - 1))) e--;
    if (e - q == idLen && repeatsAt(idStart, idLen, q)) { valueEnd = beforeBreak(line, pos); end = e; break; }
    const nl = indexOfChar(C_NL, eol);
    if (nl < 0) break;
    line = nl + 1;
  }
  if (emit) push(KIND_STRING, pos, end, pos, valueEnd, interp != I_NONE && interpolates(pos, valueEnd, interp));
  return end;
}

/** The end of the text before the line break that precedes the line start `line` (not before `min`). */
function beforeBreak(line: i32, least: i32): i32 {
  let v = line;
  if (v > least && at(v - 1) == C_NL) v--;
  if (v > least && at(v - 1) == C_CR) v--;
  return v;
}

/** Whether [start, end) holds an interpolation (heredoc bodies, which are not scanned as code). */
function interpolates(start: i32, end: i32, interp: i32): bool {
  for (let i = start; i < end; i++) {
    const c = at(i);
    if (c == C_BSLASH) { i++; continue; }
    const c1 = at(i + 1);
    if (interp == I_RUBY) {
      if (c == C_HASH && (c1 == C_LBRACE || c1 == C_AT || c1 == C_DOLLAR)) return true;
    } else if (c == C_DOLLAR) {
      if (c1 == C_LBRACE || isIdentStart(c1) || (interp == I_SHELL && (c1 == C_LPAREN || (c1 >= 48 && c1 <= 57)))) return true;
    } else if (interp == I_PHP && c == C_LBRACE && c1 == C_DOLLAR) return true;
  }
  return false;
}

function pythonString(q: i32, depth: i32, emit: bool): i32 {
  // string prefixes (r, b, u, f, t and pairs of them) before the quote, only at the start of a
  // word: looked for from the quote, so the scan loop never stops at those common letters
  let pos = q, interp = I_NONE;
  while (pos > q - 2 && pos > 0 && isPythonPrefix(at(pos - 1))) pos--;
  if (pos < q && pos > 0 && isIdentChar(at(pos - 1))) pos = q;
  for (let p = pos; p < q; p++) {
    const lc = at(p) | 32;
    if (lc == 102 || lc == 116) interp = I_BRACE; // f, t
  }
  const quote = at(q);
  const isTriple = at(q + 1) == quote && at(q + 2) == quote;
  const open = q - pos + (isTriple ? 3 : 1);
  // a triple-quoted string standing alone as a statement is a docstring: documentation, not a value
  const statement = isTriple && depth == 0 && brackets == 0 && prev != C_BSLASH && atLineStart(pos);
  const end = isTriple
    ? triple(pos, open, quote, 3, true, interp, depth, false)
    : quoted(pos, open, quote, interp != I_NONE ? PY_FSTRING : SINGLE_LINE, depth);
  if (emit) {
    const kind = statement && statementEndsAt(end) ? KIND_COMMENT : KIND_STRING;
    const vs = min(pos + open, end);
    push(kind, pos, end, vs, max(vs, min(valueEndOut, end)), interpolatedOut);
  }
  return end;
}

/** Only blanks, a comment or `;` follow `end` on its line. */
function statementEndsAt(end: i32): bool {
  for (let i = end; i < n; i++) {
    const c = at(i);
    if (c == C_NL || c == C_HASH || c == C_SEMI) return true;
    if (!isSpace(c)) return false;
  }
  return true;
}

function csharpString(pos: i32, c: i32, depth: i32, emit: bool): i32 {
  if (c == C_SQ) return str(pos, quoted(pos, 1, c, SINGLE_LINE, depth), 1, emit);
  let p = pos, dollars = 0, verbatim = false;
  for (; p < pos + 8; p++) {
    const ch = at(p);
    if (ch == C_DOLLAR) dollars++;
    else if (ch == C_AT) verbatim = true;
    else break;
  }
  if (at(p) != C_DQ) return pos;
  if (at(p + 1) == C_DQ && at(p + 2) == C_DQ) {
    // raw string literal: closed by as many quotes as opened it; with $$, interpolation is {{...}}
    let k = p + 3;
    while (at(k) == C_DQ) k++;
    const end = triple(pos, k - pos, C_DQ, k - p, false, dollars == 1 ? I_BRACE : I_NONE, depth, false);
    if (dollars > 1) {
      let brace = false;
      for (let i = k; i < valueEndOut; i++) if (at(i) == C_LBRACE) { brace = true; break; }
      interpolatedOut = brace;
    }
    return str(pos, end, k - pos, emit);
  }
  const o = verbatim ? (dollars != 0 ? CS_VERBATIM_INTERPOLATED : CS_VERBATIM) : dollars != 0 ? CS_INTERPOLATED : SINGLE_LINE;
  return str(pos, quoted(pos, p - pos + 1, C_DQ, o, depth), p - pos + 1, emit);
}

function rustString(pos: i32, c: i32, depth: i32, emit: bool): i32 {
  if (c == C_SQ) return rustChar(pos, pos, emit);
  if (c == C_DQ) return str(pos, quoted(pos, 1, c, MULTILINE, depth), 1, emit);
  // prefixes b, c, r, br, cr: only at the start of a word
  if (pos > 0 && isIdentChar(at(pos - 1))) return pos;
  let p = pos;
  if (c == 98 /* b */ || c == 99 /* c */) p++;
  const d = at(p);
  if (c == 98 && d == C_SQ) return rustChar(pos, p, emit);
  if (p > pos && d == C_DQ) return str(pos, quoted(pos, 2, C_DQ, MULTILINE, depth), 2, emit);
  if (d != 114 /* r */) return pos;
  let k = p + 1;
  while (at(k) == C_HASH && k - p - 1 <= MAX_RAW_HASHES) k++;
  const hashes = k - p - 1;
  if (at(k) != C_DQ || hashes > MAX_RAW_HASHES) return pos;
  return str(pos, rustRaw(pos, k - pos + 1, hashes), k - pos + 1, emit);
}

/** A char literal ('a', '\n', '\u{1F600}', b'x') whose quote is at `q`, or -- returning `pos` -- a lifetime ('a). */
function rustChar(pos: i32, q: i32, emit: bool): i32 {
  let close = -1;
  if (at(q + 1) == C_BSLASH) {
    for (let i = q + 3; i < n && i <= q + 12; i++) {
      const ch = at(i);
      if (ch == C_SQ) { close = i; break; }
      if (ch == C_NL) break;
    }
  } else if (q + 2 < n) {
    const hi = at(q + 1), lo = at(q + 2);
    const pair = hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
    const after = q + 1 + (pair ? 2 : 1);
    if (hi != C_NL && hi != C_SQ && at(after) == C_SQ) close = after;
  }
  if (close < 0) return pos;
  if (emit) push(KIND_STRING, pos, close + 1, q + 1, close, false);
  prev = C_SQ;
  return close + 1;
}

/** Rust raw string: closed by `"` and as many `#` as opened it. */
function rustRaw(pos: i32, openLen: i32, hashes: i32): i32 {
  let i = pos + openLen, valueEnd = n, end = n;
  while (i < n) {
    if (at(i) == C_DQ) {
      let k = 0;
      while (k < hashes && at(i + 1 + k) == C_HASH) k++;
      if (k == hashes) { valueEnd = i; end = i + 1 + hashes; break; }
    }
    i++;
  }
  valueEndOut = valueEnd;
  closedOut = end < n || valueEnd < n;
  interpolatedOut = false;
  prev = C_DQ;
  return end;
}

function phpStartsInHtml(start: i32): bool {
  if (indexOfString('<?', start) >= 0) return true;
  let pos = start;
  while (pos < n && (isSpace(at(pos)) || at(pos) == C_NL)) pos++;
  return at(pos) == C_LT; // an HTML template without PHP; else a fragment of code
}

/** PHP: skip inline HTML up to and including the next open tag (`<?php`, `<?=`, `<?`, not `<?xml`). */
function phpSkipHtml(start: i32): i32 {
  let open = indexOfString('<?', start);
  while (open >= 0 && startsWith('xml', open + 2)) open = indexOfString('<?', open + 2);
  return open < 0 ? n : open + 2;
}

/** PHP heredoc `<<<EOT`, `<<<"EOT"` and nowdoc `<<<'EOT'`; the closing label may be indented. */
function phpHeredoc(pos: i32, emit: bool): i32 {
  let p = pos + 3;
  while (isBlank(at(p))) p++;
  const q = at(p);
  const isQuoted = q == C_SQ || q == C_DQ;
  if (isQuoted) p++;
  const idStart = p;
  if (!isIdentStart(at(p))) return pos;
  while (p < n && isWordChar(at(p))) p++;
  const idLen = p - idStart;
  if (isQuoted) {
    if (at(p) != q) return pos;
    p++;
  }
  while (isBlank(at(p))) p++;
  if (at(p) == C_CR) p++;
  if (at(p) != C_NL) return pos;
  const bodyStart = p + 1;
  let line = bodyStart, valueEnd = n, end = n;
  while (line < n) {
    let s = line;
    while (isBlank(at(s))) s++;
    if (repeatsAt(idStart, idLen, s) && !isWordChar(at(s + idLen))) {
      valueEnd = beforeBreak(line, bodyStart);
      end = s + idLen;
      break;
    }
    const nl = indexOfChar(C_NL, s);
    if (nl < 0) break;
    line = nl + 1;
  }
  if (emit) push(KIND_STRING, pos, end, bodyStart, valueEnd, q != C_SQ && interpolates(bodyStart, valueEnd, I_PHP));
  prev = C_DQ;
  return end;
}

function rubyString(pos: i32, c: i32, c1: i32, depth: i32, emit: bool): i32 {
  if (c == C_LT) return c1 == C_LT ? rubyHeredoc(pos) : pos;
  if (c == C_PCT) return rubyPercent(pos, emit);
  if (pos > 0 && at(pos - 1) == C_DOLLAR) return pos; // the globals $' and $"
  return str(pos, quoted(pos, 1, c, c == C_SQ ? MULTILINE : RUBY_DOUBLE, depth), 1, emit);
}

/** Ruby %-literals: %q(...), %Q{...}, %w[...], %(...), with nested delimiters. */
function rubyPercent(pos: i32, emit: bool): i32 {
  let p = pos + 1, kind = 81; // Q
  const k = at(p);
  if (k == 113 || k == 81 || k == 119 || k == 87 || k == 105 || k == 73 || k == 114 || k == 115 || k == 120) { // qQwWiIrsx
    if (pos > 0 && isIdentChar(at(pos - 1))) return pos;
    kind = k;
    p++;
  }
  const d = at(p);
  if (!(d == C_LPAREN || d == C_LBRACK || d == C_LBRACE || d == C_LT || d == C_BANG || d == C_PIPE || d == C_SLASH)) return pos;
  if (p == pos + 1 && !regexAllowed(pos, true)) return pos; // `a % (b)` is a modulo
  const close = d == C_LPAREN ? C_RPAREN : d == C_LBRACK ? C_RBRACK : d == C_LBRACE ? C_RBRACE : d == C_LT ? C_GT : d;
  let i = p + 1, level = 1, interp = false;
  while (i < n) {
    const ch = at(i);
    if (ch == C_BSLASH) { i += 2; continue; }
    if (ch == close) { if (--level == 0) break; }
    else if (ch == d) level++;
    else if (ch == C_HASH && at(i + 1) == C_LBRACE) interp = true;
    i++;
  }
  const end = min(i + 1, n);
  const interpolating = kind == 81 || kind == 87 || kind == 73 || kind == 114 || kind == 120;
  if (emit) push(KIND_STRING, pos, end, min(p + 1, end), min(i, n), interpolating && interp);
  prev = C_DQ;
  return end;
}

/** Ruby heredoc opener (`<<~SQL`, `<<-EOS`, `<<'RAW'`, `<<EOS`); its body starts on the next line. */
function rubyHeredoc(pos: i32): i32 {
  let p = pos + 2, indented = false;
  const m = at(p);
  if (m == C_TILDE || m == C_DASH) { indented = true; p++; }
  const q = at(p);
  const isQuoted = q == C_SQ || q == C_DQ || q == C_BTICK;
  if (isQuoted) p++;
  const idStart = p;
  if (!isIdentStart(at(p))) return pos;
  let upper = true;
  while (isWordChar(at(p))) { const ch = at(p); if (ch >= 97 && ch <= 122) upper = false; p++; }
  const idLen = p - idStart;
  if (isQuoted) {
    if (at(p) != q) return pos;
    p++;
  } else if (!indented) {
    // `list <<ITEM` may be an append, `puts <<EOS` a heredoc: a bare label needs capitals and a blank before `<<`
    if (!upper) return pos;
    const prevIsOperand = isIdentChar(prev) || prev == C_RPAREN || prev == C_RBRACK;
    if (prevIsOperand && !isBlank(at(pos - 1))) return pos;
  }
  pushPending(idStart, idLen, indented, q == C_SQ ? I_NONE : I_RUBY, -1);
  prev = C_DQ;
  return p;
}

/** Shell heredoc opener (`<<EOF`, `<<-EOF`, `<< 'EOF'`); `<<<` is a here-string. */
function shellHeredoc(pos: i32): i32 {
  let p = pos + 2;
  if (at(p) == C_LT) return p + 1;
  let indented = false;
  if (at(p) == C_DASH) { indented = true; p++; }
  while (isBlank(at(p))) p++;
  let q = at(p), isQuoted = false;
  if (q == C_BSLASH) { isQuoted = true; p++; q = 0; }
  else if (q == C_SQ || q == C_DQ) { isQuoted = true; p++; }
  else q = 0;
  const idStart = p;
  if (q != 0) {
    while (p < n && at(p) != q && at(p) != C_NL) p++;
    if (at(p) != q || p == idStart) return pos;
  } else {
    if (!isIdentStart(at(p))) return pos;
    while (isWordChar(at(p))) p++;
  }
  const idLen = p - idStart;
  if (q != 0) p++;
  pushPending(idStart, idLen, indented, isQuoted ? I_NONE : I_SHELL, -1);
  prev = C_DQ;
  return p;
}

/**
 * A literal closed by a run of `closeLen` `quote` characters: triple quotes, C# raw strings.
 * `greedy`: extra quotes before the closing run belong to the contents (Kotlin, TOML).
 */
function triple(pos: i32, openLen: i32, quote: i32, closeLen: i32, escapes: bool, interp: i32, depth: i32, greedy: bool): i32 {
  let i = pos + openLen, interpolated = false, valueEnd = n, end = n;
  while (i < n) {
    const ch = at(i);
    if (ch == quote) {
      // a run of quotes: it closes the literal if it is long enough (a greedy close takes the whole run)
      let r = 1;
      while ((greedy || r < closeLen) && at(i + r) == quote) r++;
      if (r >= closeLen) { valueEnd = greedy ? i + r - closeLen : i; end = valueEnd + closeLen; break; }
      i += r;
      continue;
    }
    if (escapes && ch == C_BSLASH) { i += 2; continue; }
    if (interp != I_NONE && (ch == C_DOLLAR || ch == C_LBRACE || ch == C_HASH)) {
      if (interp == I_BRACE && ch == C_LBRACE && at(i + 1) == C_LBRACE) { i += 2; continue; }
      const skip = interpolation(i, ch, interp, depth, false);
      if (skip > i) { i = skip; interpolated = true; continue; }
    }
    i++;
  }
  valueEndOut = min(valueEnd, n);
  closedOut = end < n || valueEnd < n;
  interpolatedOut = interpolated;
  prev = C_DQ;
  return min(end, n);
}

function quoted(pos: i32, openLen: i32, quote: i32, o: i32, depth: i32): i32 {
  let i = pos + openLen, interpolated = false, valueEnd = n, end = n, closed = false;
  const interp = o >> 8;
  while (i < n) {
    const ch = at(i);
    if (ch == quote) {
      if ((o & DOUBLED) != 0 && at(i + 1) == quote) { i += 2; continue; }
      valueEnd = i; end = i + 1; closed = true;
      break;
    }
    if ((o & ESC) != 0 && ch == C_BSLASH) {
      // an escaped character; `\` at the end of a line continues the literal (CRLF included)
      i += at(i + 1) == C_CR && at(i + 2) == C_NL ? 3 : 2;
      continue;
    }
    if (ch == C_NL && (o & MULTI) == 0) {
      valueEnd = end = i > pos + openLen && at(i - 1) == C_CR ? i - 1 : i;
      break;
    }
    if (interp != I_NONE && (ch == C_DOLLAR || ch == C_LBRACE || ch == C_HASH)) {
      if (interp == I_BRACE && ch == C_LBRACE && at(i + 1) == C_LBRACE) { i += 2; continue; }
      const skip = interpolation(i, ch, interp, depth, (o & MULTI) == 0);
      if (skip > i) { i = skip; interpolated = true; continue; }
    }
    i++;
  }
  valueEndOut = min(valueEnd, n);
  closedOut = closed;
  interpolatedOut = interpolated;
  prev = quote;
  return min(end, n);
}

/**
 * If an interpolation starts at i (`${`, `#{`, `{`, `{$`, `$(`, or a bare `$name`), skip it and
 * return the position after it; else return i. Nested code is scanned up to a depth limit.
 */
function interpolation(i: i32, ch: i32, interp: i32, depth: i32, stopAtNewline: bool): i32 {
  const c1 = at(i + 1);
  let open = -1, closer = C_RBRACE;
  switch (interp) {
    case I_JS:
      if (ch == C_DOLLAR && c1 == C_LBRACE) open = i + 2;
      break;
    case I_BRACE:
      if (ch == C_LBRACE) open = i + 1;
      break;
    case I_DOTENV:
      if (ch == C_DOLLAR && (c1 == C_LBRACE || isIdentStart(c1))) return i + 1;
      break;
    case I_RUBY:
      if (ch == C_HASH) {
        if (c1 == C_LBRACE) open = i + 2;
        else if (c1 == C_AT || c1 == C_DOLLAR) return i + 1;
      }
      break;
    default: // Kotlin, PHP, shell: `${...}` and `$name`; PHP `{$...}`; shell `$(...)`, `$1`
      if (ch == C_DOLLAR) {
        if (c1 == C_LBRACE) open = i + 2;
        else if (interp == I_SHELL && c1 == C_LPAREN) { open = i + 2; closer = C_RPAREN; }
        else if (isIdentStart(c1) || (interp == I_SHELL && ((c1 >= 48 && c1 <= 57) || c1 == C_AT || c1 == C_STAR || c1 == C_HASH || c1 == C_QUESTION || c1 == C_BANG || c1 == C_DOLLAR))) return i + 1;
      } else if (interp == I_PHP && ch == C_LBRACE && c1 == C_DOLLAR) open = i + 1;
  }
  if (open < 0) return i;
  if (depth >= MAX_INTERPOLATION_DEPTH) return open;
  const savedPrev = prev, savedPrevPos = prevPos;
  prev = C_LBRACE;
  const end = scan(open, depth + 1, false, closer, stopAtNewline);
  prev = savedPrev;
  prevPos = savedPrevPos;
  return end;
}
