import { Rule } from '../rule';
import { own } from '../own';
import { TokenKind } from '../lexer';
import { Family } from '../languages';
import { SourceFile } from '../source';
import { closingBracket, skipSpaceBack, topLevelArgs } from '../codeScan';
import { importsModule, isTestPath } from '../servers';

/**
 * The app daemonizes itself or writes a PID file. A twelve-factor process runs in the foreground
 * and leaves supervision to the platform (systemd, Kubernetes, Heroku's dyno manager, Docker): a
 * process that detaches escapes its supervisor, which can no longer restart, scale or stop it, and
 * its output no longer reaches the log stream; a PID file is the home-grown supervision that goes
 * with it, and a stale one left by a killed container blocks the next start.
 *
 * Code: python-daemon's `DaemonContext`, `Daemonize(...)`, `os.fork()` + `os.setsid()`, Ruby
 * `Process.daemon` / the daemons gem, PHP `pcntl_fork()` + `posix_setsid()`, go-daemon's `Reborn()`,
 * a Go re-exec of itself with `Setsid: true`, Rust `Daemonize::new()`, the Node `daemon` packages,
 * Spring's `ApplicationPidFileWriter` and `spring.pid.file`, Puma's `daemonize` and a literal
 * `pidfile`, and PID files written by code (`writeFileSync('app.pid', ...)`, `open('/var/run/app.pid', 'w')`,
 * `os.WriteFile(..., os.Getpid())`). Commands (shell scripts, Procfile, Dockerfile CMD/ENTRYPOINT,
 * package.json `start` scripts): `nohup ... &`, `gunicorn --daemon`, `uwsgi --daemonize`,
 * `celery --detach` / `celery multi`, `unicorn -D`, `puma -d`, `rails s -d`, `sidekiq -d`,
 * `php-fpm -D`, `redis-server --daemonize yes`, `forever start`, `pm2 start` (not `pm2-runtime` or
 * `--no-daemon`), `start-stop-daemon --background`, and `--pid`/`--pidfile` options with a path.
 * Not flagged: reading a PID file, comments, docs, tests, `--pidfile=` left empty or `/dev/null`.
 */
const FAMILIES: readonly Family[] = ['python', 'js', 'ruby', 'go', 'php', 'java', 'kotlin', 'rust', 'shell', 'dockerfile', 'json', 'properties', 'yaml'];

type Kind = 'daemon' | 'pid';

/** Commands and servers that daemonize or write a PID file, in scripts, Dockerfiles and package.json (and `pid` for Spring). */
const COMMAND_WORDS = /daemon|pid|setsid|nohup|detach|\$\$|gunicorn|uwsgi|celery|unicorn|rainbows|puma|thin|rails|sidekiq|php-fpm|redis-server|forever|pm2|memcached/i;

interface Hit { start: number; end: number; kind: Kind; what: string }

export const rule: Rule = {
  meta: {
    id: 'concurrency/daemonizing',
    factor: 'concurrency',
    severity: 'warning',
    title: 'Daemonizing or PID file',
    description: 'The app detaches from its parent (daemonizes) or writes a PID file. Its supervisor then loses track of it: it cannot restart, scale or stop the process, and the output no longer reaches the log stream.',
    remedy: 'Run the process in the foreground, without a PID file, and let the platform (systemd, Docker, Kubernetes, Heroku) supervise it.',
    families: FAMILIES,
    fixable: false,
    // per family, what each language's check looks for first (see the *Hits functions)
    trigger: {
      python: /daemon|setsid|\.pid|getpid/i,
      js: /daemon|\.pid/,
      ruby: /daemon|pid|\$\$/i,
      go: /daemon|Setsid|\.pid|Getpid/,
      php: /pcntl_fork|\.pid|getmypid/,
      java: /ApplicationPidFileWriter/,
      kotlin: /ApplicationPidFileWriter/,
      rust: /Daemonize/,
      shell: COMMAND_WORDS, dockerfile: COMMAND_WORDS, json: COMMAND_WORDS, properties: COMMAND_WORDS, yaml: COMMAND_WORDS,
    },
  },
  check({ file, report }) {
    if (isTestPath(file.path)) return;
    const hits = hitsIn(file);
    const seen = new Set<number>();
    for (const h of hits) {
      if (seen.has(h.start)) continue;
      seen.add(h.start);
      report({
        start: h.start, end: h.end,
        message: h.kind === 'daemon'
          ? `${h.what} daemonizes the process: it detaches from its supervisor, which can then no longer restart, scale or stop it, and its output leaves the log stream. Run it in the foreground and let the platform manage the process.`
          : `${h.what} writes a PID file: process supervision is the platform's job, and a PID file left behind by a killed container can block the next start. Run in the foreground without a PID file.`,
      });
    }
  },
};

