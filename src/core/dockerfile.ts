/**
 * A small, line-based Dockerfile reader for the Dockerfile rules: instructions with their
 * continuation lines joined (the `escape` parser directive is honoured), heredoc bodies of RUN,
 * COPY and ADD, parser directives, `ARG`s declared before the first `FROM`, and build stages
 * (`FROM x AS build`, later `FROM build`). Comments come from the engine's lexer: the reader works
 * on `file.codeText`, where they are already blanked, and still treats a line starting with `#`
 * as a comment itself, as Docker does, in case an unbalanced quote made the lexer read on.
 *
 * Why not `dockerfile-ast`: it would add a runtime dependency to the extension and the CLI for a
 * grammar this small, and the engine has already lexed the file (comments, quotes, heredocs), so a
 * second full parse per keystroke would only repeat that work. The rules need the instructions'
 * words and their offsets in the original text, which this reader keeps exactly. It is linear and
 * never throws; a file is read once however many rules ask (the result is cached per SourceFile).
 */
import { baseName } from './manifests';
import { SourceFile } from './source';

export interface Heredoc {
  /** The delimiter word (`EOF`). */
  name: string;
  /** The body's offsets in the file (between the opener's line and the closing word's line). */
  bodyStart: number;
  bodyEnd: number;
}

export class Instruction {
  constructor(
    /** Upper-cased keyword: FROM, RUN, CMD... */
    readonly keyword: string,
    /** Offset of the keyword. */
    readonly start: number,
    /** End of the instruction's last line, before its line break (heredoc bodies not included). */
    readonly end: number,
    /** The arguments with line continuations and comment lines inside them removed. */
    readonly args: string,
    /** Pairs [index in args, offset in the file] where each piece of `args` starts, in order. */
    private readonly pieces: readonly (readonly [number, number])[],
    readonly heredocs: readonly Heredoc[],
  ) {}

  /** Where the arguments start in the file. */
  get argsStart(): number {
    return this.pieces.length ? this.pieces[0][1] : this.end;
  }

  /** The file offset of `args[i]` (`i === args.length` maps to the end of the last piece). */
  offsetAt(i: number): number {
    const p = this.pieces;
    if (!p.length) return this.end;
    // the last piece starting at or before i (pieces of empty lines share an index: the later one wins)
    let lo = 0, hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p[mid][0] <= i) lo = mid; else hi = mid - 1;
    }
    return p[lo][1] + (i - p[lo][0]);
  }

  /** Whether the arguments span more than one line of the file. */
  get continued(): boolean {
    return this.pieces.length > 1;
  }
}

export interface Word {
  /** The word with quotes removed and backslash escapes applied. */
  text: string;
  /** Indexes into the instruction's args (the raw word, quotes included). */
  start: number;
  end: number;
}

export interface ImageRef {
  /** The image as written (`node:20`, `${BASE}`). */
  raw: string;
  /** Its range in the file. */
  start: number;
  end: number;
  /** `AS <name>`, lower-cased. */
  stage?: string;
}

export interface Stage {
  from: Instruction;
  image: ImageRef;
}

