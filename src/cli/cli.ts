#!/usr/bin/env node
/**
 * `twelve-factor check [paths...]`: the engine over files on disk, for CI.
 * Exit codes: 0 clean, 1 findings at warning or above (or more warnings than --max-warnings),
 * 2 usage or configuration error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { version } from '../../package.json';
import { EngineConfig, PROJECT_CONFIG_FILE, defaultConfig, mergeConfig, parseProjectConfig } from '../core/config';
import { lint, skipReasonForText } from '../core/engine';
import { Project, projectFromMap } from '../core/project';
import { ALL_RULES, RULE_IDS } from '../core/rules';
import { renderRulesMarkdown } from '../core/docs';
import { FACTORS } from '../core/factors';
import { lockfileCandidates, scoreWorkspace } from '../core/scorecard';
import { Finding } from '../core/types';
import { collectFiles, toRel } from './files';
import { readSource } from '../core/readSource';
import { FileFindings, formatJson, formatSarif, formatText } from './format';
import { runScaffold } from './scaffold';

const USAGE = `Usage: twelve-factor check [paths...] [options]
       twelve-factor rules [--format markdown]
       twelve-factor scaffold dockerfile|dockerignore|env-example|procfile|compose [--dir D] [--dry-run] [--force]

Checks files against the Twelve-Factor App methodology; \`rules\` lists the rules; \`scaffold\` writes
a Dockerfile, .dockerignore, .env.example, Procfile or compose file for the detected stack (scaffold --help).

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              project config (default: ./${PROJECT_CONFIG_FILE} when present)
  --max-warnings N           exit 1 when there are more than N warnings (default: any warning fails)
  --max-file-size KB         skip files larger than this (default: 1024)
  --scorecard                after the findings, a status per factor (pass, warn, fail, not checked)
  --no-color                 plain text output
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no problems, 1 problems at warning or above, 2 usage or config error (a malformed
config file is reported, the files are still checked with the rest of it, and the exit code is 2).`;

export interface CliIO {
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

class UsageError extends Error {}

interface CheckArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  config?: string;
  maxWarnings?: number;
  maxFileSizeKB?: number;
  scorecard: boolean;
  color: boolean;
}

function parseCheckArgs(argv: string[], color: boolean): CheckArgs {
  const a: CheckArgs = { paths: [], format: 'text', scorecard: false, color };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const name = arg.split('=')[0];
    switch (name) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (text, json or sarif)`);
        a.format = f;
        break;
      }
      case '--config': a.config = value(); break;
      case '--max-warnings': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < -1) throw new UsageError('--max-warnings needs a whole number');
        a.maxWarnings = n;
        break;
      }
      case '--max-file-size': {
        const n = Number(value());
        if (!(n > 0)) throw new UsageError('--max-file-size needs a positive number of KB');
        a.maxFileSizeKB = n;
        break;
      }
      case '--no-color': a.color = false; break;
      case '--scorecard': a.scorecard = true; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        a.paths.push(arg);
    }
  }
  if (!a.paths.length) a.paths.push('.');
  return a;
}

/**
 * The configuration, and its problems as `file:line:col: message` lines. A malformed config file
 * does not stop the run: what parsed of it applies, the problems are told, and the exit code is 2.
 */
function loadConfig(io: CliIO, args: CheckArgs): { config: EngineConfig; problems: string[] } {
  let config = defaultConfig();
  const file = args.config ? path.resolve(io.cwd, args.config) : path.join(io.cwd, PROJECT_CONFIG_FILE);
  const problems: string[] = [];
  const rel = toRel(io.cwd, file);
  const read = fs.existsSync(file) || args.config ? readSource(file, 1024) : undefined;
  if (read && 'text' in read) {
    const parsed = parseProjectConfig(read.text, RULE_IDS);
    for (const p of parsed.problems) problems.push(`${rel}:${p.line + 1}:${p.column + 1}: ${p.message}`);
    config = mergeConfig(config, parsed.layer);
  } else if (args.config) {
    throw new UsageError(`cannot read config file ${args.config}`);
  } else if (read) {
    problems.push(`${rel}: ${'skip' in read ? `not read: ${read.skip}` : read.error}`);
  }
  if (args.maxFileSizeKB) config = mergeConfig(config, { maxFileSizeKB: args.maxFileSizeKB });
  return { config, problems };
}

