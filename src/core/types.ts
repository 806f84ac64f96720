/**
 * Plain data shared by the engine, the CLI and the VS Code adapters. Nothing here knows about
 * VS Code: the extension converts a Finding into a vscode.Diagnostic at its edge.
 */
import type { FactorSlug } from './factors';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** 0-based line and column (UTF-16 code units, as VS Code counts them) plus the text offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Replace text[start, end) with newText. Offsets are into the document the finding came from. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * A change to another file, by path relative to the project root. `append` adds lines to the end
 * (creating the file when it does not exist) unless a line with the same `key=` already exists.
 */
export interface FileChange {
  path: string;
  appendLines: string[];
  /** Keys (for KEY=value files) that must not be duplicated when appending. */
  keys?: string[];
}

export interface Fix {
  title: string;
  /** Edits in the finding's own document. */
  edits: TextEdit[];
  /** Edits in other files of the project (e.g. `.env.example`). */
  files?: FileChange[];
  /** Safe fixes are preferred in the lightbulb and applied by "fix all". */
  safe: boolean;
}

export interface Finding {
  ruleId: string;
  /** Absent for findings about the tool's own input (a malformed .twelve-factor.yml). */
  factor?: { number: number; slug: FactorSlug };
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
}

/**
 * Whether two lists of findings show the same problems, in the same order: the same rules,
 * severities, messages, and lines and columns (what an editor shows of a finding; fixes and
 * offsets aside, which follow the text).
 */
export function sameProblems(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.ruleId !== y.ruleId || x.severity !== y.severity || x.message !== y.message
      || x.range.start.line !== y.range.start.line || x.range.start.column !== y.range.start.column
      || x.range.end.line !== y.range.end.line || x.range.end.column !== y.range.end.column) return false;
  }
  return true;
}
