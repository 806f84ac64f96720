/**
 * What project-level rules may know about a workspace folder without doing I/O in the hot path:
 * the paths the last scan found, and the text of the small files rules read (manifests, .env*,
 * .gitignore, Dockerfiles, .twelve-factor.yml), kept current by the file watcher.
 */
import * as vscode from 'vscode';
import { factsOf } from '../core/facts';
import { Project } from '../core/project';

/** Files whose content project-level rules read; kept in memory (they are small). */
const PROJECT_INPUT = /(?:^|\/)(?:\.env[^/]*|\.gitignore|\.dockerignore|\.twelve-factor\.yml|package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|go\.mod|Gemfile|composer\.json|Cargo\.toml|pom\.xml|build\.gradle(?:\.kts)?|[^/]*\.csproj|Dockerfile[^/]*|Containerfile|Procfile|Aptfile|(?:docker-)?compose[^/]*\.ya?ml)$/i;
const MAX_INPUT_BYTES = 256 * 1024;

export function isProjectInput(relPath: string): boolean {
  return PROJECT_INPUT.test(relPath);
}

/**
 * What a change to a file (or a deleted folder) changed for the rest of its folder: the paths that
 * appeared or went and the project inputs whose text changed, and whether the project's facts did.
 * The files whose checks read those are checked again (dependents.ts). Undefined: nothing.
 */
export type ProjectChange = { paths: string[]; facts: boolean } | undefined;

function change(paths: string[], facts: boolean): ProjectChange {
  return paths.length || facts ? { paths, facts } : undefined;
}

class FolderProject implements Project {
  paths = new Set<string>();
  readonly texts = new Map<string, string>();
  /** Facts per file; their union is the project's facts once a full scan has seen every file. */
  readonly fileFacts = new Map<string, string[]>();
  complete = false;
  /** Counts the changes to the facts the rules see (a file's facts, or the facts becoming known). */
  factsVersion = 0;
  private union?: Set<string>;

  read(path: string): string | undefined {
    return this.texts.get(path);
  }

  get facts(): ReadonlySet<string> | undefined {
    if (!this.complete) return undefined;
    if (!this.union) {
      this.union = new Set();
      for (const fs of this.fileFacts.values()) for (const f of fs) this.union.add(f);
    }
    return this.union;
  }

  /** Returns true when the file's facts changed. */
  setFacts(path: string, facts: string[] | undefined): boolean {
    const before = this.fileFacts.get(path) ?? [];
    const after = facts ?? [];
    if (before.length === after.length && before.every((f, i) => f === after[i])) return false;
    if (after.length) this.fileFacts.set(path, after); else this.fileFacts.delete(path);
    this.union = undefined;
    this.factsVersion++;
    return true;
  }
}

export class WorkspaceIndex {
  private readonly folders = new Map<string, FolderProject>();

  /**
   * The project of the folder holding `uri` (an empty one outside any folder). Here and below,
   * `folder` is that folder when the caller knows it (a scan goes through one folder's files):
   * looking it up costs a search of the workspace's folders per file.
   */
  projectFor(uri: vscode.Uri, folder?: vscode.WorkspaceFolder): Project {
    return this.folder(uri, folder) ?? new FolderProject();
  }

  private folder(uri: vscode.Uri, known?: vscode.WorkspaceFolder): FolderProject | undefined {
    const f = known ?? vscode.workspace.getWorkspaceFolder(uri);
    if (!f) return undefined;
    let p = this.folders.get(f.uri.toString());
    if (!p) this.folders.set(f.uri.toString(), p = new FolderProject());
    return p;
  }

  /** Replace a folder's path list at the start of a scan. */
  setPaths(folder: vscode.WorkspaceFolder, paths: Iterable<string>): void {
    let p = this.folders.get(folder.uri.toString());
    if (!p) this.folders.set(folder.uri.toString(), p = new FolderProject());
    p.paths = new Set(paths);
    for (const path of [...p.fileFacts.keys()]) if (!p.paths.has(path)) p.setFacts(path, undefined);
  }

  /** A scan has seen every file of the folder: its facts are now known. */
  markComplete(folder: vscode.WorkspaceFolder): void {
    const p = this.folders.get(folder.uri.toString());
    if (p && !p.complete) { p.complete = true; p.factsVersion++; }
  }

  /** Changes whenever the facts the folder's rules see change (see FolderProject.factsVersion). */
  factsVersion(folder: vscode.WorkspaceFolder): number {
    return this.folders.get(folder.uri.toString())?.factsVersion ?? 0;
  }

  /**
   * Record a file's presence, its facts and, for project inputs, its text. Says what changed for
   * the other files of the folder.
   */
  update(uri: vscode.Uri, relPath: string, text: string | undefined, folder?: vscode.WorkspaceFolder): ProjectChange {
    const p = this.folder(uri, folder);
    if (!p) return undefined;
    const isNew = !p.paths.has(relPath);
    const facts = this.recordFacts(uri, relPath, text === undefined ? [] : factsOf(relPath, text), folder);
    // a new path: the checks that looked for it, or went through all paths, may find otherwise now
    if (!isProjectInput(relPath)) return change(isNew ? [relPath] : [], facts);
    const keep = text !== undefined && text.length <= MAX_INPUT_BYTES ? text : undefined;
    if (!isNew && p.texts.get(relPath) === keep) return change([], facts);
    if (keep === undefined) p.texts.delete(relPath); else p.texts.set(relPath, keep);
    return change([relPath], facts);
  }

  /**
   * Record a file that is not a project input, with its facts already worked out (by a scan
   * worker). Returns true when the project's facts changed.
   */
  recordFacts(uri: vscode.Uri, relPath: string, facts: string[], folder?: vscode.WorkspaceFolder): boolean {
    const p = this.folder(uri, folder);
    if (!p) return false;
    p.paths.add(relPath);
    return p.setFacts(relPath, facts) && p.complete;
  }

  /** The facts last recorded for `relPath` (undefined: none). */
  factsOfFile(folder: vscode.WorkspaceFolder, relPath: string): string[] | undefined {
    return this.folders.get(folder.uri.toString())?.fileFacts.get(relPath);
  }

  /** Whether the folder's last scan, or a change since, has seen `relPath` (relative to `folder`). */
  has(folder: vscode.WorkspaceFolder, relPath: string): boolean {
    return this.folders.get(folder.uri.toString())?.paths.has(relPath) ?? false;
  }

  /** A file deleted, or a folder with everything under it. */
  remove(uri: vscode.Uri, relPath: string): ProjectChange {
    const p = this.folder(uri);
    if (!p) return undefined;
    const under = `${relPath}/`;
    // a path the folder has is a file; any other may be a folder of them
    const gone = p.paths.has(relPath) ? [relPath] : [relPath, ...[...p.paths].filter(x => x.startsWith(under))];
    let facts = false;
    for (const x of gone) {
      p.paths.delete(x);
      p.texts.delete(x);
      if (p.setFacts(x, undefined)) facts = true;
    }
    return change(gone, facts && p.complete);
  }
}
