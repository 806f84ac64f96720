/**
 * "Add Dockerfile", "Generate .env.example", "Add Procfile", "Add compose file" and the "Scaffold…"
 * picker. The core detects the stack and writes the text; this module picks the folder and app,
 * shows the proposed file beside an existing one and asks before touching it, and applies
 * everything in one WorkspaceEdit so one undo reverts it. Cancel leaves every file as it was.
 */
import * as vscode from 'vscode';
import { EngineConfig } from '../../core/config';
import { globMatcher } from '../../core/engine';
import { projectFromMap, Project } from '../../core/project';
import { DetectedApp, ScaffoldKind, ScaffoldPlan, appLabel, detectStacks, planScaffold } from '../../core/scaffold';
import { ConfigStore } from '../settings';

/** Options a caller (a test, another command) passes to run without dialogs. */
export interface ScaffoldOptions {
  /** Workspace folder (URI string or file system path); asked when several and not given. */
  folder?: string;
  /** App folder relative to the workspace folder ('' for the root); asked when several and not given. */
  app?: string;
  /** What to do when a file exists: ask (default), overwrite, merge (.env.example, .dockerignore), skip, cancel. */
  ifExists?: 'ask' | 'overwrite' | 'merge' | 'skip' | 'cancel';
  /** Open the written files (default true). */
  open?: boolean;
}

export interface ScaffoldResult {
  written: string[];
  skipped: string[];
  cancelled: boolean;
  notes: string[];
}

export const PROPOSED_SCHEME = 'twelve-factor-proposed';
const MAX_FILES = 5000;
const MAX_BYTES = 256 * 1024;

/** Serves the proposed content for the diff view. */
export class ProposedContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  set(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: '/' + path, query: String(Date.now()) });
    this.texts.set(uri.toString(), text);
    return uri;
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

export class ScaffoldCommands {
  constructor(private readonly configs: ConfigStore, private readonly proposed: ProposedContent, private readonly log: vscode.LogOutputChannel) {}

  /** Run the scaffolding for `kinds`; returns what happened (tests read it). */
  async run(kinds: ScaffoldKind[], options: ScaffoldOptions = {}): Promise<ScaffoldResult> {
    const result: ScaffoldResult = { written: [], skipped: [], cancelled: false, notes: [] };
    const folder = await this.pickFolder(options.folder);
    if (!folder) return { ...result, cancelled: true };
    const project = await this.readProject(folder);
    const app = await this.pickApp(detectStacks(project), options.app);
    if (!app) return { ...result, cancelled: true };
    if (!app.detected) {
      const why = app.why.join(' ');
      result.notes.push(`No supported stack found (${why}); a generic template was used.`);
    }

    const writes: { uri: vscode.Uri; path: string; content: string }[] = [];
    for (const kind of kinds) {
      let plan = planScaffold(kind, project, app, { merge: true });
      result.notes.push(...plan.notes);
      const uri = vscode.Uri.joinPath(folder.uri, plan.path);
      const existing = plan.existing;
      let content = plan.content;
      if (existing !== undefined) {
        if (plan.content === existing) { result.skipped.push(plan.path); continue; }
        const choice = await this.decide(plan, options.ifExists ?? 'ask', uri);
        if (choice === 'cancel') return { ...result, written: [], cancelled: true };
        if (choice === 'skip') { result.skipped.push(plan.path); continue; }
        if (choice === 'overwrite' && kind === 'env-example') plan = planScaffold(kind, project, app, { merge: false });
        content = choice === 'merge' && kind === 'dockerignore' ? mergeLines(existing, plan.content) : plan.content;
      }
      writes.push({ uri, path: plan.path, content });
    }
    for (const w of writes) {
      await this.write(w.uri, w.path, w.content, result.written);
      result.written.push(w.path);
    }
    if (options.open !== false) for (const w of writes) await vscode.window.showTextDocument(w.uri, { preview: false });
    for (const n of result.notes) this.log.info(`scaffold: ${n}`);
    if (result.written.length && options.ifExists === undefined) {
      const extra = result.notes.length ? ` ${result.notes[0]}` : '';
      void vscode.window.showInformationMessage(`Twelve-Factor: wrote ${result.written.join(', ')} for ${appLabel(app)}.${extra}`);
    }
    return result;
  }

