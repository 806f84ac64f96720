/**
 * dependencies/missing-lockfile (project level): a manifest that declares dependencies with no
 * lockfile committed beside it. Without one, every install resolves the version ranges again, so
 * two builds of the same commit can run different code. Checked per ecosystem: package.json (npm,
 * yarn, pnpm, bun lockfiles; a package inside a workspace is the workspace root's business), pyproject.toml with Poetry or uv, Pipfile, Gemfile, go.mod, Cargo.toml for an
 * application (libraries do not commit Cargo.lock), composer.json. Published npm packages and
 * gems (a `gemspec` Gemfile) are libraries: their consumers lock, so they are left alone.
 * The finding sits on the manifest's first line. Silent without a project, or when the project does
 * not list the manifest (no paths to look at).
 */
import { Rule } from '../rule';
import { Project } from '../project';
import { dirOf, hasMembers, hasTable, inDir, parentDirs, parseJsonObject, tomlPairs, tomlTables } from '../manifests';
import { SourceFile } from '../source';

const NPM_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'lerna.json', 'rush.json'];

interface Missing {
  /** What the manifest is (`package.json`, `pyproject.toml (Poetry)`). */
  what: string;
  lockfile: string;
  command: string;
}

export const rule: Rule = {
  meta: {
    id: 'dependencies/missing-lockfile',
    factor: 'dependencies',
    severity: 'warning',
    title: 'Manifest without a lockfile',
    description: 'A dependency manifest with no lockfile committed beside it: every install resolves the version ranges again, so two builds of the same commit can run different dependency versions.',
    remedy: 'Generate the lockfile with the package manager (npm install, poetry lock, bundle install, go mod tidy, cargo generate-lockfile, composer install) and commit it.',
    families: ['json', 'toml', 'ruby', 'generic'],
    fixable: false,
    trigger: /ependencies|workspaces|tool\.(?:poetry|uv)|packages\]|\bgem\b|\brequire\b|\[package\]/,
  },
  check({ file, project, report }) {
    // a project that does not list this file (an editor file outside any workspace folder) says nothing about its folder
    if (!project || !project.paths.has(file.path)) return;
    const missing = check(file, project);
    if (!missing) return;
    const nl = file.text.indexOf('\n');
    let end = nl < 0 ? file.text.length : nl;
    if (end > 0 && file.text[end - 1] === '\r') end--;
    report({
      start: 0, end,
      message: `${missing.what} declares dependencies but no ${missing.lockfile} is committed beside it, so each install may resolve different versions. Run ${missing.command} and commit the lockfile.`,
    });
  },
};

