/**
 * Where an app starts a server, per language: the listen calls and settings that bind a port
 * (`app.listen(3000)`, `uvicorn.run(app, port=8000)`, `http.ListenAndServe(":8080", nil)`,
 * `server.port=8080`, `UseUrls("http://*:5000")`, `.bind("0.0.0.0:8080")`...), the port when it is
 * written as a literal (in the call, or in a constant of the same file the call names), and whether
 * the server drains on SIGTERM by itself. Shared by the port-binding and disposability rules.
 */
import { anchored, wordEnds } from './anchors';
import { TokenKind } from './lexer';
import { Family } from './languages';
import { SourceFile } from './source';
import { NameAlternation, closingBracket, methodCalls, objectKeyAt, skipSpace, skipSpaceBack, topLevelArgs, wordStarts } from './codeScan';

/** How a quick fix can rewrite a literal port into an environment read. */
export type PortFixKind = 'js' | 'python' | 'spring';

export interface PortLiteral {
  /** Offsets of the port's digits. */
  start: number;
  end: number;
  value: number;
  fix?: PortFixKind;
}

export interface ServerStart {
  /** The call or setting that starts the server (where a diagnostic about the server goes). */
  start: number;
  end: number;
  /** The literal ports it binds, when written as literals. */
  ports: PortLiteral[];
  /**
   * The server stops gracefully on SIGTERM by itself: uvicorn, aiohttp's run_app, Puma (Sinatra,
   * Rails), the ASP.NET generic host, Spring Boot, actix-web, Rocket, Swoole; and servers whose
   * behaviour is not known well enough to claim otherwise (waitress, Ktor, Vert.x, `php -S`).
   */
  selfHandled: boolean;
}

interface Span { start: number; end: number }

/** Families where servers are found. */
export const SERVER_FAMILIES: readonly Family[] = ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust',
  'properties', 'yaml', 'json', 'shell', 'dockerfile'];

/** Tests, specs, mocks and fixtures: servers there are test servers. */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|e2e|__mocks__|mocks?|testdata|fixtures?)\/|[./_-](?:test|spec)s?\.\w+$|(?:^|\/)test_[^/]*\.py$|(?:^|\/)conftest\.py$|_test\.go$/i;
/** `OrderServiceTest.java`, `ApiTests.cs`, `CheckoutIT.kt` (case matters: `Unit.java` is not a test). */
const JVM_TEST_CLASS = /(?:Tests?|IT)\.(?:java|kt|cs)$/;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path) || JVM_TEST_CLASS.test(path);
}

/** Every server start the file makes. */
export function serverStarts(file: SourceFile): readonly ServerStart[] {
  // two rules ask for the same file's starts
  let starts = startsCache.get(file);
  if (!starts) startsCache.set(file, starts = findStarts(file));
  return starts;
}

const startsCache = new WeakMap<SourceFile, readonly ServerStart[]>();

