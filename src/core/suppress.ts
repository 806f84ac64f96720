/**
 * Suppression comments, written in the file's own comment syntax:
 *   twelve-factor-disable-next-line [rule-id ...]
 *   twelve-factor-disable-line [rule-id ...]
 *   twelve-factor-disable-file [rule-id ...]
 * Without ids they silence every rule. Only comments count: the same words in a string do nothing.
 */
import { anchored } from './anchors';
import { TokenKind } from './lexer';
import { SourceFile } from './source';

export interface Suppressions {
  /** Whether a finding of `ruleId` on 0-based `line` is silenced. */
  isSuppressed(ruleId: string, line: number): boolean;
  /** Ids named in suppression comments, with where they were written (for the unknown-id hint). */
  named: { id: string; start: number; end: number }[];
}

const DIRECTIVE = /twelve-factor-disable-(next-line|line|file)\b([^\n]*)/g;
/** Whether the file has a directive at all, in the shared scan (anchors.ts). */
const DIRECTIVE_SCAN = anchored(/twelve-factor-disable/);
const RULE_ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;
const ALL = '*';

export function findSuppressions(file: SourceFile): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const wholeFile = new Set<string>();
  const named: Suppressions['named'] = [];
  if (file.matches(DIRECTIVE_SCAN)) {
    for (const t of file.tokens) {
      if (t.kind !== TokenKind.Comment) continue;
      const body = file.text.slice(t.start, t.end);
      if (body.indexOf('twelve-factor-disable') < 0) continue;
      DIRECTIVE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = DIRECTIVE.exec(body))) {
        const ids: string[] = [];
        // the id list runs to the end of the comment (`*/`, `-->`) or of the line
        const list = m[2].split(/\*\/|-->/)[0];
        const listStart = t.start + m.index + m[0].length - m[2].length;
        let at = 0;
        for (const word of list.split(/[\s,]+/)) {
          const i = list.indexOf(word, at);
          at = i + word.length;
          if (!RULE_ID.test(word)) continue;
          ids.push(word);
          named.push({ id: word, start: listStart + i, end: listStart + i + word.length });
        }
        const target = ids.length ? ids : [ALL];
        if (m[1] === 'file') { for (const id of target) wholeFile.add(id); continue; }
        const commentLine = file.lineOf(t.start + m.index);
        const line = m[1] === 'line' ? commentLine : file.lineOf(t.end) + 1;
        let set = byLine.get(line);
        if (!set) byLine.set(line, set = new Set());
        for (const id of target) set.add(id);
      }
    }
  }
  return {
    named,
    isSuppressed(ruleId, line) {
      if (wholeFile.has(ALL) || wholeFile.has(ruleId)) return true;
      const s = byLine.get(line);
      return !!s && (s.has(ALL) || s.has(ruleId));
    },
  };
}
