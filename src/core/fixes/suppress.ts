/**
 * "Disable <rule-id> for this line" and "for this file": a `twelve-factor-disable-next-line` comment
 * on a new line above the finding (same indentation), or a `twelve-factor-disable-file` comment at
 * the top of the file, below whatever must stay first (a shebang, `<?php`, an XML declaration,
 * Python/Ruby magic comments, Dockerfile parser directives). Written in the file's own comment
 * syntax and line ending. Plain JSON has no comments, so it gets neither; JSONC does.
 */
import { lineCommentPrefix } from '../languages';
import { TokenKind } from '../lexer';
import { SourceFile } from '../source';
import { Finding, Fix } from '../types';
import { eolOf } from './scan';

interface CommentSyntax { open: string; close: string }

/** JSON files whose tools accept comments even without a `.jsonc` name. */
const JSONC_NAMES = /^(?:[tj]sconfig(?:\.[\w-]+)?\.json|devcontainer\.json|\.eslintrc\.json)$/;
const JSONC_DIRS = /(?:^|\/)\.(?:vscode|devcontainer)\//;
/** Families where a line ending in `\` continues onto the next one, so no line may be put between. */
const CONTINUED_BY_BACKSLASH = new Set(['python', 'ruby', 'shell', 'properties', 'dotenv', 'toml', 'ini', 'generic']);
const MAGIC_COMMENT = /^#.*(?:coding[:=]|frozen_string_literal|warn_indent|shareable_constant_value)/;
const DOCKER_DIRECTIVE = /^#\s*(?:syntax|escape|check)\s*=/i;

function commentSyntax(file: SourceFile): CommentSyntax | undefined {
  if (file.family === 'xml') return { open: '<!--', close: ' -->' };
  if (file.family === 'json') {
    const jsonc = file.languageId === 'jsonc' || /\.json[c5]$/.test(file.baseName) || JSONC_NAMES.test(file.baseName) || JSONC_DIRS.test(file.path);
    return jsonc ? { open: '//', close: '' } : undefined;
  }
  const prefix = lineCommentPrefix(file.family);
  return prefix ? { open: prefix, close: '' } : undefined;
}

export function suppressionFixes(file: SourceFile, finding: Finding): Fix[] {
  const id = finding.ruleId;
  if (id.startsWith('twelve-factor/')) return [];
  const syntax = commentSyntax(file);
  if (!syntax) return [];
  const out: Fix[] = [];
  const line = lineFix(file, finding, syntax);
  if (line) out.push(line);
  const whole = fileFix(file, id, syntax);
  if (whole) out.push(whole);
  return out;
}

/** Single-file components: only their `<script>` blocks are code with `//` comments. */
function isComponent(file: SourceFile): boolean {
  return file.languageId === 'vue' || file.languageId === 'svelte' || /\.(?:vue|svelte)$/.test(file.baseName);
}

/** Whether `pos` is inside a `<script>` block of a component file. */
function inScriptBlock(text: string, pos: number): boolean {
  const head = text.slice(0, pos);
  return head.lastIndexOf('<script') > head.lastIndexOf('</script');
}

