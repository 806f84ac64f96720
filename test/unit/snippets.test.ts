/**
 * Snippets: every snippet of every snippets/*.json file is expanded the way VS Code expands it
 * (tab stops and choices take their first value, mirrors copy it, variables their fallback,
 * `\$` `\}` `\\` escapes), then parsed with the language's real parser (TypeScript compiler API,
 * node --check, python3 -m py_compile, gofmt + go vet, javac, ruby -c, php -l, the yaml package,
 * dockerfile-utils, the dotenv package, a Procfile line check; a tool that is not installed skips
 * the test after its other checks) and linted by our own engine under a realistic file name: a
 * snippet we ship must be clean by our own rules. package.json, the snippet files, the contributed
 * languages, their grammars and .vscodeignore are checked against each other.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validate } from 'dockerfile-utils';
import { parse as parseDotenv } from 'dotenv';
import picomatch from 'picomatch';
import ts from 'typescript';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { lint } from '../../src/core/engine';
import { familyFor } from '../../src/core/languages';
import { projectFromMap } from '../../src/core/project';
import { Finding } from '../../src/core/types';
import { ROOT } from './paths';
import { has, inTempDir } from './tools';

// ---------------------------------------------------------------------------------------------
// VS Code's snippet syntax (src/vs/editor/contrib/snippet/browser/snippetParser.ts), enough of it to
// expand a body the way the editor does when every tab stop keeps its default.

type TokenType = '$' | ':' | ',' | '{' | '}' | '\\' | '/' | '|' | '+' | '-' | '?' | 'int' | 'name' | 'format' | 'eof';
interface Token { type: TokenType; text: string }

const SINGLE: Record<string, TokenType> = { $: '$', ':': ':', ',': ',', '{': '{', '}': '}', '\\': '\\', '/': '/', '|': '|', '+': '+', '-': '-', '?': '?' };
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameChar = (c: string | undefined) => c !== undefined && (c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** The scanner's tokens: single characters, runs of digits, variable names, and runs of anything else. */
function scan(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let j = i + 1;
    let type: TokenType;
    if (SINGLE[c]) type = SINGLE[c];
    else if (isDigit(c)) { type = 'int'; while (isDigit(text[j])) j++; }
    else if (isNameChar(c)) { type = 'name'; while (isNameChar(text[j]) || isDigit(text[j])) j++; }
    else { type = 'format'; while (j < text.length && !SINGLE[text[j]] && !isDigit(text[j]) && !isNameChar(text[j])) j++; }
    out.push({ type, text: text.slice(i, j) });
    i = j;
  }
  out.push({ type: 'eof', text: '' });
  return out;
}

type Marker =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: Marker[]; choice?: string[] }
  | { kind: 'variable'; name: string; children: Marker[] };

/** The parser's grammar, with its fallbacks: whatever is not a well-formed construct is text. */
class SnippetParser {
  private tokens: Token[] = [];
  private pos = 0;

  parse(body: string): Marker[] {
    this.tokens = scan(body);
    this.pos = 0;
    const root: Marker[] = [];
    while (this.parseOne(root)) { /* until eof */ }
    return root;
  }

  private get token(): Token { return this.tokens[this.pos]; }

  private is(type: TokenType): boolean { return this.token.type === type; }

  private parseOne(into: Marker[]): boolean {
    return this.parseEscaped(into) || this.parseSimple(into) || this.parseComplexTabstop(into) || this.parseComplexVariable(into) || this.parseAnything(into);
  }

  /** `\$`, `\}`, `\\` are the character; any other backslash is itself. */
  private parseEscaped(into: Marker[]): boolean {
    if (!this.is('\\')) return false;
    this.pos++;
    if (this.is('$') || this.is('}') || this.is('\\')) into.push({ kind: 'text', value: this.tokens[this.pos++].text });
    else into.push({ kind: 'text', value: '\\' });
    return true;
  }

  /** `$1`, `$name`. */
  private parseSimple(into: Marker[]): boolean {
    const start = this.pos;
    if (!this.is('$')) return false;
    this.pos++;
    if (this.is('int')) { into.push({ kind: 'tabstop', index: Number(this.tokens[this.pos++].text), children: [] }); return true; }
    if (this.is('name')) { into.push({ kind: 'variable', name: this.tokens[this.pos++].text, children: [] }); return true; }
    this.pos = start;
    return false;
  }