function findStarts(file: SourceFile): ServerStart[] {
  switch (file.family) {
    case 'js': return jsStarts(file);
    case 'python': return pythonStarts(file);
    case 'go': return goStarts(file);
    case 'java': case 'kotlin': return jvmStarts(file);
    case 'csharp': return csharpStarts(file);
    case 'ruby': return rubyStarts(file);
    case 'php': return phpStarts(file);
    case 'rust': return rustStarts(file);
    case 'properties': case 'yaml': return springStarts(file);
    case 'json': return appsettingsStarts(file);
    case 'shell': case 'dockerfile': return phpDevServerStarts(file);
    default: return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers over calls and literals

/** The arguments of the call whose `(` is at `open`. */
function callArgs(file: SourceFile, open: number): { args: Span[]; close: number } | undefined {
  const close = closingBracket(file, open, 4000);
  if (close < 0) return undefined;
  return { args: topLevelArgs(file, open + 1, close), close };
}

function trimmed(text: string, s: Span): Span {
  let a = s.start, b = s.end;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return { start: a, end: b };
}

const DIGITS = /^\d{1,5}$/;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A port number at [start, end): a non-zero literal no larger than 65535 (port 0 asks for any free port). */
function portAt(start: number, end: number, digits: string, fix?: PortFixKind): PortLiteral | undefined {
  const value = Number(digits);
  if (!DIGITS.test(digits) || value < 1 || value > 65535) return undefined;
  return { start, end, value, fix };
}

/** The argument as a literal port: a number, or a constant of the file that holds one. */
function numberArg(file: SourceFile, arg: Span | undefined, fix?: PortFixKind): PortLiteral | undefined {
  if (!arg) return undefined;
  const text = file.codeText;
  const s = trimmed(text, arg);
  const word = text.slice(s.start, s.end);
  if (DIGITS.test(word)) return file.stringAt(s.start) ? undefined : portAt(s.start, s.end, word, fix);
  if (IDENT.test(word)) return numericConstants(file).get(word);
  return undefined;
}

/** `name=5000` / `name = 8080` / `Port: 8000` / `:Port => 8000` / `name: 3000` among the arguments. */
function keywordArg(file: SourceFile, args: readonly Span[], names: readonly string[], fix?: PortFixKind): PortLiteral | undefined {
  const text = file.codeText;
  for (const a of args) {
    const s = trimmed(text, a);
    const m = KEYWORD_ARG.exec(text.slice(s.start, s.end));
    if (!m || !names.includes(m[1])) continue;
    const valueStart = s.start + m[0].length;
    return numberArg(file, { start: valueStart, end: s.end }, fix);
  }
  return undefined;
}
const KEYWORD_ARG = /^:?(\w+)\s*(?:=>|=|:)(?!=)\s*/;

/** The string literal that is the whole argument. */
function stringArg(file: SourceFile, arg: Span | undefined): { value: string; start: number } | undefined {
  if (!arg) return undefined;
  const s = trimmed(file.codeText, arg);
  const t = file.tokenAt(s.start);
  if (!t || t.kind !== TokenKind.String || t.start !== s.start || t.end !== s.end || t.interpolated) return undefined;
  return { value: file.text.slice(t.valueStart, t.valueEnd), start: t.valueStart };
}

const HOST_PORT = /^(?:[\w.-]*|\[[0-9a-fA-F:]*\]|\*|\+):(\d{1,5})$/;

/** `":8080"`, `"0.0.0.0:8080"`, `"[::]:8080"`: the port of a listen address. */
function addressPort(value: string, valueStart: number): PortLiteral | undefined {
  const m = HOST_PORT.exec(value);
  if (!m) return undefined;
  const at = valueStart + value.length - m[1].length;
  return portAt(at, at + m[1].length, m[1]);
}

/** The ports of `http://*:5000;https://0.0.0.0:5001` (ASP.NET URLs, `tcp://0.0.0.0:8000`). */
function urlPorts(value: string, valueStart: number): PortLiteral[] {
  const out: PortLiteral[] = [];
  let offset = 0;
  for (const part of value.split(';')) {
    const m = URL_PORT.exec(part.trim());
    if (m) {
      const at = valueStart + offset + part.indexOf(m[0]) + m[0].length - m[1].length;
      const p = portAt(at, at + m[1].length, m[1]);
      if (p) out.push(p);
    }
    offset += part.length + 1;
  }
  return out;
}
const URL_PORT = /^[a-z][a-z0-9+.-]*:\/\/(?:[\w.*+-]*|\[[0-9a-fA-F:]*\]):(\d{1,5})/i;

/** The port of a string argument that is an address, or of a constant the argument names. */
function addressArg(file: SourceFile, arg: Span | undefined): PortLiteral | undefined {
  if (!arg) return undefined;
  const s = stringArg(file, arg);
  if (s) return addressPort(s.value, s.start);
  const t = trimmed(file.codeText, arg);
  const word = file.codeText.slice(t.start, t.end);
  return IDENT.test(word) ? addressConstants(file).get(word) : undefined;
}

/** `(host, 8080)` / `("0.0.0.0", 8080)` / `([0, 0, 0, 0], 3000)`: the port of a tuple argument. */
function tuplePort(file: SourceFile, arg: Span | undefined, fix?: PortFixKind): PortLiteral | undefined {
  if (!arg) return undefined;
  const text = file.codeText;
  const s = trimmed(text, arg);
  if (text[s.start] !== '(' || text[s.end - 1] !== ')') return undefined;
  const inner = callArgs(file, s.start);
  if (!inner || inner.close !== s.end - 1 || inner.args.length !== 2) return undefined;
  return numberArg(file, inner.args[1], fix);
}

/** `name = Flask(`, `r := gin.Default()`, `var app = Javalin.create()`: `name` is assigned from one of `sources`. */
function assignedFrom(text: string, name: string, sources: readonly string[]): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    if (i > 0 && /[\w$]/.test(text[i - 1])) continue;
    let j = skipSpace(text, i + name.length);
    if (text[j] === ':' && text[j + 1] === '=') j += 2;
    else if (text[j] === '=' && text[j + 1] !== '=') j += 1;
    else continue;
    j = skipSpace(text, j);
    if (text.startsWith('new ', j)) j = skipSpace(text, j + 4);
    if (sources.some(s => text.startsWith(s, j))) return true;
  }
  return false;
}

function match(re: RegExp, text: string): RegExpExecArray[] {
  re.lastIndex = 0;
  return [...text.matchAll(re)] as RegExpExecArray[];
}

/** The identifier just before `.` at `dot` (the receiver of a method call), or undefined. */
function receiverBefore(text: string, dot: number): string | undefined {
  const end = skipSpaceBack(text, dot) + 1;
  let s = end;
  while (s > 0 && /[\w$]/.test(text[s - 1])) s--;
  return s < end ? text.slice(s, end) : undefined;
}

function start(from: number, to: number, ports: (PortLiteral | undefined)[], selfHandled: boolean): ServerStart {
  return { start: from, end: to, ports: ports.filter((p): p is PortLiteral => p !== undefined), selfHandled };
}

// ---------------------------------------------------------------------------------------------
// Constants: `const port = 3000`, `PORT = 5000`, `private static final int PORT = 8080;`

const constantCache = new WeakMap<SourceFile, Map<string, PortLiteral>>();
const addressCache = new WeakMap<SourceFile, Map<string, PortLiteral>>();

