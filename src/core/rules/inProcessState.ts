import { braceDepth, closingBracket, eachLineMatch, escapeRegExp, lineEnd, lineStart, pythonBlockEnd, skipSpace } from '../codeScan';
import { Rule, RuleContext } from '../rule';
import { SourceFile } from '../source';

/**
 * Names that say "data about users or requests" (carts, sessions, counters, caches). A collection
 * with another name (a registry of routes, a lookup table) is left alone even when it changes.
 */
const STATE_NAME = /cache|session|user|account|cart|basket|store|state|counter|count|hits|visit|views|token|otp|attempt|online|todo|item|order|post|message|comment|note|book|product|record|entries|db|database|data|upload|vote|like|score|queue|job|task|rate|limit|pending/i;

/** One to three subscripts, each allowed one level of nested brackets: `[k]`, `[req.params["id"]]`, `[a][b]`. */
const SUBSCRIPTS = '(?:\\s*\\[(?:[^\\[\\]\\n]|\\[[^\\[\\]\\n]{0,100}\\]){0,200}\\]){1,3}';

/** A span of code that runs per request: a route handler's body. */
interface Span { start: number; end: number }

export const rule: Rule = {
  meta: {
    id: 'processes/in-process-state',
    factor: 'processes',
    severity: 'hint',
    title: 'Shared state kept in process memory',
    description: 'A module-level map, list or counter (or a static field of a controller) that request handlers change. Each process has its own copy, lost on restart, so once the app runs as several processes users see different data depending on which one answers.',
    remedy: 'Keep state that outlives a request in a backing service such as Redis or the database.',
    families: ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby'],
    fixable: false,
  },
  check(ctx) {
    switch (ctx.file.family) {
      case 'js': return checkJs(ctx);
      case 'python': return checkPython(ctx);
      case 'go': return checkGo(ctx);
      case 'java': return checkJvm(ctx, false);
      case 'kotlin': return checkJvm(ctx, true);
      case 'csharp': return checkCsharp(ctx);
      case 'ruby': return checkRuby(ctx);
    }
  },
};

function report(ctx: RuleContext, name: string, start: number, what: string): void {
  ctx.report({
    start, end: start + name.length,
    message: `${name} is ${what}, and request handlers change it. Each process (and each restart) has its own copy, so the data is lost or inconsistent once the app runs as more than one process. Keep it in a backing service such as Redis or the database.`,
  });
}

/** At most this many declarations are checked per file (they become one alternation in a regex). */
const MAX_DECLS = 200;

/**
 * The names among `names` that a change pattern finds inside the spans, in one pass for all names.
 * `build` gets the names as a capturing alternation `(a|b)` and returns the pattern's source; the
 * name is whichever group matched.
 */
function changedNames(text: string, spans: readonly Span[], names: readonly string[], build: (n: string) => string): Set<string> {
  const found = new Set<string>();
  if (!names.length || !spans.length) return found;
  const re = namesRegex(names, build);
  for (const s of mergeSpans(spans)) {
    for (const m of text.slice(s.start, s.end).matchAll(re)) {
      const name = m.slice(1).find(g => g !== undefined);
      if (name) found.add(name);
    }
  }
  return found;
}

function namesRegex(names: readonly string[], build: (n: string) => string): RegExp {
  const alt = [...new Set(names)].slice(0, MAX_DECLS).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return new RegExp(build(`(${alt})`), 'g');
}

function mergeSpans(spans: readonly Span[]): Span[] {
  if (spans.length < 2) return [...spans];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [{ ...sorted[0] }];
  for (const s of sorted.slice(1)) {
    const last = out[out.length - 1];
    if (s.start <= last.end) last.end = Math.max(last.end, s.end); else out.push({ ...s });
  }
  return out;
}

/** The body after a parameter list closing at `close`: a `{...}` block, or an expression to the end of the line. */
function bodyAfter(file: SourceFile, close: number): Span | undefined {
  const text = file.codeText;
  const limit = Math.min(text.length, close + 200);
  for (let i = close + 1; i < limit; i++) {
    const ch = text[i];
    if (ch === '{') {
      const end = closingBracket(file, i, 50000);
      return end < 0 ? undefined : { start: i, end };
    }
    if (ch === '=' && text[i + 1] === '>') {
      const b = skipSpace(text, i + 2);
      if (text[b] === '{') continue;
      return { start: b, end: lineEnd(text, b) };
    }
    if (ch === ';') return undefined;
  }
  return undefined;
}

