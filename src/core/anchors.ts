/**
 * One pass over a file's text that answers, for every pattern the rules test on raw text (their
 * triggers, and the few whole-file tests inside checks), "does this pattern match here?"
 *
 * Each pattern is read into the literal words its matches contain. Where the pattern is nothing but
 * a finite set of words (`/upload|storage|['"](?:local|public)['"]/i`, `/\b(?:curl|wget)\b/`), the
 * words are the pattern: a hit is checked for case and word boundaries and the pattern is never run.
 * Otherwise the words are its anchors (every match contains one of them): a pattern none of whose
 * anchors occur cannot match, and one whose anchors occur is confirmed by running it. A pattern
 * with no usable anchors (a branch without a literal of two characters or more) is simply run.
 *
 * All words of all patterns go into one Aho-Corasick automaton, case-folded over ASCII, so a file
 * is read once instead of once per pattern (each of which read the whole file whenever it did not
 * match). Every answer is exact: the automaton only ever decides what the pattern would.
 *
 * The same pass can record where chosen words end (`wordEnds`), for a check that must visit every
 * occurrence of a few common words and would otherwise search the whole text for them itself.
 */

import { SCAN_LOOP_WASM } from './scanLoop';
import { WasmMemory, WasmModule, wasmInstance, wasmModule } from './wasm';

/**
 * A pattern registered for the shared scan. Registering only records it: the pattern is read when
 * the automaton is next built (on the first scan after), so loading the rules costs nothing here.
 */
export interface Anchored {
  readonly regex: RegExp;
  /** Its index in the registry. */
  readonly id: number;
  /** Indexes of the conditions one of which holds wherever it matches; undefined: none, always run. */
  conditions: readonly number[] | undefined;
  /** The conditions are the pattern: it matches exactly when one of them holds. */
  exact: boolean;
  /** The conditions' words, lower-cased. */
  words: readonly string[];
}

/** A word the automaton looks for, and what a hit must also satisfy to count. */
interface Condition {
  /** The word, lower-cased: what the automaton matches. */
  readonly key: string;
  /** The word in its case, when case matters. */
  readonly cased?: string;
  /** A `\b` before / after the word. */
  readonly boundaryBefore: boolean;
  readonly boundaryAfter: boolean;
}

/**
 * Words whose every end the scan records (for a check that must visit each occurrence, such as the
 * credentials rule's secret names): registered like a pattern, read out with `AnchorScan.endsOf`
 * (`SourceFile.wordEnds`).
 */
export interface WordEnds {
  /** Its bit in the automaton's record masks. */
  readonly bit: number;
  readonly words: readonly string[];
}

const registry: Anchored[] = [];
const recorders: WordEnds[] = [];
/** Recorders, one bit each in a record's mask: a recorded end is `end * MASKS + mask` (texts are at most 2^29 characters). */
const MAX_RECORDERS = 24;
const MASKS = 1 << MAX_RECORDERS;
/** Per condition id, the recorders whose word it is (a bit mask). */
const recordedBy: number[] = [];
const byRegex = new Map<RegExp, Anchored>();
const conditions: Condition[] = [];
const conditionIds = new Map<string, number>();
/** Built on first use after the registry grew. */
let automaton: Automaton | undefined;
/** A build in steps (prepareSharedScanStep) under way, for the registry as it was when it started. */
let building: Generator<void, Automaton> | undefined;

/** The registry grew: the automaton (or the one being built) no longer covers it. */
function outdated(): void {
  automaton = undefined;
  building = undefined;
}

function conditionId(c: Condition): number {
  const name = `${c.key}\0${c.cased ?? ''}\0${c.boundaryBefore ? 1 : 0}${c.boundaryAfter ? 1 : 0}`;
  let id = conditionIds.get(name);
  if (id === undefined) { conditionIds.set(name, id = conditions.length); conditions.push(c); }
  return id;
}

/**
 * Registers `regex` for the shared scan (once per pattern object) and returns its handle.
 * `anchors` overrides the words read from the pattern: every match must contain one of them
 * (case-insensitively); use it only where `readPattern` finds none.
 */
export function anchored(regex: RegExp, options: { anchors?: readonly string[] } = {}): Anchored {
  let a = byRegex.get(regex);
  if (a) return a;
  a = { regex, id: registry.length, conditions: undefined, exact: false, words: [] };
  registry.push(a);
  byRegex.set(regex, a);
  unread.push([a, options.anchors]);
  outdated();
  return a;
}