  /**
   * Puts `content` in the file at `uri`. A file open with unsaved changes (the basis of the plan, see
   * readProject) is edited where the user sees it and saved; any other file is written on disk,
   * which VS Code reloads into an editor that shows it. (An edit and a save in an editor whose file
   * changed on disk since it read it fail as a conflict, and left the file unsaved: the scaffold said
   * it wrote what it had not.) `done`: the files already written, for the error message.
   */
  private async write(uri: vscode.Uri, path: string, content: string, done: readonly string[]): Promise<void> {
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    try {
      if (doc?.isDirty) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end), content);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the change');
        if (!(await doc.save())) throw new Error('it could not be saved (changed on disk meanwhile?); the change is in the editor, unsaved');
      } else {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      }
    } catch (e) {
      throw new Error(`could not write ${path}: ${(e as Error).message}${done.length ? ` (written before it: ${done.join(', ')})` : ''}`);
    }
  }

  private async decide(plan: ScaffoldPlan, ifExists: NonNullable<ScaffoldOptions['ifExists']>, uri: vscode.Uri): Promise<'overwrite' | 'merge' | 'skip' | 'cancel'> {
    const canMerge = plan.kind === 'env-example' || plan.kind === 'dockerignore';
    if (ifExists !== 'ask') return ifExists === 'merge' && !canMerge ? 'skip' : ifExists;
    const proposed = this.proposed.set(plan.path, plan.content);
    await vscode.commands.executeCommand('vscode.diff', uri, proposed, `${plan.path}: current ↔ proposed`, { preview: true });
    const buttons = canMerge ? ['Merge', 'Overwrite'] : ['Overwrite'];
    const detail = plan.kind === 'env-example'
      ? `Merge adds ${plan.added?.length ?? 0} missing key(s) and keeps your lines; Overwrite regenerates the file.`
      : plan.kind === 'dockerignore' ? 'Merge adds the missing patterns and keeps yours; Overwrite replaces the file.' : 'Overwrite replaces the file with the proposal shown in the diff.';
    const pick = await vscode.window.showWarningMessage(`${plan.path} already exists.`, { modal: true, detail }, ...buttons);
    return pick === 'Merge' ? 'merge' : pick === 'Overwrite' ? 'overwrite' : 'cancel';
  }

  private async pickFolder(folder?: string): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folder) return folders.find(f => f.uri.toString() === folder || f.uri.fsPath === folder);
    if (folders.length <= 1) {
      if (!folders.length) void vscode.window.showWarningMessage('Twelve-Factor: open a folder to scaffold files into.');
      return folders[0];
    }
    return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder?' });
  }

  private async pickApp(apps: DetectedApp[], dir?: string): Promise<DetectedApp | undefined> {
    if (dir !== undefined) return apps.find(a => a.dir === dir);
    if (apps.length <= 1) return apps[0];
    const pick = await vscode.window.showQuickPick(apps.map(a => ({ label: appLabel(a), description: a.why[0], app: a })), { placeHolder: 'Which app?' });
    return pick?.app;
  }

  /** The folder's text files (bounded), as the core's Project. */
  private async readProject(folder: vscode.WorkspaceFolder): Promise<Project> {
    const config: EngineConfig = await this.configs.forUri(folder.uri);
    const ignored = globMatcher(config.ignore.filter(g => !/lock|\.sum$/.test(g)));
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, MAX_FILES);
    const texts = new Map<string, string>();
    await Promise.all(uris.map(async u => {
      const rel = vscode.workspace.asRelativePath(u, false);
      if (ignored(rel)) return;
      try {
        const bytes = await vscode.workspace.fs.readFile(u);
        if (bytes.length <= MAX_BYTES && !bytes.includes(0)) texts.set(rel, new TextDecoder().decode(bytes));
      } catch { /* unreadable: not part of the picture */ }
    }));
    // a file open with unsaved changes counts as the user sees it: the plan merges into that text
    for (const d of vscode.workspace.textDocuments) {
      if (!d.isDirty || vscode.workspace.getWorkspaceFolder(d.uri)?.uri.toString() !== folder.uri.toString()) continue;
      const rel = vscode.workspace.asRelativePath(d.uri, false);
      if (!ignored(rel)) texts.set(rel, d.getText());
    }
    return projectFromMap(texts);
  }
}

/** The existing lines, then the proposal's lines that are missing (comments and blanks of the proposal skipped). */
export function mergeLines(existing: string, proposal: string): string {
  const have = new Set(existing.split(/\r?\n/).map(l => l.trim()));
  const missing = proposal.split('\n').filter(l => l.trim() && !l.startsWith('#') && !have.has(l.trim()));
  if (!missing.length) return existing;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const sep = existing === '' || existing.endsWith('\n') ? '' : eol;
  return existing + sep + missing.join(eol) + eol;
}