function check(file: SourceFile, project: Project): Missing | undefined {
  const dir = dirOf(file.path);
  const has = (name: string, d = dir) => project.paths.has(inDir(d, name));
  const text = file.text;
  switch (file.baseName) {
    case 'package.json': {
      const pkg = parseJsonObject(text);
      if (!pkg) return undefined;
      if (pkg.workspaces === undefined && !hasMembers(pkg, 'dependencies') && !hasMembers(pkg, 'devDependencies')) return undefined;
      if (pkg.private !== true && (pkg.publishConfig !== undefined || Array.isArray(pkg.files))) return undefined; // a published library
      if (NPM_LOCKS.some(l => has(l))) return undefined;
      // a package of a workspace (monorepo): the root's lockfile covers it, or the root gets the finding;
      // a lockfile above a package that is not in a workspace does not lock it
      for (const up of parentDirs(dir)) {
        if (WORKSPACE_MARKERS.some(m => has(m, up))) return undefined;
        const parent = project.paths.has(inDir(up, 'package.json')) ? parseJsonObject(project.read(inDir(up, 'package.json')) ?? '') : undefined;
        if (parent && parent.workspaces !== undefined) return undefined;
      }
      return { what: 'package.json', lockfile: 'lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock)', command: 'your package manager\'s install (npm install, yarn, pnpm install)' };
    }
    case 'pyproject.toml': {
      const tables = tomlTables(text);
      if (hasTable(tables, 'tool.poetry') && poetryHasDependencies(text, tables) && !has('poetry.lock')) {
        return { what: 'pyproject.toml (Poetry)', lockfile: 'poetry.lock', command: 'poetry lock' };
      }
      if (hasTable(tables, 'tool.uv') && projectHasDependencies(text, tables) && !has('uv.lock') && !parentDirs(dir).some(d => has('uv.lock', d))) {
        return { what: 'pyproject.toml (uv)', lockfile: 'uv.lock', command: 'uv lock' };
      }
      return undefined;
    }
    case 'pipfile': {
      const tables = tomlTables(text);
      const packages = tables.filter(t => t.name === 'packages' || t.name === 'dev-packages').some(t => tomlPairs(text, t).length > 0);
      return packages && !has('Pipfile.lock') ? { what: 'Pipfile', lockfile: 'Pipfile.lock', command: 'pipenv lock' } : undefined;
    }
    case 'gemfile':
      if (!/^[ \t]*gem[ \t(]+['"]/m.test(text) || /^[ \t]*gemspec\b/m.test(text)) return undefined;
      return has('Gemfile.lock') ? undefined : { what: 'Gemfile', lockfile: 'Gemfile.lock', command: 'bundle install' };
    case 'go.mod':
      if (!/^[ \t]*require\b/m.test(text)) return undefined;
      return has('go.sum') ? undefined : { what: 'go.mod', lockfile: 'go.sum', command: 'go mod tidy' };
    case 'cargo.toml': {
      const tables = tomlTables(text);
      if (!hasTable(tables, 'package', false)) return undefined;
      const bins = inDir(dir, 'src/bin/');
      const app = tables.some(t => t.array && t.name === 'bin') || has('src/main.rs') || [...project.paths].some(p => p.startsWith(bins));
      // `[dependencies]` with entries, or a `[dependencies.name]` table
      const deps = tables.some(t => isCargoDependencyTable(t.name) && (!t.name.endsWith('dependencies') || tomlPairs(text, t).length > 0));
      if (!app || !deps) return undefined;
      if (has('Cargo.lock') || parentDirs(dir).some(d => has('Cargo.lock', d))) return undefined;
      return { what: 'Cargo.toml (an application)', lockfile: 'Cargo.lock', command: 'cargo generate-lockfile' };
    }
    case 'composer.json': {
      const pkg = parseJsonObject(text);
      if (!pkg) return undefined;
      const packages = ['require', 'require-dev'].some(k => {
        const v = pkg[k];
        return v !== null && typeof v === 'object' && Object.keys(v as object).some(name => name.indexOf('/') > 0);
      });
      return packages && !has('composer.lock') ? { what: 'composer.json', lockfile: 'composer.lock', command: 'composer install' } : undefined;
    }
  }
  return undefined;
}

/** `dependencies`, `dev-dependencies`, `build-dependencies`, `target.<cfg>.dependencies` and `dependencies.<name>` tables. */
export function isCargoDependencyTable(name: string): boolean {
  return /(?:^|\.)(?:dev-|build-)?dependencies(?:$|\.)/.test(name);
}

function poetryHasDependencies(text: string, tables: ReturnType<typeof tomlTables>): boolean {
  return tables.some(t => (t.name === 'tool.poetry.dependencies' || /^tool\.poetry\.(?:dev-dependencies|group\.[^.]+\.dependencies)$/.test(t.name))
    && tomlPairs(text, t).some(p => p.key !== 'python'));
}

/** `[project]` with a non-empty `dependencies = [...]`, or dependency groups. */
function projectHasDependencies(text: string, tables: ReturnType<typeof tomlTables>): boolean {
  for (const t of tables) {
    if (t.name === 'dependency-groups' && tomlPairs(text, t).length) return true;
    if (t.name !== 'project') continue;
    const deps = tomlPairs(text, t).find(p => p.key === 'dependencies');
    if (deps && !/^\[\s*\]$/.test(deps.value)) return true;
  }
  return false;
}