/** Records every end of `words` (ASCII, matched case-insensitively) in each scan from now on. */
export function wordEnds(words: readonly string[]): WordEnds {
  if (recorders.length >= MAX_RECORDERS) throw new Error('too many word-end recorders for the shared scan');
  const r: WordEnds = { bit: 1 << recorders.length, words };
  recorders.push(r);
  for (const w of words) {
    const id = conditionId({ key: w.toLowerCase(), boundaryBefore: false, boundaryAfter: false });
    recordedBy[id] = (recordedBy[id] ?? 0) | r.bit;
  }
  outdated();
  return r;
}

/** Registered patterns not read yet, with the anchors given for them. */
const unread: [Anchored, readonly string[] | undefined][] = [];

/** Reads the patterns registered since the last time into their conditions; with a deadline, stops there (false: some are left). */
function readUnread(deadline = Infinity): boolean {
  while (unread.length) {
    const [a, anchors] = unread.shift()!;
    const read = anchors ? { words: anchors.map(w => ({ text: w.toLowerCase(), boundaryBefore: false, boundaryAfter: false })), exact: undefined } : readPattern(a.regex);
    let ids: number[] | undefined;
    if (read.exact) {
      const caseMatters = !a.regex.flags.includes('i');
      ids = read.exact.map(w => conditionId({ key: w.text.toLowerCase(), cased: caseMatters ? w.text : undefined, boundaryBefore: w.boundaryBefore, boundaryAfter: w.boundaryAfter }));
      a.exact = true;
    } else if (read.words) {
      ids = read.words.map(w => conditionId({ key: w.text, boundaryBefore: w.boundaryBefore, boundaryAfter: w.boundaryAfter }));
    }
    a.conditions = ids && [...new Set(ids)];
    a.words = [...new Set(a.conditions?.map(id => conditions[id].key))];
    if (unread.length && performance.now() > deadline) return false;
  }
  return true;
}

/** Reads the registered patterns and builds the automaton now (finishing a build in steps), not in the next scan. */
export function prepareSharedScan(): void {
  if (automaton) return;
  readUnread();
  const b = building ?? buildAutomaton(conditions);
  for (let r = b.next(); ; r = b.next()) if (r.done) { automaton = r.value; building = undefined; return; }
}

/**
 * `prepareSharedScan` in steps of about `sliceMs` (the editor's idle time after starting): true
 * when the scan is ready, false when there is more to do. Reading the patterns and building the
 * automaton (a few thousand states: 20-60 ms before the code is compiled) both stop at the deadline.
 */
export function prepareSharedScanStep(sliceMs: number): boolean {
  if (automaton) return true;
  const deadline = performance.now() + sliceMs;
  if (!readUnread(deadline)) return false;
  building ??= buildAutomaton(conditions);
  for (let r = building.next(); ; r = building.next()) {
    if (r.done) { automaton = r.value; building = undefined; return true; }
    if (performance.now() > deadline) return false;
  }
}

/** Every pattern registered so far, read. */
export function registeredPatterns(): readonly Anchored[] {
  readUnread();
  return registry;
}

/**
 * The scan of `text`, shared by everything that asks about the same text in a row (the rules, then
 * the project facts the editor records for the file): one entry, kept by the text's value.
 */
export function scanOf(text: string): AnchorScan {
  if (lastScan === undefined || lastText !== text) { lastScan = new AnchorScan(text); lastText = text; }
  return lastScan;
}
let lastText: string | undefined;
let lastScan: AnchorScan | undefined;

/** What one file's scan found: which conditions hold, and the patterns answered so far. */
export class AnchorScan {
  private readonly held: Uint8Array;
  /** Registry size when scanned: later patterns are run directly. */
  private readonly covered: number;
  /** Per pattern: 0 not yet asked, 1 matches, 2 does not. */
  private readonly answers: Uint8Array;

  /** Recorders known when scanned, and the ends they recorded (`end * MASKS + mask`). */
  private readonly recorded: number;
  private readonly ends: number[] | undefined;
  /** The ends by recorder (its bit's index), each made on the first `endsOf` that asks. */
  private byRecorder: number[][] | undefined;

  constructor(private readonly text: string) {
    prepareSharedScan();
    const a = automaton!;
    this.covered = registry.length;
    this.recorded = recorders.length;
    const out = a.scan(text, this.recorded > 0);
    this.held = out.held;
    this.ends = out.ends;
    this.answers = flags(registry.length);
  }

