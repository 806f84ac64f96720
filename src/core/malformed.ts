/**
 * Files the rules read but cannot make sense of: a `package.json` or `composer.json` that is not
 * JSON, `.env` lines that dotenv skips, a Dockerfile instruction Docker does not know or that comes
 * before the first FROM, a compose file that is not YAML. The rules stay silent on such a file
 * (they never guess), so without this the user would not learn why nothing was reported there.
 *
 * Each problem names the file and sits where the file goes wrong, and its message never repeats
 * the file's text: a malformed line may hold a secret. Pure, linear, never throws.
 */
import { yamlLib } from './lazy';
import type { EngineConfig } from './config';
import { readDockerfile } from './dockerfile';
import { SourceFile } from './source';
import { findSuppressions } from './suppress';
import { Finding, Severity } from './types';
import { MAX_YAML_BYTES, MAX_YAML_FLOW_DEPTH, yamlTooDeepAt } from './yamlGuard';

/** The id of every finding about a file the rules could not read. */
export const MALFORMED_FILE_ID = 'twelve-factor/malformed-file';

export interface InputProblem {
  message: string;
  /** Offsets into the file's text. */
  start: number;
  end: number;
}

const JSON_MANIFESTS = new Set(['package.json', 'composer.json']);
const COMPOSE_FILE = /^(?:docker-)?compose(?:[.-][\w.-]*)?\.ya?ml$|^[\w.-]*\.compose\.ya?ml$/;
/** `.env.js`, `.env.sh`, `config.env.yml`: code or another format that only starts like a `.env` name. */
const NOT_DOTENV = /\.(?:[cm]?[jt]sx?|py|rb|php|go|sh|bash|zsh|ps1|bat|cmd|json|ya?ml|toml|xml|ini|md|txt)$/;
/** Templates rendered into a Dockerfile: their lines are not instructions yet. */
const TEMPLATE = /\.(?:j2|jinja2?|tmpl|tpl|template|in|erb|mustache|hbs|ejs|m4)$/;

/** Which reader applies to a file, by its name (`undefined`: none of the formats checked here). */
export function malformedKind(path: string): 'json' | 'dotenv' | 'dockerfile' | 'compose' | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (JSON_MANIFESTS.has(base)) return 'json';
  if ((lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) && !NOT_DOTENV.test(lower)) return 'dotenv';
  if (COMPOSE_FILE.test(lower)) return 'compose';
  if (/^(?:dockerfile|containerfile)(?:\.[\w-]+)?$|\.dockerfile$/.test(lower) && !TEMPLATE.test(lower)) return 'dockerfile';
  return undefined;
}

/** The problems of one file, in document order; empty for a well-formed file or one of another kind. */
export function malformedInputProblems(path: string, text: string): InputProblem[] {
  return problemsOf(path, text, () => new SourceFile(path, text));
}

/** `file` is only made for a Dockerfile; the engine passes its own, so the file is read once. */
function problemsOf(path: string, text: string, file: () => SourceFile): InputProblem[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  switch (malformedKind(path)) {
    case 'json': return jsonProblems(base, text);
    case 'dotenv': return dotenvProblems(base, text);
    case 'compose': return composeProblems(base, text);
    case 'dockerfile': return dockerfileProblems(file());
    default: return [];
  }
}

/**
 * The problems as findings, as the engine would give them: no factor (they are about the tool's
 * input), a warning, test files at the configured test-file severity (`off`: none), suppression
 * comments honoured.
 */
export function malformedFileFindings(file: SourceFile, config: EngineConfig, isTest: boolean): Finding[] {
  if (isTest && config.testFileSeverity === 'off') return [];
  const problems = problemsOf(file.path, file.text, () => file);
  if (!problems.length) return [];
  const severity: Severity = isTest ? config.testFileSeverity as Severity : 'warning';
  const suppressions = findSuppressions(file);
  return problems
    .filter(p => !suppressions.isSuppressed(MALFORMED_FILE_ID, file.lineOf(p.start)))
    .map(p => ({ ruleId: MALFORMED_FILE_ID, severity, message: p.message, range: { start: file.positionAt(p.start), end: file.positionAt(Math.max(p.start, p.end)) } }));
}

// ---------------------------------------------------------------------------------------------
// JSON manifests