function hitsIn(file: SourceFile): Hit[] {
  switch (file.family) {
    case 'python': return pythonHits(file);
    case 'js': return jsHits(file);
    case 'ruby': return rubyHits(file);
    case 'go': return goHits(file);
    case 'php': return phpHits(file);
    case 'java': case 'kotlin': return jvmHits(file);
    case 'rust': return rustHits(file);
    case 'shell': return commandHits(allLines(file));
    case 'dockerfile': return commandHits(dockerCommandLines(file));
    case 'json': return file.baseName === 'package.json' ? commandHits(startScripts(file)) : [];
    case 'properties': case 'yaml': return springPidFile(file);
    default: return [];
  }
}

function each(re: RegExp, text: string): RegExpExecArray[] {
  re.lastIndex = 0;
  return [...text.matchAll(re)] as RegExpExecArray[];
}

function firstHit(re: RegExp, text: string, kind: Kind, what: string): Hit[] {
  re.lastIndex = 0;
  const m = re.exec(text);
  // the name, without the `(` of the call
  if (!m) return [];
  let end = m.index + m[0].length;
  while (end > m.index && (text[end - 1] === '(' || /\s/.test(text[end - 1]))) end--;
  return [{ start: m.index, end, kind, what }];
}

/** The arguments of the call whose name ends just before `(` at `open`. */
function argsOf(file: SourceFile, open: number): { start: number; end: number }[] | undefined {
  const close = closingBracket(file, open, 2000);
  return close < 0 ? undefined : topLevelArgs(file, open + 1, close);
}

/** The string literal that is the whole argument, or undefined. */
function literal(file: SourceFile, arg: { start: number; end: number } | undefined): string | undefined {
  if (!arg) return undefined;
  let s = arg.start;
  while (s < arg.end && /\s/.test(file.codeText[s])) s++;
  const t = file.tokenAt(s);
  if (!t || t.kind !== TokenKind.String || t.start !== s || t.interpolated) return undefined;
  if (file.codeText.slice(t.end, arg.end).trim() !== '') return undefined;
  return file.text.slice(t.valueStart, t.valueEnd);
}

const PID_PATH = /\.pid$/i;

/**
 * Calls that write a file, where the target is a `.pid` path or the content is the process id:
 * `name(` is matched by `re`; `pidExpr` recognises the process id in the arguments.
 */