const JS_CONST = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*number\s*)?=\s*(\d{1,5})[ \t]*(?:[;,\r\n]|$)/g;
const LINE_CONST = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[ \t]*int[ \t]*)?=[ \t]*(\d{1,5})[ \t]*\r?$/gm;
const C_CONST = /\bint\s+([A-Za-z_]\w*)\s*=\s*(\d{1,5})\s*;/g;
const KOTLIN_CONST = /\bval\s+([A-Za-z_]\w*)\s*(?::\s*Int\s*)?=\s*(\d{1,5})[ \t]*(?:[;\r\n]|$)/g;
const RUST_CONST = /\b(?:const|static|let)\s+(?:mut\s+)?([A-Za-z_]\w*)\s*(?::\s*u16\s*)?=\s*(\d{1,5})\s*;/g;
const GO_ADDRESS_CONST = /\b([A-Za-z_]\w*)\s*(?:string\s*)?:?=\s*"/g;

/**
 * `name` is assigned by one statement only (`port = 5000` here and `port = int(sn_port)` elsewhere
 * make it a variable, not a constant). Keyword arguments and parameter defaults (`port=port` after
 * `(` or `,`) are not statements and do not count.
 */
function assignedOnce(text: string, name: string): boolean {
  let count = 0;
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
    if (i > 0 && /[\w$.]/.test(text[i - 1])) continue;
    const after = i + name.length;
    if (/[\w$]/.test(text[after] ?? '')) continue;
    let j = skipSpace(text, after);
    if (text[j] === ':' && text[j + 1] !== '=') {
      // a type annotation: `PORT: int = 8000`, `port: number = 3000`
      j = text.indexOf('=', j);
      if (j < 0 || text.slice(after, j).indexOf('\n') >= 0) continue;
    } else if (text[j] === ':' || /[-+*/%|&^]/.test(text[j])) j++;
    if (text[j] !== '=' || text[j + 1] === '=' || text[j + 1] === '>') continue;
    const prev = text[skipSpaceBack(text, i)];
    if (prev === '(' || prev === ',') continue;
    if (++count > 1) return false;
  }
  return true;
}

/** Names bound once in the file to a port-like number literal. */
function numericConstants(file: SourceFile): Map<string, PortLiteral> {
  let map = constantCache.get(file);
  if (map) return map;
  map = new Map();
  const re = file.family === 'js' ? JS_CONST : file.family === 'python' || file.family === 'ruby' ? LINE_CONST
    : file.family === 'java' || file.family === 'csharp' ? C_CONST : file.family === 'kotlin' ? KOTLIN_CONST
    : file.family === 'rust' ? RUST_CONST : undefined;
  const fix: PortFixKind | undefined = file.family === 'js' ? 'js' : file.family === 'python' ? 'python' : undefined;
  const seen = new Set<string>();
  if (re) {
    for (const m of match(re, file.codeText)) {
      const digitsAt = m.index + m[0].indexOf(m[2], m[0].indexOf('=') + 1);
      if (file.stringAt(digitsAt)) continue;
      if (seen.has(m[1])) { map.delete(m[1]); continue; }
      seen.add(m[1]);
      if (!assignedOnce(file.codeText, m[1])) continue;
      const p = portAt(digitsAt, digitsAt + m[2].length, m[2], fix);
      if (p) map.set(m[1], p);
    }
  }
  constantCache.set(file, map);
  return map;
}

/** Go names bound once to a listen address literal (`addr := ":8080"`, `const port = ":8080"`). */
function addressConstants(file: SourceFile): Map<string, PortLiteral> {
  let map = addressCache.get(file);
  if (map) return map;
  map = new Map();
  if (file.family === 'go') {
    const seen = new Set<string>();
    for (const m of match(GO_ADDRESS_CONST, file.codeText)) {
      const s = file.stringAt(m.index + m[0].length);
      if (!s) continue;
      if (seen.has(m[1])) { map.delete(m[1]); continue; }
      seen.add(m[1]);
      if (!assignedOnce(file.codeText, m[1])) continue;
      const p = addressPort(file.text.slice(s.valueStart, s.valueEnd), s.valueStart);
      if (p) map.set(m[1], p);
    }
  }
  addressCache.set(file, map);
  return map;
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

const JS_LISTEN = /\.\s*listen\s*\(/y;
const LISTEN_ENDS = wordEnds(['listen']);
const JS_HAPI = /\bHapi\s*\.\s*[Ss]erver\s*\(/g;
const JS_SERVER_MODULES = ['http', 'https', 'http2', 'net', 'express', 'fastify', 'koa', '@hapi/hapi', 'restify', 'polka', 'connect',
  '@nestjs/core', 'socket.io', 'micro'];
/** Names that hold a server when the file does not import one itself (`const app = require('./app')`). */
const JS_SERVERISH = /^(?:app|application|server|srv|api|fastify|koa|instance|io|httpServer|httpsServer)$|(?:Server|App)$/;

function jsStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  const listen = wordStarts(file, LISTEN_ENDS, ['listen']);
  if (listen.length) {
    // looked up once, and only for a file with a `.listen(` call: most files that say `listen` say `addEventListener`
    let importsServer: boolean | undefined;
    const serverImported = () => importsServer ??= JS_SERVER_MODULES.some(m => importsModule(text, m) || importsModule(text, `node:${m}`));
    for (const m of methodCalls(text, listen, JS_LISTEN)) {
      const recv = receiverBefore(text, m.index);
      const callChain = text[skipSpaceBack(text, m.index)] === ')';
      if (!((recv || callChain) && serverImported()) && !(recv && JS_SERVERISH.test(recv))) continue;
      const open = m.index + m[0].length - 1;
      const call = callArgs(file, open);
      if (!call) continue;
      const name = m.index + m[0].indexOf('listen');
      out.push(start(name, call.close + 1, [jsPortArg(file, call.args[0])], false));
    }
  }
  if (text.indexOf('Hapi') >= 0) {
    for (const m of match(JS_HAPI, text)) {
      const call = callArgs(file, m.index + m[0].length - 1);
      if (!call) continue;
      out.push(start(m.index, call.close + 1, [jsPortArg(file, call.args[0])], false));
    }
  }
  return out;
}

/** The JS/TS file requires or imports `module` (`require('http')`, `from "express"`, `import 'x'`, `import('x')`). */
export function importsModule(text: string, module: string): boolean {
  for (const q of ['\'', '"']) {
    const lit = q + module + q;
    for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + 1)) {
      const before = text.slice(Math.max(0, i - 12), i).trimEnd();
      if (before.endsWith('require(') || before.endsWith('import(') || /(?:^|[^\w$])(?:from|import)$/.test(before)) return true;
    }
  }
  return false;
}