  /** `${1}`, `${1:children}`, `${1|a,b|}`; a transform (`${1/re/fmt/}`) is not used by our snippets. */
  private parseComplexTabstop(into: Marker[]): boolean {
    const start = this.pos;
    if (!(this.is('$') && this.tokens[this.pos + 1]?.type === '{' && this.tokens[this.pos + 2]?.type === 'int')) return false;
    this.pos += 2;
    const indexText = this.tokens[this.pos++].text;
    const tabstop: Marker & { kind: 'tabstop' } = { kind: 'tabstop', index: Number(indexText), children: [] };
    if (this.is(':')) {
      this.pos++;
      for (;;) {
        if (this.is('}')) { this.pos++; into.push(tabstop); return true; }
        if (this.parseOne(tabstop.children)) continue;
        // end of the body before the closing brace: the editor inserts what it read as text
        into.push({ kind: 'text', value: `\${${indexText}:` }, ...tabstop.children);
        return true;
      }
    }
    if (tabstop.index > 0 && this.is('|')) {
      this.pos++;
      const options: string[] = [];
      for (;;) {
        const option = this.parseChoiceOption();
        if (option === undefined) break;
        options.push(option);
        if (this.is(',')) { this.pos++; continue; }
        if (this.is('|') && this.tokens[this.pos + 1]?.type === '}') {
          this.pos += 2;
          tabstop.choice = options;
          into.push(tabstop);
          return true;
        }
        break;
      }
      this.pos = start;
      return false;
    }
    if (this.is('/')) throw new Error(`a transform in \${${indexText}/...}: the test's expander does not support transforms`);
    if (this.is('}')) { this.pos++; into.push(tabstop); return true; }
    this.pos = start;
    return false;
  }

  /** One option of a choice: up to an unescaped `,` or `|` (`\,` `\|` `\\` are escapes). */
  private parseChoiceOption(): string | undefined {
    const start = this.pos;
    let value = '';
    while (!this.is(',') && !this.is('|')) {
      if (this.is('eof')) { this.pos = start; return undefined; }
      if (this.is('\\')) {
        this.pos++;
        if (this.is(',') || this.is('|') || this.is('\\')) value += this.tokens[this.pos++].text;
        else value += '\\';
      } else {
        value += this.tokens[this.pos++].text;
      }
    }
    if (!value) { this.pos = start; return undefined; }
    return value;
  }

  /** `${name}`, `${name:fallback}`. */
  private parseComplexVariable(into: Marker[]): boolean {
    const start = this.pos;
    if (!(this.is('$') && this.tokens[this.pos + 1]?.type === '{' && this.tokens[this.pos + 2]?.type === 'name')) return false;
    this.pos += 2;
    const name = this.tokens[this.pos++].text;
    const variable: Marker & { kind: 'variable' } = { kind: 'variable', name, children: [] };
    if (this.is(':')) {
      this.pos++;
      for (;;) {
        if (this.is('}')) { this.pos++; into.push(variable); return true; }
        if (this.parseOne(variable.children)) continue;
        into.push({ kind: 'text', value: `\${${name}:` }, ...variable.children);
        return true;
      }
    }
    if (this.is('/')) throw new Error(`a transform in \${${name}/...}: the test's expander does not support transforms`);
    if (this.is('}')) { this.pos++; into.push(variable); return true; }
    this.pos = start;
    return false;
  }

  private parseAnything(into: Marker[]): boolean {
    if (this.is('eof')) return false;
    into.push({ kind: 'text', value: this.tokens[this.pos++].text });
    return true;
  }
}

/** VS Code's snippet variables (snippetVariables.ts); any other name is a mistake, usually an unescaped `$`. */
const KNOWN_VARIABLES = new Set([
  'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH', 'CURRENT_DATE', 'CURRENT_HOUR', 'CURRENT_MINUTE', 'CURRENT_SECOND',
  'CURRENT_DAY_NAME', 'CURRENT_DAY_NAME_SHORT', 'CURRENT_MONTH_NAME', 'CURRENT_MONTH_NAME_SHORT', 'CURRENT_SECONDS_UNIX',
  'CURRENT_TIMEZONE_OFFSET', 'SELECTION', 'CLIPBOARD', 'TM_SELECTED_TEXT', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD', 'TM_LINE_INDEX',
  'TM_LINE_NUMBER', 'TM_FILENAME', 'TM_FILENAME_BASE', 'TM_DIRECTORY', 'TM_FILEPATH', 'CURSOR_INDEX', 'CURSOR_NUMBER',
  'RELATIVE_FILEPATH', 'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END', 'LINE_COMMENT', 'WORKSPACE_NAME', 'WORKSPACE_FOLDER',
  'RANDOM', 'RANDOM_HEX', 'UUID',
]);

/**
 * The text the editor inserts when the user tabs through every stop keeping its default: a tab
 * stop shows the first default given for its index anywhere in the body (mirrors copy it), a
 * choice its first option, `$0` nothing, a variable its fallback (or, for file-name variables,
 * the value for `fileName`).
 */