  /**
   * The offsets just after each occurrence of one of `r`'s words, ascending (an occurrence inside
   * a longer word too). For a recorder registered after this scan, they are looked for here.
   */
  endsOf(r: WordEnds): readonly number[] {
    // each recorder's ends are picked out once, when first asked for
    const k = 31 - Math.clz32(r.bit);
    const known = (this.byRecorder ??= [])[k];
    if (known) return known;
    let out: number[];
    if (!this.ends || r.bit >= 1 << this.recorded) out = searchEnds(this.text, r.words);
    else if (this.ends.length === 0) return this.ends;
    else {
      out = [];
      for (const code of this.ends) if (((code % MASKS) & r.bit) !== 0) out.push(Math.floor(code / MASKS));
    }
    return this.byRecorder[k] = out;
  }

  /** Whether `p` matches somewhere in the text. */
  matches(p: Anchored): boolean {
    if (p.id >= this.covered) return test(p.regex, this.text);
    const known = this.answers[p.id];
    if (known !== 0) return known === 1;
    const yes = p.conditions === undefined ? test(p.regex, this.text)
      : this.holds(p.conditions) && (p.exact || test(p.regex, this.text));
    this.answers[p.id] = yes ? 1 : 2;
    return yes;
  }

  /** Whether one of `p`'s conditions holds (or it has none, or came too late for this scan). */
  mentions(p: Anchored): boolean {
    return p.conditions === undefined || p.id >= this.covered || this.holds(p.conditions);
  }

  private holds(ids: readonly number[]): boolean {
    for (const id of ids) if (this.held[id] === 1) return true;
    return false;
  }
}

/** Every end of `words` in `text`, ASCII letters in any case, ascending and each once: what a scan records. */
function searchEnds(text: string, words: readonly string[]): number[] {
  const lower = text.replace(/[A-Z]+/g, w => w.toLowerCase());
  const out = new Set<number>();
  for (const w of words) {
    const key = w.toLowerCase();
    for (let i = lower.indexOf(key); i >= 0; i = lower.indexOf(key, i + 1)) out.add(i + key.length);
  }
  return [...out].sort((a, b) => a - b);
}

function test(re: RegExp, text: string): boolean {
  // a `g` or `y` pattern would start where its last test stopped
  re.lastIndex = 0;
  return re.test(text);
}

// ---------------------------------------------------------------------------------------------
// The automaton

/** What `buildAutomaton` computes (see Automaton). */
interface AutomatonTables {
  classOf: Uint8Array;
  next: Uint16Array;
  shift: number;
  firstOutput: number;
  outputs: number[][];
  longest: number;
}

/** Rows of the transition table filled between two pauses of a build. */
const BUILD_ROWS = 64;

/**
 * Builds the automaton of `conditions`, pausing (yielding) every BUILD_ROWS states of each pass,
 * so a caller with a deadline can spread the work over idle time; run it to the end to build at once.
 */
function* buildAutomaton(conditions: readonly Condition[]): Generator<void, Automaton> {
  const classOf = new Uint8Array(256);
  const keys = [...new Set(conditions.map(c => c.key))];
  const longest = Math.max(1, ...keys.map(k => k.length));
  let classes = 1;
  for (const w of keys) {
    for (const ch of w) {
      const c = ch.charCodeAt(0);
      if (classOf[c] !== 0) continue;
      classOf[c] = classes;
      const upper = ch.toUpperCase().charCodeAt(0);
      if (upper !== c && upper < 128) classOf[upper] = classes;
      classes++;
    }
  }
  // the trie in a flat table (-1: no edge yet), each word's end holding the conditions on that word
  const most = keys.reduce((sum, w) => sum + w.length, 1);
  const go = new Int32Array(most * classes).fill(-1);
  const out: number[][] = [[]];
  const ends = new Map<string, number>();
  let n = 1;
  for (let wi = 0; wi < keys.length; wi++) {
    const w = keys[wi];
    let s = 0;
    for (let i = 0; i < w.length; i++) {
      const e = s * classes + classOf[w.charCodeAt(i)];
      if (go[e] < 0) { go[e] = n++; out.push([]); }
      s = go[e];
    }
    ends.set(w, s);
    if (wi % BUILD_ROWS === BUILD_ROWS - 1) yield;
  }
  conditions.forEach((c, id) => out[ends.get(c.key)!].push(id));
  // failure links, breadth first, folded into the table: every edge then leads somewhere
  const delta = go.subarray(0, n * classes);
  const fail = new Int32Array(n);
  const queue: number[] = [];
  for (let k = 0; k < classes; k++) {
    if (delta[k] < 0) delta[k] = 0; else queue.push(delta[k]);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi];
    for (let k = 0; k < classes; k++) {
      const t = delta[s * classes + k];
      if (t < 0) { delta[s * classes + k] = delta[fail[s] * classes + k]; continue; }
      fail[t] = delta[fail[s] * classes + k];
      if (out[fail[t]].length) out[t] = out[t].concat(out[fail[t]]);
      queue.push(t);
    }
    if (qi % BUILD_ROWS === BUILD_ROWS - 1) yield;
  }
  // renumber: states ending a word last, each part breadth first, so the rows read most (the root,
  // the first letters of words) lie together in the table
  const order = [0, ...queue].sort((a, b) => (out[a].length ? 1 : 0) - (out[b].length ? 1 : 0));
  const rank = new Int32Array(n);
  order.forEach((s, i) => { rank[s] = i; });
  if (n > 65535) throw new Error('too many words for the shared scan');
  const shift = Math.ceil(Math.log2(classes));
  const next = new Uint16Array(n << shift);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < classes; k++) next[(rank[s] << shift) | k] = rank[delta[s * classes + k]];
    if (s % BUILD_ROWS === BUILD_ROWS - 1) yield;
  }
  const first = order.findIndex(s => out[s].length > 0);
  const firstOutput = first < 0 ? n : first;
  const outputs: number[][] = [];
  if (first >= 0) for (let i = first; i < n; i++) outputs.push(out[order[i]]);
  return new Automaton(conditions, { classOf, next, shift, firstOutput, outputs, longest });
}