function pidWrites(file: SourceFile, re: RegExp, pidExpr: RegExp, writeMode?: (args: { start: number; end: number }[]) => boolean): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  for (const m of each(re, text)) {
    const open = m.index + m[0].length - 1;
    const args = argsOf(file, open);
    if (!args?.length) continue;
    const target = literal(file, args[0]);
    const content = text.slice(args[0].end, args[args.length - 1].end);
    const pidTarget = target !== undefined && PID_PATH.test(target) && (!writeMode || writeMode(args));
    pidExpr.lastIndex = 0;
    if (pidTarget || pidExpr.test(content)) out.push({ start: m.index, end: open, kind: 'pid', what: `${m[0].slice(0, -1).trim()}(...)` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Code

/**
 * The daemon idiom around fork + setsid: the parent exits right after forking (`if pid > 0:
 * sys.exit(0)`), or the process forks twice. A fork whose parent carries on (a pty or a child
 * process in its own session) is not daemonizing.
 */
function parentExits(text: string, fork: RegExp): boolean {
  const forks = each(fork, text);
  if (forks.length >= 2) return true;
  return forks.some(m => /\bexit\s*\(|\b_exit\s*\(/.test(text.slice(m.index, m.index + 300)));
}

const PY_DAEMON_CONTEXT = /\bDaemonContext\s*\(/g;
const PY_DAEMONIZE = /\bDaemonize\s*\(/g;
const PY_FORK_ALL = /\bos\s*\.\s*fork\s*\(\s*\)/g;
const PY_SETSID = /\bos\s*\.\s*setsid\s*\(\s*\)/g;
const PY_OPEN = /\bopen\s*\(/g;
const PY_GETPID = /\bos\s*\.\s*getpid\s*\(/;
const PY_WRITE_PID = /\.\s*write\s*\(\s*(?:str\s*\(\s*)?os\s*\.\s*getpid\s*\(/g;
const PY_PATH_WRITE = /\.\s*write_(?:text|bytes)\s*\(/g;

function pythonHits(file: SourceFile): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  if (text.indexOf('daemon') >= 0) {
    out.push(...firstHit(PY_DAEMON_CONTEXT, text, 'daemon', 'daemon.DaemonContext'));
    if (/\bfrom[ \t]+daemonize[ \t]+import\b|\bimport[ \t]+daemonize\b/.test(text)) out.push(...firstHit(PY_DAEMONIZE, text, 'daemon', 'Daemonize'));
  }
  if (parentExits(text, PY_FORK_ALL)) out.push(...firstHit(PY_SETSID, text, 'daemon', 'os.fork() followed by os.setsid()'));
  if (/\.pid\b/i.test(text)) {
    out.push(...pidWrites(file, PY_OPEN, /(?!)/, args => {
      const mode = literal(file, args[1]) ?? /^\s*mode\s*=\s*['"]([^'"]*)['"]\s*$/.exec(args.slice(1).map(a => text.slice(a.start, a.end)).find(a => /^\s*mode\s*=/.test(a)) ?? '')?.[1];
      return mode !== undefined && /[wax]/.test(mode);
    }));
    // Path("app.pid").write_text(...)
    for (const m of each(PY_PATH_WRITE, text)) {
      const close = skipSpaceBack(text, m.index);
      if (text[close] !== ')') continue;
      const t = file.tokenAt(skipSpaceBack(text, close));
      if (t && t.kind === TokenKind.String && PID_PATH.test(file.text.slice(t.valueStart, t.valueEnd))) {
        const name = m.index + m[0].indexOf('write');
        out.push({ start: name, end: m.index + m[0].length - 1, kind: 'pid', what: 'Path(...).write_text(...)' });
      }
    }
  }
  // `f.write(str(os.getpid()))`, unless the file was already reported as opened for a PID file
  if (PY_GETPID.test(text) && !out.some(h => h.kind === 'pid')) {
    for (const m of each(PY_WRITE_PID, text)) {
      const name = m.index + m[0].indexOf('write');
      out.push({ start: name, end: name + 5, kind: 'pid', what: 'Writing os.getpid() to a file' });
    }
  }
  return out;
}

const JS_WRITE = /\b(?:writeFileSync|writeFile|createWriteStream)\s*\(/g;
const JS_DAEMON_MODULES = ['daemon', 'daemonize2', 'daemonize-process', 'start-stop-daemon'];
const JS_REQUIRE_DAEMON = /\b(?:require\s*\(\s*|from\s*|import\s*)['"](daemon|daemonize2|daemonize-process|start-stop-daemon)['"]/g;

function jsHits(file: SourceFile): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  if (text.indexOf('daemon') >= 0 && JS_DAEMON_MODULES.some(m => importsModule(text, m))) {
    for (const m of each(JS_REQUIRE_DAEMON, text)) {
      const at = m.index + m[0].length - m[1].length - 1;
      out.push({ start: at, end: at + m[1].length, kind: 'daemon', what: `The ${m[1]} package` });
      break;
    }
  }
  if (text.indexOf('.pid') >= 0 || text.indexOf('process.pid') >= 0) out.push(...pidWrites(file, JS_WRITE, /\bprocess\s*\.\s*pid\b/g));
  return out;
}

const RB_PROCESS_DAEMON = /\bProcess\s*\.\s*daemon\b/g;
const RB_DAEMONS = /\bDaemons\s*\.\s*(?:run|run_proc|daemonize|call)\b/g;
const RB_PUMA_DAEMONIZE = /^[ \t]*daemonize\b(?![ \t(]*false)/gm;
const RB_PUMA_PIDFILE = /^[ \t]*pidfile[ \t(]+['"]/gm;
const RB_FILE_WRITE = /\bFile\s*\.\s*(?:write|open)\s*\(/g;

function rubyHits(file: SourceFile): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  out.push(...firstHit(RB_PROCESS_DAEMON, text, 'daemon', 'Process.daemon'));
  out.push(...firstHit(RB_DAEMONS, text, 'daemon', 'The daemons gem'));
  if (file.baseName === 'puma.rb') {
    for (const m of each(RB_PUMA_DAEMONIZE, text)) { const s = m.index + m[0].indexOf('daemonize'); out.push({ start: s, end: s + 9, kind: 'daemon', what: "Puma's `daemonize`" }); }
    for (const m of each(RB_PUMA_PIDFILE, text)) { const s = m.index + m[0].indexOf('pidfile'); out.push({ start: s, end: s + 7, kind: 'pid', what: "Puma's `pidfile`" }); }
  }
  if (/\.pid\b|Process\s*\.\s*pid|\$\$/.test(text)) {
    out.push(...pidWrites(file, RB_FILE_WRITE, /\bProcess\s*\.\s*pid\b|\$\$/g, args => {
      // File.write(path, ...) always writes; File.open(path, 'w') only with a write mode
      const mode = literal(file, args[1]);
      return args.length >= 2 && (mode === undefined || /[wa]/.test(mode));
    }));
  }
  return out;
}

const GO_REBORN = /\.\s*Reborn\s*\(/g;
const GO_SETSID = /\bSetsid\s*:\s*true\b/g;
const GO_SELF = /\bos\s*\.\s*Args\s*\[\s*0\s*\]|\bos\s*\.\s*Executable\s*\(|\/proc\/self\/exe/;
const GO_WRITE = /\b(?:os|ioutil)\s*\.\s*WriteFile\s*\(/g;

function goHits(file: SourceFile): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  if (text.indexOf('sevlyar/go-daemon') >= 0) out.push(...firstHit(GO_REBORN, text, 'daemon', "go-daemon's Reborn()").map(h => ({ ...h, start: h.start + 1 })));
  if (GO_SELF.test(text)) out.push(...firstHit(GO_SETSID, text, 'daemon', 'Re-executing the program with Setsid: true'));
  if (text.indexOf('.pid') >= 0 || text.indexOf('Getpid') >= 0) out.push(...pidWrites(file, GO_WRITE, /\bos\s*\.\s*Getpid\s*\(/g));
  return out;
}

const PHP_FORK = /\bpcntl_fork\s*\(/g;
const PHP_SETSID = /\bposix_setsid\s*\(/g;
const PHP_PUT = /\bfile_put_contents\s*\(/g;

function phpHits(file: SourceFile): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  if (parentExits(text, PHP_FORK)) out.push(...firstHit(PHP_SETSID, text, 'daemon', 'pcntl_fork() followed by posix_setsid()'));
  if (text.indexOf('.pid') >= 0 || text.indexOf('getmypid') >= 0) out.push(...pidWrites(file, PHP_PUT, /\bgetmypid\s*\(/g));
  return out;
}

const JVM_PID_WRITER = /\bApplicationPidFileWriter\b/g;

function jvmHits(file: SourceFile): Hit[] {
  const text = file.codeText;
  const out: Hit[] = [];
  for (const m of each(JVM_PID_WRITER, text)) {
    // the listener registered, not its import
    const line = file.lineText(file.lineOf(m.index));
    if (/^\s*import\b/.test(line)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'pid', what: "Spring's ApplicationPidFileWriter" });
  }
  return out;
}

const RUST_DAEMONIZE = /\bDaemonize\s*::\s*new\s*\(/g;

function rustHits(file: SourceFile): Hit[] {
  return firstHit(RUST_DAEMONIZE, file.codeText, 'daemon', 'Daemonize::new()');
}

const SPRING_PID_PROPERTY = /^[ \t]*spring\.pid\.file[ \t]*[=:][ \t]*\S/gm;
const SPRING_PID_YAML = /^([ \t]+)file[ \t]*:[ \t]*\S/gm;

/** `spring.pid.file=/var/run/app.pid` in application*.properties / .yml. */
function springPidFile(file: SourceFile): Hit[] {
  if (!/^(?:application|bootstrap)(?:-[\w.-]+)?\.(?:properties|ya?ml)$/.test(file.baseName)) return [];
  const text = file.codeText;
  if (text.indexOf('pid') < 0) return [];
  const out: Hit[] = [];
  for (const m of each(SPRING_PID_PROPERTY, text)) {
    const s = m.index + m[0].indexOf('spring');
    out.push({ start: s, end: s + 'spring.pid.file'.length, kind: 'pid', what: 'spring.pid.file' });
  }
  if (file.family !== 'yaml') return out;
  for (const m of each(SPRING_PID_YAML, text)) {
    const parents = yamlParents(file, m.index, m[1].length);
    if (parents[0] !== 'pid' || parents[1] !== 'spring') continue;
    const s = m.index + m[1].length;
    out.push({ start: s, end: s + 4, kind: 'pid', what: 'spring.pid.file' });
  }
  return out;
}

/** The keys of the YAML mappings around the line at `at`, innermost first. */
function yamlParents(file: SourceFile, at: number, indent: number): string[] {
  const out: string[] = [];
  let ind = indent;
  for (let l = file.lineOf(at) - 1; l >= 0 && ind > 0; l--) {
    const line = file.lineText(l);
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const i = line.length - line.trimStart().length;
    if (i >= ind) continue;
    ind = i;
    out.push(/^([\w.-]+)[ \t]*:/.exec(t)?.[1] ?? '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Commands: shell scripts, Procfile, Dockerfile CMD/ENTRYPOINT, package.json start scripts

interface CommandLine { text: string; offset: number }

function allLines(file: SourceFile): CommandLine[] {
  const out: CommandLine[] = [];
  for (let l = 0; l < file.lineStarts.length; l++) {
    const start = file.lineStarts[l];
    out.push({ text: file.codeText.slice(start, start + file.lineText(l).length), offset: start });
  }
  return out;
}

const DOCKER_RUN_INSTRUCTION = /^[ \t]*(?:CMD|ENTRYPOINT)[ \t]/i;

/** The CMD and ENTRYPOINT instructions (with their continuation lines). */
function dockerCommandLines(file: SourceFile): CommandLine[] {
  const out: CommandLine[] = [];
  let inCommand = false;
  for (const line of allLines(file)) {
    if (!inCommand && DOCKER_RUN_INSTRUCTION.test(line.text)) inCommand = true;
    if (inCommand) {
      out.push(line);
      inCommand = /\\[ \t]*\r?$/.test(line.text);
    }
  }
  return out;
}

const START_SCRIPT = /"(start(?::[\w:-]+)?)"\s*:\s*"/g;

/** The `start` / `start:*` scripts of a package.json (what `npm start` runs in production). */
function startScripts(file: SourceFile): CommandLine[] {
  const text = file.codeText;
  const scripts = text.indexOf('"scripts"');
  if (scripts < 0) return [];
  const open = text.indexOf('{', scripts);
  const close = open < 0 ? -1 : closingBracket(file, open, 100000);
  if (close < 0) return [];
  const out: CommandLine[] = [];
  START_SCRIPT.lastIndex = open;
  let m: RegExpExecArray | null;
  while ((m = START_SCRIPT.exec(text)) && m.index < close) {
    const s = file.stringAt(m.index + m[0].length);
    if (s) out.push({ text: text.slice(s.valueStart, s.valueEnd), offset: s.valueStart });
  }
  return out;
}

/** Words of a command line with their offsets; `&&`, `||`, `|`, `;` and `&` are words of their own. */
const WORD = /&&|\|\||[|;&]|[^\s"',[\]|;&]+/g;

/** Options that detach, per tool (`true`: the option alone; a string: the option needs that value). */
const DAEMON_FLAGS: Record<string, Record<string, true | string>> = {
  gunicorn: { '--daemon': true, '-D': true },
  uwsgi: { '--daemonize': true, '--daemonize2': true },
  celery: { '--detach': true },
  unicorn: { '-D': true, '--daemonize': true },
  unicorn_rails: { '-D': true, '--daemonize': true },
  rainbows: { '-D': true, '--daemonize': true },
  puma: { '-d': true, '--daemon': true },
  thin: { '-d': true, '--daemonize': true },
  rails: { '-d': true, '--daemon': true },
  sidekiq: { '-d': true, '--daemon': true },
  'php-fpm': { '-D': true, '--daemonize': true },
  'redis-server': { '--daemonize': 'yes' },
  memcached: { '-d': true, '--daemon': true },
  'start-stop-daemon': { '--background': true, '-b': true },
};
/** Options that write a PID file, per tool. */
const PID_FLAGS: Record<string, string[]> = {
  gunicorn: ['--pid', '-p'],
  uwsgi: ['--pidfile', '--pidfile2', '--safe-pidfile', '--safe-pidfile2'],
  celery: ['--pidfile'],
  puma: ['--pidfile'],
  thin: ['--pid', '-P'],
  rails: ['--pid', '-P'],
  sidekiq: ['--pidfile', '-P'],
  unicorn: ['--pid'],
  'start-stop-daemon': ['--make-pidfile', '-m'],
};

function toolName(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return /^php-?fpm[\d.]*$/.test(base) ? 'php-fpm' : base;
}

function commandHits(lines: readonly CommandLine[]): Hit[] {
  const out: Hit[] = [];
  for (const line of lines) {
    const words = each(WORD, line.text).map(m => ({ w: m[0], at: line.offset + m.index }));
    let segment: { w: string; at: number }[] = [];
    for (let i = 0; i <= words.length; i++) {
      const w = words[i];
      if (w && !['&&', '||', '|', ';', '&'].includes(w.w)) { segment.push(w); continue; }
      segmentHits(segment, w?.w === '&', out);
      segment = [];
    }
  }
  return out;
}

function segmentHits(seg: readonly { w: string; at: number }[], background: boolean, out: Hit[]): void {
  if (!seg.length) return;
  // `web: nohup ...` in a Procfile: the process type is not part of the command
  const words = seg[0].w.endsWith(':') ? seg.slice(1) : seg;
  const nohup = words.findIndex(w => w.w === 'nohup');
  if (nohup >= 0 && background) {
    out.push({ start: words[nohup].at, end: words[nohup].at + 5, kind: 'daemon', what: '`nohup ... &`' });
    return;
  }
  const ti = words.findIndex(w => DAEMON_FLAGS[toolName(w.w)] || PID_FLAGS[toolName(w.w)] || ['forever', 'pm2', 'daemonize', 'celery'].includes(toolName(w.w)));
  if (ti < 0) return;
  const tool = toolName(words[ti].w);
  const rest = words.slice(ti + 1);
  const sub = rest[0]?.w;
  if (tool === 'forever' || tool === 'pm2') {
    if (sub === 'start' && !(tool === 'pm2' && rest.some(w => w.w === '--no-daemon'))) {
      out.push({ start: words[ti].at, end: rest[0].at + 5, kind: 'daemon', what: `\`${tool} start\`` });
    }
    return;
  }
  if (tool === 'daemonize') {
    out.push({ start: words[ti].at, end: words[ti].at + words[ti].w.length, kind: 'daemon', what: '`daemonize`' });
    return;
  }
  if (tool === 'rails' && sub !== 's' && sub !== 'server') return;
  if (tool === 'celery' && rest.some(w => w.w === 'multi')) {
    const multi = rest.find(w => w.w === 'multi')!;
    out.push({ start: multi.at, end: multi.at + 5, kind: 'daemon', what: '`celery multi`' });
    return;
  }
  const daemonFlags = own(DAEMON_FLAGS, tool) ?? {};
  const pidFlags = own(PID_FLAGS, tool) ?? [];
  for (let i = 0; i < rest.length; i++) {
    const eq = rest[i].w.indexOf('=');
    const flag = eq > 0 ? rest[i].w.slice(0, eq) : rest[i].w;
    const inline = eq > 0 ? rest[i].w.slice(eq + 1) : undefined;
    const want = daemonFlags[flag];
    if (want === true || (typeof want === 'string' && (inline ?? rest[i + 1]?.w) === want)) {
      out.push({ start: rest[i].at, end: rest[i].at + flag.length, kind: 'daemon', what: `\`${tool} ${flag}\`` });
      continue;
    }
    if (pidFlags.includes(flag)) {
      // `--make-pidfile` takes no value; the others need a real path
      const value = flag === '--make-pidfile' || flag === '-m' ? 'x' : inline ?? (rest[i + 1] && !rest[i + 1].w.startsWith('-') ? rest[i + 1].w : '');
      if (value && value !== '/dev/null') out.push({ start: rest[i].at, end: rest[i].at + flag.length, kind: 'pid', what: `\`${tool} ${flag}\`` });
    }
  }
}