function lineFix(file: SourceFile, finding: Finding, syntax: CommentSyntax): Fix | undefined {
  const text = file.text, code = file.codeText;
  const line = file.lineOf(finding.range.start.offset);
  // after a byte order mark, which must stay first
  const lineStart = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : file.lineStarts[line];
  // a line inside a multi-line literal: a comment there would become part of the value
  const t = file.tokenAt(lineStart);
  if (t && t.start < lineStart) return undefined;
  if (line > 0 && CONTINUED_BY_BACKSLASH.has(file.family) && /\\\r?$/.test(file.lineText(line - 1))) return undefined;
  if (file.family === 'xml' && insideXmlTag(file, lineStart)) return undefined;
  if (file.family === 'php' && !inPhpCode(code, lineStart)) return undefined;
  if (isComponent(file) && !inScriptBlock(text, lineStart)) return undefined;
  const indent = /^[ \t]*/.exec(file.lineText(line))![0];
  let { open, close } = syntax;
  if (file.family === 'js' && jsxChildLine(file, line)) { open = '{/*'; close = ' */}'; }
  const eol = eolOf(text);
  return {
    title: `Disable ${finding.ruleId} for this line`,
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}${open} twelve-factor-disable-next-line ${finding.ruleId}${close}${eol}` }],
    safe: false,
  };
}

function fileFix(file: SourceFile, id: string, syntax: CommentSyntax): Fix | undefined {
  const text = file.text;
  const eol = eolOf(text);
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const nextLine = (p: number) => { const nl = text.indexOf('\n', p); return nl < 0 ? text.length : nl + 1; };
  const lineAt = (p: number) => { const nl = text.indexOf('\n', p); return text.slice(p, nl < 0 ? text.length : nl).replace(/\r$/, ''); };
  if (text.startsWith('#!', pos) && !text.startsWith('#![', pos)) pos = nextLine(pos);
  if (isComponent(file)) {
    // inside the first <script> block, the only place a comment is one
    const open = text.indexOf('<script');
    const tagEnd = open < 0 ? -1 : text.indexOf('>', open);
    if (tagEnd < 0) return undefined;
    pos = nextLine(tagEnd);
  }
  let comment = `${syntax.open} twelve-factor-disable-file ${id}${syntax.close}`;
  switch (file.family) {
    case 'php':
      if (/^<\?php\b/.test(text.slice(pos, pos + 6))) pos = nextLine(pos);
      else comment = `<?php ${comment} ?>`;
      break;
    case 'xml':
      if (text.startsWith('<?xml', pos)) {
        const end = text.indexOf('?>', pos);
        if (end >= 0) pos = nextLine(end);
      }
      break;
    case 'python': case 'ruby':
      while (pos < text.length && MAGIC_COMMENT.test(lineAt(pos))) pos = nextLine(pos);
      break;
    case 'dockerfile':
      while (pos < text.length && DOCKER_DIRECTIVE.test(lineAt(pos))) pos = nextLine(pos);
      break;
  }
  const needsBreak = pos === text.length && pos > 0 && !text.endsWith('\n');
  return {
    title: `Disable ${id} for this file`,
    edits: [{ start: pos, end: pos, newText: `${needsBreak ? eol : ''}${comment}${eol}` }],
    safe: false,
  };
}

/** Whether `pos` is inside an XML start tag that spans lines (`<appender name="x"\n class="...">`). */
function insideXmlTag(file: SourceFile, pos: number): boolean {
  const code = file.codeText;
  for (let i = pos - 1; i >= 0; i--) {
    const c = code[i];
    if (c === '"' || c === "'") {
      const t = file.tokenAt(i);
      if (t && t.kind === TokenKind.String) { i = t.start; continue; }
    }
    if (c === '>') return false;
    if (c === '<') return true;
  }
  return false;
}

/** Whether `pos` is PHP code rather than the HTML around it. */
function inPhpCode(code: string, pos: number): boolean {
  const head = code.slice(0, pos);
  const open = Math.max(head.lastIndexOf('<?php'), head.lastIndexOf('<?='));
  if (open < 0) return false;
  const close = code.indexOf('?>', open);
  return close < 0 || close >= pos;
}

/** A JSX child element line (after a line ending in `>`), where a comment must be a JSX expression container. */
function jsxChildLine(file: SourceFile, line: number): boolean {
  if (!/^\s*</.test(file.lineText(line))) return false;
  for (let l = line - 1; l >= 0; l--) {
    const prev = file.codeText.slice(file.lineStarts[l], file.lineStarts[l] + file.lineText(l).length).trimEnd();
    if (prev === '') continue;
    return prev.endsWith('>') && !prev.endsWith('=>');
  }
  return false;
}