/**
 * Aho-Corasick over the text as one byte per character, case-folded: every word is ASCII, and any
 * other character reads as the byte 0x80, so bytes find exactly the words the characters hold (a
 * neighbouring non-ASCII character is, as for `\b`, no word character) and their offsets are the
 * text's. A dense
 * transition table over the bytes that occur in the words (every other byte is one class), and
 * states numbered so that those ending a word come last: a step is one table load and one
 * comparison. The steps run in WebAssembly (scanLoop.wat), over the text as four interleaved
 * streams, each a quarter plus the longest word so no word across a seam is missed: the four
 * lookups do not wait on each other. The loop hands back the steps that ended words, checked here.
 */
class Automaton {
  private readonly classOf: Uint8Array;
  /** Row `s << shift` holds state s's transitions, one per byte class. */
  private readonly next: Uint16Array;
  private readonly shift: number;
  /** The first state that ends a word. */
  private readonly firstOutput: number;
  /** Per state from firstOutput on, in order: the conditions whose word it ends. */
  private readonly outputs: number[][];
  /** Conditions a hit satisfies as it is (no case, no boundary to check). */
  private readonly plain: Uint8Array;
  /** The longest word's length. */
  private readonly longest: number;
  /** Per state from firstOutput on: the recorders (WordEnds bits) one of whose words it ends. */
  private readonly recordMask: Uint32Array;
  /** During a scan that records: `end * MASKS + mask` per recorded word end, in the order found. */
  private recording: number[] | undefined;
  /** The WebAssembly loop with this automaton in its memory (made on the first scan); null: none here. */
  private loop: Loop | null | undefined;

  constructor(private readonly conditions: readonly Condition[], t: AutomatonTables) {
    this.classOf = t.classOf;
    this.next = t.next;
    this.shift = t.shift;
    this.firstOutput = t.firstOutput;
    this.outputs = t.outputs;
    this.longest = t.longest;
    this.plain = Uint8Array.from(conditions, c => c.cased === undefined && !c.boundaryBefore && !c.boundaryAfter ? 1 : 0);
    this.recordMask = Uint32Array.from(this.outputs, ids => ids.reduce((m, id) => m | (recordedBy[id] ?? 0), 0));
  }

  /**
   * Which conditions hold in `text` (1 at a condition's index), and with `record`, the recorded
   * word ends as offsets in the text: `end * MASKS + mask`, ascending, each once.
   */
  scan(text: string, record: boolean): { held: Uint8Array; ends?: number[] } {
    this.recording = record ? [] : undefined;
    const held = this.read(text);
    const found = this.recording;
    this.recording = undefined;
    if (!found) return { held };
    // the four streams find ends out of order, and a word by a seam twice
    found.sort((a, b) => a - b);
    let k = 0;
    for (let i = 0; i < found.length; i++) if (i === 0 || found[i] !== found[i - 1]) found[k++] = found[i];
    found.length = k;
    return { held, ends: found };
  }

