/**
 * Reading dependency manifests for the dependency rules, without a parser per ecosystem:
 * package.json / composer.json members with their offsets (validated with JSON.parse first, so a
 * malformed file yields nothing rather than a guess: malformed.ts reports malformed files),
 * requirements.txt lines, TOML tables by simple line scanning (pyproject.toml, Cargo.toml,
 * Pipfile), and the folder arithmetic lockfile checks need. Nothing here throws.
 */

/** The parsed JSON object, or undefined when the text is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    // npm and composer accept a byte order mark; JSON.parse does not
    const v: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `obj[key]` is an object with at least one member. */
export function hasMembers(obj: Record<string, unknown>, key: string): boolean {
  const v = obj[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length > 0;
}

export interface JsonMember {
  /** The top-level key the member sits under (`dependencies`). */
  section: string;
  name: string;
  value: string;
  /** The value's string literal: quotes included (start/end) and its contents (valueStart/valueEnd). */
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * The string-valued members of the top-level objects named `sections` (`dependencies`,
 * `devDependencies`...), with offsets. Empty for malformed JSON.
 */
export function jsonStringMembers(text: string, sections: readonly string[]): JsonMember[] {
  if (!parseJsonObject(text)) return [];
  const out: JsonMember[] = [];
  let i = ws(text, 0);
  if (text[i] !== '{') return out;
  i = ws(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = stringEnd(text, i);
    const key = decode(text, i, keyEnd);
    i = ws(text, ws(text, keyEnd) + 1); // past ':'
    if (text[i] === '{' && sections.includes(key)) {
      i = ws(text, i + 1);
      while (i < text.length && text[i] !== '}') {
        const nameEnd = stringEnd(text, i);
        const name = decode(text, i, nameEnd);
        const v = ws(text, ws(text, nameEnd) + 1);
        const vEnd = valueEnd(text, v);
        if (text[v] === '"') out.push({ section: key, name, value: decode(text, v, vEnd), start: v, end: vEnd, valueStart: v + 1, valueEnd: vEnd - 1 });
        i = ws(text, vEnd);
        if (text[i] === ',') i = ws(text, i + 1);
      }
      i = ws(text, i + 1);
    } else {
      i = ws(text, valueEnd(text, i));
    }
    if (text[i] === ',') i = ws(text, i + 1);
  }
  return out;
}

function ws(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r' || s[i] === '\ufeff')) i++;
  return i;
}

/** The index after the string literal starting at `i`. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, s.length);
}

function decode(s: string, start: number, end: number): string {
  try { return String(JSON.parse(s.slice(start, end))); } catch { return s.slice(start + 1, end - 1); }
}

/** The index after the JSON value starting at `i` (the text is known to be valid JSON). */
function valueEnd(s: string, i: number): number {
  if (s[i] === '"') return stringEnd(s, i);
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0, j = i;
    while (j < s.length) {
      const c = s[j];
      if (c === '"') { j = stringEnd(s, j); continue; }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { if (--depth === 0) return j + 1; }
      j++;
    }
    return s.length;
  }
  let j = i;
  while (j < s.length && s[j] !== ',' && s[j] !== '}' && s[j] !== ']' && s[j] !== ' ' && s[j] !== '\n' && s[j] !== '\r' && s[j] !== '\t') j++;
  return j;
}

// ---------------------------------------------------------------------------------------------
// requirements.txt

export interface RequirementLine {
  /** Offset of the line. */
  start: number;
  /** The distribution name and its offsets (undefined for URL and path lines). */
  name?: string;
  nameStart: number;
  nameEnd: number;
  /** What follows the name and its extras, up to an environment marker or comment (`>=2,<3`). */
  spec: string;
  /** A direct URL (`git+https://...@sha`, `name @ https://...`), when the line has one. */
  url?: string;
}

const REQ_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*/;

/**
 * The requirement lines of a requirements file: options (`-r`, `-e`, `--index-url`), comments and
 * blank lines are left out; continuation lines (`\`) are joined to the line they continue.
 */
export function requirementLines(text: string): RequirementLine[] {
  const out: RequirementLine[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    let part = text.slice(pos, end).replace(/\r$/, '');
    const start = pos;
    pos = end + 1;
    // a continued line: the requirement goes on below
    const parts: string[] = [];
    while (part.endsWith('\\') && pos < text.length) {
      parts.push(part.slice(0, -1));
      const nl2 = text.indexOf('\n', pos);
      const e2 = nl2 < 0 ? text.length : nl2;
      part = text.slice(pos, e2).replace(/\r$/, '');
      pos = e2 + 1;
    }
    parts.push(part);
    const line = parts.join(' ');
    const hash = line.search(/(?:^|\s)#/);
    const body = (hash >= 0 ? line.slice(0, hash) : line);
    const lead = body.length - body.trimStart().length;
    const req = body.trim();
    if (!req || req.startsWith('-')) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(req) || /^(?:git|hg|svn|bzr)\+/i.test(req)) {
      out.push({ start, nameStart: start + lead, nameEnd: start + lead + req.length, spec: '', url: req.split(/\s/)[0] });
      continue;
    }
    if (/^[.~/]/.test(req) || /\.(?:whl|tar\.gz|zip)$/i.test(req)) continue; // local paths and archives
    const m = REQ_NAME.exec(req);
    if (!m) continue;
    let nameLen = m[0].length;
    while (nameLen > 1 && '._-'.includes(m[0][nameLen - 1])) nameLen--;
    const name = m[0].slice(0, nameLen);
    let rest = req.slice(name.length).trimStart();
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      rest = close < 0 ? '' : rest.slice(close + 1).trimStart();
    }
    const semi = rest.indexOf(';');
    let spec = (semi >= 0 ? rest.slice(0, semi) : rest).trim();
    let url: string | undefined;
    if (spec.startsWith('@')) { url = spec.slice(1).trim(); spec = ''; }
    out.push({ start, name, nameStart: start + lead, nameEnd: start + lead + name.length, spec, url });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// TOML by lines

export interface TomlTable {
  /** The table's name as written, without brackets or spaces around dots (`tool.poetry.dependencies`). */
  name: string;
  /** `[[bin]]` */
  array: boolean;
  /** Offsets of the header line and of the table's body. */
  start: number;
  bodyStart: number;
  bodyEnd: number;
}

export interface TomlPair {
  key: string;
  keyStart: number;
  /** The value as written up to the end of its line or a comment, and its offsets. */
  value: string;
  valueStart: number;
  valueEnd: number;
}

const TOML_HEADER = /^[ \t]*(\[\[?)([^\]\n#]*)\]\]?[ \t]*(?:#.*)?$/;

/** The tables of a TOML text in order; the root table (before any header) has the name ''. */
export function tomlTables(text: string): TomlTable[] {
  const out: TomlTable[] = [{ name: '', array: false, start: 0, bodyStart: 0, bodyEnd: text.length }];
  let pos = 0;
  let inMultiline = '';
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    // multi-line strings may hold lines that look like headers
    const quotes = line.match(/"""|'''/g);
    if (quotes && quotes.length % 2 === 1) inMultiline = inMultiline ? '' : quotes[0];
    else if (!inMultiline) {
      const m = line.indexOf('[') >= 0 ? TOML_HEADER.exec(line) : null;
      // `["a"]` alone on a line inside a multi-line array is a value, not a header
      if (m && m[2].trim() && m[2].indexOf(',') < 0 && m[2].trim()[0] !== '"') {
        out[out.length - 1].bodyEnd = pos;
        out.push({ name: m[2].trim().split('.').map(p => p.trim()).join('.'), array: m[1] === '[[', start: pos, bodyStart: Math.min(end + 1, text.length), bodyEnd: text.length });
      }
    }
    pos = end + 1;
  }
  return out;
}

const TOML_PAIR = /^[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_.-]+)[ \t]*=[ \t]*/;

/** `key = value` lines of a table's body (values on one line; the rest of a multi-line value is skipped). */
export function tomlPairs(text: string, table: TomlTable): TomlPair[] {
  const out: TomlPair[] = [];
  let pos = table.bodyStart;
  while (pos < table.bodyEnd) {
    const nl = text.indexOf('\n', pos);
    const end = Math.min(nl < 0 ? text.length : nl, table.bodyEnd);
    const line = text.slice(pos, end).replace(/\r$/, '');
    const m = TOML_PAIR.exec(line);
    if (m) {
      const raw = m[1];
      const key = raw[0] === '"' || raw[0] === "'" ? raw.slice(1, -1) : raw;
      let value = line.slice(m[0].length);
      const hash = valueComment(value);
      if (hash >= 0) value = value.slice(0, hash);
      value = value.trimEnd();
      out.push({ key, keyStart: pos + m.index + (line.length - line.trimStart().length), value, valueStart: pos + m[0].length, valueEnd: pos + m[0].length + value.length });
    }
    pos = end + 1;
  }
  return out;
}

/** Where a `#` comment starts in a TOML value (outside quotes), or -1. */
function valueComment(v: string): number {
  let q = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (q) { if (c === '\\' && q === '"') i++; else if (c === q) q = ''; }
    else if (c === '"' || c === "'") q = c;
    else if (c === '#') return i;
  }
  return -1;
}

/** A TOML basic or literal string's contents, or undefined when the value is not a single string. */
export function tomlString(value: string): string | undefined {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] && v.indexOf(v[0], 1) === v.length - 1) return v.slice(1, -1);
  return undefined;
}

/** Whether a table (by exact name, or a name starting with `prefix.`) exists. */
export function hasTable(tables: readonly TomlTable[], name: string, orChildren = true): boolean {
  return tables.some(t => t.name === name || (orChildren && t.name.startsWith(name + '.')));
}

// ---------------------------------------------------------------------------------------------
// Folders

/** The folder of a project path ('' at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last part of a path (`/usr/bin/pip3` -> `pip3`). */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** `dir` joined with a file name. */
export function inDir(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The folders above `dir`, nearest first, ending with the root (''); `dir` itself is not included. */
export function parentDirs(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  while (d) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}