export interface Dockerfile {
  instructions: readonly Instruction[];
  /** Parser directives (`# syntax=...`, `# escape=...`), keys lower-cased. */
  directives: ReadonlyMap<string, string>;
  /** ARGs declared before the first FROM (the only ones FROM can use), with their defaults. */
  globalArgs: ReadonlyMap<string, string | undefined>;
  stages: readonly Stage[];
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

const cache = new WeakMap<SourceFile, Dockerfile>();

/** The instructions, directives, global ARGs and stages of a Dockerfile (read once per file). */
export function readDockerfile(file: SourceFile): Dockerfile {
  let d = cache.get(file);
  if (!d) cache.set(file, d = read(file.text, file.codeText));
  return d;
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff';
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function read(text: string, code: string): Dockerfile {
  const n = code.length;
  const directives = new Map<string, string>();
  let pos = 0;
  // parser directives: only at the very top, before any comment, blank line or instruction
  while (pos < n) {
    const le = lineEnd(text, pos);
    const m = directive(text.slice(pos, le));
    if (!m || !KNOWN_DIRECTIVES.has(m.key) || directives.has(m.key)) break;
    directives.set(m.key, m.value);
    pos = nextLine(text, le);
  }
  const escape = directives.get('escape') === '`' ? '`' : '\\';
  const instructions: Instruction[] = [];
  while (pos < n) {
    const le = lineEnd(code, pos);
    let ks = pos;
    while (ks < le && isBlank(code[ks])) ks++;
    if (ks >= le || text[ks] === '#' || !isLetter(code[ks])) { pos = nextLine(code, le); continue; }
    let ke = ks;
    while (ke < le && (isLetter(code[ke]) || code[ke] === '_')) ke++;
    const keyword = code.slice(ks, ke).toUpperCase();
    let as = ke;
    while (as < le && isBlank(code[as])) as++;
    // the arguments, joined over continuation lines
    const pieces: [number, number][] = [];
    let args = '';
    let cur = as, curEnd = le, end = le;
    for (;;) {
      let e = curEnd;
      while (e > cur && isBlank(code[e - 1])) e--;
      const continues = e > cur && code[e - 1] === escape;
      const pieceEnd = continues ? e - 1 : curEnd;
      if (pieceEnd > cur || !pieces.length) { pieces.push([args.length, cur]); args += code.slice(cur, pieceEnd); }
      end = curEnd;
      if (!continues) break;
      // the next line that is neither empty nor a comment continues the instruction
      let next = nextLine(code, curEnd);
      while (next < n) {
        const nle = lineEnd(code, next);
        let f = next;
        while (f < nle && isBlank(code[f])) f++;
        if (f < nle && text[f] !== '#') break;
        next = nextLine(code, nle);
      }
      if (next >= n) break;
      cur = next;
      curEnd = lineEnd(code, next);
    }
    let argsEnd = args.length;
    while (argsEnd > 0 && isBlank(args[argsEnd - 1])) argsEnd--;
    if (argsEnd < args.length) args = args.slice(0, argsEnd);
    pos = nextLine(code, end);
    const heredocs: Heredoc[] = [];
    if (HEREDOC_INSTRUCTIONS.has(keyword) && args.indexOf('<<') >= 0) {
      for (const h of heredocOpeners(args)) {
        const body = heredocBody(text, pos, h.name, h.stripTabs);
        heredocs.push({ name: h.name, bodyStart: pos, bodyEnd: body.bodyEnd });
        pos = body.next;
      }
    }
    instructions.push(new Instruction(keyword, ks, end, args, pieces, heredocs));
  }
  return { instructions, directives, ...stagesOf(instructions) };
}

/** `# key=value` (a parser directive's shape), key lower-cased. */
function directive(line: string): { key: string; value: string } | undefined {
  const l = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  if (l[0] !== '#') return undefined;
  const eq = l.indexOf('=');
  if (eq < 0) return undefined;
  const key = l.slice(1, eq).trim();
  const value = l.slice(eq + 1).trim();
  if (!key || ![...key].every(isLetter) || /\s/.test(value)) return undefined;
  return { key: key.toLowerCase(), value };
}

function lineEnd(s: string, pos: number): number {
  const i = s.indexOf('\n', pos);
  const e = i < 0 ? s.length : i;
  return e > pos && s[e - 1] === '\r' ? e - 1 : e;
}

function nextLine(s: string, le: number): number {
  const i = s.indexOf('\n', le);
  return i < 0 ? s.length : i + 1;
}

/** Heredoc openers in an instruction's args: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` (not `<<<`). */
function heredocOpeners(args: string): { name: string; stripTabs: boolean }[] {
  const out: { name: string; stripTabs: boolean }[] = [];
  for (let i = args.indexOf('<<'); i >= 0; i = args.indexOf('<<', i + 2)) {
    let p = i + 2;
    if (args[p] === '<') { i = p; continue; }
    const stripTabs = args[p] === '-';
    if (stripTabs) p++;
    const q = args[p] === '"' || args[p] === "'" ? args[p++] : '';
    const s = p;
    while (p < args.length && /[\w.-]/.test(args[p])) p++;
    if (p === s || (q && args[p] !== q)) continue;
    out.push({ name: args.slice(s, p), stripTabs });
  }
  return out;
}

/** A heredoc body from `pos` to the line holding only `name`; returns where the body ends and the line after the closer. */
function heredocBody(text: string, pos: number, name: string, stripTabs: boolean): { bodyEnd: number; next: number } {
  let line = pos;
  while (line < text.length) {
    const le = lineEnd(text, line);
    let s = line;
    if (stripTabs) while (s < le && text[s] === '\t') s++;
    if (text.slice(s, le) === name) return { bodyEnd: line, next: nextLine(text, le) };
    line = nextLine(text, le);
  }
  return { bodyEnd: text.length, next: text.length };
}

function stagesOf(instructions: readonly Instruction[]): { globalArgs: Map<string, string | undefined>; stages: Stage[] } {
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && !stages.length) {
      for (const p of keyValues(ins, false)) globalArgs.set(p.key, p.value?.text);
    } else if (ins.keyword === 'FROM') {
      const image = fromImage(ins);
      if (image) stages.push({ from: ins, image });
    }
  }
  return { globalArgs, stages };
}