  private read(text: string): Uint8Array {
    const held = flags(this.conditions.length);
    const n = text.length;
    // the text goes in as UTF-16, two bytes a character, and is narrowed in place
    const loop = 2 * n < TEXT_BYTES ? (this.loop === undefined ? (this.loop = newLoop(this.classOf, this.next, this.shift, this.firstOutput)) : this.loop) : null;
    if (!loop) {
      // too large for the loop's memory (or no WebAssembly here): the bytes made and read here
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) { const c = text.charCodeAt(i); bytes[i] = c < 0x80 ? c : 0x80; }
      this.run(bytes, 0, n, held);
      return held;
    }
    const { exports: x, bytes, words } = loop, at = loop.text;
    loop.buffer.write(text, at, 'utf16le');
    x.narrow(at, n);
    // what follows the text, as `\b` sees it: no word character (nor is the byte before it)
    bytes[at + n] = 0;
    words.fill(0, 0, 4);
    const q = Math.ceil(n / 4);
    if (q < 4 * this.longest) {
      this.run1(loop, at, at + n, held);
      return held;
    }
    // the last stream ends at n: all four read together that far, then the first three on over their seams
    const together = at + n - 3 * q;
    for (let i = at; i < together;) {
      i = x.run4(i, together, q, loop.hits, loop.hitsEnd);
      this.takeHits(loop, held);
    }
    const seam = q + this.longest - 1, states = [words[0], words[1], words[2]];
    for (let k = 0; k < 3; k++) {
      words[0] = states[k];
      this.run1(loop, together + k * q, at + Math.min(n, k * q + seam), held);
    }
    return held;
  }

  /** The loop's bytes from `from` to `to`, from the state in its first word. */
  private run1(loop: Loop, from: number, to: number, held: Uint8Array): void {
    for (let i = from; i < to;) {
      i = loop.exports.run1(i, to, loop.hits, loop.hitsEnd);
      this.takeHits(loop, held);
    }
  }

  /** The words the loop's last call found: (address, state) pairs from `loop.hits` on. */
  private takeHits(loop: Loop, held: Uint8Array): void {
    const { words, bytes, text } = loop;
    const end = words[4] >> 2;
    for (let h = loop.hits >> 2; h < end; h += 2) this.hit(words[h + 1], bytes, words[h], text, held);
  }

  /** Reads `bytes` (a text's own, from 0) from `from` to `to`, here: for a text too large for the loop. */
  private run(bytes: Uint8Array, from: number, to: number, held: Uint8Array): void {
    const { next, classOf, firstOutput, shift } = this;
    let s = 0;
    for (let i = from; i < to; i++) {
      s = next[(s << shift) | classOf[bytes[i]]];
      if (s >= firstOutput) this.hit(s, bytes, i, 0, held);
    }
  }

  /** State `s`, reached at byte `last` of a text starting at `base` in `bytes`, ends words: marks their conditions that hold there. */
  private hit(s: number, bytes: Uint8Array, last: number, base: number, held: Uint8Array): void {
    const mask = this.recordMask[s - this.firstOutput];
    if (mask !== 0 && this.recording) this.recording.push((last + 1 - base) * MASKS + mask);
    const ids = this.outputs[s - this.firstOutput];
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j];
      if (held[id] === 0 && (this.plain[id] === 1 || this.holdsAt(id, bytes, last))) held[id] = 1;
    }
  }

  /** Whether condition `id`'s word, found ending at byte `last`, has its case and boundaries. */
  private holdsAt(id: number, bytes: Uint8Array, last: number): boolean {
    const c = this.conditions[id];
    const start = last + 1 - c.key.length;
    if (c.cased !== undefined) {
      for (let k = 0; k < c.cased.length; k++) if (bytes[start + k] !== c.cased.charCodeAt(k)) return false;
    }
    if (c.boundaryBefore && isWordCode(bytes[start - 1]) === isWordCode(bytes[start])) return false;
    if (c.boundaryAfter && isWordCode(bytes[last]) === isWordCode(bytes[last + 1])) return false;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// The loop in WebAssembly

/** Room for a text in the loop's memory, as UTF-16: a text of more than half this is read in JavaScript. */
const TEXT_BYTES = 4 << 20;
/** Room for the hits of one call of the loop. */
const HIT_BYTES = 64 << 10;
/** Where the automaton starts in the loop's memory, after the states and the end of the hits (scanLoop.wat). */
const TABLES_AT = 32;

interface LoopExports {
  memory: WasmMemory;
  setup(classOf: number, next: number, shift: number, firstOutput: number): void;
  run1(from: number, to: number, out: number, outEnd: number): number;
  run4(from: number, to: number, q: number, out: number, outEnd: number): number;
  narrow(at: number, n: number): void;
}

/** An instance of the loop with one automaton in its memory, and where things are there. */
interface Loop {
  readonly exports: LoopExports;
  /** The memory, as bytes and as 32-bit words (the states at words 0-3, the end of the hits at 4). */
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  /** The memory as a Buffer, to write a text into as UTF-16. */
  readonly buffer: Buffer;
  /** Where a text's bytes go (a zero byte before them). */
  readonly text: number;
  /** Where the hits go, and where a call stops to hand them back. */
  readonly hits: number;
  readonly hitsEnd: number;
}

/** Compiled once, on the first scan. */
let loopModule: WasmModule | null | undefined;

/** The loop for an automaton: its own instance (about 4.5 MB of memory), or null where WebAssembly cannot run. */
function newLoop(classOf: Uint8Array, next: Uint16Array, shift: number, firstOutput: number): Loop | null {
  try {
    if (loopModule === undefined) loopModule = wasmModule(SCAN_LOOP_WASM);
    if (!loopModule) return null;
    const x = wasmInstance<LoopExports>(loopModule);
    const cls = TABLES_AT, tbl = cls + 256, text = tbl + next.byteLength + 1;
    const hits = (text + TEXT_BYTES + 1 + 7) & ~7;
    x.memory.grow(Math.ceil((hits + HIT_BYTES) / 65536) - x.memory.buffer.byteLength / 65536);
    const bytes = new Uint8Array(x.memory.buffer);
    bytes.set(classOf, cls);
    new Uint16Array(x.memory.buffer, tbl, next.length).set(next);
    x.setup(cls, tbl, shift, firstOutput);
    // a step records up to four hits before the loop looks at the room left
    return { exports: x, bytes, words: new Int32Array(x.memory.buffer), buffer: Buffer.from(x.memory.buffer), text, hits, hitsEnd: hits + HIT_BYTES - 32 };
  } catch {
    return null;
  }
}

/**
 * Zeroed flags, carved from a shared slab: a typed array of its own per file costs more to
 * allocate than the scan of a small file.
 */
function flags(n: number): Uint8Array {
  if (slabUsed + n > slab.length) { slab = new Uint8Array(Math.max(SLAB, n)); slabUsed = 0; }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return out;
}
const SLAB = 1 << 16;
let slab = new Uint8Array(SLAB);
let slabUsed = 0;

/** `\w` as `\b` sees it (undefined, outside the text, is not a word character; nor is any byte of a non-ASCII character). */
function isWordCode(c: number | undefined): boolean {
  return c !== undefined && (c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 95);
}

// ---------------------------------------------------------------------------------------------
// Reading a pattern

/** Shorter words occur nearly everywhere and would decide nothing. */
const MIN_WORD = 2;
/** A pattern that stands for more words than this is anchored, not spelled out. */
const MAX_WORDS = 256;
/** Marks a `\b` inside a spelled-out word while reading. */
const BOUNDARY = '\u0000';
/**
 * Marks a `(?<![\w…])` / `(?![\w…])` while reading: no word character on that side. It implies a
 * `\b` where the word's own character there is a word character, and says nothing otherwise.
 */
const NO_WORD_CHAR = '\u0001';

/** A word a pattern is made of, in the pattern's own case. */
export interface ExactWord { text: string; boundaryBefore: boolean; boundaryAfter: boolean }

/**
 * What `regex` is made of: `exact`, the finite set of words it matches (when it is one: literals,
 * alternations, `?`, classes of a few characters, `\b` at a word's ends), or else `words`, literal
 * words (lower-cased, with the word boundaries they are sure to have) one of which every match
 * contains; neither when some branch has no literal of two characters or more, or the pattern uses
 * syntax this reader does not take apart.
 */
export function readPattern(regex: RegExp): { words?: ExactWord[]; exact?: ExactWord[] } {
  if (regex.flags.includes('u') || regex.flags.includes('v')) return {};
  let read: Read;
  try {
    const r = new Reader(regex.source);
    read = r.alternation();
    if (r.i !== regex.source.length) return {};
  } catch {
    return {};
  }
  const exact = read.lang && spelled(read.lang);
  if (exact) return { exact };
  return read.need ? { words: spelled(read.need) } : {};
}

function spelled(lang: readonly string[]): ExactWord[] | undefined {
  const out = new Map<string, ExactWord>();
  for (const w of lang) {
    const boundaryBefore = w.startsWith(BOUNDARY);
    const boundaryAfter = w.length > 1 && w.endsWith(BOUNDARY);
    const text = w.slice(boundaryBefore ? 1 : 0, boundaryAfter ? -1 : undefined);
    if (text.length < MIN_WORD || text.includes(BOUNDARY)) return undefined;
    out.set(w, { text, boundaryBefore, boundaryAfter });
  }
  return [...out.values()];
}

/** A word without its boundary marks. */
function bare(w: string): string {
  return w.replace(/[\u0000\u0001]/g, '');
}

/**
 * A segment's string as an anchor: lower-cased, a boundary kept only at its ends, and a
 * no-word-character mark turned into a boundary where the word's character beside it is a word
 * character (and dropped where it is not: the mark then says nothing the automaton checks).
 */
function anchorWord(w: string): string {
  const text = bare(w).toLowerCase();
  const before = w[0] === BOUNDARY || w[0] === NO_WORD_CHAR && /^\w/.test(text);
  const after = w.length > 1 && (w[w.length - 1] === BOUNDARY || w[w.length - 1] === NO_WORD_CHAR && /\w$/.test(text));
  return (before ? BOUNDARY : '') + text + (after ? BOUNDARY : '');
}

/** What a part of a pattern is known to need: `need`, words one of which it always contains (lower case); `lang`, every string it matches. */
interface Read { need: string[] | undefined; lang: string[] | undefined }

/** The better of two anchor sets: the longer shortest word, then fewer words, then more boundaries. */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const ma = Math.min(...a.map(w => bare(w).length)), mb = Math.min(...b.map(w => bare(w).length));
  if (ma !== mb) return ma > mb ? a : b;
  if (a.length !== b.length) return a.length < b.length ? a : b;
  // the same words: the ones with more word boundaries to hold
  return marks(b) > marks(a) ? b : a;
}