// --- JavaScript / TypeScript -----------------------------------------------------------------------

const JS_DECL = /^(?:export[ \t]+)?(const|let|var)[ \t]+([A-Za-z_$][\w$]*)(?:[ \t]*:[^=\r\n]{1,200}|[ \t]*)=[ \t]*(?:new[ \t]+(?:Map|Set|WeakMap)\b|[{[]|Object\.create\([ \t]*null[ \t]*\)|(0)\b)/;
/** What a line JS_DECL can match starts with (most lines are indented, and passed over). */
const JS_DECL_START = /[eclv]/;
const JS_ROUTE = /\.(?:get|post|put|patch|delete|all|use)\s*\(\s*['"`]\//g;
const JS_REQ_RES = /\(\s*req(?:uest)?\b[^,()]{0,80},\s*(?:res|reply|response)\b[^()]{0,120}\)/g;

function checkJs(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  const decls: { name: string; start: number; counter: boolean }[] = [];
  eachLineMatch(text, JS_DECL, (m, line) => {
    const name = m[2];
    if (!STATE_NAME.test(name) || (m[3] && m[1] !== 'let')) return;
    decls.push({ name, start: line + m[0].indexOf(name, m[0].indexOf(m[1]) + m[1].length), counter: m[3] !== undefined });
  }, JS_DECL_START, file.lineStarts);
  if (!decls.length) return;
  const spans = jsHandlerSpans(file);
  if (!spans.length) return;
  const op = '(?:[-+*/%]?=(?![=>])|\\+\\+|--)';
  const counters = changedNames(text, spans, decls.filter(d => d.counter).map(d => d.name),
    n => `(?<![\\w$.])${n}\\s*${op}|(?:\\+\\+|--)\\s*${n}(?![\\w$])`);
  const collections = changedNames(text, spans, decls.filter(d => !d.counter).map(d => d.name),
    n => `(?<![\\w$.])${n}(?:\\s*\\.\\s*(?:set|add|delete|push|pop|shift|unshift|splice|clear)\\s*\\(|${SUBSCRIPTS}\\s*${op}|\\s*\\.\\s*[A-Za-z_$][\\w$]*\\s*${op})|\\bdelete\\s+${n}\\s*[[.]`);
  for (const d of decls) {
    if ((d.counter ? counters : collections).has(d.name)) report(ctx, d.name, d.start, 'module-level state');
  }
}

function jsHandlerSpans(file: SourceFile): Span[] {
  const text = file.codeText;
  const spans: Span[] = [];
  JS_ROUTE.lastIndex = 0;
  for (const m of text.matchAll(JS_ROUTE)) {
    const open = text.indexOf('(', m.index!);
    const close = closingBracket(file, open, 50000);
    if (close > 0) spans.push({ start: open, end: close });
  }
  JS_REQ_RES.lastIndex = 0;
  for (const m of text.matchAll(JS_REQ_RES)) {
    const body = bodyAfter(file, m.index! + m[0].length - 1);
    if (body) spans.push(body);
  }
  return spans;
}

// --- Python ------------------------------------------------------------------------------------------

const PY_DECL = /^([A-Za-z_]\w*)(?:[ \t]*:[^=\r\n]{1,120}|[ \t]*)=[ \t]*(?:[{[]|dict\(|list\(|set\(|(?:collections\.)?(?:defaultdict|OrderedDict|Counter)\(|(0)\b)/;
/** What a line PY_DECL can match starts with (most lines are indented, and passed over). */
const PY_DECL_START = /[A-Za-z_]/;
const PY_ROUTE = /^[ \t]*@[\w.]+\.(?:route|get|post|put|patch|delete|websocket|api_route)\(/;
const PY_VIEW = /^[ \t]*(?:async[ \t]+)?def[ \t]+\w+\([ \t]*(?:self[ \t]*,[ \t]*)?request\b/;
const PY_DEF = /^[ \t]*(?:async[ \t]+)?def\b/;
const PY_GLOBAL = /\bglobal[ \t]+([\w, \t]{1,300})/g;

function checkPython(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  const decls: { name: string; start: number; counter: boolean }[] = [];
  eachLineMatch(text, PY_DECL, (m, line) => {
    if (STATE_NAME.test(m[1])) decls.push({ name: m[1], start: line, counter: m[2] !== undefined });
  }, PY_DECL_START, file.lineStarts);
  if (!decls.length) return;
  const spans: Span[] = [];
  eachLineMatch(text, PY_ROUTE, (_m, line) => {
    // the decorated function: the first `def` line below the decorators
    let pos = line;
    for (let i = 0; i < 20 && pos < text.length; i++) {
      const end = lineEnd(text, pos);
      if (PY_DEF.test(text.slice(pos, end))) { spans.push({ start: pos, end: pythonBlockEnd(text, pos) }); return; }
      pos = end + 1;
    }
  }, undefined, file.lineStarts);
  eachLineMatch(text, PY_VIEW, (_m, line) => { spans.push({ start: line, end: pythonBlockEnd(text, line) }); }, undefined, file.lineStarts);
  if (!spans.length) return;
  const names = decls.map(d => d.name);
  const changed = changedNames(text, spans, names,
    n => `(?<![\\w.])${n}(?:${SUBSCRIPTS}\\s*(?:[-+*/]?=(?!=))|\\s*\\.\\s*(?:append|extend|insert|update|setdefault|pop|popitem|remove|discard|add|clear)\\s*\\()|\\bdel\\s+${n}\\s*\\[`);
  // rebinding (`count += 1`) changes the module's name only after `global count` in that function
  const rebind = namesRegex(names, n => `(?<![\\w.])${n}\\s*(?:[-+*/]?=(?!=))`);
  for (const s of spans) {
    const body = text.slice(s.start, s.end);
    const globals = new Set<string>();
    for (const g of body.matchAll(PY_GLOBAL)) for (const n of g[1].split(',')) globals.add(n.trim());
    if (!globals.size) continue;
    for (const m of body.matchAll(rebind)) if (globals.has(m[1])) changed.add(m[1]);
  }
  for (const d of decls) if (changed.has(d.name)) report(ctx, d.name, d.start, 'module-level state');
}

// --- Go ------------------------------------------------------------------------------------------------

const GO_DECL = /^var[ \t]+([A-Za-z_]\w*)[ \t]*(?:=[ \t]*(?:make\([ \t]*map\[|map\[|\[\]\w)|map\[|sync\.Map\b|\[\]\w|u?int(?:32|64)?\b)/;
const GO_VAR_BLOCK = /^var[ \t]*\(/;
const GO_BLOCK_ITEM = /^[ \t]+([A-Za-z_]\w*)[ \t]*(?:=[ \t]*(?:make\([ \t]*map\[|map\[|\[\]\w)|map\[|sync\.Map\b|\[\]\w|u?int(?:32|64)?\b)/;
const GO_FUNC = /\bfunc\b/g;
const GO_HANDLER_PARAM = /http\.ResponseWriter|\*gin\.Context|echo\.Context|\*fiber\.Ctx/;

function checkGo(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  const decls: { name: string; start: number }[] = [];
  eachLineMatch(text, GO_DECL, (m, line) => {
    if (STATE_NAME.test(m[1])) decls.push({ name: m[1], start: line + m[0].indexOf(m[1], 3) });
  }, undefined, file.lineStarts);
  eachLineMatch(text, GO_VAR_BLOCK, (b, line) => {
    const open = line + b[0].length - 1;
    const close = closingBracket(file, open, 20000);
    if (close < 0) return;
    const first = lineEnd(text, open) + 1;
    eachLineMatch(text.slice(first, close), GO_BLOCK_ITEM, (m, inner) => {
      if (STATE_NAME.test(m[1])) decls.push({ name: m[1], start: first + inner + m[0].indexOf(m[1]) });
    });
  }, undefined, file.lineStarts);
  if (!decls.length) return;
  const spans: Span[] = [];
  GO_FUNC.lastIndex = 0;
  for (const m of text.matchAll(GO_FUNC)) {
    if (file.stringAt(m.index!)) continue;
    const brace = text.indexOf('{', m.index!);
    if (brace < 0 || brace - m.index! > 300 || !GO_HANDLER_PARAM.test(text.slice(m.index!, brace))) continue;
    const end = closingBracket(file, brace, 50000);
    if (end > 0) spans.push({ start: brace, end });
  }
  if (!spans.length) return;
  const changed = changedNames(text, spans, decls.map(d => d.name),
    n => `(?<![\\w.])${n}(?:${SUBSCRIPTS}\\s*(?:[-+*/]?=(?!=)|\\+\\+|--)|\\.(?:Store|LoadOrStore|LoadAndDelete|Delete|Swap|CompareAndSwap)\\s*\\(|\\s*=\\s*append\\s*\\(|\\s*(?:\\+\\+|--|[-+]=))|\\bdelete\\s*\\(\\s*${n}\\s*,|\\batomic\\.\\w+\\(\\s*&${n}(?!\\w)`);
  for (const d of decls) if (changed.has(d.name)) report(ctx, d.name, d.start, 'package-level state');
}

// --- Java and Kotlin ---------------------------------------------------------------------------------------

const JVM_COLLECTION = /^(?:Map|HashMap|LinkedHashMap|TreeMap|ConcurrentMap|ConcurrentHashMap|List|ArrayList|LinkedList|CopyOnWriteArrayList|Set|HashSet|LinkedHashSet|Queue|Deque|ArrayDeque|ConcurrentLinkedQueue|Collection|AtomicInteger|AtomicLong|LongAdder|MutableMap|MutableList|MutableSet|mutableMapOf|mutableListOf|mutableSetOf|hashMapOf|arrayListOf|hashSetOf|linkedMapOf)$/;
const JAVA_FIELD = /^[ \t]*((?:(?:private|public|protected|static|final)[ \t]+){0,4})([A-Z]\w*)(?:<[^;\r\n=]{0,160}>)?[ \t]+([A-Za-z_]\w*)[ \t]*=[ \t]*new[ \t]+([A-Z]\w*)/;
const KOTLIN_FIELD = /^[ \t]*(?:(?:private|public|protected|internal)[ \t]+)?va[lr][ \t]+([A-Za-z_]\w*)(?:[ \t]*:[^=\r\n]{1,160}|[ \t]*)=[ \t]*([A-Za-z]\w*)/;
const MAPPING = /@(?:Get|Post|Put|Delete|Patch|Request)Mapping\b/g;
const KTOR_ROUTE = /\b(?:get|post|put|patch|delete)\s*\(\s*"\/[^"\n]{0,200}"\s*\)\s*\{/g;
const JVM_MUTATORS = 'put|putIfAbsent|putAll|add|addAll|remove|removeIf|removeAll|clear|compute|computeIfAbsent|computeIfPresent|merge|replace|offer|poll|push|pop|set|getOrPut|incrementAndGet|decrementAndGet|getAndIncrement|getAndDecrement|addAndGet|getAndAdd|getAndSet|accumulateAndGet|updateAndGet|increment|plusAssign';

function checkJvm(ctx: RuleContext, kotlin: boolean): void {
  const { file } = ctx;
  const text = file.codeText;
  const controller = /@(?:Rest)?Controller\b/.test(text);
  if (!controller && !(kotlin && text.indexOf('routing') >= 0)) return;
  const depthAt = braceDepth(file);
  const decls: { name: string; start: number; what: string }[] = [];
  if (kotlin) {
    eachLineMatch(text, KOTLIN_FIELD, (m, line) => {
      if (!JVM_COLLECTION.test(m[2]) || !STATE_NAME.test(m[1])) return;
      const start = line + m[0].indexOf(m[1], m[0].indexOf('va') + 3);
      const depth = depthAt(start);
      if (depth === 0) decls.push({ name: m[1], start, what: 'top-level state' });
      else if (controller && (depth === 1 || isObjectBody(text, file, start))) decls.push({ name: m[1], start, what: 'a field of a singleton controller' });
    }, undefined, file.lineStarts);
  } else {
    eachLineMatch(text, JAVA_FIELD, (m, line) => {
      if (!(JVM_COLLECTION.test(m[2]) || JVM_COLLECTION.test(m[4])) || !STATE_NAME.test(m[3])) return;
      const start = line + m[0].lastIndexOf(m[3], m[0].indexOf('='));
      if (depthAt(start) !== 1) return; // a local variable inside a method
      decls.push({ name: m[3], start, what: /\bstatic\b/.test(m[1]) ? 'a static field of a controller' : 'a field of a singleton controller' });
    }, undefined, file.lineStarts);
  }
  if (!decls.length) return;
  const spans: Span[] = [];
  MAPPING.lastIndex = 0;
  for (const m of text.matchAll(MAPPING)) {
    const body = annotatedBody(file, m.index! + m[0].length);
    if (body) spans.push(body);
  }
  if (kotlin) {
    KTOR_ROUTE.lastIndex = 0;
    for (const m of text.matchAll(KTOR_ROUTE)) {
      const open = m.index! + m[0].length - 1;
      const end = closingBracket(file, open, 50000);
      if (end > 0) spans.push({ start: open, end });
    }
  }
  if (!spans.length) return;
  const index = kotlin ? `|${SUBSCRIPTS}\\s*(?:[-+*/]?=(?!=))|\\s*(?:\\+=|-=)` : '';
  const changed = changedNames(text, spans, decls.map(d => d.name),
    n => `(?<![\\w.])(?:this\\s*\\.\\s*)?${n}(?:\\s*\\.\\s*(?:${JVM_MUTATORS})\\s*\\(${index})`);
  for (const d of decls) if (changed.has(d.name)) report(ctx, d.name, d.start, d.what);
}

/** A Kotlin `object` or `companion object` body: its properties live once per process. */
function isObjectBody(text: string, file: SourceFile, offset: number): boolean {
  let depth = 0;
  for (let i = offset - 1; i >= 0 && offset - i < 20000; i--) {
    const ch = text[i];
    if ((ch === '{' || ch === '}') && file.stringAt(i)) continue;
    if (ch === '}') depth++;
    else if (ch === '{') {
      if (depth === 0) return /\bobject\b[^\n{]{0,120}$/.test(text.slice(lineStart(text, i), i));
      depth--;
    }
  }
  return false;
}

/** The body of the method an annotation at `from` applies to (skipping parenthesized arguments). */
function annotatedBody(file: SourceFile, from: number): Span | undefined {
  const text = file.codeText;
  const limit = Math.min(text.length, from + 1500);
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (ch === '(') {
      const close = closingBracket(file, i, 1500);
      if (close < 0) return undefined;
      i = close;
    } else if (ch === '{') {
      const end = closingBracket(file, i, 50000);
      return end < 0 ? undefined : { start: i, end };
    } else if (ch === ';') return undefined;
    else if (ch === '=' && text[i + 1] !== '=') return { start: i, end: lineEnd(text, i) }; // Kotlin expression body
  }
  return undefined;
}

// --- C# -----------------------------------------------------------------------------------------------------

const CS_COLLECTION = /^(?:Dictionary|ConcurrentDictionary|IDictionary|List|IList|HashSet|ISet|ConcurrentBag|ConcurrentQueue|Queue|Stack|ICollection)$/;
const CS_FIELD = /^[ \t]*((?:(?:private|public|protected|internal|static|readonly)[ \t]+){1,4})([A-Z]\w*)(?:<[^;\r\n=]{0,160}>)?[ \t]+([A-Za-z_]\w*)[ \t]*=[ \t]*new\b[ \t]*([A-Z]\w*)?/;
const CS_TOP_VAR = /^var[ \t]+([A-Za-z_]\w*)[ \t]*=[ \t]*new[ \t]+([A-Z]\w*)/;
const CS_MINIMAL_ROUTE = /\.Map(?:Get|Post|Put|Delete|Patch|Methods)\s*\(/g;
const CS_MUTATORS = 'Add|TryAdd|Remove|TryRemove|AddOrUpdate|GetOrAdd|TryUpdate|Clear|Enqueue|Dequeue|TryDequeue|Push|Pop|Insert|RemoveAll';

function checkCsharp(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  const decls: { name: string; start: number; what: string }[] = [];
  const controller = /:\s*(?:Controller|ControllerBase)\b|\[ApiController\]/.test(text);
  if (controller) {
    eachLineMatch(text, CS_FIELD, (m, line) => {
      // ASP.NET creates a controller per request: only static fields outlive it
      if (!/\bstatic\b/.test(m[1]) || !(CS_COLLECTION.test(m[2]) || CS_COLLECTION.test(m[4] ?? '')) || !STATE_NAME.test(m[3])) return;
      decls.push({ name: m[3], start: line + m[0].lastIndexOf(m[3], m[0].indexOf('=')), what: 'a static field of a controller' });
    }, undefined, file.lineStarts);
  }
  const minimal: { name: string; start: number; what: string }[] = [];
  if (text.indexOf('.Map') >= 0) {
    eachLineMatch(text, CS_TOP_VAR, (m, line) => {
      if (CS_COLLECTION.test(m[2]) && STATE_NAME.test(m[1])) minimal.push({ name: m[1], start: line + m[0].indexOf(m[1], 3), what: 'top-level state shared by the endpoints' });
    }, undefined, file.lineStarts);
  }
  if (!decls.length && !minimal.length) return;
  const change = (n: string) => `(?<![\\w.])${n}(?:\\s*\\.\\s*(?:${CS_MUTATORS})\\s*\\(|${SUBSCRIPTS}\\s*(?:[-+*/]?=(?![=>])|\\+\\+|--))|\\bInterlocked\\.\\w+\\(\\s*ref\\s+${n}(?!\\w)`;
  if (decls.length) {
    // a change in any method of the controller (deeper than the field) runs per request
    const depthAt = braceDepth(file);
    const fieldDepth = new Map(decls.map(d => [d.name, depthAt(d.start)]));
    const changed = new Set<string>();
    for (const m of text.matchAll(namesRegex(decls.map(d => d.name), change))) {
      const name = m.slice(1).find(g => g !== undefined);
      if (name && depthAt(m.index!) > (fieldDepth.get(name) ?? 0)) changed.add(name);
    }
    for (const d of decls) if (changed.has(d.name)) report(ctx, d.name, d.start, d.what);
  }
  if (minimal.length) {
    const spans: Span[] = [];
    CS_MINIMAL_ROUTE.lastIndex = 0;
    for (const m of text.matchAll(CS_MINIMAL_ROUTE)) {
      const open = m.index! + m[0].length - 1;
      const end = closingBracket(file, open, 50000);
      if (end > 0) spans.push({ start: open, end });
    }
    const changed = changedNames(text, spans, minimal.map(d => d.name), change);
    for (const d of minimal) if (changed.has(d.name)) report(ctx, d.name, d.start, d.what);
  }
}

// --- Ruby -----------------------------------------------------------------------------------------------------

const RUBY_CLASS_VAR = /^([ \t]*)(@@\w+)[ \t]*(?:\|\|)?=[ \t]*(?:\{[ \t]*\}|\[[ \t]*\]|Hash\.new|Array\.new|Set\.new|Concurrent::(?:Hash|Map|Array)\.new|(0)\b)/;

function checkRuby(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (text.indexOf('@@') < 0) return;
  if (!/(?:^|\/)app\/controllers\//.test(file.path) && !/<\s*(?:ApplicationController|ActionController::(?:Base|API))\b/.test(text)) return;
  let checked = 0;
  eachLineMatch(text, RUBY_CLASS_VAR, (m, line) => {
    const name = m[2];
    if (!STATE_NAME.test(name) || ++checked > MAX_DECLS) return;
    const indent = m[1].length;
    const n = escapeRegExp(name);
    const re = m[3] !== undefined
      ? new RegExp(`${n}\\s*(?:[-+*/]=|=(?![=~>]))`, 'g')
      : new RegExp(`${n}(?:${SUBSCRIPTS}\\s*(?:\\|\\|=|[-+*/]?=(?![=~>]))|\\s*<<|\\s*[-+]=|\\.(?:push|append|unshift|delete|delete_if|merge!|store|clear|update|shift|pop|add|increment)\\b)`, 'g');
    // a change on a line indented deeper than the declaration is inside a method, i.e. an action
    for (const use of text.matchAll(re)) {
      const at = use.index!;
      const ls = lineStart(text, at);
      if (ls === line || file.stringAt(at)) continue;
      let useIndent = 0;
      while (text[ls + useIndent] === ' ' || text[ls + useIndent] === '\t') useIndent++;
      if (useIndent > indent) { report(ctx, name, line + indent, 'a class variable of a controller'); break; }
    }
  }, undefined, file.lineStarts);
}
