/**
 * "Log to stdout": rewrites a file logging call into its stdout form where the library has a
 * drop-in one and the rewrite cannot break the code:
 *   Python  logging.FileHandler(...) / RotatingFileHandler / TimedRotatingFileHandler / WatchedFileHandler
 *           -> logging.StreamHandler(sys.stdout); basicConfig(filename=, filemode=) -> basicConfig(stream=sys.stdout)
 *   winston new winston.transports.File({...}) -> new winston.transports.Console()
 *   Go      log.SetOutput(f) -> log.SetOutput(os.Stdout), when f is still used elsewhere (Go rejects unused variables)
 *   Ruby    Logger.new('log/app.log', ...) -> Logger.new($stdout), keyword options kept
 *   Monolog new StreamHandler('/path/app.log', ...) -> new StreamHandler('php://stdout', ...)
 *   Serilog .WriteTo.File(...) -> .WriteTo.Console(); safe only when the console sink is known to be referenced
 * Every other finding of the rule gets no rewrite.
 */
import { codeWithoutStrings, topLevelArgs } from '../codeScan';
import { Project } from '../project';
import { SourceFile } from '../source';
import { Finding, Fix, TextEdit } from '../types';
import { goImport, pythonBinds, pythonImport } from './imports';
import { Call, callAfter, calleeBefore, enclosure, isIdentChar, prevNonSpace } from './scan';

export const LOG_RULE_ID = 'logs/file-logging';
const TITLE = 'Log to stdout';

export function logToStdout(file: SourceFile, finding: Finding, project: Project | undefined): Fix | undefined {
  if (finding.ruleId !== LOG_RULE_ID) return undefined;
  const at = finding.range.start.offset;
  let edits: TextEdit[] | undefined;
  let safe = true;
  switch (file.family) {
    case 'python': edits = pythonHandler(file, at) ?? pythonBasicConfig(file, at); break;
    case 'js': edits = winston(file, at); break;
    case 'go': edits = goSetOutput(file, at); break;
    case 'ruby': edits = rubyLogger(file, at); break;
    case 'php': edits = monolog(file, at); break;
    case 'csharp':
      edits = serilog(file, at);
      safe = consoleSinkReferenced(file, project);
      break;
    default: return undefined;
  }
  if (!edits) return undefined;
  edits.sort((a, b) => a.start - b.start);
  return { title: TITLE, edits, safe };
}

interface Arg { start: number; end: number; text: string }

/** The call's top-level arguments, trimmed. */
function args(file: SourceFile, call: Call): Arg[] {
  return topLevelArgs(file, call.open + 1, call.close).map(a => {
    let s = a.start, e = a.end;
    const code = file.codeText;
    while (s < e && /\s/.test(code[s])) s++;
    while (e > s && /\s/.test(code[e - 1])) e--;
    return { start: s, end: e, text: code.slice(s, e) };
  }).filter(a => a.end > a.start);
}

function wordBefore(code: string, pos: number, word: string): boolean {
  const i = prevNonSpace(code, pos);
  return i >= word.length - 1 && code.slice(i - word.length + 1, i + 1) === word && !isIdentChar(code[i - word.length]);
}

// ---------------------------------------------------------------------------------------------
// Python

