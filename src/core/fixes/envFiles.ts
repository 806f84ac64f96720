/**
 * The project side of "extract to environment variable": which `.env.example` documents the
 * variable, whether a local `.env` may receive the value (only when git ignores it), how a value
 * is written in a dotenv file, and how a name is kept from clashing with a variable the project
 * already uses for something else.
 */
import ignore from 'ignore';
import { Project } from '../project';
import { FileChange } from '../types';

/** Names of the committed example file, in order of preference, per folder. */
const EXAMPLE_NAMES = ['.env.example', '.env.sample', '.env.template', '.env.dist'];
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=(.*)$/;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function exists(project: Project, path: string): boolean {
  return project.paths.has(path) || project.read(path) !== undefined;
}

/** Keys and their values in a KEY=value file (quotes around a value removed). */
export function envEntries(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  for (const line of text.split(/\r?\n/)) {
    const m = ENV_LINE.exec(line);
    if (!m) continue;
    let v = m[2].trim();
    const q = v[0];
    if ((q === '"' || q === "'") && v.length > 1 && v.endsWith(q)) v = v.slice(1, -1);
    else {
      const comment = v.search(/[ \t]#/);
      if (comment >= 0) v = v.slice(0, comment).trimEnd();
    }
    out.set(m[1], v);
  }
  return out;
}

/**
 * Whether git ignores `path` by the .gitignore files of its folder and the folders above it (and
 * `.git/info/exclude`): a deeper file's rules win, and `!pattern` re-includes.
 */
const MAX_PATTERN_LINE = 4096;

export function isGitIgnored(path: string, project: Project): boolean {
  let ignored = false;
  const apply = (rules: string | undefined, rel: string) => {
    if (rules === undefined) return;
    let r: { ignored: boolean; unignored: boolean };
    try {
      // a pattern line longer than any real one would only make the matcher's regex too large
      r = ignore().add(rules.split(/\r?\n/).filter(l => l.length <= MAX_PATTERN_LINE)).test(rel);
    } catch {
      return; // a file git itself could not make sense of: it decides nothing
    }
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  };
  apply(project.read('.git/info/exclude'), path);
  const parts = path.split('/');
  for (let d = 0; d < parts.length; d++) {
    const dir = parts.slice(0, d).join('/');
    apply(project.read(join(dir, '.gitignore')), parts.slice(d).join('/'));
  }
  return ignored;
}

export interface EnvTargets {
  /** The example file to document the variable in (created when missing). */
  example: string;
  exampleText?: string;
  /** The local `.env` beside it, when it exists and git ignores it. */
  dotenv?: string;
  dotenvText?: string;
}

/**
 * The nearest example file in the folder of `filePath` or above; the project root's `.env.example`
 * when there is none. The `.env` considered is the one in the same folder as the example file.
 */
export function envTargets(filePath: string, project: Project | undefined): EnvTargets {
  if (!project) return { example: '.env.example' };
  let example = '.env.example';
  let dir = dirOf(filePath);
  search: for (;;) {
    for (const name of EXAMPLE_NAMES) {
      if (exists(project, join(dir, name))) { example = join(dir, name); break search; }
    }
    if (!dir) break;
    dir = dirOf(dir);
  }
  const out: EnvTargets = { example, exampleText: project.read(example) };
  const dotenv = join(dirOf(example), '.env');
  if (exists(project, dotenv) && isGitIgnored(dotenv, project)) {
    out.dotenv = dotenv;
    out.dotenvText = project.read(dotenv);
  }
  return out;
}

/** Characters a dotenv value can hold without quotes in every common parser. */
const BARE_VALUE = /^[\w./:@%+,=?&~-]*$/;

/**
 * A value as a dotenv line writes it so that every common parser (dotenv for Node, python-dotenv,
 * Docker Compose) reads it back unchanged: bare when plain, single-quoted (no escapes, no `$`
 * expansion) otherwise, double-quoted when it holds a `'` and nothing those parsers treat
 * differently; undefined when no such form exists (then `.env` is left to the user).
 */
export function dotenvValue(v: string): string | undefined {
  if (BARE_VALUE.test(v)) return v;
  if (/[\r\n]/.test(v)) return undefined;
  if (v.indexOf("'") < 0) return `'${v}'`;
  if (!/["\\$]/.test(v)) return `"${v}"`;
  return undefined;
}

/** Names already chosen by earlier fixes of one "fix all", with the value each one stands for. */
export type NameRegistry = Map<string, string>;

/**
 * `base`, or `base_2`, `base_3`... when `base` is already in use for something else. A name is in
 * use when the example file or `.env` has it as a key, the file reads it from the environment, or an
 * earlier fix of the same run took it. It is reused only when it is known to stand for this very
 * value (`.env` or the example file holds it, or an earlier fix extracted the same literal); a
 * variable documented without a value is not assumed to be this one.
 */
export function uniqueName(base: string, value: string | undefined, taken: (name: string) => { used: boolean; values: string[] }): string {
  // ends: only finitely many names are in use
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    const t = taken(name);
    if (!t.used || (value !== undefined && t.values.includes(value))) return name;
  }
}

/** The example and `.env` changes that document `name` and keep the app running locally. */
export function envFileChanges(targets: EnvTargets, name: string, value: string | undefined): FileChange[] {
  const out: FileChange[] = [{ path: targets.example, appendLines: [`${name}=`], keys: [name] }];
  const written = value === undefined ? undefined : dotenvValue(value);
  if (targets.dotenv && written !== undefined) out.push({ path: targets.dotenv, appendLines: [`${name}=${written}`], keys: [name] });
  return out;
}
