/** Plain data for the guide page, built from the diagnostics controller's findings. */
import * as vscode from 'vscode';
import { FACTORS } from '../../core/factors';
import { ALL_RULES } from '../../core/rules';
import { DiagnosticsController } from '../diagnostics';
import { FindingView, ScorecardView, TileView } from './protocol';

const MAX_FINDINGS = 2000;

export function findingViews(diagnostics: DiagnosticsController): FindingView[] {
  const out: FindingView[] = [];
  for (const [key, findings] of diagnostics.allFindings()) {
    const uri = vscode.Uri.parse(key);
    const path = vscode.workspace.asRelativePath(uri, false);
    for (const f of findings) {
      if (!f.factor) continue;
      out.push({ ruleId: f.ruleId, factor: f.factor.slug, severity: f.severity, message: f.message, path, uri: key, line: f.range.start.line, column: f.range.start.column });
      if (out.length >= MAX_FINDINGS) return out;
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}

export function scorecardView(diagnostics: DiagnosticsController): ScorecardView {
  const tiles: TileView[] = FACTORS.map(f => {
    const counts = { error: 0, warning: 0, info: 0, hint: 0 };
    const checks = ALL_RULES.filter(r => r.meta.factor === f.slug).length;
    for (const [, fs] of diagnostics.allFindings()) for (const x of fs) if (x.factor?.slug === f.slug) counts[x.severity]++;
    const status: TileView['status'] = !checks ? 'not-checked' : counts.error + counts.warning ? 'fail' : counts.info + counts.hint ? 'warn' : 'pass';
    const note = status === 'not-checked' ? 'Not checked statically: see the guide for what to look at by hand.'
      : `${checks} rule${checks === 1 ? '' : 's'} checked`;
    return { slug: f.slug, roman: f.roman, title: f.title, status, counts, note };
  });
  const n = (s: TileView['status']) => tiles.filter(t => t.status === s).length;
  const summary = `${n('pass')} passing, ${n('warn')} with advice, ${n('fail')} failing, ${n('not-checked')} not checked statically`;
  return { tiles, summary, scanned: diagnostics.scanned };
}
