/**
 * `twelveFactor.clean.<slug>` context keys: true once a workspace scan has found nothing for a
 * factor that rules check. The walkthrough's steps complete on them, so they tick off by the
 * project's real state rather than by clicking through.
 */
import * as vscode from 'vscode';
import { FACTORS } from '../core/factors';
import { ALL_RULES } from '../core/rules';
import { DiagnosticsController } from './diagnostics';

const CHECKED = new Set(ALL_RULES.map(r => r.meta.factor));

export class CleanFactorKeys implements vscode.Disposable {
  private readonly sub: vscode.Disposable;
  private readonly last = new Map<string, boolean>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.sub = diagnostics.onDidChangeFindings(() => {
      if (!this.timer) this.timer = setTimeout(() => { this.timer = undefined; void this.update(); }, 200);
    });
  }

  /** Which factors are clean now (only meaningful after a scan). */
  clean(): Set<string> {
    const dirty = new Set<string>();
    for (const [, fs] of this.diagnostics.allFindings()) for (const f of fs) if (f.factor) dirty.add(f.factor.slug);
    return new Set(FACTORS.filter(f => CHECKED.has(f.slug) && !dirty.has(f.slug)).map(f => f.slug));
  }

  async update(): Promise<void> {
    if (!this.diagnostics.scanned) return;
    const clean = this.clean();
    for (const f of FACTORS) {
      const value = clean.has(f.slug);
      if (this.last.get(f.slug) === value) continue;
      this.last.set(f.slug, value);
      await vscode.commands.executeCommand('setContext', `twelveFactor.clean.${f.slug}`, value);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.sub.dispose();
  }
}
