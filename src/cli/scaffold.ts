/**
 * `twelve-factor scaffold dockerfile|dockerignore|env-example|procfile|compose [--dir D] [--dry-run] [--force]`:
 * the scaffolding core over a folder on disk. It never overwrites a file without --force
 * (`.env.example` is merged instead: the existing lines stay, missing keys are appended), prints
 * the content instead of writing with --dry-run, and writes through a temporary file in the same
 * folder renamed over the target, so a reader never sees half a file.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../core/config';
import { skipReasonForText } from '../core/engine';
import { Project, projectFromMap } from '../core/project';
import { DetectedApp, SCAFFOLD_KINDS, ScaffoldKind, appLabel, describeApp, detectStacks, planScaffold } from '../core/scaffold';
import type { CliIO } from './cli';
import { malformedInputProblems } from '../core/malformed';
import { SourceFile } from '../core/source';
import { collectFiles } from './files';
import { readSource } from '../core/readSource';

export const SCAFFOLD_USAGE = `Usage: twelve-factor scaffold dockerfile|dockerignore|env-example|procfile|compose [options]

Writes a twelve-factor file for the app in the folder, from its detected stack.

Options:
  --dir D      the app's folder (default: the current folder)
  --dry-run    print what would be written; write nothing
  --force      overwrite an existing file (env-example: regenerate instead of merging)
  -h, --help   show this help

An existing file is never overwritten without --force (exit 2); an existing .env.example is
merged: its lines are kept and the missing keys appended.`;

class ScaffoldUsageError extends Error {}

interface ScaffoldArgs {
  kind: ScaffoldKind;
  dir: string;
  dryRun: boolean;
  force: boolean;
}

function parseArgs(argv: string[]): ScaffoldArgs | 'help' {
  let kind: string | undefined;
  const a = { dir: '.', dryRun: false, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--dry-run') a.dryRun = true;
    else if (arg === '--force') a.force = true;
    else if (arg === '--dir' || arg.startsWith('--dir=')) {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!v) throw new ScaffoldUsageError('--dir needs a folder');
      a.dir = v;
    } else if (arg.startsWith('-')) throw new ScaffoldUsageError(`unknown option ${arg}`);
    else if (kind === undefined) kind = arg;
    else throw new ScaffoldUsageError(`unexpected argument "${arg}"`);
  }
  if (kind === undefined) throw new ScaffoldUsageError(`say what to scaffold: ${SCAFFOLD_KINDS.join(', ')}`);
  if (!(SCAFFOLD_KINDS as readonly string[]).includes(kind)) throw new ScaffoldUsageError(`cannot scaffold "${kind}" (${SCAFFOLD_KINDS.join(', ')})`);
  return { kind: kind as ScaffoldKind, ...a };
}

/** The folder's files as a Project: what `check` would read, plus each folder's `.env` (git ignores it, the keys still count). */
function loadProject(root: string): Project {
  const config = defaultConfig();
  const collected = collectFiles(root, ['.'], config);
  const texts = new Map<string, string>();
  for (const f of collected.files) {
    const read = readSource(f.abs, config.maxFileSizeKB);
    // unreadable: left out, as check does
    if ('text' in read && !skipReasonForText(read.text)) texts.set(f.rel, read.text);
  }
  const dirs = new Set([...texts.keys()].map(p => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')));
  for (const d of dirs) {
    const rel = d ? `${d}/.env` : '.env';
    if (texts.has(rel) || !fs.existsSync(path.join(root, rel))) continue;
    const read = readSource(path.join(root, rel), config.maxFileSizeKB);
    if ('text' in read) texts.set(rel, read.text);
  }
  return projectFromMap(texts);
}

/**
 * The app's manifests that are not valid JSON, as `path:line:col: message` lines: detection reads
 * them as empty, so the user should know why a dependency was not seen.
 */
function malformedManifests(project: Project, app: DetectedApp): string[] {
  const out: string[] = [];
  for (const name of ['package.json', 'composer.json']) {
    const rel = app.dir ? `${app.dir}/${name}` : name;
    const text = project.read(rel);
    if (text === undefined) continue;
    const file = new SourceFile(rel, text);
    for (const p of malformedInputProblems(rel, text)) {
      const at = file.positionAt(p.start);
      out.push(`${rel}:${at.line + 1}:${at.column + 1}: ${p.message}`);
    }
  }
  return out;
}

/** The app to scaffold for: the folder's own, or its only one; several is a usage error. */
function chooseApp(apps: DetectedApp[], dir: string): DetectedApp {
  const own = apps.find(a => a.dir === '');
  if (own || apps.length === 1) return own ?? apps[0];
  throw new ScaffoldUsageError(`${dir} holds several apps; pick one with --dir:\n${apps.map(a => `  ${path.join(dir, a.dir)}  (${describeApp(a)})`).join('\n')}`);
}

/** Write `content` to `file` through a temporary file in the same folder and a rename. */
export function writeAtomic(file: string, content: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export function runScaffold(argv: string[], io: CliIO): number {
  let args: ScaffoldArgs | 'help';
  try {
    args = parseArgs(argv);
    if (args === 'help') { io.out(SCAFFOLD_USAGE + '\n'); return 0; }
    const root = path.resolve(io.cwd, args.dir);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new ScaffoldUsageError(`${args.dir} is not a folder`);
    const project = loadProject(root);
    const app = chooseApp(detectStacks(project), args.dir);
    for (const m of malformedManifests(project, app)) io.err(`twelve-factor: warning: ${args.dir === '.' ? '' : `${args.dir.replace(/\/+$/, '')}/`}${m}\n`);
    const plan = planScaffold(args.kind, project, app, { merge: !args.force });
    const target = path.join(root, plan.path);
    const shown = path.join(args.dir, plan.path);

    io.out(app.detected ? `${appLabel(app)}\n${app.why.map(w => `  ${w}\n`).join('')}` : `Stack not detected: ${app.why[0]}\n`);
    const refused = plan.existing !== undefined && !args.force && !plan.merged;
    if (refused) {
      io.err(`twelve-factor: ${shown} already exists; it was left unchanged. Pass --force to overwrite it, or --dry-run to see the proposed content.\n`);
      return 2;
    }
    const nothingToAdd = plan.merged && plan.content === plan.existing;
    const action = plan.merged ? `merge into ${shown} (adding ${plan.added!.length ? plan.added!.join(', ') : 'nothing'})`
      : plan.existing !== undefined ? `overwrite ${shown}` : `create ${shown}`;
    if (args.dryRun) {
      io.out(`--- would ${action} ---\n${plan.content}${plan.content.endsWith('\n') ? '' : '\n'}--- end of ${shown} ---\n`);
    } else if (nothingToAdd) {
      io.out(`${shown} already lists every variable the code reads; left unchanged.\n`);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeAtomic(target, plan.content);
      io.out(plan.merged ? `Added ${plan.added!.join(', ')} to ${shown}.\n` : `Wrote ${shown}.\n`);
    }
    for (const n of plan.notes) io.out(`note: ${n}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ScaffoldUsageError) {
      io.err(`twelve-factor: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
