/**
 * dependencies/implicit-system-tool (project level, info): the code runs a system tool (curl,
 * wget, ImageMagick's convert/magick, ffmpeg, pdftk, wkhtmltopdf, Ghostscript, pandoc, git, ssh,
 * rsync) as a child process, and nothing in the project declares it: no Dockerfile that applies to
 * the file installs it (apt-get/apk/yum/dnf/zypper), ships it in its base image or copies it in,
 * and no Heroku Aptfile lists it. The app then works only on machines that happen to have the tool.
 *
 * A call counts when the tool's name starts a string literal that is the program (first argument,
 * or first element of the argument array) of a process call: child_process/execa (JS), subprocess/
 * os.system (Python), exec.Command (Go), ProcessBuilder/Runtime.exec (Java, Kotlin), Process.Start/
 * ProcessStartInfo (C#), system/backticks/%x/Open3 (Ruby), shell_exec/exec/system/passthru/
 * backticks/Symfony Process (PHP), std::process::Command (Rust). The finding sits on the tool name.
 *
 * Which Dockerfiles apply: those in the file's folder or a folder above it, and those in a build
 * folder (`docker/`, `deploy/`...) of such a folder; not `.devcontainer/`, which only describes the
 * development machine. An Aptfile applies to the files below it. Build scripts (`scripts/`,
 * `setup.py`, `*.config.js`) run on the developer's machine and are not checked. Silent without
 * a project, or when the project does not list the file.
 */
import { Rule } from '../rule';
import { Family, languageIdForPath } from '../languages';
import { TokenKind } from '../lexer';
import { Project } from '../project';
import { SourceFile } from '../source';
import { installedPackages, readDockerfile, runTexts, words } from '../dockerfile';
import { baseName, dirOf, parentDirs } from '../manifests';

interface Tool {
  /** Packages that provide it (`*` at the end: any package with that prefix). */
  packages: readonly string[];
  /** The package to suggest. */
  install: string;
  /** Full Debian-based language images (buildpack-deps) already ship it. */
  inFullImages?: boolean;
}

const IMAGEMAGICK: Tool = { packages: ['imagemagick*', 'graphicsmagick-imagemagick-compat'], install: 'imagemagick', inFullImages: true };
const FFMPEG: Tool = { packages: ['ffmpeg*'], install: 'ffmpeg' };
const WKHTMLTOPDF: Tool = { packages: ['wkhtmltopdf', 'wkhtmltox'], install: 'wkhtmltopdf' };
const GHOSTSCRIPT: Tool = { packages: ['ghostscript'], install: 'ghostscript' };
const SSH: Tool = { packages: ['openssh-client*', 'openssh', 'ssh', 'openssh-clients'], install: 'openssh-client', inFullImages: true };

const TOOLS: ReadonlyMap<string, Tool> = new Map<string, Tool>([
  ['curl', { packages: ['curl'], install: 'curl', inFullImages: true }],
  ['wget', { packages: ['wget'], install: 'wget', inFullImages: true }],
  ['convert', IMAGEMAGICK],
  ['magick', IMAGEMAGICK],
  ['ffmpeg', FFMPEG],
  ['ffprobe', FFMPEG],
  ['pdftk', { packages: ['pdftk', 'pdftk-java'], install: 'pdftk' }],
  ['wkhtmltopdf', WKHTMLTOPDF],
  ['wkhtmltoimage', WKHTMLTOPDF],
  ['gs', GHOSTSCRIPT],
  ['ghostscript', GHOSTSCRIPT],
  ['pandoc', { packages: ['pandoc'], install: 'pandoc' }],
  ['git', { packages: ['git', 'git-core'], install: 'git', inFullImages: true }],
  ['ssh', SSH],
  ['scp', SSH],
  ['rsync', { packages: ['rsync'], install: 'rsync' }],
]);