/** `3000`, `PORT` (a constant), `{ port: 3000, host }`. */
function jsPortArg(file: SourceFile, arg: Span | undefined): PortLiteral | undefined {
  if (!arg) return undefined;
  const text = file.codeText;
  const s = trimmed(text, arg);
  if (text[s.start] === '{') return objectPort(file, s, 'js');
  return numberArg(file, s, 'js');
}

/** The literal value of the `port` key of the object literal spanning `s`. */
function objectPort(file: SourceFile, s: Span, fix?: PortFixKind): PortLiteral | undefined {
  const key = objectKeyAt(file, s.start, s.end, 'port');
  if (key < 0) return undefined;
  const text = file.codeText;
  let i = skipSpace(text, key + 4);
  if (text[i] === '"' || text[i] === "'") i = skipSpace(text, i + 1);
  if (text[i] !== ':') return undefined;
  const valueStart = skipSpace(text, i + 1);
  let valueEnd = valueStart;
  while (valueEnd < s.end && /[\w$]/.test(text[valueEnd])) valueEnd++;
  const after = text[skipSpace(text, valueEnd)];
  if (after !== ',' && after !== '}') return undefined;
  return numberArg(file, { start: valueStart, end: valueEnd }, fix);
}

// ---------------------------------------------------------------------------------------------
// Python

/**
 * The calls that may start a server, each with a word the file must have for it to count (see
 * `plausible` in pythonStarts; `run` also counts in a Flask app). A file's pattern holds only the
 * calls whose words it has: `run(` is everywhere in Python, a server's `run(` is not.
 */
const PY_CALLS: readonly [name: string, needs: string][] = [
  ['run', 'uvicorn'], ['run_app', 'aiohttp'], ['serve', 'waitress'], ['run_simple', 'werkzeug'], ['make_server', 'wsgiref'],
  ['listen', 'tornado'], ['TCPSite', 'aiohttp'], ['HTTPServer', 'Server'], ['ThreadingHTTPServer', 'Server'],
  ['TCPServer', 'Server'], ['ThreadingTCPServer', 'Server'],
];
/** Each word PY_CALLS need, in the shared scan of the raw text (what the code has, the text has). */
const PY_CALL_NEEDS = new Map(PY_CALLS.map(([, needs]) => [needs, anchored(new RegExp(needs))]));
/** The call pattern of a file: only the calls whose words it has (see PY_CALLS). */
const PY_CALL_PATTERN = new NameAlternation(PY_CALLS.map(([name]) => name), calls => `\\b(${calls})\\s*\\(`);
const PY_FLASK = /^[ \t]*(?:from|import)[ \t]+flask(?:_socketio)?\b/m;
const PY_FLASK_SCAN = anchored(PY_FLASK);
const PY_SERVER_MODULES = new Set(['http', 'server', 'socketserver', 'http.server']);
/** Names a Flask app usually has (the app may be created in another module). */
const PY_APP_NAMES: ReadonlySet<string> = new Set(['app', 'application', 'server', 'socketio', 'flask_app', 'api']);

function pythonStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  // the raw text first, in the shared scan (what the code has, the text has)
  const flask = file.matches(PY_FLASK_SCAN) && PY_FLASK.test(text);
  // whether the file mentions a word, looked up once per file
  const seen = new Map<string, boolean>();
  const mentions = (w: string) => seen.get(w) ?? seen.set(w, text.indexOf(w) >= 0).get(w)!;
  const calls = PY_CALL_PATTERN.of((name, i) => (name === 'run' && flask) || file.matches(PY_CALL_NEEDS.get(PY_CALLS[i][1])!));
  if (!calls) return out;
  for (const m of match(calls, text)) {
    const name = m[1];
    const dot = skipSpaceBack(text, m.index);
    const recv = text[dot] === '.' ? receiverBefore(text, dot) : undefined;
    if (text[dot] === '.' && !recv) continue;
    // which calls can start a server, decided before their arguments are read
    let plausible: boolean;
    switch (name) {
      case 'run':
        plausible = recv === 'uvicorn' || (flask && !!recv && (PY_APP_NAMES.has(recv) || assignedFrom(text, recv, ['Flask(', 'flask.Flask(', 'SocketIO(', 'create_app('])));
        break;
      case 'run_app': case 'TCPSite': plausible = mentions('aiohttp'); break;
      case 'serve': plausible = recv === 'waitress' || /\bfrom[ \t]+waitress[ \t]+import\b/.test(text); break;
      case 'run_simple': plausible = mentions('werkzeug'); break;
      case 'make_server': plausible = mentions('wsgiref'); break;
      case 'listen': plausible = !!recv && mentions('tornado'); break;
      default: plausible = !recv || PY_SERVER_MODULES.has(recv);
    }
    if (!plausible) continue;
    const call = callArgs(file, m.index + m[0].length - 1);
    if (!call) continue;
    const args = call.args;
    const kw = () => keywordArg(file, args, ['port'], 'python');
    const at = (i: number) => (isKeyword(text, args[i]) ? undefined : numberArg(file, args[i], 'python'));
    let port: PortLiteral | undefined;
    let selfHandled = false;
    switch (name) {
      case 'run':
        if (recv === 'uvicorn') { port = kw(); selfHandled = true; break; }
        port = kw() ?? (recv === 'socketio' ? undefined : at(1));
        break;
      case 'run_app': case 'serve': port = kw(); selfHandled = true; break;
      case 'run_simple': case 'make_server': port = kw() ?? at(1); break;
      case 'listen': port = kw() ?? at(0); break;
      case 'TCPSite': port = kw() ?? at(2); break;
      default: port = tuplePort(file, args[0], 'python');
    }
    out.push(start(m.index, call.close + 1, [port], selfHandled));
  }
  return out;
}

function isKeyword(text: string, arg: Span | undefined): boolean {
  return !!arg && /^\s*\w+\s*=(?!=)/.test(text.slice(arg.start, arg.end));
}

// ---------------------------------------------------------------------------------------------
// Go

