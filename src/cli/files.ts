/**
 * Collect the files the CLI checks: walk the given paths, prune ignored folders early, honour every
 * .gitignore on the way down, never follow directory symlinks (no loops), and say why a file was
 * skipped instead of silently dropping it.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { Ignore } from 'ignore';
import { EngineConfig } from '../core/config';
import { globMatcher, skipReasonForPath } from '../core/engine';

export interface CollectedFile {
  /** Relative to the root, `/` separators. */
  rel: string;
  abs: string;
  size: number;
}

export interface Collected {
  files: CollectedFile[];
  skipped: { path: string; reason: string }[];
  errors: { path: string; message: string }[];
}

const ALWAYS_PRUNED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export function toRel(root: string, abs: string): string {
  const r = path.relative(root, abs).split(path.sep).join('/');
  return r === '' ? '.' : r;
}

export function collectFiles(root: string, inputs: string[], config: EngineConfig): Collected {
  const out: Collected = { files: [], skipped: [], errors: [] };
  const ignored = globMatcher(config.ignore);
  const seen = new Set<string>();
  const gitignores: { dir: string; ig: Ignore }[] = [];

  const gitIgnored = (rel: string, isDir: boolean): boolean => {
    for (const g of gitignores) {
      const sub = g.dir === '.' ? rel : rel.startsWith(g.dir + '/') ? rel.slice(g.dir.length + 1) : undefined;
      if (sub && g.ig.ignores(isDir ? sub + '/' : sub)) return true;
    }
    return false;
  };
  const loadGitignore = (absDir: string, relDir: string) => {
    const p = path.join(absDir, '.gitignore');
    try { gitignores.push({ dir: relDir, ig: ignore().add(fs.readFileSync(p, 'utf8')) }); } catch { /* none here */ }
  };

  const visitFile = (abs: string, rel: string, size: number, explicit: boolean) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    if (!explicit && gitIgnored(rel, false)) return;
    const reason = skipReasonForPath(rel, size, config);
    if (reason === 'ignored') return;
    if (reason) { out.skipped.push({ path: rel, reason }); return; }
    out.files.push({ rel, abs, size });
  };

  const walk = (absDir: string, relDir: string) => {
    loadGitignore(absDir, relDir);
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(absDir, { withFileTypes: true }); } catch (e) {
      out.errors.push({ path: relDir, message: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(absDir, e.name);
      const rel = relDir === '.' ? e.name : `${relDir}/${e.name}`;
      if (e.isDirectory()) {
        if (ALWAYS_PRUNED.has(e.name) || ignored(rel + '/') || ignored(rel + '/x') || gitIgnored(rel, true)) continue;
        walk(abs, rel);
      } else if (e.isFile()) {
        let size = 0;
        try { size = fs.statSync(abs).size; } catch (err) { out.errors.push({ path: rel, message: `cannot stat: ${(err as NodeJS.ErrnoException).code}` }); continue; }
        visitFile(abs, rel, size, false);
      } else if (e.isSymbolicLink()) {
        // follow links to files, never links to folders (a loop would never end)
        try {
          const st = fs.statSync(abs);
          if (st.isFile()) visitFile(fs.realpathSync(abs), rel, st.size, false);
        } catch { out.skipped.push({ path: rel, reason: 'broken symbolic link' }); }
      }
    }
  };

  for (const input of inputs) {
    const abs = path.resolve(root, input);
    let st: fs.Stats;
    try { st = fs.statSync(abs); } catch { out.errors.push({ path: input, message: 'no such file or folder' }); continue; }
    const rel = toRel(root, abs);
    if (st.isDirectory()) {
      // .gitignore files above the starting folder (up to the root) still apply
      if (rel !== '.' && !rel.startsWith('..')) {
        const parts = rel.split('/');
        for (let i = 0; i < parts.length; i++) {
          const d = parts.slice(0, i).join('/') || '.';
          loadGitignore(path.join(root, d), d);
        }
      }
      walk(abs, rel);
    } else visitFile(abs, rel, st.size, true);
  }
  return out;
}