function marks(words: readonly string[]): number {
  return words.reduce((n, w) => n + w.length - bare(w).length, 0);
}

/** Every concatenation of a string of `a` with one of `b`, unless there are too many. */
function product(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a || !b || a.length * b.length > MAX_WORDS) return undefined;
  return a.flatMap(x => b.map(y => x + y));
}

type Atom =
  | { kind: 'char'; char: string }
  | { kind: 'class'; members: string[] | undefined }
  | { kind: 'group'; read: Read }
  | { kind: 'boundary' }
  | { kind: 'noWordChar' }
  | { kind: 'other' };

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'B']);
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
/**
 * Where a negative lookaround for `\w`, or for a class that holds `\w`, starting at `i` ends
 * (`(?<![\w$])`, `(?!\w)`); 0 when there is none.
 */
function noWordLookaround(s: string, i: number): number {
  const open = s.startsWith('(?<!', i) ? i + 4 : s.startsWith('(?!', i) ? i + 3 : -1;
  if (open < 0) return 0;
  if (s.startsWith('\\w)', open)) return open + 3;
  if (s[open] !== '[' || s[open + 1] === '^') return 0;
  let word = false;
  for (let j = open + 1; j < s.length; j++) {
    if (s[j] === '\\') { if (s[j + 1] === 'w') word = true; j++; continue; }
    if (s[j] === ']') return word && s[j + 1] === ')' ? j + 2 : 0;
  }
  return 0;
}
/** A class of more members than this is not spelled out. */
const MAX_CLASS = 10;
const DIGITS = '0123456789'.split('');