function expandSnippet(body: string, fileName: string): string {
  const markers = new SnippetParser().parse(body);
  const defaults = new Map<number, Marker[]>();
  const collect = (ms: Marker[]) => {
    for (const m of ms) {
      if (m.kind === 'tabstop' && m.index > 0 && !defaults.has(m.index) && (m.children.length || m.choice)) defaults.set(m.index, m.children);
      if (m.kind !== 'text') collect(m.children);
    }
  };
  collect(markers);
  const choices = new Map<number, string>();
  const findChoices = (ms: Marker[]) => {
    for (const m of ms) {
      if (m.kind === 'tabstop' && m.choice && !choices.has(m.index)) choices.set(m.index, m.choice[0]);
      if (m.kind !== 'text') findChoices(m.children);
    }
  };
  findChoices(markers);
  const base = path.basename(fileName);
  const fileVariables: Record<string, string> = { TM_FILENAME: base, TM_FILENAME_BASE: base.replace(/\.[^.]*$/, ''), RELATIVE_FILEPATH: fileName };
  const render = (ms: Marker[], stack: number[]): string => ms.map(m => {
    if (m.kind === 'text') return m.value;
    if (m.kind === 'variable') {
      if (!KNOWN_VARIABLES.has(m.name)) throw new Error(`"${m.name}" is not a VS Code snippet variable: the editor would insert "${m.name}" (escape the $ as \\$)`);
      if (m.children.length) return render(m.children, stack);
      const value = fileVariables[m.name];
      if (value === undefined) throw new Error(`variable ${m.name} has no fallback value`);
      return value;
    }
    if (m.index === 0) return render(m.children, stack);
    const choice = choices.get(m.index);
    if (choice !== undefined) return choice;
    if (m.children.length) return render(m.children, stack);
    if (stack.includes(m.index)) return '';
    return render(defaults.get(m.index) ?? [], [...stack, m.index]);
  }).join('');
  return render(markers, []);
}

// ---------------------------------------------------------------------------------------------
// The snippet files and what package.json says about them

interface Snippet { prefix: string | string[]; body: string | string[]; description?: string; isFileTemplate?: boolean; scope?: string }
interface Contribution { language: string; path: string }
interface LanguageContribution { id: string; filenames?: string[]; filenamePatterns?: string[]; extensions?: string[]; configuration?: string }

const SNIPPETS_DIR = path.join(ROOT, 'snippets');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { snippets?: Contribution[]; languages?: LanguageContribution[]; grammars?: { language: string; scopeName: string; path: string }[] };
};
const contributions = manifest.contributes.snippets ?? [];
const contributedLanguages = manifest.contributes.languages ?? [];
const grammars = manifest.contributes.grammars ?? [];
const snippetFiles = fs.readdirSync(SNIPPETS_DIR).filter(f => f.endsWith('.json')).sort();
const relative = (p: string) => path.posix.normalize(p.replace(/^\.\//, ''));

/** The VS Code 1.100 built-in language ids our snippets are contributed to (checked against the host below). */
const BUILTIN_LANGUAGES = ['csharp', 'dockercompose', 'dockerfile', 'go', 'java', 'javascript', 'php', 'properties', 'python', 'ruby', 'typescript', 'yaml'];
const VALID_LANGUAGES = new Set([...BUILTIN_LANGUAGES, ...contributedLanguages.map(l => l.id)]);

function bodyText(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

function prefixes(s: Snippet): string[] {
  return Array.isArray(s.prefix) ? s.prefix : [s.prefix];
}

// ---------------------------------------------------------------------------------------------
// Real parsers. Each returns undefined when the text parses, an error text when it does not, or
// { skip } when the tool is missing or too old for the text.

type Parser = 'ts' | 'node' | 'python' | 'go' | 'java' | 'ruby' | 'php' | 'compose' | 'dockerfile' | 'dotenv' | 'procfile' | 'csharp';
type ParseResult = string | undefined | { skip: string };

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, env: env ? { ...process.env, ...env } : process.env, timeout: 120000 });
  return r.status === 0 ? undefined : `${cmd} failed (${r.status}): ${r.stdout}${r.stderr}${r.error?.message ?? ''}`;
}

const GO_ENV = { GOCACHE: path.join(os.tmpdir(), 'tf-snippets-gocache'), GOPATH: path.join(os.tmpdir(), 'tf-snippets-gopath'), GO111MODULE: 'off', GOFLAGS: '' };

