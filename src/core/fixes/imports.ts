/**
 * The import a replacement needs (`import os`, `"os"`, `using System;`), added where the
 * language and its conventions put it, or nothing when the file already has it.
 */
import { TokenKind } from '../lexer';
import { SourceFile } from '../source';
import { TextEdit } from '../types';
import { closingBracket } from '../codeScan';
import { eolOf } from './scan';

const PY_IMPORT_LINE = /^import[ \t]+([^\n;#]+)/gm;
const PY_FUTURE = /^from[ \t]+__future__[ \t]+import\b/;
const PY_TOP_IMPORT = /^(?:import|from)[ \t]/gm;
const PY_PLAIN_IMPORT = /^import[ \t]+([\w.]+)[ \t]*$/;

/** Whether a top-level `import x` (or `import x.y`, `import a, x`) binds the name `module`. */
export function pythonBinds(file: SourceFile, module: string): boolean {
  const code = file.codeText;
  if (code.indexOf(module) < 0) return false;
  PY_IMPORT_LINE.lastIndex = 0;
  for (const m of code.matchAll(PY_IMPORT_LINE)) {
    for (const item of m[1].split(',')) {
      const parts = item.trim().split(/\s+/);
      if (parts.length === 1 && parts[0].split('.')[0] === module) return true;
      if (parts.length === 3 && parts[1] === 'as' && parts[2] === module) return true;
    }
  }
  return false;
}

/**
 * Where a new top-level Python import goes: after the shebang, encoding line and other leading
 * comments, the module docstring and `from __future__` imports; before the first top-level import
 * when there is one before `before`, so the new line joins the existing block.
 */
function pythonImportPoint(file: SourceFile, module: string, before: number): number {
  const text = file.text;
  const code = file.codeText;
  let pos = bomLength(text);
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
    if (pos >= text.length) break;
    const t = file.tokenAt(pos);
    if (t && t.kind === TokenKind.Comment && t.start === pos) { pos = lineEndAfter(text, t.end); continue; }
    if (PY_FUTURE.test(code.slice(pos, pos + 40)) && file.lineStarts[file.lineOf(pos)] === pos) {
      let end = pos;
      for (;;) {
        const nl = text.indexOf('\n', end);
        const lineEnd = nl < 0 ? text.length : nl;
        const paren = code.indexOf('(', end);
        if (paren >= 0 && paren < lineEnd) {
          const close = closingBracket(file, paren, 4000);
          end = close < 0 ? text.length : close + 1;
          continue;
        }
        if (code.slice(end, lineEnd).trimEnd().endsWith('\\') && nl >= 0) { end = nl + 1; continue; }
        end = lineEnd;
        break;
      }
      pos = lineEndAfter(text, end);
      continue;
    }
    break;
  }
  const point = Math.max(bomLength(text), Math.min(file.lineStarts[file.lineOf(Math.min(pos, text.length))], text.length));
  PY_TOP_IMPORT.lastIndex = point;
  let m: RegExpExecArray | null;
  while ((m = PY_TOP_IMPORT.exec(code)) && m.index < before) {
    if (file.tokenAt(m.index)) continue;
    if (!PY_FUTURE.test(code.slice(m.index, m.index + 40))) return sortedPosition(file, m.index, module, before);
  }
  return pos >= text.length ? text.length : point;
}

/** In a run of plain `import x` lines starting at `start`, the line `import <module>` sorts before. */
function sortedPosition(file: SourceFile, start: number, module: string, before: number): number {
  let pos = start;
  while (pos < before) {
    const m = PY_PLAIN_IMPORT.exec(file.lineText(file.lineOf(pos)));
    if (!m || m[1] > module) return pos;
    const next = lineEndAfter(file.text, pos);
    if (next >= file.text.length) return pos;
    pos = next;
  }
  return start;
}

/** 1 when the text starts with a byte order mark, which must stay first. */
function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The offset after the line break that ends the line holding `pos` (or the end of the text). */
function lineEndAfter(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/** `import <module>` for a Python file, unless the name is already bound at the top level. */
export function pythonImport(file: SourceFile, module: string, before: number): TextEdit | undefined {
  if (pythonBinds(file, module)) return undefined;
  const at = pythonImportPoint(file, module, before);
  const eol = eolOf(file.text);
  const needsBreak = at === file.text.length && at > 0 && !file.text.endsWith('\n');
  return { start: at, end: at, newText: `${needsBreak ? eol : ''}import ${module}${eol}` };
}

const GO_PACKAGE = /^package[ \t]+\w+[^\n]*/m;
const GO_IMPORT = /^import[ \t]*(\(|(?:[\w.]+[ \t]+)?"[^"\n]*")/gm;
const GO_SPEC = /^[ \t]*(?:([\w.]+)[ \t]+)?"([^"\n]+)"/;

/**
 * `"<path>"` added to a Go file's imports: into the first import block in sorted position within its
 * first group, or by turning a single `import "x"` into a block; `import "<path>"` after the package
 * clause when there is no import at all. Nothing when the package is already imported by its own name.
 */
export function goImport(file: SourceFile, path: string): TextEdit | undefined {
  // one answer per file and package: every fix in a file asks the same (fix all, one per literal)
  let byPath = goImports.get(file);
  if (!byPath) goImports.set(file, byPath = new Map());
  if (!byPath.has(path)) byPath.set(path, goImportEdit(file, path));
  return byPath.get(path);
}

const goImports = new WeakMap<SourceFile, Map<string, TextEdit | undefined>>();

function goImportEdit(file: SourceFile, path: string): TextEdit | undefined {
  const code = file.codeText;
  const eol = eolOf(file.text);
  const pkg = path.slice(path.lastIndexOf('/') + 1);
  const imports: { start: number; end: number; block: boolean }[] = [];
  GO_IMPORT.lastIndex = 0;
  for (const m of code.matchAll(GO_IMPORT)) {
    const start = m.index!;
    if (m[1] === '(') {
      const close = closingBracket(file, start + m[0].length - 1, 20000);
      if (close < 0) return undefined;
      imports.push({ start, end: close + 1, block: true });
    } else {
      imports.push({ start, end: start + m[0].length, block: false });
    }
  }
  for (const imp of imports) {
    const body = code.slice(imp.start + 'import'.length, imp.end).replace(/^[ \t]*\(/, '').replace(/\)$/, '');
    for (const spec of body.split(/[\n;]/)) {
      const s = GO_SPEC.exec(spec);
      if (s && s[2] === path && (s[1] === undefined || s[1] === pkg)) return undefined;
    }
  }
  const line = `"${path}"`;
  const block = imports.find(i => i.block);
  if (block) {
    const open = code.indexOf('(', block.start);
    const inner = code.slice(open + 1, block.end - 1);
    if (inner.indexOf('\n') < 0) return { start: open + 1, end: open + 1, newText: `${line}; ` };
    // the lines of the first group (up to the first blank line)
    let pos = code.indexOf('\n', open) + 1;
    let lastEnd = -1, indent = '\t';
    while (pos > 0 && pos < block.end - 1) {
      const nl = code.indexOf('\n', pos);
      const lineEnd = nl < 0 ? code.length : nl;
      const lineText = code.slice(pos, lineEnd).replace(/\r$/, '');
      if (lineText.trim() === '') { if (lastEnd >= 0) break; pos = lineEnd + 1; continue; }
      const s = GO_SPEC.exec(lineText);
      if (!s) break;
      indent = /^[ \t]*/.exec(lineText)![0];
      if (s[2] > path) return { start: pos, end: pos, newText: `${indent}${line}${eol}` };
      lastEnd = lineEnd + 1;
      pos = lineEnd + 1;
    }
    const at = lastEnd >= 0 ? lastEnd : code.indexOf('\n', open) + 1;
    return { start: at, end: at, newText: `${indent}${line}${eol}` };
  }
  const single = imports[0];
  if (single) {
    const spec = code.slice(single.start + 'import'.length, single.end).trim();
    const existing = GO_SPEC.exec(spec)!;
    const specs = existing[2] < path ? [spec, line] : [line, spec];
    return { start: single.start, end: single.end, newText: `import (${eol}${specs.map(s => `\t${s}${eol}`).join('')})` };
  }
  const p = GO_PACKAGE.exec(code);
  if (!p) return undefined;
  const at = p.index + p[0].replace(/\r$/, '').length;
  return { start: at, end: at, newText: `${eol}${eol}import ${line}` };
}

/** A using directive (not a `using (...)` or `using var` statement), on a line with its indentation removed. */
const CS_USING = /^(global\s+)?using\s+(?:static\s+)?[\w.]+\s*(?:=[^;=]+)?;/;
const CS_USING_SYSTEM = /^(?:global\s+)?using\s+System\s*;/;

/**
 * `using System;` for a C# file that has using directives but not that one: before the first
 * non-global using (global usings must come first), else after the last global one. A file
 * without usings relies on implicit usings and gets nothing.
 */
export function csharpUsingSystem(file: SourceFile): TextEdit | undefined {
  const code = file.codeText;
  if (code.indexOf('using') < 0) return undefined;
  const eol = eolOf(file.text);
  const directives: { start: number; indent: string; global: boolean }[] = [];
  for (let line = 0; line < file.lineStarts.length; line++) {
    const start = file.lineStarts[line] + (line === 0 ? bomLength(code) : 0);
    const text = code.slice(start, file.lineStarts[line] + file.lineText(line).length);
    const indent = /^[ \t]*/.exec(text)![0];
    const body = text.slice(indent.length);
    if (CS_USING_SYSTEM.test(body)) return undefined;
    const m = CS_USING.exec(body);
    if (m && !file.tokenAt(start)) directives.push({ start, indent, global: !!m[1] });
  }
  const first = directives.find(d => !d.global);
  if (first) return { start: first.start, end: first.start, newText: `${first.indent}using System;${eol}` };
  const lastGlobal = directives[directives.length - 1];
  if (!lastGlobal) return undefined;
  const line = file.lineOf(lastGlobal.start);
  const next = file.lineStarts[line + 1];
  if (next !== undefined) return { start: next, end: next, newText: `${lastGlobal.indent}using System;${eol}` };
  return { start: file.text.length, end: file.text.length, newText: `${eol}${lastGlobal.indent}using System;` };
}