/** A recursive-descent reader of the pattern syntax rules use; throws on anything else. */
class Reader {
  i = 0;
  constructor(private readonly s: string) {}

  /** `a|b|c`: the union of the branches' words, when every branch has some. */
  alternation(): Read {
    let need: string[] | undefined = [];
    let lang: string[] | undefined = [];
    for (;;) {
      const r = this.sequence();
      need = need && r.need ? need.concat(r.need) : undefined;
      lang = lang && r.lang ? lang.concat(r.lang) : undefined;
      if (lang && lang.length > MAX_WORDS) lang = undefined;
      if (this.s[this.i] !== '|') break;
      this.i++;
    }
    return { need, lang };
  }

  /**
   * A branch. `lang`: the product of its atoms' strings. `need`: the best of its segments (the
   * strings of each run of atoms with finite strings, `\b` dropped: `["'](?:local|public)`) and of
   * its required groups' own `need`.
   */
  private sequence(): Read {
    let best: string[] | undefined;
    let lang: string[] | undefined = [''];
    let segment: string[] = [''];
    const endSegment = () => {
      const words = [...new Set(segment.map(anchorWord))];
      if (words.every(w => bare(w).length >= MIN_WORD)) best = better(best, words);
      segment = [''];
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      const q = this.quantifier();
      const strings = atom.kind === 'char' ? [atom.char]
        : atom.kind === 'class' ? atom.members
          : atom.kind === 'group' ? atom.read.lang
            : atom.kind === 'boundary' ? [BOUNDARY]
              : atom.kind === 'noWordChar' ? [NO_WORD_CHAR] : undefined;
      // with its quantifier: `?` adds the empty string, a repeat has no finite set
      const own = q === 'once' ? strings : q === 'optional' ? strings && ['', ...strings] : undefined;
      // a lookaround is no string of the pattern's own: its words are anchors, not the pattern
      lang = product(lang, atom.kind === 'noWordChar' ? undefined : own);
      if (atom.kind === 'group' && (q === 'once' || q === 'repeated')) best = better(best, atom.read.need);
      if (own) {
        const longer = product(segment, own);
        if (longer) { segment = longer; continue; }
        endSegment();
        segment = own;
      } else if (q === 'repeated' && strings) {
        // at least once: the first repeat ends the segment, the last starts the next one
        const longer = product(segment, strings);
        if (longer) segment = longer;
        endSegment();
        segment = strings;
      } else {
        endSegment();
      }
    }
    endSegment();
    return { need: best, lang };
  }

