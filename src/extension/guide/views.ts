/** Plain data for the guide page, built from the diagnostics controller's findings. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { PathFindings, scoreWorkspace } from '../../core/scorecard';
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

/** The scorecard of the first workspace folder (the core's scoreWorkspace over the current findings). */
export function scorecardView(diagnostics: DiagnosticsController): ScorecardView {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const byPath: PathFindings[] = [];
  for (const [key, findings] of diagnostics.allFindings()) {
    byPath.push({ path: vscode.workspace.asRelativePath(vscode.Uri.parse(key), false), findings });
  }
  const project = folder ? diagnostics.index.projectFor(folder.uri) : { paths: new Set<string>(), read: () => undefined };
  const gitRepository = folder?.uri.scheme === 'file' ? fs.existsSync(path.join(folder.uri.fsPath, '.git')) : undefined;
  const card = scoreWorkspace(byPath, project, { gitRepository });
  const tiles: TileView[] = card.factors.map(f => ({
    slug: f.factor.slug, roman: f.factor.roman, title: f.factor.title, status: f.status, counts: f.counts,
    note: f.status === 'not-checked' ? (f.evidence[0] ?? f.manual) : f.observations[0] ?? f.evidence[0] ?? `${f.checks.length} check${f.checks.length === 1 ? '' : 's'} ran`,
  }));
  return { tiles, summary: card.summary.verdict, scanned: diagnostics.scanned };
}