const GO_CALL = /\b(ListenAndServe|ListenAndServeTLS|Run|Start|StartTLS|Listen|Serve)\s*\(/g;
const GO_ADDR_FIELD = /\bAddr\s*:\s*"/g;
/** Names a gin/echo/fiber app usually has when it is created elsewhere (`func run(r *gin.Engine)`). */
const GO_APP_NAMES: ReadonlySet<string> = new Set(['r', 'router', 'engine', 'app', 'e', 'server', 'srv', 'g']);

function goStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  const gin = text.indexOf('github.com/gin-gonic/gin') >= 0;
  const echo = text.indexOf('github.com/labstack/echo') >= 0;
  const fiber = text.indexOf('github.com/gofiber/fiber') >= 0;
  const grpc = text.indexOf('google.golang.org/grpc') >= 0;
  let addrFieldsUsed = false;
  for (const m of match(GO_CALL, text)) {
    const name = m[1];
    const dot = skipSpaceBack(text, m.index);
    if (text[dot] !== '.') continue;
    const recv = receiverBefore(text, dot);
    const call = callArgs(file, m.index + m[0].length - 1);
    if (!call) continue;
    const args = call.args;
    let ports: (PortLiteral | undefined)[] = [];
    if (name === 'ListenAndServe' || name === 'ListenAndServeTLS') {
      if (recv === 'http') ports = [addressArg(file, args[0])];
      else if (!addrFieldsUsed) {
        // srv.ListenAndServe() with `&http.Server{Addr: ":8080"}`
        addrFieldsUsed = true;
        ports = match(GO_ADDR_FIELD, text).map(a => {
          const s = file.stringAt(a.index + a[0].length);
          return s ? addressPort(file.text.slice(s.valueStart, s.valueEnd), s.valueStart) : undefined;
        });
      }
    } else if (name === 'Run') {
      if (!gin || !recv || !(GO_APP_NAMES.has(recv) || assignedFrom(text, recv, ['gin.']))) continue;
      ports = [addressArg(file, args[0])];
    } else if (name === 'Start' || name === 'StartTLS') {
      if (!echo || !recv || !(GO_APP_NAMES.has(recv) || assignedFrom(text, recv, ['echo.']))) continue;
      ports = [addressArg(file, args[0])];
    } else if (name === 'Listen') {
      if (recv === 'net') ports = [addressArg(file, args[1])];
      else if (fiber && recv && (GO_APP_NAMES.has(recv) || assignedFrom(text, recv, ['fiber.']))) ports = [addressArg(file, args[0])];
      else continue;
    } else {
      if (recv !== 'http' && !grpc) continue;
    }
    out.push(start(m.index, call.close + 1, ports, false));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Java and Kotlin

const JVM_SERVER_SOCKET = /\bServerSocket\s*\(/g;
const JVM_HTTP_SERVER = /\bHttpServer\s*\.\s*create\s*\(/g;
const JVM_INET = /\bInetSocketAddress\s*\(/g;
const KTOR = /\bembeddedServer\s*\(/g;
const JVM_START = /\.\s*start\s*\(/g;
const JVM_LISTEN = /\.\s*listen\s*\(/g;
const SPARK_PORT = /\bport\s*\(/g;
const JETTY = /\bnew\s+Server\s*\(/g;

function jvmStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  const add = (re: RegExp, port: (args: Span[]) => PortLiteral | undefined, selfHandled: boolean) => {
    for (const m of match(re, text)) {
      const call = callArgs(file, m.index + m[0].length - 1);
      if (call) out.push(start(m.index + (text[m.index] === '.' ? 1 : 0), call.close + 1, [port(call.args)], selfHandled));
    }
  };
  if (text.indexOf('ServerSocket') >= 0) add(JVM_SERVER_SOCKET, a => numberArg(file, a[0]), false);
  if (text.indexOf('HttpServer') >= 0) {
    add(JVM_HTTP_SERVER, a => {
      if (!a[0]) return undefined;
      JVM_INET.lastIndex = a[0].start;
      const inet = JVM_INET.exec(text);
      if (!inet || inet.index >= a[0].end) return undefined;
      const args = callArgs(file, inet.index + inet[0].length - 1)?.args ?? [];
      return numberArg(file, args[args.length - 1]);
    }, false);
  }
  if (text.indexOf('embeddedServer') >= 0) add(KTOR, a => keywordArg(file, a, ['port']), true);
  if (text.indexOf('io.javalin') >= 0) {
    // `Javalin.create().start(7070)`, `app.start(port)`; not `thread.start()`
    for (const m of match(JVM_START, text)) {
      const call = callArgs(file, m.index + m[0].length - 1);
      if (!call) continue;
      const port = numberArg(file, call.args[0]);
      const from = Math.max(text.lastIndexOf(';', m.index), text.lastIndexOf('{', m.index), text.lastIndexOf('}', m.index));
      const recv = receiverBefore(text, m.index);
      if (port || text.slice(from + 1, m.index).indexOf('Javalin') >= 0 || (recv && assignedFrom(text, recv, ['Javalin.']))) {
        out.push(start(m.index + 1, call.close + 1, [port], false));
      }
    }
  }
  if (text.indexOf('io.vertx') >= 0) add(JVM_LISTEN, a => numberArg(file, a[0]), true);
  if (text.indexOf('spark.Spark') >= 0) add(SPARK_PORT, a => numberArg(file, a[0]), false);
  if (text.indexOf('org.eclipse.jetty') >= 0) add(JETTY, a => numberArg(file, a[0]), false);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spring Boot: server.port in application*.properties / application*.yml

const SPRING_FILE = /^(?:application|bootstrap)(?:-([\w.-]+))?\.(?:properties|ya?ml)$/;
/** Profiles that are not deployed: their settings are local. */
const LOCAL_PROFILES = /^(?:dev|development|local|test|tests|testing|ci|e2e|it)$/i;
const PROPERTIES_PORT = /^[ \t]*server\.port[ \t]*[=:][ \t]*(\d{1,5})[ \t]*\r?$/gm;
const YAML_FLAT_PORT = /^[ \t]*server\.port[ \t]*:[ \t]*(\d{1,5})[ \t]*\r?$/gm;
const YAML_PORT = /^([ \t]+)port[ \t]*:[ \t]*(\d{1,5})[ \t]*\r?$/gm;
const YAML_PROFILE = /^[ \t]*(?:on-profile|profiles)[ \t]*:[ \t]*["']?([\w-]+)/m;

function springStarts(file: SourceFile): ServerStart[] {
  const m = SPRING_FILE.exec(file.baseName);
  if (!m || (m[1] && m[1].split(/[,.]/).some(p => LOCAL_PROFILES.test(p)))) return [];
  const text = file.codeText;
  if (text.indexOf('port') < 0) return [];
  const out: ServerStart[] = [];
  const add = (digitsAt: number, digits: string) => {
    const p = portAt(digitsAt, digitsAt + digits.length, digits, 'spring');
    if (p) out.push(start(file.lineStarts[file.lineOf(digitsAt)], digitsAt + digits.length, [p], true));
  };
  if (file.family === 'properties') {
    for (const p of match(PROPERTIES_PORT, text)) add(p.index + p[0].lastIndexOf(p[1]), p[1]);
    return out;
  }
  for (const p of match(YAML_FLAT_PORT, text)) if (!localProfileDocument(file, p.index)) add(p.index + p[0].lastIndexOf(p[1]), p[1]);
  for (const p of match(YAML_PORT, text)) {
    if (yamlParent(file, p.index, p[1].length) !== 'server' || localProfileDocument(file, p.index)) continue;
    add(p.index + p[0].lastIndexOf(p[2]), p[2]);
  }
  return out;
}

/** The key of the top-level YAML mapping holding the line at `at` (indented by `indent`). */
function yamlParent(file: SourceFile, at: number, indent: number): string | undefined {
  for (let l = file.lineOf(at) - 1; l >= 0; l--) {
    const line = file.lineText(l);
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const ind = line.length - line.trimStart().length;
    if (ind >= indent) continue;
    const key = /^([\w.-]+)[ \t]*:[ \t]*$/.exec(t)?.[1];
    return ind === 0 ? key : undefined;
  }
  return undefined;
}

/** The YAML document around `at` (between `---` lines) activates a local profile. */
function localProfileDocument(file: SourceFile, at: number): boolean {
  const text = file.codeText;
  const before = text.lastIndexOf('\n---', at);
  let after = text.indexOf('\n---', at);
  if (after < 0) after = text.length;
  const profile = YAML_PROFILE.exec(text.slice(before < 0 ? 0 : before, after))?.[1];
  return profile !== undefined && LOCAL_PROFILES.test(profile);
}

// ---------------------------------------------------------------------------------------------
// C# / ASP.NET Core

const CS_USE_URLS = /\.\s*UseUrls\s*\(/g;
const CS_RUN = /\.\s*Run(?:Async)?\s*\(/g;
const CS_URLS_ADD = /\.\s*Urls\s*\.\s*Add\s*\(/g;
const CS_KESTREL = /\.\s*Listen(?:AnyIP|Localhost)\s*\(/g;
const CS_KESTREL_IP = /\.\s*Listen\s*\(\s*IPAddress\s*\./g;
const CS_PREFIXES = /\.\s*Prefixes\s*\.\s*Add\s*\(/g;
const CS_TCP_LISTENER = /\bnew\s+TcpListener\s*\(/g;

function csharpStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  const urls = (a: Span | undefined) => {
    const s = stringArg(file, a);
    return s ? urlPorts(s.value, s.start) : [];
  };
  const add = (re: RegExp, ports: (args: Span[]) => (PortLiteral | undefined)[], selfHandled: boolean) => {
    for (const m of match(re, text)) {
      const open = text.indexOf('(', m.index);
      const call = callArgs(file, open);
      if (!call) continue;
      const found = ports(call.args);
      if (re === CS_RUN && !found.length) continue;
      out.push(start(m.index + (text[m.index] === '.' ? 1 : 0), call.close + 1, found, selfHandled));
    }
  };
  if (text.indexOf('UseUrls') >= 0) add(CS_USE_URLS, a => a.flatMap(urls), true);
  if (text.indexOf('Run') >= 0) add(CS_RUN, a => urls(a[0]), true);
  if (text.indexOf('Urls') >= 0) add(CS_URLS_ADD, a => urls(a[0]), true);
  if (text.indexOf('Listen') >= 0) {
    add(CS_KESTREL, a => [numberArg(file, a[0])], true);
    add(CS_KESTREL_IP, a => [numberArg(file, a[1])], true);
  }
  if (text.indexOf('Prefixes') >= 0) add(CS_PREFIXES, a => urls(a[0]), false);
  if (text.indexOf('TcpListener') >= 0) add(CS_TCP_LISTENER, a => [numberArg(file, a[a.length - 1])], false);
  return out;
}

const APPSETTINGS = /^appsettings(?:\.([\w-]+))?\.json$/;
const JSON_URLS = /"(Urls?)"\s*:\s*"/g;

/** `"Urls": "http://*:5000"` (and Kestrel endpoint `"Url"`s) in appsettings.json. */
function appsettingsStarts(file: SourceFile): ServerStart[] {
  const m = APPSETTINGS.exec(file.baseName);
  if (!m || (m[1] && LOCAL_PROFILES.test(m[1]))) return [];
  const text = file.codeText;
  const out: ServerStart[] = [];
  for (const u of match(JSON_URLS, text)) {
    if (u[1] === 'Url' && text.indexOf('Kestrel') < 0) continue;
    const s = file.stringAt(u.index + u[0].length);
    if (!s) continue;
    const ports = urlPorts(file.text.slice(s.valueStart, s.valueEnd), s.valueStart);
    if (ports.length) out.push(start(u.index, s.end, ports, true));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ruby

const SINATRA_PORT = /\bset\b[ \t(]*:port\s*,\s*/g;
const PUMA_PORT = /^[ \t]*port[ \t(]+(\d{1,5})\b/gm;
const PUMA_BIND = /^[ \t]*bind[ \t(]+['"]tcp:\/\/[^'"\n:]*:(\d{1,5})/gm;
const WEBRICK = /\bWEBrick\s*::\s*HTTPServer\s*\.\s*new\s*\(/g;
const RACK_HANDLER = /\b(?:Rack|Rackup)\s*::\s*Handler\s*::\s*(\w+)\s*\.\s*run\s*\(/g;
const TCP_SERVER = /\bTCPServer\s*\.\s*new\s*\(/g;

function rubyStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  for (const m of match(SINATRA_PORT, text)) {
    const valueStart = m.index + m[0].length;
    let valueEnd = valueStart;
    while (valueEnd < text.length && /\w/.test(text[valueEnd])) valueEnd++;
    const port = numberArg(file, { start: valueStart, end: valueEnd });
    if (port) out.push(start(m.index, valueEnd, [port], true));
  }
  if (file.baseName === 'puma.rb') {
    for (const re of [PUMA_PORT, PUMA_BIND]) {
      for (const m of match(re, text)) {
        const at = m.index + m[0].length - m[1].length;
        out.push(start(m.index + m[0].length - m[0].trimStart().length, at + m[1].length, [portAt(at, at + m[1].length, m[1])], true));
      }
    }
  }
  const add = (re: RegExp, port: (args: Span[], m: RegExpExecArray) => PortLiteral | undefined, selfHandled: (m: RegExpExecArray) => boolean) => {
    for (const m of match(re, text)) {
      const call = callArgs(file, m.index + m[0].length - 1);
      if (call) out.push(start(m.index, call.close + 1, [port(call.args, m)], selfHandled(m)));
    }
  };
  if (text.indexOf('WEBrick') >= 0) add(WEBRICK, a => keywordArg(file, a, ['Port']), () => false);
  if (text.indexOf('Handler') >= 0) add(RACK_HANDLER, a => keywordArg(file, a, ['Port']), m => m[1] !== 'WEBrick');
  if (text.indexOf('TCPServer') >= 0) add(TCP_SERVER, a => numberArg(file, a[a.length - 1]), () => false);
  return out;
}

// ---------------------------------------------------------------------------------------------
// PHP: stream sockets, ReactPHP, Swoole

const PHP_STREAM_SERVER = /\bstream_socket_server\s*\(/g;
const PHP_NEW_SERVER = /\bnew\s+[\w\\]*Server\s*\(/g;

function phpStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  for (const m of match(PHP_STREAM_SERVER, text)) {
    const call = callArgs(file, m.index + m[0].length - 1);
    if (!call) continue;
    const s = stringArg(file, call.args[0]);
    out.push(start(m.index, call.close + 1, s ? urlPorts(s.value, s.start) : [], false));
  }
  const swoole = text.indexOf('Swoole') >= 0;
  const react = text.indexOf('React\\') >= 0;
  if (!swoole && !react) return out;
  for (const m of match(PHP_NEW_SERVER, text)) {
    const call = callArgs(file, m.index + m[0].length - 1);
    if (!call) continue;
    if (swoole) {
      out.push(start(m.index, call.close + 1, [numberArg(file, call.args[1])], true));
    } else if (/Socket(?:\\|Server)/.test(m[0])) {
      out.push(start(m.index, call.close + 1, [addressArg(file, call.args[0]) ?? numberArg(file, call.args[0])], false));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rust

const RUST_BIND = /(\.|::)\s*bind\s*\(/g;
const RUST_SOCKET_ADDR = /\bSocketAddr\s*::\s*from\s*\(/g;
const RUST_WARP_RUN = /\.\s*run\s*\(\s*\(/g;
const RUST_SERVE = /\b(?:axum|warp)\s*::\s*serve\s*\(/g;
const RUST_LISTENER = /\b(?:TcpListener|UdpSocket|Server)\s*::\s*$/;

function rustStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  const out: ServerStart[] = [];
  // actix-web and Rocket stop gracefully on SIGTERM by themselves
  const selfHandled = text.indexOf('HttpServer::new') >= 0 || /\brocket\b/.test(text);
  const serverCrate = /\b(?:axum|hyper|warp|TcpListener)\b/.test(text);
  for (const m of match(RUST_BIND, text)) {
    const call = callArgs(file, m.index + m[0].length - 1);
    if (!call) continue;
    const port = addressArg(file, call.args[0]) ?? tuplePort(file, call.args[0]);
    const listener = m[1] === '::' && RUST_LISTENER.test(text.slice(Math.max(0, m.index - 40), m.index + 2));
    if (!port && !listener) continue;
    out.push(start(m.index + m[0].indexOf('bind'), call.close + 1, [port], selfHandled));
  }
  if (serverCrate) {
    for (const m of match(RUST_SOCKET_ADDR, text)) {
      const call = callArgs(file, m.index + m[0].length - 1);
      const port = call && tuplePort(file, call.args[0]);
      if (call && port) out.push(start(m.index, call.close + 1, [port], selfHandled));
    }
  }
  if (text.indexOf('warp') >= 0) {
    for (const m of match(RUST_WARP_RUN, text)) {
      const call = callArgs(file, text.indexOf('(', m.index));
      const port = call && tuplePort(file, call.args[0]);
      if (call && port) out.push(start(m.index + 1, call.close + 1, [port], selfHandled));
    }
  }
  for (const m of match(RUST_SERVE, text)) {
    const call = callArgs(file, m.index + m[0].length - 1);
    if (call) out.push(start(m.index, call.close + 1, [], selfHandled));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// `php -S 0.0.0.0:8000` in a Procfile, Dockerfile or script: PHP's built-in server on a fixed port

const PHP_CLI = /\bphp\b/g;
const PHP_COMMAND_WINDOW = 500;
const PHP_S_FLAG = /["'\s]-S["',\s]*(0\.0\.0\.0|\[::\]|\*|):(\d{1,5})(?![\w.])/;

function phpDevServerStarts(file: SourceFile): ServerStart[] {
  const text = file.codeText;
  if (text.indexOf('-S') < 0) return [];
  const out: ServerStart[] = [];
  let end = -1;
  for (const m of match(PHP_CLI, text)) {
    // the flag follows on the same line, within a command's length: a long line is not read again per `php`
    if (end < m.index) { end = text.indexOf('\n', m.index); if (end < 0) end = text.length; }
    const f = PHP_S_FLAG.exec(text.slice(m.index, Math.min(end, m.index + PHP_COMMAND_WINDOW)));
    if (!f) continue;
    const at = m.index + f.index + f[0].length - f[2].length;
    out.push(start(m.index, at + f[2].length, [portAt(at, at + f[2].length, f[2])], true));
  }
  return out;
}