  private atom(): Atom {
    // `(?<![\w$])`, `(?!\w)`...: no word character on that side
    const look = noWordLookaround(this.s, this.i);
    if (look > 0) { this.i = look; return { kind: 'noWordChar' }; }
    const c = this.s[this.i++];
    if (c === '(') {
      let look = false;
      if (this.s[this.i] === '?') {
        const rest = this.s.slice(this.i, this.i + 3);
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?=') || rest.startsWith('?!')) { this.i += 2; look = true; }
        else if (rest === '?<=' || rest === '?<!') { this.i += 3; look = true; }
        else if (rest.startsWith('?<')) { const close = this.s.indexOf('>', this.i); if (close < 0) throw new Error('group'); this.i = close + 1; }
        else throw new Error('group');
      }
      const read = this.alternation();
      if (this.s[this.i++] !== ')') throw new Error('unclosed group');
      return look ? { kind: 'other' } : { kind: 'group', read };
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const e = this.s[this.i++];
      if (e === undefined) throw new Error('escape');
      if (e === 'b') return { kind: 'boundary' };
      if (e === 'd') return { kind: 'class', members: DIGITS };
      if (CLASS_ESCAPES.has(e)) return { kind: 'other' };
      if (/[1-9]/.test(e)) { while (/\d/.test(this.s[this.i] ?? '')) this.i++; return { kind: 'other' }; }
      if (/[0xucKkpP]/.test(e)) throw new Error('escape');
      return { kind: 'char', char: CONTROL_ESCAPES[e] ?? e };
    }
    if (c === '.' || c === '^' || c === '$') return { kind: 'other' };
    if (c === '*' || c === '+' || c === '?' || c === '{' && /\d/.test(this.s[this.i] ?? '')) throw new Error('quantifier without atom');
    if (c.charCodeAt(0) < 32 || c.charCodeAt(0) > 127) throw new Error('not printable ASCII');
    return { kind: 'char', char: c };
  }

  /** A class of a few plain characters (`['"]`, `[Cc]`) is those characters; any other is no literal. */
  private charClass(): Atom {
    const members: string[] = [];
    let simple = true;
    if (this.s[this.i] === '^') { this.i++; simple = false; }
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new Error('unclosed class');
      if (c === ']') break;
      if (c === '\\') {
        const e = this.s[this.i++];
        if (e === undefined) throw new Error('escape');
        if (/[A-Za-z0-9]/.test(e)) simple = false; else members.push(e);
        continue;
      }
      if (c === '-' && members.length && this.s[this.i] !== ']') simple = false;
      if (c.charCodeAt(0) < 32 || c.charCodeAt(0) > 127) simple = false;
      members.push(c);
    }
    return { kind: 'class', members: simple && members.length && members.length <= MAX_CLASS ? [...new Set(members)] : undefined };
  }

  /** What follows an atom: nothing (exactly once), `?`, `*` (any), or at least once (`+`, `{2}`, `{1,}`). */
  private quantifier(): 'once' | 'optional' | 'any' | 'repeated' {
    const c = this.s[this.i];
    let q: 'once' | 'optional' | 'any' | 'repeated' = 'once';
    if (c === '?') { this.i++; q = 'optional'; }
    else if (c === '*') { this.i++; q = 'any'; }
    else if (c === '+') { this.i++; q = 'repeated'; }
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.s.slice(this.i));
      if (!m) return 'once';
      this.i += m[0].length;
      const min = Number(m[1]);
      q = min === 0 ? 'any' : m[2] === undefined && min === 1 ? 'once' : 'repeated';
    }
    if (q !== 'once' && this.s[this.i] === '?') this.i++;
    return q;
  }
}