export function runCheck(argv: string[], io: CliIO): number {
  const args = parseCheckArgs(argv, io.color);
  const { config, problems: configProblems } = loadConfig(io, args);
  for (const p of configProblems) io.err(`twelve-factor: ${p}\n`);
  const collected = collectFiles(io.cwd, args.paths, config);
  const texts = new Map<string, string>();
  const skipped = [...collected.skipped];
  const errors = [...collected.errors];
  for (const f of collected.files) {
    const read = readSource(f.abs, config.maxFileSizeKB);
    if ('error' in read) { errors.push({ path: f.rel, message: read.error }); continue; }
    if ('skip' in read) { skipped.push({ path: f.rel, reason: read.skip }); continue; }
    const reason = skipReasonForText(read.text);
    if (reason) { skipped.push({ path: f.rel, reason }); continue; }
    texts.set(f.rel, read.text);
  }
  const project = withLockfiles(io.cwd, projectFromMap(texts));
  const files: FileFindings[] = [];
  let warnings = 0, failing = 0;
  for (const [rel, text] of texts) {
    const findings: Finding[] = lint({ path: rel, text }, { config, project });
    if (!findings.length) continue;
    let lineStarts: number[] | undefined;
    files.push({
      path: rel, findings,
      lines: line => {
        lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map(m => m.index! + 1)];
        return text.slice(lineStarts[line] ?? text.length, (lineStarts[line + 1] ?? text.length + 1) - 1);
      },
    });
    for (const x of findings) {
      if (x.severity === 'warning') warnings++;
      if (x.severity === 'error') failing++;
    }
  }
  const scorecard = args.scorecard && args.format !== 'sarif'
    ? scoreWorkspace(files, project, { gitRepository: insideGitRepository(io.cwd), config }) : undefined;
  const report = { version, files, skipped, errors, scorecard };
  io.out(args.format === 'json' ? formatJson(report) : args.format === 'sarif' ? formatSarif(report) : formatText(report, args.color));
  if (configProblems.length) return 2;
  if (failing > 0) return 1;
  const limit = args.maxWarnings ?? 0; // -1: warnings never fail the run
  return limit >= 0 && warnings > limit ? 1 : 0;
}

/**
 * Lockfiles are ignored for linting (nobody writes them by hand), so the walk leaves them out; but
 * whether one exists matters (dependencies/missing-lockfile, the scorecard's evidence). The ones
 * next to a manifest are looked up on disk and added to the project's paths, unread.
 */
function withLockfiles(cwd: string, project: Project): Project {
  const paths = new Set(project.paths);
  for (const p of lockfileCandidates(project.paths)) if (!paths.has(p) && fs.existsSync(path.join(cwd, p))) paths.add(p);
  return { ...project, paths };
}

/** `.git` (a folder, or a file in a worktree or submodule) in the folder or one above it: the walk never enters it. */
function insideGitRepository(cwd: string): boolean {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

export function main(argv: string[], io: CliIO): number {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') { io.out(USAGE + '\n'); return cmd ? 0 : 2; }
    if (cmd === '-v' || cmd === '--version') { io.out(version + '\n'); return 0; }
    if (cmd === 'rules') {
      const format = rest.includes('--format=markdown') || rest.join(' ').includes('--format markdown') ? 'markdown' : 'text';
      io.out(format === 'markdown' ? renderRulesMarkdown(ALL_RULES, FACTORS)
        : ALL_RULES.map(r => `${r.meta.id.padEnd(44)} ${r.meta.severity.padEnd(8)} ${r.meta.title}`).join('\n') + '\n');
      return 0;
    }
    if (cmd === 'scaffold') return runScaffold(rest, io);
    if (cmd === 'check') {
      if (rest.includes('-h') || rest.includes('--help')) { io.out(USAGE + '\n'); return 0; }
      return runCheck(rest, io);
    }
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`twelve-factor: ${e.message}\n`); if (!e.message.includes(':')) io.err(`Run 'twelve-factor --help' for usage.\n`); return 2; }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: s => process.stdout.write(s),
    err: s => process.stderr.write(s),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  });
}
