import { anchored, wordEnds } from '../anchors';
import { closingBracket, codeWithoutStrings, escapeRegExp, jsImports, lineEnd, lineStart, matchesFrom, objectKeyAt, skipSpace, skipSpaceBack, stringsIn, topLevelArgs, wordStarts } from '../codeScan';
import { Family } from '../languages';
import { Rule, RuleContext } from '../rule';
import { SourceFile } from '../source';

const EPHEMERAL = 'A process\'s disk is ephemeral and not shared: the files vanish on the next deploy or restart, and the app\'s other processes cannot see them.';
const ADVICE = 'Store them in an object store (S3, GCS, Azure Blob Storage) and keep only their keys.';

/**
 * A path segment that names a folder for user files: `uploads/`, `public/uploads`, `storage/app`,
 * and `media/` at the top of a path (`src/media/` in a build script is an asset folder).
 */
const UPLOAD_SEGMENT = /(?:^|[/\\])(?:uploads?|user[-_]?uploads|attachments|storage[/\\]app)(?=[/\\]|$)|^(?:\.?\/|~\/)?(?:(?:public|static|wwwroot|var)[/\\])?media(?=[/\\]|$)/i;
/** Names of variables and settings that hold such a folder. */
const UPLOAD_NAME = /upload(?:s|ed)?_?(?:dir(?:ectory)?|folder|path|root|location|dest(?:ination)?)(?![a-z])|media_?(?:root|dir|folder|path)(?![a-z])|WebRootPath|storage_path|public_path/i;
/** Temporary files: processed and thrown away, not stored (PHP's `tmp_name` is an upload's source, not a destination). */
const TEMP = /(?:^|[^a-z])te?mp(?!l|_name)|gettemp|mkdtemp|mktmp|createtempfile|temporary/i;
/** The path comes from the environment: whoever deploys may point it at a mounted volume. */
const ENV_READ = /process\.env|os\.environ|\bgetenv\s*\(|os\.Getenv|os\.LookupEnv|Environment\.GetEnvironmentVariable|System\.getenv|\benv::var|\bENV\s*(?:\[|\.fetch)|\$_ENV|\$_SERVER|\benv\s*\(/;

/** How a write call shows that it writes to the disk. */
export interface Writer {
  /** Matches the callee; the arguments follow in parentheses (Ruby: or to the end of the line). */
  re: RegExp;
  /** The call always writes to the local disk (`move_uploaded_file`, gin's `SaveUploadedFile`). */
  always?: boolean;
  /** The call writes only when its arguments show a write mode (`open(p, 'wb')`). */
  mode?: RegExp;
  /** An argument that is certainly a local path makes the call a local write (`transferTo(new File(..))`). */
  localDest?: RegExp;
  /** The file must mention this for the writer to apply (a framework-specific method name). */
  requires?: string;
  /** The callee names `re` alternates, each match starting with one: `re` is tried only where they are (see `wordStarts`). */
  calls?: readonly string[];
}

/** Calls that write files, per family (exported for the tests). */
export const WRITERS: Partial<Record<Family, Writer[]>> = {
  js: [
    // the whole pattern as a literal (the ReDoS test reads literals), tried only where one of `calls` starts
    { re: /(?<![\w$])(?:writeFileSync|writeFile|createWriteStream|renameSync|rename|copyFileSync|copyFile|outputFileSync|outputFile|moveSync|move|mv|toFile)(?=\s*\()/g,
      calls: ['writeFileSync', 'writeFile', 'createWriteStream', 'renameSync', 'rename', 'copyFileSync', 'copyFile', 'outputFileSync', 'outputFile', 'moveSync', 'move', 'mv', 'toFile'] },
  ],
  python: [
    { re: /(?<![\w.])(?:aiofiles\.)?open(?=\s*\()/g, mode: /['"](?:[wax][bt+]{0,2}|r[bt]?\+)['"]/ },
    { re: /(?<![\w.])(?:shutil\.(?:copyfileobj|copyfile|copy2|copy|move)|os\.(?:rename|replace))(?=\s*\()/g },
    { re: /\.(?:save|write_bytes|write_text)(?=\s*\()/g },
  ],
  go: [
    { re: /\b(?:os\.(?:Create|WriteFile|Rename)|ioutil\.WriteFile)(?=\s*\()/g },
    { re: /\bos\.OpenFile(?=\s*\()/g, mode: /O_CREATE|O_WRONLY|O_RDWR|O_APPEND/ },
    { re: /\.SaveUploadedFile(?=\s*\()/g, always: true },
    { re: /\.SaveFile(?=\s*\()/g, always: true, requires: 'gofiber' },
  ],
  java: [
    { re: /\.transferTo(?=\s*\()/g, localDest: /\bnew\s+File\s*\(|\bPaths?\.(?:get|of)\s*\(|\.resolve\s*\(/ },
    { re: /\b(?:Files\.(?:copy|write|writeString|move|newOutputStream|newBufferedWriter)|new\s+(?:FileOutputStream|FileWriter))(?=\s*\()/g },
  ],
  kotlin: [
    { re: /\.transferTo(?=\s*\()/g, localDest: /\bFile\s*\(|\bPaths?\.(?:get|of)\s*\(|\.resolve\s*\(/ },
    { re: /(?<![\w.])(?:Files\.(?:copy|write|writeString|move|newOutputStream)|FileOutputStream)(?=\s*\()|\.(?:writeBytes|writeText|outputStream)(?=\s*\()/g },
  ],
  csharp: [
    { re: /\bnew\s+FileStream(?=\s*\()/g, mode: /FileMode\.(?:Create|CreateNew|OpenOrCreate|Append|Truncate)|FileAccess\.(?:Read)?Write/ },
    { re: /\bFile\.(?:WriteAllBytesAsync|WriteAllBytes|WriteAllTextAsync|WriteAllText|Create|OpenWrite|Move|Copy)(?=\s*\()|\.SaveAs(?=\s*\()/g },
  ],
  ruby: [
    { re: /\bFile\.(?:open|new)\b/g, mode: /['"][wa][bt]?\+?['"]|File::(?:WRONLY|CREAT)/ },
    { re: /\b(?:File\.(?:write|binwrite)|FileUtils\.(?:mv|cp|copy|move|copy_file|install)|IO\.copy_stream)\b/g },
  ],
  php: [
    { re: /(?<![\w$>:\\])move_uploaded_file(?=\s*\()/g, always: true },
    { re: /(?<![\w$>:\\])(?:file_put_contents|copy|rename)(?=\s*\()|->\s*move(?=\s*\()/g },
    { re: /(?<![\w$>:\\])fopen(?=\s*\()/g, mode: /['"][waxc][bt+]{0,2}['"]/ },
  ],
  rust: [
    { re: /\b(?:File::create|fs::(?:write|copy|rename))(?=\s*\()|\.persist(?=\s*\()/g },
  ],
};

/** Each writer's pattern in the shared scan (anchors.ts). */
const WRITER_SCANS = new Map(Object.values(WRITERS).flat().map(w => [w, anchored(w.re)]));
/** The callee names of the writers with `calls`, recorded in the shared scan; and each such writer's pattern made sticky. */
const CALL_ENDS = wordEnds(Object.values(WRITERS).flat().flatMap(w => w.calls ?? []));
const STICKY = new Map(Object.values(WRITERS).flat().filter(w => w.calls).map(w => [w, new RegExp(w.re.source, 'y')]));

/** The matches of a writer's pattern in the code: with `calls`, tried only where a callee name starts. */
function writerCalls(file: SourceFile, w: Writer): Iterable<RegExpExecArray> {
  if (w.calls) return matchesFrom(file.codeText, STICKY.get(w)!, wordStarts(file, CALL_ENDS, w.calls));
  w.re.lastIndex = 0;
  return file.codeText.matchAll(w.re);
}

export const rule: Rule = {
  meta: {
    id: 'processes/local-file-storage',
    factor: 'processes',
    severity: 'warning',
    title: 'Uploads stored on the local disk',
    description: 'User uploads and other lasting files written to the process\'s own disk (uploads/, media/, storage/app). That disk is wiped on every deploy and is not shared between processes, so files go missing.',
    remedy: 'Store files in an object store (S3, GCS, Azure Blob Storage) and keep only their keys in the database.',
    families: ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust'],
    fixable: false,
    // every finding needs an upload path or name, a storage setting, multer, a local-disk writer
    // (`transferTo`, `SaveFile`) or a Laravel 'local'/'public' disk in the file
    trigger: /upload|attachment|storage|media|webroot|public_path|multer|transferto|savefile|['"](?:local|public)['"]/i,
  },
  check(ctx) {
    const family = ctx.file.family;
    switch (family) {
      case 'js': checkMulter(ctx); checkFormidable(ctx); break;
      case 'python': checkPythonSettings(ctx); break;
      case 'ruby': checkRubyStorage(ctx); break;
      case 'php': checkLaravel(ctx); break;
    }
    const writers = WRITERS[family];
    if (writers) checkWriters(ctx, writers);
  },
};

function message(what: string, where: string | undefined): string {
  return `${what} ${where ? `writes files under "${where}"` : 'writes uploaded files'} on the local disk. ${EPHEMERAL} ${ADVICE}`;
}

// --- write calls, every language ------------------------------------------------------------------

interface Span { start: number; end: number }

/** What a name was last set to: a folder for uploads, a temporary path, a path from the environment, or anything else. */
interface Assignment { offset: number; kind: 'upload' | 'temp' | 'env' | 'other'; where?: string }

/** An assignment operator: `=` or `:=`, not `==`, `=>`, `=~`, `<=`, `!=`, `+=`. */
const ASSIGN_OP = /(?<![=!<>+\-*/%&|^:])(?::=|=)(?![=>~])/g;
/** What may stand left of an assignment: declaration keywords, a type, names (`private static final String X`, `dst, err`, `p: Path`). */
const ASSIGN_LHS = /^[\w$<>[\],.?: \t]*$/;
/** `config['UPLOAD_FOLDER'] = value`: a settings key assigned by subscript. */
const KEY_ASSIGN = /\[\s*['"](\w+)['"]\s*\]\s*=(?![=>~])/g;
const IDENT = /\$?[A-Za-z_]\w*/g;

function checkWriters(ctx: RuleContext, writers: Writer[]): void {
  const { file } = ctx;
  const text = file.codeText;
  // the calls that pass the cheap tests, in order; what their windows name is judged after, together
  const calls: { m: RegExpExecArray; w: Writer; callee: string; calleeStart: number; args: Span; window: Span }[] = [];
  for (const w of writers) {
    // the words every match holds, looked up in the file's shared scan
    if (!file.mentions(WRITER_SCANS.get(w)!) || (w.requires && text.indexOf(w.requires) < 0)) continue;
    for (const m of writerCalls(file, w)) {
      const callee = m[0].replace(/^(?:\.|->)\s*/, '');
      const calleeStart = m.index + m[0].length - callee.length;
      if (file.stringAt(calleeStart)) continue;
      const args = argsRange(file, m.index + m[0].length);
      if (!args) continue;
      const window = { start: lineStart(text, m.index), end: args.end };
      const windowText = text.slice(window.start, window.end);
      if (TEMP.test(windowText) || ENV_READ.test(windowText)) continue;
      if (w.mode && !w.mode.test(text.slice(args.start, args.end))) continue;
      calls.push({ m, w, callee, calleeStart, args, window });
    }
  }
  if (calls.length === 0) return;
  const windows = calls.map(c => namedIn(file, c.window.start, c.window.end));
  const assignments = collectAssignments(file, windows);
  for (const [i, { m, w, callee, calleeStart, args }] of calls.entries()) {
    const found = uploadEvidence(file, windows[i], assignments, m.index);
    if (found === 'temp') continue;
    const local = w.always || (w.localDest !== undefined && w.localDest.test(text.slice(args.start, args.end)));
    if (!found && !local) continue;
    if (callee === 'save' && isStorageSave(file, m.index, args)) continue;
    ctx.report({ start: calleeStart, end: calleeStart + callee.length, message: message(label(text, calleeStart, callee), found || undefined) });
  }
}

/**
 * Python `.save(...)` through Django's storage API (`default_storage.save(name, content)`,
 * `instance.photo.save(name, ContentFile(data))`): the configured storage decides where the file
 * goes, so it is judged in settings instead. A local save (`file.save(path)`, `img.save(path, 'PNG')`)
 * takes a path and at most a format string.
 */
function isStorageSave(file: SourceFile, at: number, args: { start: number; end: number }): boolean {
  if (/storage\s*\.\s*$/i.test(file.codeText.slice(Math.max(0, at - 40), at + 1))) return true;
  const list = topLevelArgs(file, args.start, args.end);
  if (list.length < 2) return false;
  const second = file.codeText.slice(list[1].start, list[1].end).trim();
  return !/^\w+\s*=/.test(second) && !/^[rbuf]{0,2}['"]/i.test(second);
}

/** The arguments after a callee: the parenthesized list, or (Ruby without parentheses) the rest of the line. */
function argsRange(file: SourceFile, from: number): Span | undefined {
  const text = file.codeText;
  const open = skipSpace(text, from);
  if (text[open] === '(') {
    const close = closingBracket(file, open, 3000);
    return close < 0 ? undefined : { start: open + 1, end: close };
  }
  if (file.family !== 'ruby') return undefined;
  return { start: from, end: lineEnd(text, from) };
}

/** `file.save` rather than `save`: the receiver makes the message recognisable. */
function label(text: string, calleeStart: number, callee: string): string {
  const name = callee.replace(/^new\s+/, 'new ');
  if (name.includes('.') || name.includes('::') || name.startsWith('new ')) return name;
  let i = calleeStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  let sep = '';
  if (text[i] === '.') sep = '.';
  else if (text[i] === '>' && text[i - 1] === '-') sep = '->';
  else if (text[i] === ':' && text[i - 1] === ':') sep = '::';
  if (!sep) return name;
  const end = i - sep.length + 1;
  let start = end;
  while (start > 0 && end - start < 40 && /[\w$]/.test(text[start - 1])) start--;
  return start < end ? `${text.slice(start, end)}${sep}${name}` : name;
}

/**
 * What a stretch of code (`named`) shows of a folder for user files: a path literal (`'uploads/'`), a variable
 * last assigned such a path, or a settings key or name made for it (`UPLOAD_FOLDER`, `uploadDir`,
 * `MEDIA_ROOT`) unless the file sets it from the environment. Returns the evidence, 'temp' when
 * a variable there holds a temporary path (whatever else the range names), or ''.
 */
function uploadEvidence(file: SourceFile, named: Named, assignments: Map<string, Assignment[]>, before: number): string {
  const lastBefore = (name: string): Assignment | undefined => {
    let last: Assignment | undefined;
    for (const a of assignments.get(name) ?? []) if (a.offset < before) last = a;
    return last;
  };
  const judge = (name: string, named: boolean): string | undefined => {
    const a = lastBefore(name);
    if (a?.kind === 'temp') return 'temp';
    if (a?.kind === 'upload') return a.where ?? name;
    if (a?.kind === 'env') return undefined;
    return named ? name : undefined;
  };
  const { ids, strings } = named;
  // a folder inside a temporary one is temporary too: `os.path.join(scratch, 'uploads')`
  if (ids.some(id => lastBefore(id)?.kind === 'temp')) return 'temp';
  for (const s of strings) {
    if (isUploadPath(s.value)) return shownPath(s.value);
    if (isSettingKey(file, s)) { const j = judge(s.value, true); if (j) return j; }
  }
  for (const id of ids) {
    const j = judge(id, UPLOAD_NAME.test(id));
    if (j) return j;
  }
  return '';
}

/** The fixed part of a path for the message: `uploads/` from `uploads/${name}` or `uploads/%s`. */
function shownPath(value: string): string {
  const cut = value.search(/[$#]?\{|%[sdv]/);
  const fixed = cut > 0 ? value.slice(0, cut) : value;
  return fixed.length > 60 ? fixed.slice(0, 60) + '...' : fixed;
}

function isUploadPath(value: string): boolean {
  return value.length < 200 && value.indexOf('://') < 0 && UPLOAD_SEGMENT.test(value) && !TEMP.test(value);
}

/** `app.config['UPLOAD_FOLDER']`, `getParameter('uploads_directory')`: a settings key naming the folder. */
function isSettingKey(file: SourceFile, s: { value: string; start: number }): boolean {
  if (!/^\w+$/.test(s.value)) return false;
  const m = UPLOAD_NAME.exec(s.value);
  if (!m || m.index !== 0 || m[0].length !== s.value.length) return false;
  if (s.value === s.value.toUpperCase()) return true;
  return /(?:getParameter|config)\s*\(\s*$/.test(file.codeText.slice(Math.max(0, s.start - 30), s.start - 1));
}

/**
 * The name a line assigns, from the text before its first assignment operator: `const p`,
 * `dst, err`, `private static final String DIR`, `let p: PathBuf`, `$target`. Left sides that hold
 * calls, quotes or operators (`f(x=1)`, `if a == b`) are not assignments.
 */
function assignedName(lhs: string): string | undefined {
  if (!ASSIGN_LHS.test(lhs)) return undefined;
  const colon = lhs.indexOf(':');
  if (colon >= 0) lhs = lhs.slice(0, colon);
  const comma = lhs.indexOf(',');
  if (comma >= 0) lhs = lhs.slice(0, comma);
  let e = lhs.length;
  while (e > 0 && (lhs[e - 1] === ' ' || lhs[e - 1] === '\t')) e--;
  let s = e;
  while (s > 0 && /[\w$]/.test(lhs[s - 1])) s--;
  const name = lhs.slice(s, e);
  return /^\$?[A-Za-z_]\w*$/.test(name) ? name : undefined;
}

/** What a stretch of code names: its identifiers (outside strings) and its string literals. */
interface Named { ids: string[]; strings: { value: string; start: number; end: number }[] }

function namedIn(file: SourceFile, start: number, end: number): Named {
  IDENT.lastIndex = 0;
  return { ids: Array.from(codeWithoutStrings(file, start, end).matchAll(IDENT), m => m[0]), strings: stringsIn(file, start, end) };
}

/** The names uploadEvidence() may look up for `named`: its identifiers, and its strings that could be settings keys. */
function addNames(named: Named, into: Set<string>): void {
  for (const id of named.ids) into.add(id);
  for (const s of named.strings) if (/^\w+$/.test(s.value)) into.add(s.value);
}

interface Assigned { name: string; offset: number; rhs: string; named: Named }

/**
 * Every `name = value` line (and `x['NAME'] = value`) that the windows' names lead to, classified by
 * its value so a later `write(name)` can be judged. A value can name other variables, which lead to
 * their own assignments: the names are followed as a worklist (no recursion), and the lines of the
 * names no window can reach are never classified, which is most of a long file. Each name's
 * assignments are classified in the order of the file, each seeing only those before it.
 */
function collectAssignments(file: SourceFile, windows: readonly Named[]): Map<string, Assignment[]> {
  const text = file.codeText;
  // every assignment line and `x['NAME'] =`, by name; their values are measured only when wanted
  const byName = new Map<string, { offset: number; rhsStart: number }[]>();
  const index = (name: string, offset: number, rhsStart: number) => {
    const list = byName.get(name);
    if (list) list.push({ offset, rhsStart }); else byName.set(name, [{ offset, rhsStart }]);
  };
  // each line's first assignment operator (the rest of the line is its value)
  ASSIGN_OP.lastIndex = 0;
  for (let m; (m = ASSIGN_OP.exec(text));) {
    const pos = lineStart(text, m.index);
    const name = assignedName(text.slice(pos, m.index));
    if (name) index(name, pos, m.index + m[0].length);
    ASSIGN_OP.lastIndex = lineEnd(text, m.index) + 1;
  }
  if (text.indexOf('[') >= 0) {
    KEY_ASSIGN.lastIndex = 0;
    for (const m of text.matchAll(KEY_ASSIGN)) index(m[1], m.index!, m.index! + m[0].length);
  }
  const wanted = new Set<string>();
  for (const w of windows) addNames(w, wanted);
  const found: Assigned[] = [];
  // a Set iterates over what is added while iterating: the worklist
  for (const name of wanted) {
    for (const { offset, rhsStart } of byName.get(name) ?? []) {
      let rhsEnd = lineEnd(text, rhsStart);
      const paren = text.indexOf('(', rhsStart);
      if (paren >= 0 && paren < rhsEnd) rhsEnd = Math.max(rhsEnd, closingBracket(file, paren, 2000));
      const named = namedIn(file, rhsStart, rhsEnd);
      found.push({ name, offset, rhs: text.slice(rhsStart, rhsEnd), named });
      addNames(named, wanted);
    }
  }
  // in the file's order (no two share an offset)
  found.sort((a, b) => a.offset - b.offset);
  const out = new Map<string, Assignment[]>();
  for (const { name, offset, rhs, named } of found) {
    let a: Assignment;
    if (TEMP.test(rhs)) a = { offset, kind: 'temp' };
    else if (ENV_READ.test(rhs)) a = { offset, kind: 'env' };
    else {
      const where = uploadEvidence(file, named, out, offset);
      a = where === 'temp' ? { offset, kind: 'temp' } : where ? { offset, kind: 'upload', where } : { offset, kind: 'other' };
    }
    const list = out.get(name);
    if (list) list.push(a); else out.set(name, [a]);
  }
  return out;
}

// --- JavaScript: multer and formidable --------------------------------------------------------------

const MULTER_ADVICE = 'Use multer-s3 (or multer.memoryStorage() and send the file to an object store such as S3, GCS or Azure Blob Storage).';
const NEST_INTERCEPTORS = ['FileInterceptor', 'FilesInterceptor', 'FileFieldsInterceptor', 'AnyFilesInterceptor'];

const MULTER_SCAN = anchored(/multer|Multer|@nestjs\/platform-express/);

function checkMulter(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  // the raw text's shared scan first: most files have none of these anywhere
  if (!file.matches(MULTER_SCAN)) return;
  if (text.indexOf('multer') < 0 && text.indexOf('Multer') < 0 && text.indexOf('@nestjs/platform-express') < 0) return;
  const imports = jsImports(file);
  const multer = imports.get('multer');
  const nest = imports.get('@nestjs/platform-express');
  const optionCalls: string[] = [...(multer?.whole ?? [])];
  const diskStorage: string[] = (multer?.whole ?? []).map(n => `${n}.diskStorage`);
  const named = multer?.named.get('diskStorage');
  if (named) diskStorage.push(named);
  if (nest) {
    const mod = nest.named.get('MulterModule');
    if (mod) optionCalls.push(`${mod}.register`);
    for (const i of NEST_INTERCEPTORS) { const local = nest.named.get(i); if (local) optionCalls.push(local); }
  }
  for (const callee of optionCalls) {
    for (const call of calls(file, callee)) {
      const close = closingBracket(file, call.open, 4000);
      if (close < 0) continue;
      let open = text.indexOf('{', call.open);
      while (open >= 0 && open < close) {
        const objClose = closingBracket(file, open, 4000);
        if (objClose < 0) break;
        const key = objectKeyAt(file, open, objClose + 1, 'dest');
        if (key >= 0) {
          const value = text.slice(key, Math.min(lineEnd(text, key), objClose));
          if (!TEMP.test(value) && !ENV_READ.test(value)) {
            ctx.report({ start: key, end: key + 4, message: `Multer's dest option saves uploaded files on the local disk. ${EPHEMERAL} ${MULTER_ADVICE}` });
          }
          break;
        }
        open = text.indexOf('{', objClose);
      }
    }
  }
  for (const callee of diskStorage) {
    for (const call of calls(file, callee)) {
      const close = closingBracket(file, call.open, 4000);
      if (close < 0) continue;
      const args = text.slice(call.open, close);
      if (TEMP.test(args) || ENV_READ.test(args)) continue;
      ctx.report({ start: call.start, end: call.start + callee.length, message: `multer.diskStorage saves uploaded files on the local disk. ${EPHEMERAL} ${MULTER_ADVICE}` });
    }
  }
}

const UPLOAD_DIR_SCAN = anchored(/uploadDir/);
const FORMIDABLE_SCAN = anchored(/formidable/);

function checkFormidable(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (!file.matches(UPLOAD_DIR_SCAN) || !file.matches(FORMIDABLE_SCAN)) return;
  if (text.indexOf('uploadDir') < 0 || text.indexOf('formidable') < 0) return;
  if (!jsImports(file).has('formidable')) return;
  const re = /\buploadDir\b/g;
  for (const m of text.matchAll(re)) {
    const at = m.index!;
    if (file.stringAt(at)) continue;
    const after = text[skipSpace(text, at + 'uploadDir'.length)];
    const before = text.slice(Math.max(0, at - 1), at);
    const isKey = after === ':' || (before === '.' && after === '=');
    if (!isKey) continue;
    const value = text.slice(at, lineEnd(text, at));
    if (TEMP.test(value) || ENV_READ.test(value)) continue;
    ctx.report({ start: at, end: at + 'uploadDir'.length, message: `formidable's uploadDir keeps uploaded files on the local disk. ${EPHEMERAL} ${ADVICE}` });
  }
}

/** Call sites of `callee` (a name or `a.b`) with the offset of their opening parenthesis. */
function calls(file: SourceFile, callee: string): { start: number; open: number }[] {
  const text = file.codeText;
  const re = new RegExp(`(?<![\\w$.])${callee.split('.').map(escapeRegExp).join('\\s*\\.\\s*')}\\s*\\(`, 'g');
  const out: { start: number; open: number }[] = [];
  for (const m of text.matchAll(re)) {
    if (!file.stringAt(m.index!)) out.push({ start: m.index!, open: m.index! + m[0].length - 1 });
  }
  return out;
}

// --- Python: Flask and Django settings ----------------------------------------------------------------

const FLASK_FOLDER = /\b(UPLOAD_FOLDER|UPLOADS_DEFAULT_DEST|UPLOADED_[A-Z]+_DEST)(?:['"]\s*\])?\s*=(?!=)/g;
const DJANGO_FS_STORAGE = 'django.core.files.storage.FileSystemStorage';
const DJANGO_DEFAULT_STORAGE = /\bDEFAULT_FILE_STORAGE\s*=\s*['"]([\w.]+)['"]/g;
const DJANGO_BACKEND = /['"]BACKEND['"]\s*:\s*['"]([\w.]+)['"]/;
const DJANGO_STORAGES = /\bSTORAGES\s*=\s*\{/g;
const DJANGO_MEDIA_ROOT = /^MEDIA_ROOT\s*=(?!=)/gm;
const FS_STORAGE_CALL = /(?<![\w.])(?:storage\.)?FileSystemStorage(?=\s*\()/g;
const OBJECT_STORE = /storages\.backends|S3Boto3Storage|S3Storage|GoogleCloudStorage|AzureStorage|cloudinary_storage|django_s3_storage|DEFAULT_FILE_STORAGE|STORAGES/;

function checkPythonSettings(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (text.indexOf('UPLOAD') >= 0) {
    FLASK_FOLDER.lastIndex = 0;
    for (const m of text.matchAll(FLASK_FOLDER)) {
      const at = m.index!;
      const inKey = file.stringAt(at);
      if (inKey && file.text[inKey.start - 1] !== '[') continue;
      const rhs = text.slice(at + m[0].length, lineEnd(text, at));
      if (TEMP.test(rhs) || ENV_READ.test(rhs)) continue;
      if (stringsIn(file, at + m[0].length, lineEnd(text, at)).length === 0) continue;
      const name = m[1];
      ctx.report({ start: at, end: at + name.length, message: `${name} points at a folder on the local disk, so uploads saved there are not durable. ${EPHEMERAL} ${ADVICE}` });
    }
  }
  let storageFound = false;
  if (text.indexOf('FileSystemStorage') >= 0) {
    DJANGO_DEFAULT_STORAGE.lastIndex = 0;
    for (const m of text.matchAll(DJANGO_DEFAULT_STORAGE)) {
      const v = m.index! + m[0].length - m[1].length - 1;
      if (m[1] !== DJANGO_FS_STORAGE || !file.stringAt(v)) continue;
      storageFound = true;
      ctx.report({ start: v, end: v + m[1].length, message: djangoMessage('DEFAULT_FILE_STORAGE is FileSystemStorage') });
    }
    DJANGO_STORAGES.lastIndex = 0;
    for (const m of text.matchAll(DJANGO_STORAGES)) {
      const open = m.index! + m[0].length - 1;
      const close = closingBracket(file, open, 20000);
      if (close < 0) continue;
      const def = /['"]default['"]\s*:\s*\{/g;
      def.lastIndex = open;
      const d = def.exec(text);
      if (!d || d.index > close) continue;
      const dOpen = d.index + d[0].length - 1;
      const dClose = closingBracket(file, dOpen);
      if (dClose < 0) continue;
      const b = DJANGO_BACKEND.exec(text.slice(dOpen, dClose));
      if (!b || b[1] !== DJANGO_FS_STORAGE) continue;
      const v = dOpen + b.index + b[0].length - b[1].length - 1;
      storageFound = true;
      ctx.report({ start: v, end: v + b[1].length, message: djangoMessage('The default storage is FileSystemStorage') });
    }
    FS_STORAGE_CALL.lastIndex = 0;
    for (const m of text.matchAll(FS_STORAGE_CALL)) {
      if (file.stringAt(m.index!)) continue;
      const args = argsRange(file, m.index! + m[0].length);
      if (!args) continue;
      const argText = text.slice(args.start, args.end);
      if (TEMP.test(argText) || ENV_READ.test(argText)) continue;
      ctx.report({ start: m.index!, end: m.index! + m[0].length, message: djangoMessage('FileSystemStorage keeps files') });
    }
  }
  if (!storageFound && text.indexOf('MEDIA_ROOT') >= 0 && isDjangoSettings(file) && !objectStoreNearby(ctx)) {
    DJANGO_MEDIA_ROOT.lastIndex = 0;
    for (const m of text.matchAll(DJANGO_MEDIA_ROOT)) {
      const rhs = text.slice(m.index! + m[0].length, lineEnd(text, m.index!));
      if (ENV_READ.test(rhs) || TEMP.test(rhs)) continue;
      ctx.report({ start: m.index!, end: m.index! + 'MEDIA_ROOT'.length, message: `MEDIA_ROOT is set and no object-store backend is configured, so Django saves uploaded files (FileField, ImageField) on the local disk. ${EPHEMERAL} Configure django-storages (S3, GCS, Azure) as the default storage.` });
    }
  }
}

function djangoMessage(what: string): string {
  return `${what} on the local disk, so uploaded files (FileField, ImageField) live there. ${EPHEMERAL} Use django-storages with S3, GCS or Azure as the storage backend.`;
}

function isDjangoSettings(file: SourceFile): boolean {
  return /(?:^|\/)settings(?:[_.][\w.]*)?\.py$|(?:^|\/)settings\//.test(file.path) || file.codeText.indexOf('INSTALLED_APPS') >= 0;
}

/** An object-store backend in this settings file or in one beside it (settings/production.py). */
function objectStoreNearby(ctx: RuleContext): boolean {
  const { file, project } = ctx;
  if (OBJECT_STORE.test(file.codeText)) return true;
  if (!project) return false;
  const dir = file.path.slice(0, file.path.lastIndexOf('/') + 1);
  for (const p of project.paths) {
    if (p === file.path || !p.startsWith(dir) || !p.endsWith('.py') || p.indexOf('/', dir.length) >= 0) continue;
    const t = project.read(p);
    if (t && OBJECT_STORE.test(t)) return true;
  }
  return false;
}

// --- Ruby: Active Storage, CarrierWave, Shrine ---------------------------------------------------------

const ACTIVE_STORAGE = /\bconfig\.active_storage\.service\s*=\s*:(\w+)/g;
const CARRIERWAVE = /^[ \t]*(?:storage[ \t]+|config\.storage\s*=\s*)(:file)\b/gm;
const SHRINE_FS = /\bShrine::Storage::FileSystem\.new\b/g;
const RUBY_OBJECT_STORE = /:fog\b|:aws\b|Shrine::Storage::S3|GoogleCloudStorage|fog_credentials/;

function checkRubyStorage(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (/(?:^|\/)config\/environments\/production\.rb$/.test(file.path) && text.indexOf('active_storage') >= 0) {
    ACTIVE_STORAGE.lastIndex = 0;
    for (const m of text.matchAll(ACTIVE_STORAGE)) {
      const service = m[1];
      if (service !== 'local' && !isDiskService(ctx, service)) continue;
      const s = m.index! + m[0].length - service.length - 1;
      ctx.report({ start: s, end: s + service.length + 1, message: `Active Storage in production uses the :${service} service, a Disk service, so attachments are files on the local disk. ${EPHEMERAL} Use an S3, GCS or Azure service in config/storage.yml.` });
    }
  }
  if (RUBY_OBJECT_STORE.test(text)) return;
  if (text.indexOf(':file') >= 0) {
    CARRIERWAVE.lastIndex = 0;
    for (const m of text.matchAll(CARRIERWAVE)) {
      const s = m.index! + m[0].length - m[1].length;
      if (file.stringAt(s)) continue;
      ctx.report({ start: s, end: s + m[1].length, message: `CarrierWave's storage :file keeps uploads on the local disk. ${EPHEMERAL} Use storage :fog (S3, GCS, Azure) with credentials from the environment.` });
    }
  }
  SHRINE_FS.lastIndex = 0;
  for (const m of text.matchAll(SHRINE_FS)) {
    if (file.stringAt(m.index!)) continue;
    const line = text.slice(lineStart(text, m.index!), lineEnd(text, m.index!));
    if (/^\s*cache:/.test(line) || TEMP.test(line)) continue; // the cache holds uploads only until they are promoted
    ctx.report({ start: m.index!, end: m.index! + m[0].length, message: `Shrine's FileSystem storage keeps uploads on the local disk. ${EPHEMERAL} Use Shrine::Storage::S3 (or GCS, Azure) for the store.` });
  }
}

/** Whether config/storage.yml defines `service` with `service: Disk`. */
function isDiskService(ctx: RuleContext, service: string): boolean {
  const path = ctx.file.path.replace(/environments\/production\.rb$/, 'storage.yml');
  const yml = ctx.project?.read(path);
  if (!yml) return false;
  const lines = yml.split('\n');
  const head = lines.findIndex(l => l.trimEnd() === `${service}:`);
  if (head < 0) return false;
  for (let i = head + 1; i < lines.length && /^\s/.test(lines[i]); i++) {
    if (/^\s+service:\s*['"]?Disk['"]?\s*$/.test(lines[i])) return true;
  }
  return false;
}

// --- PHP: Laravel ----------------------------------------------------------------------------------------

const LARAVEL_DISK = /\bStorage::disk\s*\(\s*['"](\w+)['"]\s*\)\s*->\s*(\w+)/g;
const LARAVEL_LOCAL_DISKS: ReadonlySet<string> = new Set(['local', 'public']);
const LARAVEL_WRITES: ReadonlySet<string> = new Set(['put', 'putFile', 'putFileAs', 'write', 'writeStream', 'append', 'prepend']);
const LARAVEL_STORE = /->\s*(?:store|storeAs|storePublicly|storePubliclyAs)(?=\s*\()/g;
const LARAVEL_DEFAULT = /['"]default['"]\s*=>\s*['"](local|public)['"]/g;

function checkLaravel(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  const advice = `${EPHEMERAL} Use an s3 (or other cloud) disk, chosen by FILESYSTEM_DISK.`;
  if (text.indexOf('Storage::disk') >= 0) {
    LARAVEL_DISK.lastIndex = 0;
    for (const m of text.matchAll(LARAVEL_DISK)) {
      if (!LARAVEL_LOCAL_DISKS.has(m[1]) || !LARAVEL_WRITES.has(m[2]) || file.stringAt(m.index!)) continue;
      ctx.report({ start: m.index!, end: m.index! + m[0].length, message: `Storage::disk('${m[1]}') writes to storage/app on the local disk. ${advice}` });
    }
  }
  if (text.indexOf('->store') >= 0) {
    LARAVEL_STORE.lastIndex = 0;
    for (const m of text.matchAll(LARAVEL_STORE)) {
      const args = argsRange(file, m.index! + m[0].length);
      if (!args) continue;
      // the disk is the last argument: ->store('avatars', 'public'), ->storeAs('avatars', $name, 'local')
      const disk = stringsIn(file, args.start, args.end).pop();
      if (!disk || (disk.value !== 'local' && disk.value !== 'public') || text[skipSpaceBack(text, disk.start - 1)] !== ',') continue;
      const name = m[0].replace(/^->\s*/, '');
      const s = m.index! + m[0].length - name.length;
      ctx.report({ start: s, end: s + name.length, message: `${name}(..., '${disk.value}') saves the upload to storage/app on the local disk. ${advice}` });
    }
  }
  if (/(?:^|\/)config\/filesystems\.php$/.test(file.path)) {
    LARAVEL_DEFAULT.lastIndex = 0;
    for (const m of text.matchAll(LARAVEL_DEFAULT)) {
      const v = m.index! + m[0].length - m[1].length - 1;
      if (!file.stringAt(v)) continue;
      ctx.report({ start: v, end: v + m[1].length, message: `The default filesystem disk is hardcoded to '${m[1]}', the local disk. ${advice}` });
    }
  }
}