/**
 * Shell-like words of `s` from `from` to `to`: blanks separate words, quotes group, a backslash
 * escapes the next character (quotes and backslashes are removed from `text`).
 */
export function words(s: string, from = 0, to = s.length): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (isBlank(s[i]) || s[i] === '\n')) i++;
    if (i >= to) break;
    const start = i;
    let t = '';
    while (i < to && !isBlank(s[i]) && s[i] !== '\n') {
      const c = s[i];
      if (c === '"' || c === "'") {
        const close = s.indexOf(c, i + 1);
        const e = close < 0 || close >= to ? to : close;
        t += c === '"' ? s.slice(i + 1, e).replace(/\\(["\\$`])/g, '$1') : s.slice(i + 1, e);
        i = e + 1;
      } else if (c === '\\' && i + 1 < to) {
        t += s[i + 1];
        i += 2;
      } else {
        t += c;
        i++;
      }
    }
    out.push({ text: t, start, end: Math.min(i, to) });
  }
  return out;
}

export interface KeyValue {
  key: string;
  /** Indexes into args. */
  keyStart: number;
  keyEnd: number;
  /** Undefined for `ARG NAME` without a default. Range covers the value without its quotes. */
  value?: { text: string; start: number; end: number };
}

/**
 * The pairs of an ENV, ARG or LABEL instruction: `K=V K2="v 2"`, and for ENV the legacy form
 * `ENV K value with spaces` (one pair, the rest of the line is the value).
 */
export function keyValues(ins: Instruction, legacyForm = ins.keyword === 'ENV'): KeyValue[] {
  const args = ins.args;
  const ws = words(args);
  if (!ws.length) return [];
  const first = args.slice(ws[0].start, ws[0].end);
  if (legacyForm && first.indexOf('=') < 0 && ws.length > 1) {
    let vs = ws[1].start, ve = args.length;
    const raw = args.slice(vs, ve);
    let text = raw;
    if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) { text = raw.slice(1, -1); vs++; ve--; }
    return [{ key: first, keyStart: ws[0].start, keyEnd: ws[0].end, value: { text, start: vs, end: ve } }];
  }
  const out: KeyValue[] = [];
  for (const w of ws) {
    const raw = args.slice(w.start, w.end);
    const eq = raw.indexOf('=');
    if (eq < 0) { out.push({ key: raw, keyStart: w.start, keyEnd: w.end }); continue; }
    if (eq === 0) continue;
    let vs = w.start + eq + 1, ve = w.end;
    const q = args[vs];
    if ((q === '"' || q === "'") && ve - vs >= 2 && args[ve - 1] === q) { vs++; ve--; }
    out.push({ key: raw.slice(0, eq), keyStart: w.start, keyEnd: w.start + eq, value: { text: w.text.slice(w.text.indexOf('=') + 1), start: vs, end: ve } });
  }
  return out;
}

/** The image of a FROM instruction, after its `--platform=...` flags, with `AS <stage>`. */
function fromImage(ins: Instruction): ImageRef | undefined {
  const ws = words(ins.args);
  let k = 0;
  while (k < ws.length && ws[k].text.startsWith('--')) k++;
  const w = ws[k];
  if (!w) return undefined;
  const ref: ImageRef = { raw: w.text, start: ins.offsetAt(w.start), end: ins.offsetAt(w.end) };
  if (ws[k + 1]?.text.toLowerCase() === 'as' && ws[k + 2]) ref.stage = ws[k + 2].text.toLowerCase();
  return ref;
}

export interface ExecForm {
  values: string[];
  /** Index in args of each element's opening quote and closing quote + 1. */
  ranges: { start: number; end: number }[];
}

/**
 * The JSON array of an exec-form CMD/ENTRYPOINT/RUN (`["node", "server.js"]`), or undefined for
 * the shell form (Docker, too, treats anything that is not a JSON array of strings as shell form).
 */