/** The Go toolchain's minor version (go1.21.5 -> 21), or undefined. */
let goMinorCache: number | null | undefined;
function goMinor(): number | undefined {
  if (goMinorCache === undefined) {
    const r = has('go') ? spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, ...GO_ENV } }) : undefined;
    const m = r && /^go1\.(\d+)/.exec(r.stdout.trim());
    goMinorCache = m ? Number(m[1]) : null;
  }
  return goMinorCache ?? undefined;
}

/** The public top-level type of a Java file, which names the file javac expects. */
function javaFileName(text: string): string {
  const m = /^public\s+(?:final\s+|abstract\s+)*(?:class|record|interface|enum)\s+(\w+)/m.exec(text);
  assert.ok(m, 'a public top-level type');
  return `${m[1]}.java`;
}

const PROCFILE_LINE = /^[A-Za-z0-9_-]+:[ \t]*\S/;
const DOTENV_KEY_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/;

function parseWith(parser: Parser, text: string, fileName: string): ParseResult {
  switch (parser) {
    case 'ts': {
      const out = ts.transpileModule(text, {
        fileName, reportDiagnostics: true,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      });
      const diags = out.diagnostics ?? [];
      return diags.length ? diags.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ') : undefined;
    }
    case 'node':
      return inTempDir(fileName, text, f => run(process.execPath, ['--check', f]));
    case 'python':
      if (!has('python3')) return { skip: 'python3 is not installed' };
      return inTempDir(fileName, text, f => run('python3', ['-m', 'py_compile', f]));
    case 'go':
      if (!has('gofmt')) return { skip: 'gofmt is not installed' };
      return inTempDir(fileName, text, (f, dir) => {
        const syntax = run('gofmt', ['-e', '-l', f]);
        if (syntax) return syntax;
        // gofmt -l names the file when its layout differs from gofmt's: our bodies are gofmt-clean
        const layout = spawnSync('gofmt', ['-l', f], { encoding: 'utf8' }).stdout.trim();
        if (layout) return `not gofmt-formatted:\n${spawnSync('gofmt', ['-d', f], { encoding: 'utf8' }).stdout}`;
        if (!has('go')) return { skip: 'gofmt passed; go is not installed for go vet' };
        const minor = goMinor();
        if (/"log\/slog"/.test(text) && minor !== undefined && minor < 21) return { skip: `gofmt passed; go vet needs Go 1.21 for log/slog and this machine has Go 1.${minor}` };
        // the type checker too: an unused variable or import does not compile in Go
        return run('go', ['vet', path.basename(f)], GO_ENV, dir);
      });
    case 'java':
      if (!has('javac')) return { skip: 'javac is not installed' };
      return inTempDir(javaFileName(text), text, (f, dir) => run('javac', ['-d', dir, f]));
    case 'ruby':
      if (!has('ruby')) return { skip: 'ruby is not installed' };
      return inTempDir(fileName, text, f => run('ruby', ['-c', f]));
    case 'php':
      if (!has('php')) return { skip: 'php is not installed' };
      return inTempDir(fileName, text, f => run('php', ['-l', f]));
    case 'compose': {
      const errors = parseAllDocuments(text).flatMap(d => ('errors' in d ? d.errors : []));
      return errors.length ? errors.map(e => e.message).join('; ') : composeProblems(text);
    }
    case 'dockerfile': {
      const problems = validate(text).map(d => `${d.range.start.line + 1}: ${d.message}`);
      return problems.length ? problems.join('; ') : undefined;
    }
    case 'dotenv': {
      const parsed = parseDotenv(text);
      const problems: string[] = [];
      text.split('\n').forEach((line, i) => {
        if (!line.trim() || line.trimStart().startsWith('#')) return;
        const m = DOTENV_KEY_LINE.exec(line);
        if (!m) problems.push(`${i + 1}: not a KEY=value line: ${line}`);
        else if (!(m[1] in parsed)) problems.push(`${i + 1}: dotenv did not read ${m[1]}`);
      });
      return problems.length ? problems.join('; ') : undefined;
    }
    case 'procfile': {
      const problems: string[] = [];
      const seen = new Set<string>();
      text.split('\n').forEach((line, i) => {
        if (!line.trim() || line.startsWith('#')) return;
        if (!PROCFILE_LINE.test(line)) { problems.push(`${i + 1}: not a "type: command" line: ${line}`); return; }
        const type = line.slice(0, line.indexOf(':'));
        if (seen.has(type)) problems.push(`${i + 1}: process type ${type} twice`);
        seen.add(type);
      });
      return problems.length ? problems.join('; ') : undefined;
    }
    case 'csharp':
      return { skip: 'no C# parser on this machine (no dotnet SDK or csc): the C# snippet is linted by our engine but not parsed' };
  }
}

