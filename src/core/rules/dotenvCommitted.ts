import { isGitIgnored } from '../fixes/envFiles';
import { Project } from '../project';
import { Rule } from '../rule';

/** Local secrets files: `.env`, `.env.local`, `.env.development.local` (not `.env.example`, nor Next/Vite's committed `.env.production`). */
const PRIVATE_ENV = /^\.env(?:\.[\w-]+)?\.local$|^\.env$/;

/** The `.gitignore` paths from the project root down to the file's folder. */
function gitignoresAbove(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let d = 0; d < parts.length; d++) {
    const dir = parts.slice(0, d).join('/');
    out.push(dir ? `${dir}/.gitignore` : '.gitignore');
  }
  return out;
}

function exists(project: Project, path: string): boolean {
  return project.paths.has(path) || project.read(path) !== undefined;
}

/**
 * A `.env` holds the real values of one deploy, secrets included. If git does not ignore it, the
 * next `git add .` publishes them to everyone who can read the repository, for good.
 */
export const rule: Rule = {
  meta: {
    id: 'config/dotenv-committed',
    factor: 'config',
    severity: 'warning',
    title: '.env not ignored by git',
    description: 'A .env file that no .gitignore covers: the values in it, secrets included, end up in the repository with the next commit, and every clone has them.',
    remedy: 'Add .env to .gitignore and document the variables, without values, in .env.example.',
    families: ['dotenv'],
    fixable: true,
  },
  check({ file, project, report }) {
    if (!project || !PRIVATE_ENV.test(file.baseName)) return;
    const gitignores = gitignoresAbove(file.path);
    // a .gitignore that exists but was not read: no verdict rather than a guess
    if (gitignores.some(p => project.paths.has(p) && project.read(p) === undefined)) return;
    if (isGitIgnored(file.path, project)) return;
    const present = gitignores.filter(p => exists(project, p));
    const target = present.length ? present[present.length - 1] : '.gitignore';
    const name = file.baseName;
    const lineEnd = file.text.indexOf('\n');
    report({
      start: 0,
      end: lineEnd < 0 ? file.text.length : lineEnd,
      message: present.length
        ? `${name} is not ignored by git, so the values in it, secrets included, can be committed. Add ${name} to .gitignore and document the variables in .env.example.`
        : `${name} is not ignored by git: the project has no .gitignore, so the values in it, secrets included, can be committed. Add a .gitignore that lists ${name}, and document the variables in .env.example.`,
      fixes: [{ title: `Add ${name} to .gitignore`, edits: [], files: [{ path: target, appendLines: [name] }], safe: true }],
    });
  },
};