export function execForm(ins: Instruction): ExecForm | undefined {
  const args = ins.args;
  let i = 0;
  while (i < args.length && isBlank(args[i])) i++;
  if (args[i] !== '[') return undefined;
  let values: unknown;
  try { values = JSON.parse(args.slice(i)); } catch { return undefined; }
  if (!Array.isArray(values) || !values.every(v => typeof v === 'string')) return undefined;
  const ranges: { start: number; end: number }[] = [];
  for (let p = i + 1; p < args.length; p++) {
    if (args[p] !== '"') continue;
    let e = p + 1;
    while (e < args.length && args[e] !== '"') e += args[e] === '\\' ? 2 : 1;
    ranges.push({ start: p, end: e + 1 });
    p = e;
  }
  return ranges.length === values.length ? { values: values as string[], ranges } : undefined;
}

/** Shell operators that end a simple command. */
const COMMAND_SEPARATORS = new Set([';', '&', '|', '(', ')', '\n']);

export interface CommandWord extends Word {
  /** The first word of a simple command (after a separator such as `&&`, `;`, `|`). */
  commandStart: boolean;
}

/**
 * Words of a shell command line, split also at operators and quotes, so `sh -c "npm ci && node x"`
 * gives sh, -c, npm, ci, node, x with `npm` and `node` starting commands. Ranges index `s`.
 */
export function shellWords(s: string, from = 0, to = s.length): CommandWord[] {
  const out: CommandWord[] = [];
  let start = true;
  let i = from;
  while (i < to) {
    const c = s[i];
    if (COMMAND_SEPARATORS.has(c)) { start = true; i++; continue; }
    if (isWordBreak(c) || (c === '\\' && (s[i + 1] === '\n' || s[i + 1] === '\r'))) { i++; continue; }
    const b = i;
    while (i < to && !isWordBreak(s[i]) && !COMMAND_SEPARATORS.has(s[i])) i++;
    const text = s.slice(b, i);
    out.push({ text, start: b, end: i, commandStart: start });
    // the real command comes after `exec`, `sudo`, `env X=1`, `nohup` and a shell's `-c`
    const prev = out.length > 1 ? out[out.length - 2].text : '';
    start = (start && (PREFIX_COMMANDS.has(text) || text.indexOf('=') > 0)) || (SHELL_C.test(text) && SHELLS.has(baseName(prev)));
  }
  return out;
}

const PREFIX_COMMANDS = new Set(['exec', 'sudo', 'env', 'nohup', 'time']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const SHELL_C = /^-[a-z]*c$/;

function isWordBreak(c: string): boolean {
  return isBlank(c) || c === '"' || c === "'" || c === '`' || c === '<' || c === '>';
}

/** Packages installed by `apt-get install`, `apt install`, `apk add`, `yum`/`dnf`/`microdnf install`, `zypper install` in a text. */
export function installedPackages(command: string): string[] {
  const out: string[] = [];
  const ws = shellWords(command);
  for (let k = 0; k < ws.length; k++) {
    const tool = baseName(ws[k].text);
    let sub: string[];
    if (tool === 'apt-get' || tool === 'apt' || tool === 'yum' || tool === 'dnf' || tool === 'microdnf' || tool === 'tdnf') sub = ['install'];
    else if (tool === 'apk') sub = ['add'];
    else if (tool === 'zypper') sub = ['install', 'in'];
    else continue;
    let j = k + 1, found = false;
    for (; j < ws.length && !ws[j].commandStart; j++) {
      const t = ws[j].text;
      if (t.startsWith('-')) continue;
      if (!found) { if (sub.includes(t)) { found = true; continue; } break; }
      if (t.startsWith('$')) continue;
      // `curl=7.88.1-10`, `libfoo:amd64`, `py3-pip~=23`
      const cut = t.search(/[=:~<>]/);
      out.push((cut < 0 ? t : t.slice(0, cut)).toLowerCase());
    }
    k = j - 1;
  }
  return out;
}

/** The text of every RUN instruction and heredoc body of a parsed Dockerfile. */
export function runTexts(text: string, d: Dockerfile): string[] {
  const out: string[] = [];
  for (const ins of d.instructions) {
    if (ins.keyword !== 'RUN') continue;
    out.push(ins.args);
    for (const h of ins.heredocs) out.push(text.slice(h.bodyStart, h.bodyEnd));
  }
  return out;
}
