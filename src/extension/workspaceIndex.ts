/**
 * What project-level rules may know about a workspace folder without doing I/O in the hot path:
 * the paths the last scan found, and the text of the small files rules read (manifests, .env*,
 * .gitignore, Dockerfiles, .twelve-factor.yml), kept current by the file watcher.
 */
import * as vscode from 'vscode';
import { Project } from '../core/project';

/** Files whose content project-level rules read; kept in memory (they are small). */
const PROJECT_INPUT = /(?:^|\/)(?:\.env[^/]*|\.gitignore|\.dockerignore|\.twelve-factor\.yml|package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|go\.mod|Gemfile|composer\.json|Cargo\.toml|pom\.xml|build\.gradle(?:\.kts)?|[^/]*\.csproj|Dockerfile[^/]*|Containerfile|Procfile|(?:docker-)?compose[^/]*\.ya?ml)$/i;
const MAX_INPUT_BYTES = 256 * 1024;

export function isProjectInput(relPath: string): boolean {
  return PROJECT_INPUT.test(relPath);
}

class FolderProject implements Project {
  paths = new Set<string>();
  readonly texts = new Map<string, string>();
  read(path: string): string | undefined {
    return this.texts.get(path);
  }
}

export class WorkspaceIndex {
  private readonly folders = new Map<string, FolderProject>();

  /** The project of the folder holding `uri` (an empty one outside any folder). */
  projectFor(uri: vscode.Uri): Project {
    return this.folder(uri) ?? new FolderProject();
  }

  private folder(uri: vscode.Uri): FolderProject | undefined {
    const f = vscode.workspace.getWorkspaceFolder(uri);
    if (!f) return undefined;
    let p = this.folders.get(f.uri.toString());
    if (!p) this.folders.set(f.uri.toString(), p = new FolderProject());
    return p;
  }

  /** Replace a folder's path list after a scan. */
  setPaths(folder: vscode.WorkspaceFolder, paths: Iterable<string>): void {
    let p = this.folders.get(folder.uri.toString());
    if (!p) this.folders.set(folder.uri.toString(), p = new FolderProject());
    p.paths = new Set(paths);
  }

  /**
   * Record a file's presence and, for project inputs, its text. Returns true when a project input
   * changed (new, or different text), which is when project-level findings elsewhere may change.
   */
  update(uri: vscode.Uri, relPath: string, text: string | undefined): boolean {
    const p = this.folder(uri);
    if (!p) return false;
    const isNew = !p.paths.has(relPath);
    p.paths.add(relPath);
    if (!isProjectInput(relPath)) return false;
    const keep = text !== undefined && text.length <= MAX_INPUT_BYTES ? text : undefined;
    if (!isNew && p.texts.get(relPath) === keep) return false;
    if (keep === undefined) p.texts.delete(relPath); else p.texts.set(relPath, keep);
    return true;
  }

  remove(uri: vscode.Uri, relPath: string): boolean {
    const p = this.folder(uri);
    if (!p) return false;
    p.paths.delete(relPath);
    p.texts.delete(relPath);
    return isProjectInput(relPath);
  }
}
