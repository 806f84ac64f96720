/**
 * dependencies/unpinned-version: a dependency declared with no version at all, so the manifest
 * says nothing about what the app was built and tested against.
 * - package.json (dependencies, devDependencies, optionalDependencies): `*`, `""`, `x`, `latest`
 *   and other moving dist-tags, git URLs and `github:user/repo` shorthands without a commit
 *   (`#main` is a branch; `#<sha>`, `#v1.2.3` and `#semver:` ranges are fine). `file:`, `link:`,
 *   `workspace:` and `npm:` aliases are local or explicit and fine. peerDependencies are ranges
 *   by design and not checked.
 * - requirements*.txt: a requirement line with no version specifier (`flask`), and VCS URLs
 *   without a pinned commit. Ranges (`>=2`) are a choice, not flagged; options (`-r`, `-e`,
 *   `--hash`), comments and local paths are not requirements.
 * - Gemfile: a `git:`/`github:` gem that follows a `branch:` (a version-less `gem 'rails'` is
 *   normal: Gemfile.lock pins it).
 * - Cargo.toml: `"*"` (as the version string or `version = "*"`).
 * - composer.json: `*` and `dev-<branch>` without a `#<commit>`.
 * go.mod always names exact versions. Malformed JSON yields nothing (another layer reports it).
 */