/**
 * Where a JSON text goes wrong, found by an iterative scanner (no recursion: a hostile file nested
 * a million levels deep cannot overflow the stack), with a message in the project's own words.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: number[] = []; // 123 `{` or 91 `[`
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const fail = (message: string, at = i) => ({ offset: Math.min(at, n), message });
  const comment = () => text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*');
  const unexpected = (what: string) => {
    if (i >= n) return fail(`the file ends where ${what} is expected`);
    if (comment()) return fail('comments are not allowed in JSON');
    if (text[i] === "'") return fail('strings must use double quotes in JSON');
    return fail(`${what} is expected here`);
  };
  /** Past the string starting at i, or a problem. */
  const string = (): ReturnType<typeof fail> | undefined => {
    const open = i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) { i++; return undefined; }
      if (c === 10 || c === 13) return fail('this string is not closed on its line', open);
      if (c < 32) return fail('a control character must be escaped inside a string');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('\\u must be followed by four hexadecimal digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail('this escape sequence is not valid in JSON');
      } else i++;
    }
    return fail('this string is not closed', open);
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) { i++; expectValue = false; continue; }
        stack.push(c.charCodeAt(0));
        if (c === '[') continue; // a value comes next
        // an object: a key comes next
      } else if (c === '"') {
        const p = string();
        if (p) return p;
        expectValue = false;
        continue;
      } else if (c !== undefined && (c === '-' || (c >= '0' && c <= '9'))) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) return fail('this number is not valid JSON');
        i += m[0].length;
        expectValue = false;
        continue;
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) { i += 4; expectValue = false; continue; }
      else if (text.startsWith('false', i)) { i += 5; expectValue = false; continue; }
      else return unexpected('a value');
    } else {
      if (!stack.length) return i < n ? (comment() ? fail('comments are not allowed in JSON') : fail('there is more text after the end of the JSON value')) : undefined;
      const top = stack[stack.length - 1];
      if (text[i] === ',') {
        i++;
        ws();
        if (top === 91) {
          if (text[i] === ']') return fail('a comma before ] is not allowed in JSON');
          expectValue = true;
          continue;
        }
        if (text[i] === '}') return fail('a comma before } is not allowed in JSON');
      } else if ((top === 123 && text[i] === '}') || (top === 91 && text[i] === ']')) {
        i++;
        stack.pop();
        continue;
      } else {
        const want = top === 123 ? "',' or '}'" : "',' or ']'";
        return i >= n ? fail(`the file ends before this ${top === 123 ? 'object' : 'array'} is closed`) : unexpected(want);
      }
    }
    // an object member: "key" : value
    ws();
    if (text[i] !== '"') return unexpected('a property name in double quotes');
    const p = string();
    if (p) return p;
    ws();
    if (text[i] !== ':') return unexpected("':'");
    i++;
    expectValue = true;
  }
}

