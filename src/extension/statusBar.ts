/**
 * The status bar item: how many twelve-factor problems the workspace has, by factor in the
 * tooltip. Clicking it opens the scorecard (and scans the workspace the first time).
 */
import * as vscode from 'vscode';
import { FACTORS } from '../core/factors';
import { DiagnosticsController } from './diagnostics';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('twelveFactor.status', vscode.StatusBarAlignment.Left, 50);
  private readonly sub: vscode.Disposable;
  private pending?: NodeJS.Timeout;

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.item.name = 'Twelve-Factor Coach';
    this.item.command = 'twelveFactor.statusBarClick';
    this.sub = diagnostics.onDidChangeFindings(() => this.schedule());
    this.update();
    this.item.show();
  }

  /** Coalesce bursts (a scan publishes many files) into one update. */
  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.update(); }, 100);
  }

  /** Counts per factor number, and the total. */
  counts(): { total: number; byFactor: Map<number, number> } {
    const byFactor = new Map<number, number>();
    let total = 0;
    for (const [, fs] of this.diagnostics.allFindings()) {
      for (const f of fs) {
        if (!f.factor) continue;
        total++;
        byFactor.set(f.factor.number, (byFactor.get(f.factor.number) ?? 0) + 1);
      }
    }
    return { total, byFactor };
  }

  update(): void {
    const { total, byFactor } = this.counts();
    this.item.text = `$(checklist) ${total}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Twelve-Factor Coach**: ${total === 0 ? 'no problems found' : `${total} problem${total === 1 ? '' : 's'}`}` +
      `${this.diagnostics.scanned ? '' : ' in open files (click to scan the workspace)'}\n\n`);
    for (const f of FACTORS) {
      const n = byFactor.get(f.number);
      if (n) md.appendMarkdown(`- ${f.roman}. ${f.title}: ${n}\n`);
    }
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Twelve-Factor Coach: ${total} problems`, role: 'button' };
  }

  async click(): Promise<void> {
    await vscode.commands.executeCommand('twelveFactor.openGuide', 'scorecard');
    if (!this.diagnostics.scanned) await this.diagnostics.scanWithProgress();
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.sub.dispose();
    this.item.dispose();
  }
}
