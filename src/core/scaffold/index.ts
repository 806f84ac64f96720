/**
 * One entry point for every scaffolded file: which path it goes to, what it holds, whether a file
 * is already there, and for `.env.example` the merge with the existing one. The CLI and the editor
 * commands decide what to do with an existing file (refuse, merge, overwrite after a yes); this
 * module only computes, it never writes.
 */
import { EXAMPLE_NAMES } from '../env';
import type { Project } from '../project';
import type { DetectedApp } from './detect';
import { describeApp } from './detect';
import { envExample } from './envExample';
import { detectServices } from './services';
import { compose, dockerfile, dockerignore, procfile } from './templates';

export { detectStacks, detectApp, describeApp } from './detect';
export type { DetectedApp, StackId, Framework, PackageManager } from './detect';
export { detectServices } from './services';
export type { BackingService, ServiceId } from './services';
export { envExample, collectEnvVariables } from './envExample';
export { compose, dockerfile, dockerignore, procfile } from './templates';

export const SCAFFOLD_KINDS = ['dockerfile', 'dockerignore', 'env-example', 'procfile', 'compose'] as const;
export type ScaffoldKind = typeof SCAFFOLD_KINDS[number];

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

export interface ScaffoldPlan {
  kind: ScaffoldKind;
  /** Relative to the project root. */
  path: string;
  /** What the file would hold. */
  content: string;
  /** The file's current text when it exists. */
  existing?: string;
  /** `content` is `existing` with keys appended (`.env.example` only). */
  merged: boolean;
  /** `.env.example`: keys added, and keys of the existing file nothing reads. */
  added?: string[];
  unused?: string[];
  /** What the user should know: the detection's warnings, the services found, unused keys. */
  notes: string[];
}

function exists(project: Project, path: string): boolean {
  return project.paths.has(path) || project.read(path) !== undefined;
}

/** The path a kind of file goes to in the app's folder (an existing file of that kind keeps its name). */
export function scaffoldPath(kind: ScaffoldKind, project: Project, app: DetectedApp): string {
  const at = (name: string) => (app.dir ? `${app.dir}/${name}` : name);
  switch (kind) {
    case 'dockerfile': return at('Dockerfile');
    case 'dockerignore': return at('.dockerignore');
    case 'procfile': return at('Procfile');
    case 'compose': return at(COMPOSE_NAMES.find(n => exists(project, at(n))) ?? 'compose.yaml');
    case 'env-example': return at(EXAMPLE_NAMES.find(n => exists(project, at(n))) ?? '.env.example');
  }
}

/**
 * The file of `kind` for `app`. With `merge` (the default) an existing `.env.example` is merged
 * rather than regenerated; other kinds are always generated whole.
 */
export function planScaffold(kind: ScaffoldKind, project: Project, app: DetectedApp, options: { merge?: boolean } = {}): ScaffoldPlan {
  const path = scaffoldPath(kind, project, app);
  const existing = project.read(path) ?? (exists(project, path) ? '' : undefined);
  const notes = app.detected ? [] : [...app.why];
  const services = kind === 'compose' || (kind === 'dockerfile' && app.stack === 'php') ? detectServices(project, app) : [];
  let content: string;
  let merged = false;
  let added: string[] | undefined, unused: string[] | undefined;
  switch (kind) {
    case 'dockerfile':
      content = dockerfile(app, services.map(s => s.id));
      notes.push(...app.warnings);
      break;
    case 'dockerignore':
      content = dockerignore(app);
      break;
    case 'procfile':
      content = procfile(app);
      notes.push(...app.warnings.filter(w => !/lockfile|\.lock\b/i.test(w)));
      break;
    case 'compose':
      content = compose(app, services);
      notes.push(services.length
        ? `Backing services: ${services.map(s => `${s.id} (${s.why[0]})`).join('; ')}.`
        : 'No backing service found in the code: the compose file runs the app alone.');
      if (services.length) notes.push('The compose file reads passwords from .env: regenerate .env.example to list them.');
      break;
    case 'env-example': {
      const merge = options.merge !== false && existing !== undefined;
      const r = envExample(project, merge ? existing : undefined, { dir: app.dir, defaults: app.detected ? { PORT: String(app.port) } : {} });
      content = r.text;
      merged = merge;
      added = r.added;
      unused = r.unused;
      if (r.unused.length) notes.push(`Not read by any code found: ${r.unused.join(', ')}${r.dynamic ? ' (some code reads variables by computed names, so they may still be used)' : ''}.`);
      if (!r.variables.length) notes.push('No environment variable reads found in the code.');
      break;
    }
  }
  return { kind, path, content, existing, merged, added, unused, notes };
}

/** One line per app for a chooser: "api/ — Node.js (npm, Express)". */
export function appLabel(app: DetectedApp): string {
  return `${app.dir ? `${app.dir}/` : './'} - ${describeApp(app)}`;
}