function jsonProblems(base: string, text: string): InputProblem[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const tool = base === 'composer.json' ? 'Composer' : 'npm';
  if (!body.trim()) return [{ start: 0, end: 0, message: `${base} is empty: ${tool} and the dependency checks need a JSON object here.` }];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const e = jsonSyntaxError(text) ?? { offset: 0, message: 'it is not valid JSON' };
    return [{ start: e.offset, end: Math.min(e.offset + 1, text.length), message: `${base} is not valid JSON: ${e.message}. ${tool} cannot read it, and the dependency checks skip it until it is fixed.` }];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const at = text.length - body.length + (body.length - body.trimStart().length);
    return [{ start: at, end: at + 1, message: `${base} must hold a JSON object ({ "name": ... }). ${tool} cannot use it, and the dependency checks skip it until it is fixed.` }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// .env files, as the `dotenv` package reads them

/** `KEY=value`, `export KEY=value`, `KEY: value` (dotenv's own line shape). */
const DOTENV_PAIR = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*(?:=|:[ \t])/;
/** A name alone: docker's env-file format passes the variable through from the host. */
const DOTENV_BARE_NAME = /^[ \t]*(?:export[ \t]+)?[\w.-]+[ \t]*$/;

/**
 * Lines dotenv skips without a word (not blank, not a comment, not `KEY=value`), and quotes that
 * never close (dotenv then keeps the quote as part of the value). A quoted value that closes on a
 * later line is a multi-line value, as dotenv reads it (a PEM key), and its lines are not checked.
 */
function dotenvProblems(base: string, text: string): InputProblem[] {
  const out: InputProblem[] = [];
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const next = end + 1;
    const lineEnd = end > pos && text[end - 1] === '\r' ? end - 1 : end;
    const line = text.slice(pos, lineEnd);
    const lead = line.length - line.trimStart().length;
    const body = line.trim();
    if (!body || body[0] === '#') { pos = next; continue; }
    const m = DOTENV_PAIR.exec(line);
    if (!m) {
      if (!DOTENV_BARE_NAME.test(line)) {
        out.push({ start: pos + lead, end: pos + lead + body.length, message: `This line of ${base} is not NAME=value, so dotenv skips it and sets no variable from it. Write it as NAME=value, or start it with # to keep it as a comment.` });
      }
      pos = next;
      continue;
    }
    let v = m[0].length;
    while (v < line.length && (line[v] === ' ' || line[v] === '\t')) v++;
    const q = line[v];
    if (q !== '"' && q !== "'" && q !== '`') { pos = next; continue; }
    const close = closingQuote(text, pos + v + 1, q);
    if (close < 0) {
      out.push({ start: pos + v, end: pos + v + 1, message: `The value of ${m[1]} in ${base} opens a quote (${q}) that is never closed, so dotenv keeps the quote as part of the value. Close it at the end of the value.` });
      pos = next;
      continue;
    }
    // a multi-line value: carry on after the line that closes it
    const closeEnd = text.indexOf('\n', close);
    pos = close < end ? next : closeEnd < 0 ? n : closeEnd + 1;
  }
  return out;
}

/**
 * Where a quoted dotenv value that opens just before `from` closes: the first unescaped `q` that
 * only blanks or a `#` comment follow on its line (dotenv's own rule), or -1.
 */
function closingQuote(text: string, from: number, q: string): number {
  for (let i = text.indexOf(q, from); i >= 0; i = text.indexOf(q, i + 1)) {
    if (text[i - 1] === '\\') continue;
    let j = i + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
    if (j >= text.length || text[j] === '\n' || text[j] === '#') return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Compose files

function composeProblems(base: string, text: string): InputProblem[] {
  const { LineCounter, parseAllDocuments, isMap } = yamlLib();
  const out: InputProblem[] = [];
  let docs;
  if (text.length > MAX_YAML_BYTES) return []; // not a compose file anyone wrote; its rules still run
  const deep = yamlTooDeepAt(text);
  if (deep >= 0) return [{ start: deep, end: deep + 1, message: `${base} nests brackets more than ${MAX_YAML_FLOW_DEPTH} levels deep here. Docker Compose cannot use it, and the checks skip it until it is fixed.` }];
  try {
    docs = parseAllDocuments(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
  } catch {
    return [{ start: 0, end: 0, message: `${base} could not be read as YAML. Docker Compose cannot use it, and the checks skip it until it is fixed.` }];
  }
  const list = Array.isArray(docs) ? docs : [docs];
  // the first YAML error is the one to fix; the rest usually follow from it
  const errors = list.flatMap(d => d.errors);
  const e = errors[0];
  if (e) {
    // yaml's messages name the problem, never the text around it; keep the first sentence only
    const what = e.message.split('\n')[0].replace(/[.:]\s*$/, '');
    // yaml points some problems at the indentation before them: start at the text instead
    let start = Math.min(e.pos[0], text.length);
    if (e.code !== 'TAB_AS_INDENT') while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more after it)` : '';
    out.push({ start, end: Math.min(Math.max(e.pos[1], start), text.length), message: `${base} is not valid YAML: ${lowerFirst(what)}${more}. Docker Compose cannot read it, and the checks skip it until it is fixed.` });
  }
  if (!out.length) {
    const d = list[0];
    if (d?.contents && !isMap(d.contents)) {
      const at = d.contents.range?.[0] ?? 0;
      out.push({ start: at, end: at + 1, message: `${base} must be a mapping with top-level keys such as services:, so Docker Compose cannot use it.` });
    }
  }
  return out;
}

function lowerFirst(s: string): string {
  return s && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') ? s[0].toLowerCase() + s.slice(1) : s;
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles

const INSTRUCTIONS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME',
  'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/**
 * Instructions Docker stops at: an unknown keyword ("unknown instruction"), and the first
 * instruction other than ARG before any FROM ("no build stage in current context").
 */
function dockerfileProblems(file: SourceFile): InputProblem[] {
  const out: InputProblem[] = [];
  let seenFrom = false, reportedEarly = false;
  for (const ins of readDockerfile(file).instructions) {
    const k = ins.keyword;
    if (!INSTRUCTIONS.has(k)) {
      // the keyword is the run of letters at the start of the line; a long one is not echoed
      const shown = k.length <= 16 ? ` ${k}` : '';
      out.push({ start: ins.start, end: ins.start + k.length, message: `Docker does not know the instruction${shown} and stops the build here. Check its spelling, or join the line to the one above with a trailing \\.` });
      continue;
    }
    if (k === 'FROM') seenFrom = true;
    else if (!seenFrom && k !== 'ARG' && !reportedEarly) {
      reportedEarly = true;
      out.push({ start: ins.start, end: ins.start + k.length, message: `${k} comes before the first FROM, so Docker stops the build here (no build stage yet). Start the Dockerfile with FROM; only ARG may come before it.` });
    }
  }
  return out;
}
