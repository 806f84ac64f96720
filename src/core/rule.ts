/**
 * The shape every rule has: metadata that the docs, the scorecard and the SARIF output read, and a
 * `check` that reports problems through its context. A rule never decides the final severity or
 * whether a finding is suppressed: the engine applies the user's configuration afterwards.
 */
import type { Family } from './languages';
import type { FactorSlug } from './factors';
import type { Project } from './project';
import type { SourceFile } from './source';
import type { Fix, Severity } from './types';

export interface RuleMeta {
  /** `<factor-slug>/<rule-name>`. */
  id: string;
  factor: FactorSlug;
  /** The severity when the user has not configured one. */
  severity: Severity;
  /** A few words, shown in lists ("Hardcoded connection string"). */
  title: string;
  /** One or two sentences: what the rule flags and why it matters. */
  description: string;
  /** What to do instead, in one sentence. */
  remedy: string;
  /** Families the rule understands; `all` for rules that work on any text. */
  families: readonly Family[] | 'all';
  /** Whether some findings carry a safe fix. */
  fixable: boolean;
  /** Rules that should still run in test files (secrets do: a leaked key is leaked anywhere). */
  runsInTests?: boolean;
  /**
   * A cheap pattern the engine tests on the file's raw `text` before running the rule: when it does
   * not match, the rule is skipped, and a file no rule triggers on is never lexed. It must match in
   * every file where `check` could report anything (a necessary condition, never a guess): usually
   * the literal words every finding contains (`://` or `jdbc:` for a connection string). Write it
   * without the `g` or `y` flag (`test` would then depend on `lastIndex`), `i` only where the rule
   * itself is case-insensitive, and keep it as simple as the condition allows. Every trigger is
   * looked up in one shared pass over the file (anchors.ts): a trigger made only of words
   * (alternations, `?`, `[Cc]`, `['"]`, `\b` at a word's ends) is decided there and never run; any
   * other is run wherever its literal words occur, and on every file when it has none.
   * It sees comments too, so it can only be broader than what rules see in `codeText`.
   * A rule whose words differ by language gives one pattern per family instead; a family without
   * one is skipped like a failed match.
   */
  trigger?: RegExp | Readonly<Partial<Record<Family, RegExp>>>;
}

export interface Report {
  /** Offsets into the file's text. */
  start: number;
  end: number;
  /** The message without the factor prefix; the engine adds "Factor III (Config): ". */
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. an info-level variant). */
  severity?: Severity;
  fixes?: Fix[];
}

export interface RuleContext {
  readonly file: SourceFile;
  /** The project around the file, when the caller has one (the CLI and the workspace scan do). */
  readonly project?: Project;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
