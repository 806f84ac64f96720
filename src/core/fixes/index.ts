/**
 * Quick fixes, computed on demand from a finding (rules never pay for them on the lint path):
 * the repair when one exists (extract to an environment variable, log to stdout), marked safe, then
 * the suppressions. `fixAll` combines the safe repairs of a file into one set of edits for
 * "fix all" (`source.fixAll.twelveFactor`). Everything here is pure: edits and file changes are
 * plain data that the CLI and the editor adapters apply.
 */
import { Project } from '../project';
import { SourceFile } from '../source';
import { FileChange, Finding, Fix, TextEdit } from '../types';
import { NameRegistry } from './envFiles';
import { extractToEnv } from './extractToEnv';
import { logToStdout } from './logToStdout';
import { suppressionFixes } from './suppress';
import { eolOf } from './scan';

export { EXTRACT_RULE_IDS } from './extractToEnv';
export { LOG_RULE_ID } from './logToStdout';

/**
 * The fixes for one finding: the repair first (the fixes a rule attached to the finding, else the
 * one computed here), then "disable for this line / file".
 */
export function fixesFor(file: SourceFile, finding: Finding, project?: Project): Fix[] {
  const attached = finding.fixes ?? [];
  const repair = attached.length ? undefined : repairFor(file, finding, project, new Map());
  return [...attached, ...(repair ? [repair.fix] : []), ...suppressionFixes(file, finding)];
}

function repairFor(file: SourceFile, finding: Finding, project: Project | undefined, names: NameRegistry): { fix: Fix; name?: string; value?: string } | undefined {
  const attached = finding.fixes?.find(f => f.safe);
  if (attached) return { fix: attached };
  const extraction = extractToEnv(file, finding, project, names);
  if (extraction) return extraction;
  const log = logToStdout(file, finding, project);
  return log ? { fix: log } : undefined;
}

export interface FixAllResult {
  /** Edits in the file, non-overlapping, in document order. */
  edits: TextEdit[];
  /** Changes to other files, one per path. */
  files: FileChange[];
  /** Titles of the fixes applied, in document order. */
  applied: string[];
}

/**
 * Every safe repair for the file's findings, combined: names given by earlier extractions are
 * taken into account by later ones (two different literals never share a variable, the same
 * literal twice does), an identical edit (the same import) is kept once, and a fix whose edits
 * would overlap one already taken is left out.
 */
export function fixAll(file: SourceFile, findings: readonly Finding[], project?: Project): FixAllResult {
  const names: NameRegistry = new Map();
  const edits: TextEdit[] = [];
  const files = new Map<string, FileChange>();
  const applied: string[] = [];
  const sorted = [...findings].sort((a, b) => a.range.start.offset - b.range.start.offset);
  for (const finding of sorted) {
    const repair = repairFor(file, finding, project, names);
    if (!repair || !repair.fix.safe) continue;
    const fresh = repair.fix.edits.filter(e => !edits.some(x => x.start === e.start && x.end === e.end && x.newText === e.newText));
    if (fresh.some(e => edits.some(x => overlaps(e, x)))) continue;
    edits.push(...fresh);
    if (repair.name !== undefined) names.set(repair.name, repair.value ?? '');
    for (const change of repair.fix.files ?? []) {
      const prev = files.get(change.path);
      files.set(change.path, prev
        ? { ...prev, appendLines: [...prev.appendLines, ...change.appendLines.filter(l => !prev.appendLines.includes(l))], keys: [...new Set([...(prev.keys ?? []), ...(change.keys ?? [])])] }
        : { ...change, appendLines: [...change.appendLines], keys: change.keys && [...change.keys] });
    }
    applied.push(repair.fix.title);
  }
  // inserts from different fixes at one point (imports) in a stable, sorted order
  edits.sort((a, b) => a.start - b.start || a.end - b.end || (a.start === a.end ? a.newText.localeCompare(b.newText) : 0));
  return { edits, files: [...files.values()], applied };
}

/** Whether two edits touch the same text (inserts at the boundary of another edit do not). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Apply edits whose offsets all refer to `text` as given (the result is the same as applying them
 * from the end). Inserts at the same offset keep their order. Throws on overlapping edits, which
 * would be a bug in the fix that made them.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i).map(x => x.e);
  const parts: string[] = [];
  let last = 0;
  for (const e of sorted) {
    if (e.start < last || e.end < e.start || e.end > text.length) throw new Error(`overlapping or out-of-range edit at ${e.start}-${e.end}`);
    parts.push(text.slice(last, e.start), e.newText);
    last = e.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

const KEY_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=/;

/**
 * The content of a KEY=value file after `change`: its lines appended, except those whose key is
 * listed in `change.keys` and already present (or appended twice). The existing text is kept
 * byte for byte, a line break is added before the new lines only when the file does not end with
 * one, and new lines use the file's own line ending. `existing` undefined means the file is created.
 */
export function applyFileChange(existing: string | undefined, change: FileChange): string {
  const base = existing ?? '';
  const eol = base ? eolOf(base) : '\n';
  const guarded = new Set(change.keys ?? []);
  const present = new Set<string>();
  for (const line of base.split('\n')) {
    const m = KEY_LINE.exec(line);
    if (m) present.add(m[1]);
  }
  const add: string[] = [];
  for (const line of change.appendLines) {
    const key = KEY_LINE.exec(line)?.[1];
    if (key !== undefined && guarded.has(key)) {
      if (present.has(key)) continue;
      present.add(key);
    }
    add.push(line);
  }
  if (!add.length) return base;
  const sep = base === '' || base.endsWith('\n') ? '' : eol;
  return `${base}${sep}${add.join(eol)}${eol}`;
}