/** Official images built on the full buildpack-deps (curl, wget, git, ssh, ImageMagick) unless slim/alpine. */
const FULL_IMAGES = new Set(['buildpack-deps', 'node', 'python', 'ruby', 'golang', 'rust', 'perl', 'erlang', 'elixir', 'haskell']);

/** Folders whose Dockerfiles build the app from elsewhere in the repository. */
const BUILD_FOLDERS = new Set(['docker', '.docker', 'dockerfiles', 'deploy', 'deployment', 'deployments', 'build', 'ci', '.ci', 'container', 'containers', 'infra', 'ops', '.build']);

/** Build and tooling code that runs on a developer's machine or CI, not in the app. */
const TOOLING_PATH = /(?:^|\/)(?:scripts?|tools|\.github|\.husky|\.circleci)\/|(?:^|\/)(?:[\w.-]+\.config\.[cm]?[jt]s|[gG]ulpfile\.[cm]?[jt]s|[gG]runtfile\.[jt]s|setup\.py|noxfile\.py|fabfile\.py|dangerfile\.[jt]s)$/;

/** Process calls whose first argument (or first element of it) is the program, per family. */
const CALLEES: Partial<Record<Family, RegExp[]>> = {
  js: [/(?:^|[^\w$])(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|execAsync)\s*$/, /\bexeca(?:Sync|Command|CommandSync)?\s*$/, /\bnew\s+Deno\s*\.\s*Command\s*$/, /\bBun\s*\.\s*spawn(?:Sync)?\s*$/],
  python: [/\bsubprocess\s*\.\s*(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*$/, /\bos\s*\.\s*(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)\s*$/, /\basyncio\s*\.\s*create_subprocess_(?:exec|shell)\s*$/],
  go: [/\bexec\s*\.\s*Command(?:Context)?\s*$/],
  java: [/\bnew\s+ProcessBuilder\s*$/, /\.\s*(?:exec|command)\s*$/],
  kotlin: [/\bProcessBuilder\s*$/, /\.\s*(?:exec|command)\s*$/],
  csharp: [/\bProcess\s*\.\s*Start\s*$/, /\bCli\s*\.\s*Wrap\s*$/],
  ruby: [/(?:^|[^\w.:])(?:(?:Kernel|Process|IO|Open3)\s*\.\s*)?(?:system|exec|spawn|popen[23]?e?|capture[23]e?|pipeline(?:_rw?|_w)?)\s*$/],
  php: [/(?:^|[^\w$>:\\])(?:shell_exec|exec|system|passthru|proc_open|popen)\s*$/, /\bnew\s+Process\s*$/, /\bProcess\s*::\s*fromShellCommandline\s*$/],
  rust: [/\bCommand\s*::\s*new\s*$/],
};

/** The tools this rule knows, as words (see TOOLS): a file without one runs none of them. */
const TOOL_WORDS = /\b(?:curl|wget|convert|magick|ffmpeg|ffprobe|pdftk|wkhtmltopdf|wkhtmltoimage|gs|ghostscript|pandoc|git|ssh|scp|rsync)\b/;

/**
 * What a file must mention for its generic call names to be process calls. Run on the text, not
 * answered by the shared scan: a hit of `os` there (in most words with "os") costs every file.
 */
const FAMILY_GUARD: Partial<Record<Family, RegExp>> = {
  js: /child_process|\bexeca\b|Deno\.Command|Bun\.spawn/,
  python: /\bsubprocess\b|\bos\b|\basyncio\b/,
  java: /\bProcessBuilder\b|\bRuntime\b/,
  kotlin: /\bProcessBuilder\b|\bRuntime\b/,
};

/** Collections the program may be wrapped in: `List.of("git", ...)`, `arrayOf(...)`, `array(...)`. */
const WRAPPER = /(?:\bList\s*\.\s*of|\bArrays\s*\.\s*asList|\b(?:listOf|arrayOf|mutableListOf|array))\s*$/;
/** `new String[] {`, `new[] {`, `new string[] {` before an initializer. */
const ARRAY_INITIALIZER = /\bnew\s*(?:\w+\s*)?\[\s*\]\s*$/;
/** `from subprocess import run`: the bare names are process calls. */
const PY_BARE_CALL = /(?:^|[^\w.])(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*$/;
const PY_FROM_IMPORT = /\bfrom\s+subprocess\s+import\b/;
/** `const run = promisify(execFile)`: `run` is a process call too. */
const JS_PROMISIFIED = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:util\s*\.\s*)?promisify\s*\(\s*(?:[\w$]+\s*\.\s*)?(?:exec|execFile)\s*\)/g;
/** `new ProcessStartInfo("ffmpeg")`; its presence in a file also makes `FileName = "..."` a program. */
const PROCESS_START_INFO = /\bnew\s+ProcessStartInfo\s*$/;
const FILE_NAME_ASSIGNMENT = /\bFileName\s*=\s*$/;
const MAX_BACK = 120;

export const rule: Rule = {
  meta: {
    id: 'dependencies/implicit-system-tool',
    factor: 'dependencies',
    severity: 'info',
    title: 'Undeclared system tool',
    description: 'The code runs a system tool (curl, ffmpeg, ImageMagick, git...) that nothing in the project installs: the app works only where the machine happens to have it, and breaks on a fresh build.',
    remedy: 'Install the tool in the Dockerfile (apt-get install -y <package>) or list it in an Aptfile, so every deploy gets it.',
    families: ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust'],
    fixable: false,
    // where a family needs a process API for any finding, that is the cheaper and rarer test
    trigger: {
      js: FAMILY_GUARD.js!, java: FAMILY_GUARD.java!, kotlin: FAMILY_GUARD.kotlin!,
      python: TOOL_WORDS, go: TOOL_WORDS, csharp: TOOL_WORDS, ruby: TOOL_WORDS, php: TOOL_WORDS, rust: TOOL_WORDS,
    },
  },
  check({ file, project, report }) {
    if (!project || !project.paths.has(file.path) || TOOLING_PATH.test(file.path)) return;
    const guard = FAMILY_GUARD[file.family];
    if (guard && !guard.test(file.text)) return;
    const text = file.text;
    let provided: Set<string> | undefined;
    let callees: readonly RegExp[] | undefined;
    for (const t of file.tokens) {
      if (t.kind !== TokenKind.String) continue;
      const word = firstWord(text, t.valueStart, t.valueEnd);
      if (!word) continue;
      const tool = TOOLS.get(word.name);
      if (!tool) continue;
      const shellLiteral = (file.family === 'ruby' || file.family === 'php') && (text[t.start] === '`' || text.startsWith('%x', t.start));
      callees ??= calleesOf(file);
      if (!shellLiteral && !isProgramArgument(file, t.start, callees)) continue;
      provided ??= providedTools(file.path, project);
      if (provided.has(word.name)) continue;
      report({
        start: word.start, end: word.end,
        message: `The code runs "${word.name}", a system tool that no Dockerfile or Aptfile of the project installs, so it works only where the machine happens to have it. Declare it: install it in the Dockerfile (apt-get install -y ${tool.install}) or list ${tool.install} in an Aptfile.`,
      });
    }
  },
};

/** The program name at the start of a literal (`/usr/bin/ffmpeg -i` -> ffmpeg), with its offsets. */
function firstWord(text: string, start: number, end: number): { name: string; start: number; end: number } | undefined {
  let s = start;
  while (s < end && (text[s] === ' ' || text[s] === '\t')) s++;
  let e = s;
  while (e < end && e - s < 64 && !/[\s"'`;|&)]/.test(text[e])) e++;
  if (e === s) return undefined;
  const path = text.slice(s, e);
  const name = baseName(path);
  if (!TOOLS.has(name)) return undefined;
  return { name, start: e - name.length, end: e };
}

/** The process calls of this file's family, with the file's own aliases (`from subprocess import run`, `promisify(execFile)`). */
function calleesOf(file: SourceFile): RegExp[] {
  const code = file.codeText;
  const callees = [...CALLEES[file.family] ?? []];
  if (file.family === 'python' && PY_FROM_IMPORT.test(code)) callees.push(PY_BARE_CALL);
  if (file.family === 'csharp' && code.indexOf('ProcessStartInfo') >= 0) callees.push(PROCESS_START_INFO);
  if (file.family === 'js' && code.indexOf('promisify') >= 0) {
    JS_PROMISIFIED.lastIndex = 0;
    for (const m of code.matchAll(JS_PROMISIFIED)) callees.push(new RegExp(`(?:^|[^\\w$])${m[1].replace(/\$/g, '\\$')}\\s*$`));
  }
  return callees;
}

/** The index of the last non-blank character before `i`, or -1. */
function back(code: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && (code[j] === ' ' || code[j] === '\t' || code[j] === '\n' || code[j] === '\r')) j--;
  return j;
}

/**
 * Whether the literal at `pos` is the program of a process call: the first argument (or the first
 * element of an array argument, or the second argument of exec.CommandContext), or a C#
 * `FileName = "..."`; Ruby calls without parentheses too.
 */
function isProgramArgument(file: SourceFile, pos: number, callees: readonly RegExp[]): boolean {
  const code = file.codeText;
  if (file.family === 'csharp' && FILE_NAME_ASSIGNMENT.test(code.slice(Math.max(0, pos - 40), pos))) return callees.includes(PROCESS_START_INFO);
  for (let level = 0; level < 2; level++) {
    let i = back(code, pos);
    // the first element of an array or initializer
    if (code[i] === '[') i = back(code, i);
    else if (code[i] === '{') {
      const before = code.slice(Math.max(0, i - 40), i);
      const m = ARRAY_INITIALIZER.exec(before);
      if (!m) return false;
      i = back(code, i - (before.length - m.index));
    }
    let open = -1;
    if (code[i] === '(') open = i;
    else if (code[i] === ',') open = openBeforeFirstArgument(code, i);
    else if (file.family === 'ruby' && /\w/.test(code[i] ?? '')) open = i + 1;
    if (open < 0) return false;
    const before = code.slice(Math.max(0, open - MAX_BACK), open);
    if (code[i] === ',' && !/\bCommandContext\s*$/.test(before)) return false;
    if (callees.some(re => re.test(before))) return true;
    const w = WRAPPER.exec(before);
    if (!w) return false;
    pos = open - (before.length - w.index); // the wrapper's name: look for the call around it
  }
  return false;
}

/** For `f(a, "x")` with `i` at the comma: the `(` when `a` is the only argument before it (a simple expression). */
function openBeforeFirstArgument(code: string, i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0 && i - j < MAX_BACK; j--) {
    const c = code[j];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return c === '(' ? j : -1;
      depth--;
    } else if (depth === 0 && (c === ',' || c === ';' || c === '\n' || c === '"' || c === "'")) return -1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// What the project's Dockerfiles and Aptfiles provide

const providesCache = new Map<string, { text: string; tools: ReadonlySet<string> }>();
const MAX_CACHE = 200;

/** The tools declared for the file at `path`: by the Dockerfiles that apply to it and its Aptfiles. */
function providedTools(path: string, project: Project): Set<string> {
  const out = new Set<string>();
  const dir = dirOf(path);
  const above = new Set([dir, ...parentDirs(dir)]);
  for (const p of project.paths) {
    const name = baseName(p);
    if (name === 'Aptfile' && above.has(dirOf(p))) {
      const text = project.read(p);
      if (text !== undefined) for (const t of cached(p, text, aptfileTools)) out.add(t);
      continue;
    }
    if (languageIdForPath(p) !== 'dockerfile') continue;
    const segments = dirOf(p) ? dirOf(p).split('/') : [];
    if (segments.includes('.devcontainer')) continue;
    // `services/media/docker/Dockerfile` builds `services/media`
    const build = segments.findIndex(s => BUILD_FOLDERS.has(s.toLowerCase()));
    const owner = build >= 0 ? segments.slice(0, build).join('/') : dirOf(p);
    if (!above.has(owner)) continue;
    const text = project.read(p);
    if (text !== undefined) for (const t of cached(p, text, dockerfileTools)) out.add(t);
  }
  return out;
}

function cached(path: string, text: string, compute: (path: string, text: string) => Set<string>): ReadonlySet<string> {
  const hit = providesCache.get(path);
  if (hit && hit.text === text) return hit.tools;
  if (providesCache.size >= MAX_CACHE) providesCache.clear();
  const tools = compute(path, text);
  providesCache.set(path, { text, tools });
  return tools;
}

function packageProvides(tool: Tool, pkg: string): boolean {
  return tool.packages.some(p => p.endsWith('*') ? pkg.startsWith(p.slice(0, -1)) : pkg === p);
}

function toolsFromPackages(packages: readonly string[], out: Set<string>): void {
  for (const [name, tool] of TOOLS) if (packages.some(p => packageProvides(tool, p))) out.add(name);
}

function dockerfileTools(path: string, text: string): Set<string> {
  const out = new Set<string>();
  const d = readDockerfile(new SourceFile(path, text, 'dockerfile'));
  toolsFromPackages(runTexts(text, d).flatMap(installedPackages), out);
  for (const { image } of d.stages) {
    const ref = image.raw.toLowerCase();
    const at = ref.indexOf('@');
    const noDigest = at < 0 ? ref : ref.slice(0, at);
    const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/') + 1);
    const repo = colon < 0 ? noDigest : noDigest.slice(0, colon);
    const tag = colon < 0 ? '' : noDigest.slice(colon + 1);
    // an image made for the tool: jrottenberg/ffmpeg, alpine/git, pandoc/core, curlimages/curl
    const parts = repo.split(/[/_.-]/);
    for (const [name, tool] of TOOLS) {
      if (parts.includes(name) || parts.some(p => packageProvides(tool, p))) out.add(name);
    }
    const official = repo.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
    if (FULL_IMAGES.has(official) && !/slim|alpine|windows|nanoserver/.test(tag)) {
      const variant = official === 'buildpack-deps' ? (tag.includes('curl') ? 'curl' : tag.includes('scm') ? 'scm' : 'full') : 'full';
      for (const [name, tool] of TOOLS) {
        if (!tool.inFullImages) continue;
        if (variant === 'curl' && name !== 'curl' && name !== 'wget') continue;
        if (variant === 'scm' && tool === IMAGEMAGICK) continue;
        out.add(name);
      }
    }
  }
  // static binaries copied in: COPY --from=mwader/static-ffmpeg /ffmpeg /usr/local/bin/
  for (const ins of d.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    for (const w of words(ins.args)) for (const part of w.text.toLowerCase().split(/[^a-z0-9]+/)) if (TOOLS.has(part)) out.add(part);
  }
  return out;
}

function aptfileTools(_path: string, text: string): Set<string> {
  const out = new Set<string>();
  const packages: string[] = [];
  for (const line of text.split('\n')) {
    const l = line.trim().toLowerCase();
    if (!l || l.startsWith('#') || l.startsWith(':')) continue;
    // a package name, or the URL of a .deb (named after its package)
    if (l.indexOf('/') < 0) { packages.push(l); continue; }
    const deb = baseName(l).split('_')[0];
    const version = deb.search(/-\d/);
    packages.push(version < 0 ? deb : deb.slice(0, version));
  }
  toolsFromPackages(packages, out);
  return out;
}