import { Report, Rule } from '../rule';
import { isCargoDependencyTable } from './missingLockfile';
import { baseName, dirOf, jsonStringMembers, requirementLines, tomlPairs, tomlString, tomlTables } from '../manifests';
import { SourceFile } from '../source';

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'];
const COMPOSER_SECTIONS = ['require', 'require-dev'];
/** npm dist-tags that move with every publish. */
const MOVING_TAGS = new Set(['latest', 'next', 'canary', 'nightly', 'beta', 'alpha', 'rc', 'experimental', 'insiders']);
/** A git ref that pins: a commit, a version tag, a semver range over tags. */
const PINNED_REF = /^(?:[0-9a-f]{7,40}|v?\d+(?:\.\d+)*(?:[-+][\w.-]+)?|semver:.+)$/i;
const GIT_URL = /^(?:git\+[a-z]+:|git:|github:|gitlab:|bitbucket:|gist:)/i;
/** `user/repo` or `user/repo#ref`: npm reads it as a GitHub repository. */
const GITHUB_SHORTHAND = /^[\w.-]+\/[\w.-]+(?:#.*)?$/;

export const rule: Rule = {
  meta: {
    id: 'dependencies/unpinned-version',
    factor: 'dependencies',
    severity: 'warning',
    title: 'Dependency without a version',
    description: 'A dependency declared as `*`, `latest`, a git branch or with no version at all: the manifest no longer says which version the app needs, and installs drift from what was tested.',
    remedy: 'Declare a version or range (^4.18.2, ==3.0.2, a commit SHA for git dependencies) and commit the lockfile that pins it.',
    families: ['json', 'toml', 'ruby', 'generic'],
    fixable: false,
    // the last alternative is any requirement line: in JSON manifests only the sections' names can match
    trigger: /ependencies|require|branch|\*|\.git|(?:git|hg|svn|bzr)\+|^[ \t]*[A-Za-z0-9]/m,
  },
  check({ file, report }) {
    const name = file.baseName;
    if (name === 'package.json') packageJson(file, report);
    else if (name === 'composer.json') composerJson(file, report);
    else if (name === 'cargo.toml') cargoToml(file, report);
    else if (name === 'gemfile') gemfile(file, report);
    else if (isRequirementsFile(file.path)) requirementsTxt(file, report);
  },
};

/** `requirements.txt`, `requirements-dev.txt`, `requirements/base.txt`, `dev-requirements.txt`. */
function isRequirementsFile(path: string): boolean {
  const p = path.toLowerCase();
  if (!p.endsWith('.txt')) return false;
  const dir = dirOf(p);
  return baseName(p).includes('requirements') || dir === 'requirements' || dir.endsWith('/requirements');
}

function packageJson(file: SourceFile, report: (r: Report) => void): void {
  for (const m of jsonStringMembers(file.text, NPM_SECTIONS)) {
    const why = npmProblem(m.value.trim());
    if (!why) continue;
    const start = m.value ? m.valueStart : m.start, end = m.value ? m.valueEnd : m.end;
    const todo = why.startsWith('follows the git') || why.startsWith('follows the default')
      ? 'Pin a commit (#<sha>) or a release tag (#v1.2.3)'
      : `Declare a version range (npm install ${m.name}@<version> writes one) and commit the lockfile`;
    report({ start, end, message: `"${m.name}" in ${m.section} ${why}, so installs drift from what was tested. ${todo}.` });
  }
}

function npmProblem(v: string): string | undefined {
  if (v === '' || v === '*' || v.toLowerCase() === 'x' || v === 'x.x' || v === 'x.x.x') return `accepts any version ("${v}")`;
  if (MOVING_TAGS.has(v.toLowerCase())) return `follows the moving "${v}" tag`;
  const gitHttps = /^https?:/i.test(v) && v.split('#')[0].endsWith('.git');
  if (GIT_URL.test(v) || gitHttps || (GITHUB_SHORTHAND.test(v) && !v.startsWith('.'))) {
    const hash = v.indexOf('#');
    if (hash < 0) return `follows the default branch of a git repository (${v})`;
    const ref = v.slice(hash + 1);
    if (!PINNED_REF.test(ref)) return `follows the git branch "${ref}"`;
  }
  return undefined;
}

function composerJson(file: SourceFile, report: (r: Report) => void): void {
  for (const m of jsonStringMembers(file.text, COMPOSER_SECTIONS)) {
    if (m.name.indexOf('/') < 0) continue; // php, ext-*: the platform
    const v = m.value.trim();
    let why: string | undefined;
    if (v === '*' || v === '') why = `accepts any version ("${v}")`;
    else if (/^dev-/i.test(v) && v.indexOf('#') < 0) why = `follows the branch "${v.slice(4)}"`;
    if (!why) continue;
    report({ start: m.value ? m.valueStart : m.start, end: m.value ? m.valueEnd : m.end, message: `"${m.name}" in ${m.section} ${why}, so installs drift from what was tested. Require a version constraint (^3.4) or pin the commit (dev-main#<sha>), and commit composer.lock.` });
  }
}

function cargoToml(file: SourceFile, report: (r: Report) => void): void {
  const text = file.text;
  if (text.indexOf('*') < 0) return;
  for (const t of tomlTables(text)) {
    if (!isCargoDependencyTable(t.name)) continue;
    const own = !t.name.endsWith('dependencies'); // [dependencies.serde]: its `version` key
    for (const p of tomlPairs(text, t)) {
      let at: number | undefined;
      if (own) {
        if (p.key === 'version' && tomlString(p.value) === '*') at = p.valueStart;
      } else if (tomlString(p.value) === '*') {
        at = p.valueStart;
      } else if (p.value.trimStart().startsWith('{')) {
        const m = /\bversion\s*=\s*(["'])\*\1/.exec(p.value);
        if (m) at = p.valueStart + m.index + m[0].length - 3;
      }
      if (at === undefined) continue;
      const crate = own ? t.name.slice(t.name.lastIndexOf('.') + 1) : p.key;
      report({ start: at, end: at + 3, message: `Crate "${crate}" accepts any version ("*"), so builds drift from what was tested. Declare a version requirement (cargo add ${crate} writes one).` });
    }
  }
}

const GEM_BRANCH = /(?:\bbranch:|:branch\s*=>)\s*(["'])([^"'\n]*)\1/g;

function gemfile(file: SourceFile, report: (r: Report) => void): void {
  const code = file.codeText;
  if (code.indexOf('branch') < 0) return;
  GEM_BRANCH.lastIndex = 0;
  for (const m of code.matchAll(GEM_BRANCH)) {
    const start = m.index! + m[0].length - m[2].length - 1;
    // the whole `gem ...` statement: from the line's start to this option
    const lineStart = code.lastIndexOf('\n', m.index!) + 1;
    const stmt = statementStart(code, lineStart);
    const head = /^[ \t]*gem[ \t(]+(["'])([^"'\n]+)\1/.exec(code.slice(stmt, m.index!));
    if (!head || !/\b(?:git|github):|:(?:git|github)\s*=>/.test(code.slice(stmt, m.index!))) continue;
    report({ start, end: start + m[2].length, message: `Gem "${head[2]}" follows the git branch "${m[2]}": what a fresh bundle gets changes with every push. Pin a commit (ref: '<sha>') or a tag (tag: 'v1.2.3').` });
  }
}

/** A Ruby call may continue over lines that end with `,`: go back to the line where it starts. */
function statementStart(code: string, lineStart: number): number {
  let s = lineStart;
  for (let guard = 0; s > 0 && guard < 10; guard++) {
    const prevEnd = s - 1;
    const prevStart = code.lastIndexOf('\n', prevEnd - 1) + 1;
    if (!/,\s*$/.test(code.slice(prevStart, prevEnd))) break;
    s = prevStart;
  }
  return s;
}

function requirementsTxt(file: SourceFile, report: (r: Report) => void): void {
  for (const r of requirementLines(file.text)) {
    if (r.url) {
      const ref = vcsRef(r.url);
      if (ref === undefined || PINNED_REF.test(ref)) continue;
      const what = r.name ? `"${r.name}"` : 'This requirement';
      report({ start: r.nameStart, end: r.nameEnd, message: `${what} installs ${ref ? `the git branch "${ref}"` : 'the default branch of a repository'}, so installs drift from what was tested. Pin a commit (@<sha>) or a release tag.` });
      continue;
    }
    if (!r.name) continue;
    const spec = r.spec.replace(/\s/g, '');
    if (spec && spec !== '*' && spec !== '==*') continue;
    report({ start: r.nameStart, end: r.nameEnd, message: `"${r.name}" has no version, so each install takes whatever is newest. Pin the version you tested (${r.name}==<version>, pip freeze shows it) or compile the file with pip-compile.` });
  }
}

/** The `@ref` of a VCS URL ('' when it has none); undefined for a plain archive URL (pinned by its file name). */
function vcsRef(url: string): string | undefined {
  const hash = url.indexOf('#');
  const u = hash < 0 ? url : url.slice(0, hash);
  if (!/^(?:git|hg|svn|bzr)\+/i.test(u) && !/\.git$|\.git@/i.test(u)) return undefined;
  const scheme = u.indexOf('://');
  const at = u.lastIndexOf('@');
  // `git+ssh://git@github.com/x.git` has a user, not a ref
  if (at < 0 || at < u.indexOf('/', scheme + 3)) return '';
  return u.slice(at + 1);
}