/** `${NAME:?message}`: compose substitutes the variable, and stops with the message when it is unset. */
const REQUIRED_FROM_ENV = /^\$\{[A-Z_]+:\?[^}]+\}$/;

/** The password of a URL (`scheme://user:password@host`), read around `${...}` substitutions, or undefined. */
function urlPassword(value: string): string | undefined {
  const scheme = value.indexOf('://');
  const at = value.lastIndexOf('@');
  if (scheme < 0 || at < scheme) return undefined;
  const userinfo = value.slice(scheme + 3, at);
  let depth = 0;
  for (let i = 0; i < userinfo.length; i++) {
    if (userinfo.startsWith('${', i)) depth++;
    else if (userinfo[i] === '}' && depth > 0) depth--;
    else if (userinfo[i] === ':' && depth === 0) return userinfo.slice(i + 1);
  }
  return undefined;
}

/** What every compose service we ship must have: a pinned image, env_file, a healthcheck, named volumes declared, no password in the file. */
function composeProblems(text: string): string | undefined {
  const doc = parseYaml(text) as { services?: Record<string, Record<string, unknown>>; volumes?: Record<string, unknown> };
  const problems: string[] = [];
  const declared = doc.volumes ?? {};
  for (const [name, service] of Object.entries(doc.services ?? {})) {
    if (!service.env_file) problems.push(`${name}: no env_file`);
    if (typeof service.image === 'string') {
      if (!/:[\w.-]+$/.test(service.image) || /:latest$/.test(service.image)) problems.push(`${name}: image ${service.image} is not pinned to a tag`);
      const test = (service.healthcheck as { test?: unknown } | undefined)?.test;
      if (!Array.isArray(test)) problems.push(`${name}: no healthcheck test`);
      const volumes = (service.volumes as string[] | undefined) ?? [];
      if (!volumes.length) problems.push(`${name}: no volume for its data`);
      for (const v of volumes) {
        const source = v.split(':')[0];
        if (!/^[a-z][\w-]*$/.test(source)) problems.push(`${name}: ${v} is not a named volume`);
        else if (!(source in declared)) problems.push(`${name}: volume ${source} is not declared under volumes:`);
      }
    }
    // every password comes from the environment, and compose stops when it is unset
    const environment = (service.environment ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(environment)) {
      if (/PASS/.test(key) && !REQUIRED_FROM_ENV.test(String(value))) problems.push(`${name}: ${key} is not required from the environment: ${value}`);
      const password = urlPassword(String(value));
      if (password !== undefined && !REQUIRED_FROM_ENV.test(password)) problems.push(`${name}: ${key} has a password in its URL: ${password}`);
    }
    const command = Array.isArray(service.command) ? service.command.map(String) : [];
    const pass = command.indexOf('--requirepass');
    if (pass >= 0 && !REQUIRED_FROM_ENV.test(command[pass + 1] ?? '')) problems.push(`${name}: a literal Redis password: ${command[pass + 1]}`);
  }
  return problems.length ? problems.join('; ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Where each snippet lands: the file name the engine sees, the parsers, and for a fragment the
// file around it (what the user's file looks like after inserting it), which is what gets parsed.

interface Target {
  file: string;
  parsers: Parser[];
  /** The file around a fragment. */
  around?: (text: string) => string;
}

const indent = (text: string, by: string) => text.split('\n').map(l => (l ? by + l : l)).join('\n');

/** A compose fragment under `services:`, with the named volumes it mounts declared at the top level. */
function composeAround(text: string): string {
  const volumes = [...text.matchAll(/^[ \t]*- ([a-z][\w-]*):\//gm)].map(m => m[1]);
  return `services:\n${indent(text, '  ')}\nvolumes:\n${volumes.map(v => `  ${v}:\n`).join('')}`;
}

const BY_LANGUAGE: Record<string, Target> = {
  dockerfile: { file: 'Dockerfile', parsers: ['dockerfile'] },
  dotenv: { file: '.env.example', parsers: ['dotenv'] },
  properties: { file: '.env', parsers: ['dotenv'] },
  procfile: { file: 'Procfile', parsers: ['procfile'] },
  dockercompose: { file: 'docker-compose.yml', parsers: ['compose'] },
  yaml: { file: 'compose.yaml', parsers: ['compose'] },
  typescript: { file: 'src/config.ts', parsers: ['ts'] },
  javascript: { file: 'src/config.js', parsers: ['ts', 'node'] },
  python: { file: 'app/config.py', parsers: ['python'] },
  go: { file: 'internal/config/config.go', parsers: ['go'] },
  java: { file: 'src/main/java/AppConfig.java', parsers: ['java'] },
  ruby: { file: 'config/app_config.rb', parsers: ['ruby'] },
  php: { file: 'src/AppConfig.php', parsers: ['php'] },
  csharp: { file: 'src/AppConfig.cs', parsers: ['csharp'] },
};

const GO_SERVER_IMPORTS = ['context', 'log', 'net/http', 'os', 'os/signal', 'syscall', 'time'];
const goFile = (pkg: string, imports: string[]) => (text: string) =>
  `package ${pkg}\n\nimport (\n${imports.map(i => `\t"${i}"\n`).join('')})\n\n${text}`;

/** Fragments (inserted into an existing file) and snippets whose file name differs from their language's. */
const BY_SNIPPET: Record<string, Partial<Target>> = {
  'dockercompose tf-compose-postgres': { around: composeAround },
  'dockercompose tf-compose-redis': { around: composeAround },
  'yaml tf-compose-postgres': { around: composeAround },
  'yaml tf-compose-redis': { around: composeAround },
  'typescript tf-sigterm': { file: 'src/server.ts' },
  'typescript tf-log-stdout': { file: 'src/log.ts' },
  'javascript tf-sigterm': { file: 'src/server.js' },
  'javascript tf-log-stdout': { file: 'src/log.js' },
  'python tf-sigterm': { file: 'worker.py' },
  'python tf-log-stdout': { file: 'app/logs.py' },
  'go tf-sigterm': { file: 'cmd/server/serve.go', around: goFile('main', GO_SERVER_IMPORTS) },
  'go tf-log-stdout': { file: 'cmd/server/logger.go', around: goFile('main', ['log/slog', 'os']) },
  'java tf-sigterm': {
    file: 'src/main/java/Main.java',
    around: text => [
      'import com.sun.net.httpserver.HttpServer;',
      'import java.net.InetSocketAddress;',
      '',
      'public class Main {',
      '\tpublic static void main(String[] args) throws Exception {',
      '\t\tHttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"))), 0);',
      '\t\tserver.start();',
      indent(text, '\t\t'),
      '\t}',
      '}',
      '',
    ].join('\n'),
  },
  'java tf-log-stdout': { file: 'src/main/java/StdoutLogging.java' },
};

function targetFor(language: string, prefix: string): Target {
  const base = BY_LANGUAGE[language];
  assert.ok(base, `the test knows where a ${language} snippet lands (add it to BY_LANGUAGE)`);
  return { ...base, ...BY_SNIPPET[`${language} ${prefix}`] };
}

const atLeastWarning = (fs: Finding[]) => fs.filter(f => f.severity === 'warning' || f.severity === 'error')
  .map(f => `${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId}: ${f.message}`);

// ---------------------------------------------------------------------------------------------

suite('snippets', () => {
  suite('package.json and the snippet files', () => {
    test('every snippets file listed in package.json exists, and every snippets/*.json file is listed', () => {
      for (const c of contributions) assert.ok(fs.existsSync(path.join(ROOT, c.path)), `${c.path} (for ${c.language}) exists`);
      const listed = new Set(contributions.map(c => relative(c.path)));
      for (const f of snippetFiles) assert.ok(listed.has(`snippets/${f}`), `snippets/${f} is contributed in package.json`);
      const pairs = contributions.map(c => `${c.language} ${relative(c.path)}`);
      assert.strictEqual(new Set(pairs).size, pairs.length, 'no file is contributed twice for one language');
    });

    test('every contributed language is a VS Code built-in or one we contribute', () => {
      for (const c of contributions) assert.ok(VALID_LANGUAGES.has(c.language), `${c.language} (${c.path}) is a known language id`);
    });

    test('the built-in language ids exist in the VS Code host (1.100), and the ones we contribute do not', function () {
      const extensions = path.join(ROOT, 'test', 'host', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');
      if (!fs.existsSync(extensions)) this.skip(); // the host is installed by `npm run setup-host`
      const hostIds = new Set<string>();
      for (const dir of fs.readdirSync(extensions)) {
        const pkg = path.join(extensions, dir, 'package.json');
        if (!fs.existsSync(pkg)) continue;
        const langs = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { contributes?: { languages?: { id: string }[] } }).contributes?.languages ?? [];
        for (const l of langs) hostIds.add(l.id);
      }
      for (const id of BUILTIN_LANGUAGES) assert.ok(hostIds.has(id), `${id} is a built-in language of the host`);
      for (const l of contributedLanguages) assert.ok(!hostIds.has(l.id), `${l.id} is not built in, so we contribute it`);
    });

    test('contributed languages: # starts a line comment, and the engine reads their files as dotenv and Procfile files', () => {
      const expected: Record<string, { files: string[]; family: string }> = {
        dotenv: { files: ['.env', '.env.example', '.env.production', '.env.local'], family: 'dotenv' },
        procfile: { files: ['Procfile', 'Procfile.dev'], family: 'shell' },
      };
      assert.deepStrictEqual(contributedLanguages.map(l => l.id).sort(), Object.keys(expected).sort());
      for (const l of contributedLanguages) {
        assert.ok(l.configuration, `${l.id} has a language configuration`);
        const config = JSON.parse(fs.readFileSync(path.join(ROOT, l.configuration), 'utf8')) as { comments?: { lineComment?: string } };
        assert.strictEqual(config.comments?.lineComment, '#', `${l.id}: # starts a comment`);
        const claims = picomatch(l.filenamePatterns ?? [], { dot: true });
        for (const f of expected[l.id].files) {
          assert.ok((l.filenames ?? []).includes(f) || claims(f), `${l.id} claims ${f}`);
          assert.strictEqual(familyFor(l.id, f), expected[l.id].family, `the engine reads ${f} as ${expected[l.id].family}`);
        }
      }
    });

    test('.vscodeignore ships every file package.json points at (snippets, language configurations)', () => {
      // vsce's rule (collectFiles in @vscode/vsce): a file is packaged unless an ignore pattern
      // matches it, or when a negated pattern matches it; a pattern without a glob also covers its folder
      const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/[\r\n]/).map(s => s.trim()).filter(s => s && !s.startsWith('#'));
      const all = [...lines, ...lines.filter(l => !/(^|\/)[^/]*\*[^/]*$/.test(l)).map(l => (l.endsWith('/') ? `${l}**` : `${l}/**`))];
      const ignore = all.filter(l => !l.startsWith('!')).map(l => picomatch(l, { dot: true }));
      const negate = all.filter(l => l.startsWith('!')).map(l => picomatch(l.slice(1), { dot: true }));
      const packaged = (f: string) => !ignore.some(m => m(f)) || negate.some(m => m(f));
      const files = [...contributions.map(c => c.path), ...contributedLanguages.flatMap(l => (l.configuration ? [l.configuration] : [])), ...grammars.map(g => g.path)].map(relative);
      for (const f of files) assert.ok(packaged(f), `${f} is in the .vsix (add its folder to .vscodeignore)`);
    });

    test('each contributed language has a grammar whose patterns compile', () => {
      for (const l of contributedLanguages) {
        const g = grammars.find(x => x.language === l.id);
        assert.ok(g, `${l.id} has a grammar (without one its files lose all highlighting)`);
        const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8')) as { scopeName: string };
        assert.strictEqual(grammar.scopeName, g.scopeName);
        const sources: string[] = [];
        JSON.stringify(grammar, (k, v) => { if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') sources.push(v); return v; });
        assert.ok(sources.length > 0);
        for (const src of sources) assert.doesNotThrow(() => new RegExp(src), `${g.path}: ${src}`);
      }
    });
  });

  suite('the expander follows VS Code\'s snippet syntax', () => {
    const cases: [string, string][] = [
      ['a $1 b ${2} c $0', 'a  b  c '],
      ['${1:x} and $1 and ${1}', 'x and x and x'],
      ['$1 then ${1:late default}', 'late default then late default'],
      ['${1|one,two,three|} $1', 'one one'],
      ['${1|a\\,b,c|}', 'a,b'],
      ['${1:outer ${2:inner}} $2', 'outer inner inner'],
      ['${1:a \\} b}', 'a } b'],
      ['\\$HOME \\${X} \\\\ \\n', '$HOME ${X} \\ \\n'],
      ['$ alone, ${ alone, } alone, ${1 open', '$ alone, ${ alone, } alone, ${1 open'],
      ['${TM_FILENAME_BASE:Fallback} ${TM_FILENAME_BASE}', 'Fallback AppConfig'],
      ['${1:unterminated', '${1:unterminated'],
    ];
    for (const [body, expected] of cases) test(JSON.stringify(body), () => assert.strictEqual(expandSnippet(body, 'src/AppConfig.java'), expected));
    test('an unescaped $NAME that is not a VS Code variable is a mistake', () => {
      assert.throws(() => expandSnippet('ENV PATH="/opt/bin:$PATH"', 'Dockerfile'), /"PATH" is not a VS Code snippet variable/);
      assert.throws(() => expandSnippet('x: ${POSTGRES_PASSWORD:?required}', 'compose.yaml'), /"POSTGRES_PASSWORD" is not a VS Code snippet variable/);
    });
  });

  suite('the format checks catch what they are for', () => {
    test('compose: literal passwords, an unpinned image, no env_file or healthcheck, an undeclared or bind-mounted volume', () => {
      const bad = [
        'services:',
        '  app:',
        '    build: .',
        '    environment:',
        '      DATABASE_URL: "postgres://${POSTGRES_USER:-app}:hunter2@postgres:5432/app"',
        '  postgres:',
        '    image: postgres:latest',
        '    environment:',
        '      POSTGRES_PASSWORD: hunter2',
        '    volumes:',
        '      - ./data:/var/lib/postgresql/data',
        '  redis:',
        '    image: redis',
        '    env_file: .env',
        '    command: ["redis-server", "--requirepass", "hunter2"]',
        '    volumes:',
        '      - redis-data:/data',
        '    healthcheck:',
        '      test: ["CMD", "redis-cli", "ping"]',
        '',
      ].join('\n');
      assert.deepStrictEqual(composeProblems(bad)?.split('; '), [
        'app: no env_file', 'app: DATABASE_URL has a password in its URL: hunter2',
        'postgres: no env_file', 'postgres: image postgres:latest is not pinned to a tag', 'postgres: no healthcheck test',
        'postgres: ./data:/var/lib/postgresql/data is not a named volume', 'postgres: POSTGRES_PASSWORD is not required from the environment: hunter2',
        'redis: image redis is not pinned to a tag', 'redis: volume redis-data is not declared under volumes:', 'redis: a literal Redis password: hunter2',
      ]);
    });
    test('dotenv and Procfile lines', () => {
      assert.match(String(parseWith('dotenv', 'A=1\nnot a key line\n', '.env')), /2: not a KEY=value line/);
      assert.match(String(parseWith('procfile', 'web: node a.js\nweb: node b.js\nworker node c.js\n', 'Procfile')), /2: process type web twice; 3: not a "type: command" line/);
    });
  });

  for (const file of snippetFiles) {
    const snippets = JSON.parse(fs.readFileSync(path.join(SNIPPETS_DIR, file), 'utf8')) as Record<string, Snippet>;
    const languages = contributions.filter(c => relative(c.path) === `snippets/${file}`).map(c => c.language);

    suite(`snippets/${file}`, () => {
      test('each snippet: tf- prefixes unique in the file, a one-line description, a body', () => {
        const seen = new Set<string>();
        for (const [name, s] of Object.entries(snippets)) {
          for (const p of prefixes(s)) {
            assert.match(p, /^tf-[a-z0-9-]+$/, `${name}: prefix ${p}`);
            assert.ok(!seen.has(p), `${name}: prefix ${p} is used once`);
            seen.add(p);
          }
          assert.ok(s.description && !s.description.includes('\n') && s.description.length <= 160, `${name}: a one-line description (at most 160 characters)`);
          assert.ok(bodyText(s).trim().length > 0, `${name}: a body`);
          if (!/^(?:yaml|compose)/.test(file)) continue;
          assert.ok(!/^\t/m.test(bodyText(s)), `${name}: YAML is indented with spaces`);
        }
      });

      for (const [name, s] of Object.entries(snippets)) {
        const prefix = prefixes(s)[0];
        for (const language of languages) {
          const target = targetFor(language, prefix);
          const expand = () => expandSnippet(bodyText(s), target.file);

          const parsed = target.parsers.includes('csharp') ? 'not parsed: no C# parser on this machine' : `parses with ${target.parsers.join(', ')}`;
          test(`${prefix} (${language}): ${parsed}`, function () {
            const text = expand();
            const full = target.around ? target.around(text) : text;
            if (s.isFileTemplate) assert.ok(!target.around, `${name} is a file template: it must be a whole file`);
            const skipped: string[] = [];
            for (const parser of target.parsers) {
              const r = parseWith(parser, full, path.basename(target.file));
              if (typeof r === 'object') { skipped.push(r.skip); continue; }
              assert.strictEqual(r, undefined, `${name} does not parse with ${parser}:\n${r}\n--- text ---\n${full}`);
            }
            if (skipped.length) {
              this.test!.title += ` (skipped: ${skipped.join('; ')})`;
              this.skip();
            }
          });

          test(`${prefix} (${language}): no warning or error from our own rules in ${target.file}`, () => {
            const text = expand();
            const texts = target.around ? [text, target.around(text)] : [text];
            for (const t of texts) {
              const input = { path: target.file, text: t, languageId: language };
              assert.deepStrictEqual(atLeastWarning(lint(input)), [], `${name} without a project`);
              // a twelve-factor project keeps .env out of git
              const project = projectFromMap(new Map([[target.file, t], ['.gitignore', '.env\n']]));
              assert.deepStrictEqual(atLeastWarning(lint(input, { project })), [], `${name} in a project`);
            }
          });
        }
      }
    });
  }
});
