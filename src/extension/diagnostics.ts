/**
 * Findings -> vscode.Diagnostic, for open documents (on open and as the user types, debounced per
 * document) and for the whole workspace on demand.
 */
import * as vscode from 'vscode';
import { defaultConfig } from '../core/config';
import { ruleDocsUrl } from '../core/docs';
import { lint, skipReasonForPath, skipReasonForText } from '../core/engine';
import { Finding, Severity } from '../core/types';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column);
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = 'twelve-factor';
  d.code = { value: f.ruleId, target: vscode.Uri.parse(ruleDocsUrl(f.ruleId)) };
  return d;
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('twelve-factor');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  start(): void {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(d => this.lintNow(d)),
      vscode.workspace.onDidChangeTextDocument(e => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument(d => this.forget(d)),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('twelveFactor')) this.relintOpen(); }),
    );
    this.relintOpen();
  }

  private enabled(uri: vscode.Uri): boolean {
    return vscode.workspace.getConfiguration('twelveFactor', uri).get<boolean>('enable', true);
  }

  private relintOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.lintNow(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const delay = vscode.workspace.getConfiguration('twelveFactor', doc.uri).get<number>('debounceMs', 300);
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.lintNow(doc); }, delay));
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!vscode.workspace.getWorkspaceFolder(doc.uri)) this.collection.delete(doc.uri);
  }

  lintNow(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return;
    if (!this.enabled(doc.uri)) { this.collection.delete(doc.uri); return; }
    this.publish(doc.uri, doc.getText(), doc.languageId);
  }

  private publish(uri: vscode.Uri, text: string, languageId?: string): void {
    const path = vscode.workspace.asRelativePath(uri, false);
    try {
      const findings = lint({ path, text, languageId }, { config: defaultConfig() });
      this.collection.set(uri, findings.map(toDiagnostic));
    } catch (e) {
      this.log.error(`linting ${path} failed: ${(e as Error).stack ?? e}`);
    }
  }

  /** Lint every file in the workspace, open or not, with a cancellable progress notification. */
  async scanWorkspace(): Promise<number> {
    const config = defaultConfig();
    const exclude = `{${config.ignore.join(',')}}`;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Twelve-Factor: scanning workspace', cancellable: true }, async (progress, token) => {
      const uris = await vscode.workspace.findFiles('**/*', exclude, undefined, token);
      let done = 0;
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        const rel = vscode.workspace.asRelativePath(uri, false);
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (skipReasonForPath(rel, stat.size, config)) continue;
          const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
          const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          if (skipReasonForText(text)) continue;
          this.publish(uri, text, open?.languageId);
        } catch (e) {
          this.log.warn(`cannot scan ${rel}: ${(e as Error).message}`);
        }
        if (++done % 50 === 0) progress.report({ message: `${done} of ${uris.length} files` });
      }
      this.log.info(`scanned ${done} files`);
      return done;
    });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
