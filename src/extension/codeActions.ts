/**
 * Quick fixes and "fix all" for twelve-factor diagnostics. The fixes themselves are computed by
 * the pure core (src/core/fixes); this provider turns them into one WorkspaceEdit each (the file,
 * plus `.env.example` / `.env` where the fix touches them), so a single undo reverts everything.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { decodeText } from '../core/decode';
import { applyFileChange, fixAll, fixesFor } from '../core/fixes';
import { SourceFile } from '../core/source';
import { FileChange, Finding, TextEdit } from '../core/types';
import { DiagnosticsController } from './diagnostics';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('twelveFactor');

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

export class CodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const findings = this.diagnostics.findingsFor(doc.uri);
    if (!findings.length) return [];
    const only = context.only;
    const fixAllAsked = only !== undefined && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only));
    if (!fixAllAsked) {
      if (only && !only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(only)) return [];
      // the lightbulb asks at every cursor move, mostly where none of ours are: the text is not needed
      if (!context.diagnostics.some(d => d.source === 'twelve-factor')) return [];
    }
    const file = new SourceFile(vscode.workspace.asRelativePath(doc.uri, false), doc.getText(), doc.languageId);
    const project = this.diagnostics.index.projectFor(doc.uri);

    if (fixAllAsked) {
      const all = fixAll(file, findings, project);
      if (!all.edits.length && !all.files.length) return [];
      const action = new vscode.CodeAction(`Fix all twelve-factor problems (${all.applied.length})`, FIX_ALL_KIND);
      action.edit = await this.toWorkspaceEdit(doc, all.edits, all.files);
      return [action];
    }

    const actions: vscode.CodeAction[] = [];
    const seenRules = new Set<string>();
    for (const diag of context.diagnostics) {
      if (diag.source !== 'twelve-factor') continue;
      const ruleId = codeOf(diag);
      const finding = findings.find(f => f.ruleId === ruleId && sameRange(f, diag.range));
      if (!finding || !ruleId) continue;
      for (const fix of fixesFor(file, finding, project)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diag];
        action.isPreferred = fix.safe;
        action.edit = await this.toWorkspaceEdit(doc, fix.edits, fix.files ?? []);
        actions.push(action);
      }
      if (seenRules.has(ruleId) || !finding.factor) continue;
      seenRules.add(ruleId);
      const off = new vscode.CodeAction(`Turn off ${ruleId} in workspace settings`, vscode.CodeActionKind.QuickFix);
      off.diagnostics = [diag];
      off.command = { command: 'twelveFactor.disableRule', title: off.title, arguments: [ruleId] };
      const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.diagnostics = [diag];
      docs.command = { command: 'twelveFactor.showRuleDocs', title: docs.title, arguments: [ruleId] };
      actions.push(off, docs);
    }
    if (actions.some(a => a.isPreferred) && findings.length > 1) {
      const all = fixAll(file, findings, project);
      if (all.applied.length > 1) {
        const action = new vscode.CodeAction(`Fix all safe twelve-factor problems in this file (${all.applied.length})`, vscode.CodeActionKind.QuickFix);
        action.edit = await this.toWorkspaceEdit(doc, all.edits, all.files);
        actions.push(action);
      }
    }
    return actions;
  }

  /** The document's edits and the other files' changes as one WorkspaceEdit. */
  private async toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[], files: readonly FileChange[]): Promise<vscode.WorkspaceEdit> {
    const we = new vscode.WorkspaceEdit();
    for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    for (const change of files) {
      if (!folder) continue;
      const uri = vscode.Uri.joinPath(folder.uri, change.path);
      const existing = await readIfExists(uri);
      const next = applyFileChange(existing, change);
      if (existing === undefined) {
        we.createFile(uri, { ignoreIfExists: true });
        we.insert(uri, new vscode.Position(0, 0), next);
      } else if (next !== existing) {
        // the change only appends: insert the new tail, leaving every existing byte alone
        if (next.startsWith(existing)) we.insert(uri, endOf(existing), next.slice(existing.length));
        else we.replace(uri, new vscode.Range(new vscode.Position(0, 0), endOf(existing)), next);
      }
    }
    return we;
  }
}

function sameRange(f: Finding, r: vscode.Range): boolean {
  return f.range.start.line === r.start.line && f.range.start.column === r.start.character
    && f.range.end.line === r.end.line && f.range.end.column === r.end.character;
}

function endOf(text: string): vscode.Position {
  const lines = text.split('\n');
  return new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
}

/** The current text of a file: the editor's if it is open (unsaved edits included), else the disk's. */
async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return decodeText(uri.scheme === 'file' ? await fs.promises.readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