const PY_HANDLER = /^(?:logging\.)?(?:handlers\.)?(?:Timed)?(?:Rotating|Watched)?FileHandler(?=\s*\()/;
const PY_FROM_LOGGING = /^from[ \t]+logging[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm;

/** How this file can name logging.StreamHandler, and the import that makes it so. */
function streamHandlerName(file: SourceFile, before: number): { name: string; imports: TextEdit[] } {
  if (pythonBinds(file, 'logging')) return { name: 'logging.StreamHandler', imports: [] };
  PY_FROM_LOGGING.lastIndex = 0;
  for (const m of file.codeText.matchAll(PY_FROM_LOGGING)) {
    if (m[1].replace(/[()]/g, '').split(',').some(n => n.trim() === 'StreamHandler')) return { name: 'StreamHandler', imports: [] };
  }
  const imp = pythonImport(file, 'logging', before);
  return { name: 'logging.StreamHandler', imports: imp ? [imp] : [] };
}

/** The import edits for `sys` (and `logging`), merged into one insertion when they land together. */
function withSys(file: SourceFile, before: number, imports: TextEdit[]): TextEdit[] {
  const sys = pythonImport(file, 'sys', before);
  if (!sys) return imports;
  const same = imports.find(e => e.start === sys.start && e.end === sys.end);
  if (same) return [...imports.filter(e => e !== same), { start: sys.start, end: sys.end, newText: same.newText + sys.newText.replace(/^\r?\n/, '') }];
  return [...imports, sys];
}

function pythonHandler(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  if (code[at - 1] === '.' || isIdentChar(code[at - 1])) return undefined;
  const m = PY_HANDLER.exec(code.slice(at, at + 80));
  if (!m) return undefined;
  const call = callAfter(file, at + m[0].length);
  if (!call) return undefined;
  const handler = streamHandlerName(file, at);
  return [{ start: at, end: call.close + 1, newText: `${handler.name}(sys.stdout)` }, ...withSys(file, at, handler.imports)];
}

function pythonBasicConfig(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  const open = enclosure(file, at).openers[0];
  if (!open || open.ch !== '(' || !/(?:^|\.)basicConfig$/.test(calleeBefore(code, open.pos).name)) return undefined;
  const call = callAfter(file, open.pos);
  if (!call) return undefined;
  const list = args(file, call);
  const kw = (name: string) => list.findIndex(a => new RegExp(`^${name}\\s*=(?!=)`).test(a.text));
  const filename = kw('filename'), filemode = kw('filemode');
  if (filename < 0 || kw('stream') >= 0 || kw('handlers') >= 0 || list.some(a => a.text.startsWith('*'))) return undefined;
  const edits: TextEdit[] = [{ start: list[filename].start, end: list[filename].end, newText: 'stream=sys.stdout' }];
  if (filemode >= 0) {
    edits.push(filemode > 0
      ? { start: list[filemode - 1].end, end: list[filemode].end, newText: '' }
      : { start: list[0].start, end: list[1].start, newText: '' });
  }
  return [...edits, ...withSys(file, at, [])];
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript: winston

const WINSTON_FILE = /^((?:[A-Za-z_$][\w$]*\.)*transports\.)File\b/;

function winston(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  const m = WINSTON_FILE.exec(code.slice(at, at + 120));
  if (!m || !wordBefore(code, at, 'new') || code[at - 1] === '.') return undefined;
  const nameStart = at + m[1].length;
  const call = callAfter(file, nameStart + 'File'.length);
  if (!call) return undefined;
  return [{ start: nameStart, end: call.close + 1, newText: 'Console()' }];
}

// ---------------------------------------------------------------------------------------------
// Go: log.SetOutput(f)

const GO_SET_OUTPUT = /^[A-Za-z_]\w*\s*\.\s*SetOutput(?=\s*\()/;
const GO_IDENT = /[A-Za-z_]\w*/g;

function goSetOutput(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  const m = GO_SET_OUTPUT.exec(code.slice(at, at + 80));
  if (!m) return undefined;
  const call = callAfter(file, at + m[0].length);
  if (!call) return undefined;
  const list = args(file, call);
  if (list.length !== 1) return undefined;
  const arg = list[0];
  // every variable the argument mentions must keep a use, or the program no longer compiles
  const plain = codeWithoutStrings(file, 0, code.length);
  GO_IDENT.lastIndex = 0;
  for (const id of arg.text.matchAll(GO_IDENT)) {
    const i = arg.start + id.index!;
    if (code[i - 1] === '.' || /^\s*\./.test(code.slice(i + id[0].length, i + id[0].length + 4))) continue; // a package or a field
    if (!usedElsewhere(plain, id[0], arg)) return undefined;
  }
  const edits: TextEdit[] = [{ start: arg.start, end: arg.end, newText: 'os.Stdout' }];
  const imp = goImport(file, 'os');
  if (imp) edits.push(imp);
  return edits;
}

/** Whether `name` is read somewhere outside `skip`: not only declared or assigned to. */
function usedElsewhere(plain: string, name: string, skip: { start: number; end: number }): boolean {
  const re = new RegExp(`(?<![\\w.])${name}\\b`, 'g');
  for (const m of plain.matchAll(re)) {
    const i = m.index!;
    if (i >= skip.start && i < skip.end) continue;
    const after = plain.slice(i + name.length, i + name.length + 80);
    if (/^\s*(?:,\s*[A-Za-z_]\w*\s*)*:?=(?!=)/.test(after)) continue;
    if (/\bvar\s+$/.test(plain.slice(Math.max(0, i - 8), i))) continue;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Ruby: Logger.new('log/app.log', ...)

const RUBY_LOGGER = /^(?:ActiveSupport::)?Logger\.new\b/;
const RUBY_KEYWORD = /^[a-z_]\w*:\s/;
const RUBY_MODIFIER = /\b(?:if|unless|while|until|do|rescue|and|or|then)\b|[{};]|,\s*$/;

function rubyLogger(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  const m = RUBY_LOGGER.exec(code.slice(at, at + 40));
  if (!m) return undefined;
  const nameEnd = at + m[0].length;
  const keep = (list: Arg[]) => ['$stdout', ...list.slice(1).filter(a => RUBY_KEYWORD.test(a.text) && !a.text.startsWith('shift_')).map(a => a.text)].join(', ');
  const call = callAfter(file, nameEnd);
  if (call) {
    if (code[nameEnd] !== '(') return undefined; // `Logger.new (x)` parses differently
    const list = args(file, call);
    if (!list.length) return undefined;
    return [{ start: call.open + 1, end: call.close, newText: keep(list) }];
  }
  // without parentheses: the arguments run to the end of the line, with no modifier or block after them
  let lineEnd = code.indexOf('\n', nameEnd);
  if (lineEnd < 0) lineEnd = code.length;
  const rest = codeWithoutStrings(file, nameEnd, lineEnd);
  if (!/^[ \t]+\S/.test(rest) || RUBY_MODIFIER.test(rest)) return undefined;
  let s = nameEnd;
  while (code[s] === ' ' || code[s] === '\t') s++;
  let e = lineEnd;
  while (e > s && /\s/.test(code[e - 1])) e--;
  const list = args(file, { open: s - 1, close: e });
  if (!list.length) return undefined;
  return [{ start: s, end: e, newText: keep(list) }];
}

// ---------------------------------------------------------------------------------------------
// PHP: Monolog StreamHandler

function monolog(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  if (!/^StreamHandler\b/.test(code.slice(at, at + 20)) || isIdentChar(code[at - 1])) return undefined;
  let start = at;
  while (start > 0 && (isIdentChar(code[start - 1]) || code[start - 1] === '\\')) start--;
  if (!wordBefore(code, start, 'new')) return undefined;
  const call = callAfter(file, at + 'StreamHandler'.length);
  if (!call) return undefined;
  const list = args(file, call);
  const named = list.find(a => /^stream\s*:(?!:)/.test(a.text));
  if (named) {
    const v = named.start + named.text.indexOf(':') + 1;
    let s = v;
    while (/\s/.test(code[s])) s++;
    return [{ start: s, end: named.end, newText: "'php://stdout'" }];
  }
  const first = list[0];
  if (!first || /^[A-Za-z_]\w*\s*:(?!:)/.test(first.text)) return undefined;
  return [{ start: first.start, end: first.end, newText: "'php://stdout'" }];
}

// ---------------------------------------------------------------------------------------------
// C#: Serilog

const SERILOG_FILE = /^WriteTo\s*\.\s*(?:RollingFile|File)(?=\s*\()/;

function serilog(file: SourceFile, at: number): TextEdit[] | undefined {
  const code = file.codeText;
  const m = SERILOG_FILE.exec(code.slice(at, at + 60));
  if (!m || (code[prevNonSpace(code, at)] !== '.')) return undefined;
  const sinkStart = at + m[0].search(/(?:RollingFile|File)$/);
  const call = callAfter(file, at + m[0].length);
  if (!call) return undefined;
  return [{ start: sinkStart, end: call.close + 1, newText: 'Console()' }];
}

/** The Console sink ships in Serilog.Sinks.Console (and Serilog.AspNetCore): the file or a project file must show it. */
function consoleSinkReferenced(file: SourceFile, project: Project | undefined): boolean {
  if (/\bWriteTo\s*\.\s*Console\s*\(/.test(file.codeText)) return true;
  if (!project) return false;
  for (const p of project.paths) {
    if (!p.endsWith('.csproj') && !p.endsWith('Directory.Packages.props')) continue;
    if (/Serilog\.(?:Sinks\.Console|AspNetCore)\b/.test(project.read(p) ?? '')) return true;
  }
  return false;
}
