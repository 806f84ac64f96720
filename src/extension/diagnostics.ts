/**
 * Findings -> vscode.Diagnostic. Open documents are linted on open and as the user types (debounced
 * per document; a problem the edit touched disappears at once); the whole workspace is scanned on
 * startup or on demand, its local files in worker threads (scanPool.ts) and the rest in time slices,
 * so the extension host never stalls; a file watcher keeps closed files current, and a change to the
 * project (an input such as .env.example, the facts) checks again the files whose checks read what
 * changed (dependents.ts). Each complete scan's results are saved for the next session, whose scan
 * at startup takes them for the files that did not change (scanCache.ts). The engine decides
 * everything; this class only converts and schedules.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import ignore, { Ignore } from 'ignore';
import { decodeText } from '../core/decode';
import { diskVersion } from '../core/readSource';
import { EngineConfig } from '../core/config';
import { ruleDocsUrl } from '../core/docs';
import { globMatcher, lint, prepareSharedScanStep, skipReasonForPath, skipReasonForText } from '../core/engine';
import { LOCKFILES } from '../core/scorecard';
import { Project } from '../core/project';
import { Finding, Severity, sameProblems } from '../core/types';
import { ConfigStore } from './settings';
import { inBackground } from './guard';
import { LocalFile, ScanPool } from './scanPool';
import { Dependencies, Dependents, ProjectWatch } from './dependents';
import { FileResult, ScanFolder, checkLocalFile, projectOf } from './localCheck';
import { ProjectChange, WorkspaceIndex, isProjectInput } from './workspaceIndex';
import { FolderReuse, Pause, SavedFile, SavedFolder, ScanCacheFile, atOnce, engineBuildOf, folderKey as resultsKey, inSteps, savedFolder } from './scanCache';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The longest the scan keeps the extension host busy before yielding to other work. */
const SLICE_MS = 10;
/** How often the scan's progress notification is updated. */
const PROGRESS_MS = 200;

// Local files through fs's callback functions: a scan reads thousands, and the promise API's
// FileHandle objects cost the host about twice the CPU time for the same reads.
function statLocal(path: string): Promise<{ type: vscode.FileType; size: number; version: string }> {
  return new Promise((resolve, reject) => fs.stat(path, (e, s) => e ? reject(e) : resolve({
    type: s.isFile() ? vscode.FileType.File : s.isDirectory() ? vscode.FileType.Directory : vscode.FileType.Unknown, size: s.size, version: diskVersion(s),
  })));
}
function readLocal(path: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => fs.readFile(path, (e, b) => e ? reject(e) : resolve(b)));
}
const READ_CONCURRENCY = 16;
/** Files stat'ed at a time when the saved results are checked (a stat is cheaper than a read). */
const STAT_BATCH = 256;
/**
 * Worker threads for a scan: one per core but one (left to the extension host and VS Code itself),
 * at least one, at most four. Below WORKER_MIN_FILES local files, starting them costs more than it saves.
 */
const WORKERS = Math.max(1, Math.min(4, (os.availableParallelism?.() ?? os.cpus().length) - 1));
const WORKER_MIN_FILES = 100;
/**
 * How long a scan's workers are kept after it: a workspace scan runs again whenever a project
 * input (a manifest, .env.example...) changes, and a worker that has checked files before has its
 * engine compiled; a new one spends its first second compiling it again (about as much CPU as it
 * spends checking, on two cores).
 */
const POOL_IDLE_MS = 3 * 60_000;
/** The workspace memento's key for the folders' local file counts (see DiagnosticsController.localFiles). */
const LOCAL_FILES_KEY = 'twelveFactor.localFiles';
const WORKER_SCRIPT = path.join(__dirname, 'scanWorker.js');
/**
 * With a single worker (a machine of one or two cores) the host's own thread checks files too:
 * on two cores that took the 10,000-file bench scan from 7.7-9.9 s to 5.7-7.6 s. With more
 * workers it leaves the checking to them and keeps its time for the editor.
 */
const HERE_TOO = WORKERS < 2;
/**
 * The largest file the host's own thread checks while the workers run: such a file takes 1-2 ms,
 * so a time slice rarely runs long. Larger files go to the workers.
 */
const HERE_MAX_BYTES = 48 * 1024;
/**
 * Once through the small files, the host's thread takes back files it passed over that no worker
 * has taken yet, up to this size (4-10 ms each): without it the workers finished 0.2-0.35 s after it,
 * alone on a queue of large files.
 */
const HERE_TAIL_MAX_BYTES = 256 * 1024;

/**
 * A change to the project that concerns more files than this (a new `.env.example` at the top, which
 * every file looked for) scans the workspace again instead: the scan's workers check them faster
 * than this thread checks them one by one.
 */
const RECHECK_MAX = 300;

/** Each rule's documentation link, parsed once (a Uri is immutable, so every diagnostic of the rule shares it). */
const docsUris = new Map<string, vscode.Uri>();

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column);
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = 'twelve-factor';
  let target = docsUris.get(f.ruleId);
  if (!target) docsUris.set(f.ruleId, target = vscode.Uri.parse(ruleDocsUrl(f.ruleId)));
  d.code = { value: f.ruleId, target };
  return d;
}

export interface ScanResult {
  files: number;
  findings: number;
  skipped: number;
  ms: number;
  cancelled: boolean;
  /** Worker threads that checked files (0: all were checked on the extension host's thread). */
  workers: number;
  /** Of `ms`, the time VS Code took to list the files (workspace.findFiles). */
  listingMs: number;
  /** Of `files`, those whose saved results from the last session still held (scanCache.ts): not read or checked again. */
  reused: number;
}

/** A file's text as read, with its diskVersion when it is a local file. */
interface FileText {
  text: string;
  version?: string;
}

/**
 * A local file's last check from disk: the file as read (diskVersion), and what the check found and
 * read of the project. These are the results saved for the next session (scanCache.ts).
 */
interface DiskCheck {
  rel: string;
  version: string;
  findings: Finding[];
  facts?: string[];
  deps?: Dependencies;
}

/** A file that takes longer than this to check is named in the log. */
const SLOW_FILE_MS = 50;

const LOCKFILE_NAMES: ReadonlySet<string> = new Set(LOCKFILES);
const isLockfile = (rel: string) => LOCKFILE_NAMES.has(rel.slice(rel.lastIndexOf('/') + 1));

const yieldToHost = () => new Promise<void>(r => setImmediate(r));

/** A Pause (scanCache.ts) that lets other work run once SLICE_MS have passed since the last time it did. */
function slices(): Pause {
  let start = Date.now();
  return () => Date.now() - start <= SLICE_MS ? undefined : yieldToHost().then(() => { start = Date.now(); });
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('twelve-factor');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The findings behind each published diagnostic list, for quick fixes and the status bar. */
  private readonly findings = new Map<string, Finding[]>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly toldSkipped = new Set<string>();
  private scanning?: Promise<ScanResult>;
  /** Files (and folders) deleted while a scan runs, so that it does not publish what it read before. */
  private readonly deletedWhileScanning = new Set<string>();
  private rescanTimer?: NodeJS.Timeout;
  private recheckTimer?: NodeJS.Timeout;
  /** What each file's last check read of its project: a change to the project checks again those it concerns. */
  private readonly dependents = new Dependents();
  /** Files (URI strings) waiting to be checked again after a change to their project. */
  private readonly toRecheck = new Set<string>();
  /** Workspace scans run so far (each one checks every file of the workspace). */
  scansRun = 0;
  /** The last scan's figures (the bench reads the scan at startup's). */
  lastScan?: ScanResult;
  /** The last re-check after a change to a project: how many files, how long, and when it ended (performance.now()). */
  lastRecheck?: { files: number; ms: number; at: number };
  /** The last scan's workers, kept for the next scan until POOL_IDLE_MS pass. */
  private idlePool?: { pool: ScanPool; timer: NodeJS.Timeout };
  /**
   * The open documents' URIs: kept from the open and close events, as a set, because the scan asks
   * for every file (`workspace.textDocuments` makes a new array at each read).
   */
  private readonly openDocs = new Set<string>();
  /** Set once a workspace scan has run: closed files then keep their findings. */
  scanned = false;
  /** Per folder (URI string): each local file's last check from disk, by URI string (see saveResults). */
  private readonly disk = new Map<string, Map<string, DiskCheck>>();
  /** Changes with every change to a project or the settings: a save that saw one on its way is not written. */
  private projectGeneration = 0;
  /** Per folder: the key of its results (scanCache.ts's folderKey) at its last scan. */
  private readonly resultKeys = new Map<string, string>();
  private engineBuild?: string;
  /** The last save of the results for the next session (tests wait for it). */
  resultsSaved?: Promise<void>;
  private saveWaiting = false;
  /** Results checked or dropped since the last save began (the one when the extension stops is skipped otherwise). */
  private resultsChanged = false;
  readonly onDidChangeFindings = this.changed.event;

  /**
   * @param state the workspace's memento: how many local files each folder had at its last listing,
   *   kept across sessions so the scan at startup can start its workers early too (see doScan)
   * @param savedResults where the scans' results are saved for the next session's scan at startup
   */
  constructor(private readonly log: vscode.LogOutputChannel, readonly configs: ConfigStore, readonly index: WorkspaceIndex, private readonly state?: vscode.Memento,
    private readonly savedResults?: ScanCacheFile) {
    this.disposables.push(this.changed,
      vscode.workspace.onDidOpenTextDocument(d => this.openDocs.add(d.uri.toString())),
      vscode.workspace.onDidCloseTextDocument(d => this.openDocs.delete(d.uri.toString())));
    for (const d of vscode.workspace.textDocuments) this.openDocs.add(d.uri.toString());
  }

  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      vscode.workspace.onDidOpenTextDocument(d => inBackground(this.log, 'checking an opened document', () => this.lintDocument(d))),
      vscode.workspace.onDidChangeTextDocument(e => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument(d => inBackground(this.log, 'updating a closed document', () => this.onClose(d))),
      vscode.workspace.onDidRenameFiles(e => { for (const f of e.files) { this.forget(f.oldUri); inBackground(this.log, 'checking a renamed file', () => this.lintUri(f.newUri)); } }),
      // deleted in the editor (explorer, refactorings): followed at once, not when the watcher reports it
      vscode.workspace.onDidDeleteFiles(e => { for (const f of e.files) this.onDiskDelete(f); }),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('twelveFactor')) this.configurationChanged(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.configurationChanged()),
      watcher.onDidCreate(u => inBackground(this.log, 'checking a created file', () => this.onDiskChange(u))),
      watcher.onDidChange(u => inBackground(this.log, 'checking a changed file', () => this.onDiskChange(u))),
      watcher.onDidDelete(u => this.onDiskDelete(u)),
    );
    for (const d of vscode.workspace.textDocuments) inBackground(this.log, 'checking an open document', () => this.lintDocument(d));
  }

  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  allFindings(): IterableIterator<[string, Finding[]]> {
    return this.findings.entries();
  }

  private relPath(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  /**
   * The last re-check after an edit: the document, and the time from its debounce timer firing to
   * its diagnostics handed to VS Code (what `npm run bench:host` holds to the keystroke budget).
   */
  lastEditCheck?: { uri: string; ms: number };

  /** `since`: when the debounce timer of the edit that led here fired. */
  private publish(uri: vscode.Uri, findings: Finding[], since?: number): void {
    const key = uri.toString();
    // most keystrokes leave the problems as they were (a finding moves only when the edit is on its
    // line or above it): the same diagnostics are not sent to the window and the Problems view again
    const same = sameProblems(this.findings.get(key) ?? [], findings);
    // (the findings are kept even so: their fixes are offsets into this text)
    if (findings.length) this.findings.set(key, findings); else this.findings.delete(key);
    if (!same) this.collection.set(uri, findings.map(toDiagnostic));
    if (since !== undefined) this.lastEditCheck = { uri: key, ms: performance.now() - since };
    if (!same) this.changed.fire();
  }

  private forget(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.dependents.delete(uri.toString());
    this.collection.delete(uri);
    this.changed.fire();
  }

  /**
   * `uri`'s path in its folder is `path`, its folder `folder` (undefined: outside any) and that
   * folder's project `project`. What the check reads of the project is noted (dependents.ts).
   */
  private lintText(uri: vscode.Uri, path: string, text: string, config: EngineConfig, folder: vscode.WorkspaceFolder | undefined, project: Project, languageId?: string): Finding[] {
    try {
      const started = performance.now();
      const watch = new ProjectWatch(project);
      const findings = lint({ path, text, languageId }, { config, project: watch });
      if (folder) this.dependents.set(uri.toString(), folder.uri.toString(), watch.dependencies());
      const ms = performance.now() - started;
      // the host is blocked while one file is checked: say which files make it wait
      if (ms > SLOW_FILE_MS) this.log.info(`checking ${path} (${Math.round(text.length / 1024)} KB) took ${Math.round(ms)} ms`);
      return findings;
    } catch (e) {
      this.log.error(`checking ${path} failed: ${(e as Error).stack ?? e}`);
      return [];
    }
  }

  private skippedOnce(path: string, reason: string): void {
    if (this.toldSkipped.has(path)) return;
    this.toldSkipped.add(path);
    this.log.info(`not checked: ${path} (${reason})`);
  }

  private checkable(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' || uri.scheme === 'untitled' || uri.scheme === 'vscode-remote' || uri.scheme === 'vscode-vfs';
  }

  /** `since`: when the debounce timer of the edit that asked for this check fired. */
  async lintDocument(doc: vscode.TextDocument, since?: number): Promise<void> {
    if (!this.checkable(doc.uri)) return;
    if (!this.configs.editorFor(doc.uri).enable) { this.forget(doc.uri); return; }
    const config = await this.configs.forUri(doc.uri);
    const rel = this.relPath(doc.uri);
    const text = doc.getText();
    const reason = skipReasonForPath(rel, text.length, config) ?? skipReasonForText(text);
    if (reason) { this.forget(doc.uri); if (reason !== 'ignored') this.skippedOnce(rel, reason); return; }
    // a project input's text is read by the rules linting it; any other file's facts only matter
    // to other files, so working them out waits until this file's own diagnostics are out
    const input = isProjectInput(rel);
    if (input) this.projectChanged(doc.uri, this.index.update(doc.uri, rel, text));
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    this.publish(doc.uri, this.lintText(doc.uri, rel, text, config, folder, this.index.projectFor(doc.uri, folder), doc.languageId), since);
    if (!input) setTimeout(() => inBackground(this.log, 'updating project facts', () => this.projectChanged(doc.uri, this.index.update(doc.uri, rel, text))), 0);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length || !this.checkable(e.document.uri)) return;
    const uri = e.document.uri, key = uri.toString();
    // a problem the edit touched goes away now; the rest wait for the debounced re-lint
    const before = this.findings.get(key);
    if (before?.length) {
      const touched = (f: Finding) => e.contentChanges.some(c => c.rangeOffset <= f.range.end.offset && c.rangeOffset + c.rangeLength >= f.range.start.offset);
      if (before.some(touched)) {
        const kept = this.collection.get(uri)?.filter((_, i) => !touched(before[i])) ?? [];
        this.findings.set(key, before.filter(f => !touched(f)));
        this.collection.set(uri, kept);
        this.changed.fire();
      }
    }
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const fired = performance.now();
      inBackground(this.log, 'checking an edited document', () => this.lintDocument(e.document, fired));
    }, this.configs.editorFor(uri).debounceMs));
  }

  private async onClose(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    // inside the workspace the scan's view of the file (from disk) stays; outside, nothing does
    if (this.scanned && vscode.workspace.getWorkspaceFolder(doc.uri) && doc.uri.scheme !== 'untitled') await this.lintUri(doc.uri);
    else this.forget(doc.uri);
  }

  private isOpen(uri: vscode.Uri): boolean {
    return this.openDocs.has(uri.toString());
  }

  private async onDiskChange(uri: vscode.Uri): Promise<void> {
    this.deletedWhileScanning.delete(uri.toString());
    if (this.isOpen(uri)) return; // the editor's text wins over the disk
    const rel = this.relPath(uri);
    if (rel.endsWith('.twelve-factor.yml')) this.configurationChanged();
    if (!this.scanned && !rel.endsWith('.twelve-factor.yml')) return;
    // a folder created with files in it can arrive as one event for the folder
    const isDir = await vscode.workspace.fs.stat(uri).then(s => (s.type & vscode.FileType.Directory) !== 0, () => false);
    if (isDir) {
      for (const u of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'))) if (!this.isOpen(u)) await this.lintUri(u);
      return;
    }
    await this.lintUri(uri);
  }

  private onDiskDelete(uri: vscode.Uri): void {
    // a running scan may already have read it: it must not bring the file's findings back
    if (this.scanning) this.deletedWhileScanning.add(uri.toString());
    const rel = this.relPath(uri);
    // a deleted folder arrives as one event: drop everything under it
    const prefix = uri.toString() + '/';
    for (const key of [...this.findings.keys()]) if (key.startsWith(prefix)) this.forget(vscode.Uri.parse(key));
    this.dependents.deleteUnder(prefix);
    this.forget(uri);
    this.projectChanged(uri, this.index.remove(uri, rel));
  }

  /** Lint a file from disk (closed files). */
  async lintUri(uri: vscode.Uri): Promise<void> {
    if (!this.checkable(uri) || !this.configs.editorFor(uri).enable) return;
    const config = await this.configs.forUri(uri);
    const rel = this.relPath(uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const read = await this.readIfCheckable(uri, rel, config);
    const disk = folder && this.disk.get(folder.uri.toString()), key = uri.toString();
    if (disk?.delete(key)) this.resultsChanged = true;
    if (!read) { this.forget(uri); return; }
    this.projectChanged(uri, this.index.update(uri, rel, read.text));
    const findings = this.lintText(uri, rel, read.text, config, folder, this.index.projectFor(uri, folder));
    if (disk && read.version) {
      disk.set(key, { rel, version: read.version, findings, facts: this.index.factsOfFile(folder, rel), deps: this.dependents.get(key) });
      this.resultsChanged = true;
    }
    this.publish(uri, findings);
  }

  /**
   * The file's text (and for a local file, its diskVersion as read), or undefined (and a log line
   * once) when it is ignored, too big, binary, gone or unreadable.
   */
  private async readIfCheckable(uri: vscode.Uri, rel: string, config: EngineConfig): Promise<FileText | undefined> {
    try {
      const st = uri.scheme === 'file' ? await statLocal(uri.fsPath) : await vscode.workspace.fs.stat(uri);
      // anything but a file is not opened: reading a named pipe would wait for a writer forever
      if (!(st.type & vscode.FileType.File)) {
        this.skippedOnce(rel, `cannot read: ${st.type & vscode.FileType.Directory ? 'it is a folder now' : 'not a regular file'}`);
        return undefined;
      }
      const reason = skipReasonForPath(rel, st.size, config);
      if (reason) { if (reason !== 'ignored') this.skippedOnce(rel, reason); return undefined; }
      const text = decodeText(uri.scheme === 'file' ? await readLocal(uri.fsPath) : await vscode.workspace.fs.readFile(uri));
      const why = skipReasonForText(text);
      if (why) { this.skippedOnce(rel, why); return undefined; }
      return { text, version: 'version' in st ? st.version : undefined };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // deleted between listing and reading: not worth a word; anything else is logged once
      if (code !== 'ENOENT' && !(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) this.skippedOnce(rel, `cannot read: ${code ?? (e as Error).message}`);
      return undefined;
    }
  }

  private configurationChanged(): void {
    this.configs.invalidate();
    for (const d of vscode.workspace.textDocuments) inBackground(this.log, 'checking an open document', () => this.lintDocument(d));
    if (this.scanned) this.scheduleProjectRescan();
  }

  /**
   * `uri` changed its folder's project (a project input's text or presence, the facts): the files
   * whose checks read what changed are checked again. A `.gitignore` decides which files the scan
   * lists at all: a change to one scans the workspace again.
   */
  private projectChanged(uri: vscode.Uri, change: ProjectChange): void {
    if (!change) return;
    this.projectGeneration++;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || change.paths.some(p => p === '.gitignore' || p.endsWith('/.gitignore'))) return this.scheduleProjectRescan();
    // their results no longer go with the project: not saved until they are checked again
    const disk = this.disk.get(folder.uri.toString());
    for (const f of this.dependents.ofChange(folder.uri.toString(), change.paths, change.facts)) {
      this.toRecheck.add(f);
      if (disk?.delete(f)) this.resultsChanged = true;
    }
    if (this.toRecheck.size > RECHECK_MAX) {
      this.toRecheck.clear();
      this.scheduleProjectRescan();
      return;
    }
    if (!this.toRecheck.size) return;
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => this.recheckLater(), 300);
  }

  /** The files waiting to be checked again, once no scan runs (a scan reads the project as it was when it began). */
  private recheckLater(): void {
    if (this.scanning) {
      this.recheckTimer = setTimeout(() => this.recheckLater(), 300);
      return;
    }
    const files = [...this.toRecheck];
    this.toRecheck.clear();
    const started = performance.now();
    void this.recheck(files).then(() => {
      const ms = performance.now() - started;
      this.lastRecheck = { files: files.length, ms, at: performance.now() };
      this.log.info(`project changed: ${files.length} file(s) that read what changed checked again in ${Math.round(ms)} ms`);
    }, e => this.log.error(`checking files again failed: ${e}`));
  }

  /** Check these files (URI strings) again, open or closed. */
  private async recheck(files: Iterable<string>): Promise<void> {
    const open = new Map(vscode.workspace.textDocuments.map(d => [d.uri.toString(), d]));
    for (const key of files) {
      const doc = open.get(key);
      if (doc) await this.lintDocument(doc);
      else await this.lintUri(vscode.Uri.parse(key));
    }
  }

  /**
   * The settings, a `.gitignore`, or an input many files read changed: findings may change anywhere,
   * and the whole workspace is scanned again.
   */
  private scheduleProjectRescan(): void {
    // until the scan, results may be of the project or settings before: none are saved
    this.projectGeneration++;
    this.disk.clear();
    if (!this.scanned) return;
    clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => void this.scan().catch(e => this.log.error(`rescan failed: ${e}`)), 500);
  }

  /** Scan with a cancellable progress notification. */
  scanWithProgress(): Thenable<ScanResult> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Twelve-Factor', cancellable: true },
      (progress, token) => this.scan(token, progress));
  }

  /**
   * Lint every file in the workspace, open or not. Concurrent calls share one run. With `reuse` (the
   * scan at startup), a file whose result from the last session still holds is not read again.
   */
  scan(token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>, reuse = false): Promise<ScanResult> {
    if (!this.scanning) {
      this.deletedWhileScanning.clear();
      this.scanning = this.doScan(token, progress, reuse).finally(() => { this.scanning = undefined; this.deletedWhileScanning.clear(); });
    }
    return this.scanning;
  }

  /** Local files each folder had at its last listing (see doScan), by folder URI; undefined: never listed here. */
  private localFiles(folder: string): number | undefined {
    return this.state?.get<Record<string, number>>(LOCAL_FILES_KEY)?.[folder];
  }

  private rememberLocalFiles(folder: string, count: number): void {
    if (!this.state || this.localFiles(folder) === count) return;
    const all = { ...this.state.get<Record<string, number>>(LOCAL_FILES_KEY), [folder]: count };
    void Promise.resolve(this.state.update(LOCAL_FILES_KEY, all)).catch(e => this.log.warn(`could not remember the folder's file count: ${e}`));
  }

  /** The kept workers if they are all still running, else new ones. */
  private takePool(): ScanPool {
    const kept = this.idlePool;
    this.idlePool = undefined;
    if (kept) {
      clearTimeout(kept.timer);
      if (kept.pool.size === WORKERS) return kept.pool;
      kept.pool.dispose();
    }
    return new ScanPool(WORKER_SCRIPT, WORKERS, m => this.log.error(m));
  }

  /** Keep a scan's workers for the next scan, for a while (the one kept already wins). */
  private keepPool(pool: ScanPool): void {
    if (this.idlePool) { pool.dispose(); return; }
    const timer = setTimeout(() => { if (this.idlePool?.pool === pool) this.idlePool = undefined; pool.dispose(); }, POOL_IDLE_MS);
    timer.unref?.();
    this.idlePool = { pool, timer };
  }

  private async doScan(token: vscode.CancellationToken | undefined, progress: vscode.Progress<{ message?: string; increment?: number }> | undefined, reuse: boolean): Promise<ScanResult> {
    const t0 = Date.now();
    const result: ScanResult = { files: 0, findings: 0, skipped: 0, ms: 0, cancelled: false, workers: 0, listingMs: 0, reused: 0 };
    const saved = reuse && this.savedResults ? await this.loadResults(this.savedResults) : undefined;
    /** The folders this run listed: afterwards, a file with findings that is not among their paths is gone. */
    const listedFolders = new Set<string>();
    this.scansRun++;
    /** The folders whose facts (as the rules see them) changed during this run, or became known at its end. */
    const factsChanged: string[] = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    // each folder's share of the progress bar: a bar that fills, rather than one that runs forever
    // (its animation kept the window busy, about a fifth of a core, for the whole scan)
    const share = 100 / Math.max(1, folders.length);
    for (const folder of folders) {
      if (!this.configs.editorFor(folder.uri).enable) continue;
      const config = await this.configs.forUri(folder.uri);
      progress?.report({ message: `listing files in ${folder.name}…` });
      // a folder never listed here before, or one that had enough local files at its last listing,
      // gets its workers now: they start up (about 0.2 s) while VS Code lists the files (a folder
      // that turns out small lets them go)
      const folderKey = folder.uri.toString();
      const key = resultsKey(this.engineBuild ??= engineBuildOf(__filename), config);
      this.resultKeys.set(folderKey, key);
      // the last session's results, if they were got with the same engine and configuration
      const before = saved?.get(folderKey)?.key === key ? saved.get(folderKey) : undefined;
      const known = this.localFiles(folderKey);
      // (with saved results, few files are likely to need the workers)
      let pool = !before && (known === undefined || known >= WORKER_MIN_FILES) ? this.takePool() : undefined;
      try {
        // `undefined` exclude: files.exclude applies; our own ignores and .gitignore are applied below
        const listing = Date.now();
        const all = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, undefined, token);
        result.listingMs += Date.now() - listing;
        if (token?.isCancellationRequested) { result.cancelled = true; break; }
        // reading the reply (10,000 paths) took the host's thread a while already: let other work run first
        await yieldToHost();
        // the checks' shared scan, if it is not ready yet (a scan right after starting), is prepared
        // in slices here, not in one block by the first check on this thread
        while (!prepareSharedScanStep(SLICE_MS)) await yieldToHost();
        // each path made relative and matched once, in time slices too (10,000 paths take a while);
        // the folder's files are under its path, which is cheaper to cut off than asRelativePath
        const rels = new Map<vscode.Uri, string>();
        const base = folder.uri.path.endsWith('/') ? folder.uri.path : folder.uri.path + '/';
        const relOf = (u: vscode.Uri) => u.scheme === folder.uri.scheme && u.authority === folder.uri.authority && u.path.startsWith(base) ? u.path.slice(base.length) : this.relPath(u);
        const rel = (u: vscode.Uri) => rels.get(u) ?? relOf(u);
        const gitIgnored = await this.gitignoreMatcher(all.filter(u => u.path.endsWith('/.gitignore')), rel);
        const ignored = globMatcher(config.ignore);
        const inputs: vscode.Uri[] = [], others: vscode.Uri[] = [], lockfiles: string[] = [];
        let listed = Date.now();
        for (let i = 0; i < all.length; i++) {
          const u = all[i], r = relOf(u);
          rels.set(u, r);
          // lockfiles are never linted, but project-level rules need to know they exist
          if (ignored(r)) { if (isLockfile(r)) lockfiles.push(r); }
          // project inputs first, so project-level rules see them when the other files are linted
          else if (!gitIgnored(r)) (isProjectInput(r) ? inputs : others).push(u);
          if (Date.now() - listed > SLICE_MS) { await yieldToHost(); listed = Date.now(); }
        }
        const uris = [...inputs, ...others];
        this.index.setPaths(folder, [...uris.map(rel), ...lockfiles]);
        listedFolders.add(folderKey);
        const project = this.index.projectFor(folder.uri, folder);
        const factsVersion = this.index.factsVersion(folder);
        const disk = new Map<string, DiskCheck>();
        this.disk.set(folderKey, disk);
        /** A local file checked from disk: its result is kept for saving (dependents.ts keeps one copy of each `deps`). */
        const checked = (key: string, r: string, version: string | undefined, findings: Finding[], facts?: string[]) => {
          if (!version) return;
          disk.set(key, { rel: r, version, findings, facts: facts?.length ? facts : undefined, deps: this.dependents.get(key) });
          this.resultsChanged = true;
        };
        const batch: [vscode.Uri, vscode.Diagnostic[]][] = [];
        let slice = Date.now(), reported = 0, shown = 0;
        const counted = result.files + result.skipped;
        const record = (u: vscode.Uri, findings: Finding[]) => {
          result.files++;
          result.findings += findings.length;
          const key = u.toString();
          if (findings.length) this.findings.set(key, findings);
          // a clean file that shows nothing is not sent: most files are clean, and each one sent is
          // work for the host's IPC, the window and the Problems view
          else if (!this.findings.delete(key) && !this.collection.has(u)) return;
          batch.push([u, findings.map(toDiagnostic)]);
        };
        /** The diagnostics go out once per time slice, the progress less often; true when a slice just ended. */
        const sliceEnded = () => {
          if (Date.now() - slice <= SLICE_MS) return false;
          if (batch.length) this.collection.set(batch.splice(0));
          slice = Date.now();
          if (progress && slice - reported >= PROGRESS_MS) {
            const done = result.files + result.skipped - counted;
            progress.report({ message: `${done} of ${uris.length} files checked`, increment: share * (done - shown) / uris.length });
            shown = done;
            reported = slice;
          }
          return true;
        };
        const read = (list: vscode.Uri[]) => Promise.all(list.map(async u => this.isOpen(u) ? undefined : this.readIfCheckable(u, rel(u), config)));
        /**
         * Files checked on this thread, the next ones read from disk while these are checked; or with
         * `texts`, files already read and recorded in the index.
         */
        const checkHere = async (list: vscode.Uri[], texts?: (FileText | undefined)[]) => {
          let reading = texts ? Promise.resolve(texts) : read(list.slice(0, READ_CONCURRENCY));
          const step = texts ? list.length : READ_CONCURRENCY;
          for (let i = 0; i < list.length; i += step) {
            if (token?.isCancellationRequested) { result.cancelled = true; break; }
            const chunk = list.slice(i, i + step);
            const got = await reading;
            if (!texts) reading = read(list.slice(i + step, i + 2 * step));
            for (let j = 0; j < chunk.length; j++) {
              const u = chunk[j];
              if (this.isOpen(u)) { result.files++; continue; } // open documents are linted from the editor
              if (this.deletedDuringScan(u)) continue;
              const source = got[j];
              if (!source) { result.skipped++; continue; }
              const r = rel(u), key = u.toString();
              if (!texts) this.index.update(u, r, source.text, folder);
              const findings = this.lintText(u, r, source.text, config, folder, project);
              checked(key, r, source.version, findings, this.index.factsOfFile(folder, r));
              record(u, findings);
              if (sliceEnded()) await yieldToHost();
            }
          }
        };
        /** A file a worker checked: published as if checked here, unless the editor or a delete got there first. */
        const takeFromWorker = (u: vscode.Uri, r: FileResult) => {
          if (this.isOpen(u)) { result.files++; return; }
          if (this.deletedDuringScan(u)) return;
          const relPath = rel(u);
          if ('findings' in r) {
            this.index.recordFacts(u, relPath, r.facts, folder);
            this.dependents.set(u.toString(), folderKey, r.deps);
            checked(u.toString(), relPath, r.version, r.findings, r.facts);
            if (r.ms > SLOW_FILE_MS) this.log.info(`checking ${relPath} took ${Math.round(r.ms)} ms (in the workspace scan)`);
            record(u, r.findings);
          } else if ('failed' in r) {
            this.log.error(`checking ${relPath} failed: ${r.failed}`);
            record(u, []);
          } else {
            if ('skipped' in r) this.skippedOnce(relPath, r.skipped);
            result.skipped++;
          }
          sliceEnded();
        };
        // the project inputs are read and recorded first: the checks of the other files read them (and
        // the workers check with their text), and the saved results hold only while they are the same
        const inputTexts = await read(inputs);
        let recorded = Date.now();
        for (let i = 0; i < inputs.length; i++) {
          const got = inputTexts[i];
          if (got) this.index.update(inputs[i], rel(inputs[i]), got.text, folder);
          if (Date.now() - recorded > SLICE_MS) { await yieldToHost(); recorded = Date.now(); }
        }
        this.rememberLocalFiles(folderKey, others.reduce((n, u) => n + (u.scheme === 'file' ? 1 : 0), 0));
        let rest = others;
        if (before) {
          const reusable = new FolderReuse(before, project);
          rest = await this.reuseSaved(reusable, others, rel, () => {
            if (token?.isCancellationRequested) { result.cancelled = true; return false; }
            return true;
          }, (u, r, saved) => {
            this.index.recordFacts(u, r, saved.facts ?? [], folder);
            this.dependents.set(u.toString(), folderKey, saved.deps);
            checked(u.toString(), r, saved.version, saved.findings ?? [], saved.facts);
            record(u, saved.findings ?? []);
            result.reused++;
            if (sliceEnded()) return yieldToHost();
          });
        }
        const local = rest.filter(u => u.scheme === 'file');
        // otherwise the workers start up while the project inputs are checked here
        if (local.length < WORKER_MIN_FILES) { if (pool) this.keepPool(pool); pool = undefined; } else pool ??= this.takePool();
        if (result.cancelled) { /* nothing more to check */ } else if (!pool) await checkHere(inputs, inputTexts);
        else {
          // the inputs are checked here while the workers check the rest
          const texts = inputs.map(u => [rel(u), project.read(rel(u))]).filter((t): t is [string, string] => t[1] !== undefined);
          const scanFolder: ScanFolder = { kind: 'folder', config, paths: [...project.paths], texts, facts: project.facts && [...project.facts] };
          await yieldToHost();
          const working = this.checkInWorkers(pool, scanFolder, local, rel, takeFromWorker, token);
          await checkHere(inputs, inputTexts);
          const inWorkers = await working;
          result.workers = Math.max(result.workers, inWorkers.workers);
          // remote files, and whatever a failed worker left, are checked here
          const back = new Set(inWorkers.givenBack);
          rest = rest.filter(u => u.scheme !== 'file' || back.has(u));
        }
        if (token?.isCancellationRequested) result.cancelled = true;
        else await checkHere(rest);
        if (batch.length) this.collection.set(batch);
        if (result.cancelled) break;
        this.index.markComplete(folder);
        // (saved results of checks that read the facts were got with the facts of their session)
        if (reuse || this.index.factsVersion(folder) !== factsVersion) factsChanged.push(folderKey);
      } finally {
        if (pool) this.keepPool(pool);
      }
    }
    if (!result.cancelled) {
      // files that vanished since the last scan lose their diagnostics (and those of a folder where
      // the extension is off now)
      for (const key of [...this.findings.keys()]) {
        const u = vscode.Uri.parse(key);
        const folder = vscode.workspace.getWorkspaceFolder(u);
        if (folder && !this.isOpen(u) && !(listedFolders.has(folder.uri.toString()) && this.index.has(folder, this.relPath(u)))) this.forget(u);
      }
      // the checks that read the facts ran before all of them were known (the first scan) or while
      // they changed: those files again, now that the facts are complete
      const readers = factsChanged.flatMap(f => this.dependents.ofChange(f, [], true));
      if (readers.length) {
        const count = () => readers.reduce((n, key) => n + (this.findings.get(key)?.length ?? 0), 0);
        const before = count();
        await this.recheck(readers);
        result.findings += count() - before;
      }
      this.scanned = true;
      this.saveResults();
    }
    result.ms = Date.now() - t0;
    this.lastScan = result;
    this.changed.fire();
    const reused = result.reused ? ` (${result.reused} of them as the last session left them: unchanged)` : '';
    this.log.info(`scan ${result.cancelled ? 'cancelled' : 'done'}: ${result.files} files checked${reused}, ${result.skipped} skipped, ${result.findings} findings in ${result.ms} ms (listing the files: ${result.listingMs} ms)`);
    return result;
  }

  /**
   * Check local files in the pool's workers, and with HERE_TOO the small ones on this thread too;
   * `take` runs on this thread for each file's result. Returns the files a failed worker did not
   * finish (for this thread to check) and how many workers ran.
   */
  private async checkInWorkers(pool: ScanPool, folder: ScanFolder, files: vscode.Uri[], rel: (u: vscode.Uri) => string,
    take: (u: vscode.Uri, r: FileResult) => void, token?: vscode.CancellationToken): Promise<{ givenBack: vscode.Uri[]; workers: number }> {
    const done = new Uint8Array(files.length);
    try {
      if (!pool.size) return { givenBack: files, workers: 0 };
      const givenBack: vscode.Uri[] = [];
      // this thread checks with the same snapshot of the project as the workers
      const project = HERE_TOO ? projectOf(folder) : undefined;
      const here = project && {
        sliceMs: SLICE_MS,
        check: (f: LocalFile) => checkLocalFile(f.fsPath, f.rel, folder.config, project, HERE_MAX_BYTES),
        checkPassed: (f: LocalFile) => checkLocalFile(f.fsPath, f.rel, folder.config, project, HERE_TAIL_MAX_BYTES),
      };
      await pool.run(folder, files.map(u => ({ fsPath: u.fsPath, rel: rel(u) })), (i, result) => {
        if (!result) { givenBack.push(files[i]); return; }
        done[i] = 1;
        take(files[i], result);
      }, () => !!token?.isCancellationRequested, here);
      return { givenBack, workers: pool.size };
    } catch (e) {
      // the pool could not be used (a setting that cannot be sent to a worker...): this thread checks the rest
      this.log.error(`the scan workers stopped: ${(e as Error).stack ?? e}`);
      return { givenBack: files.filter((_, i) => !done[i]), workers: 0 };
    }
  }

  /**
   * The files of `files` whose saved results still hold (scanCache.ts) go to `take` instead of being
   * read; returns the others. Only local files not open in the editor, stat'ed STAT_BATCH at a time.
   */
  private async reuseSaved(saved: FolderReuse, files: vscode.Uri[], rel: (u: vscode.Uri) => string, goOn: () => boolean,
    take: (u: vscode.Uri, rel: string, result: SavedFile) => Promise<void> | void): Promise<vscode.Uri[]> {
    const left: vscode.Uri[] = [];
    const statOf = (u: vscode.Uri) => u.scheme === 'file' && !this.isOpen(u) ? statLocal(u.fsPath).catch(() => undefined) : Promise.resolve(undefined);
    let next = Promise.all(files.slice(0, STAT_BATCH).map(statOf));
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const stats = await next;
      if (!goOn()) return left.concat(files.slice(i));
      next = Promise.all(files.slice(i + STAT_BATCH, i + 2 * STAT_BATCH).map(statOf));
      for (let j = 0; j < stats.length; j++) {
        const u = files[i + j], st = stats[j];
        if (this.deletedDuringScan(u)) continue;
        const r = rel(u);
        // (opened since its stat was asked for: the editor's text is checked)
        const hit = st && st.type & vscode.FileType.File && !this.isOpen(u) ? saved.result(r, st.version) : undefined;
        if (hit) await take(u, r, hit); else left.push(u);
      }
    }
    return left;
  }

  /**
   * Each folder's results as the next session's scan at startup may use them: every local file's
   * last check from disk, if the file is still there. (A file open in the editor keeps the check of
   * its saved text.)
   */
  private *resultsToSave(): Generator<void, Map<string, SavedFolder>> {
    const out = new Map<string, SavedFolder>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const fk = folder.uri.toString(), disk = this.disk.get(fk), key = this.resultKeys.get(fk);
      if (!disk || !key) continue;
      const project = this.index.projectFor(folder.uri, folder);
      const files: [string, SavedFile][] = [];
      for (const d of disk.values()) {
        if (!project.paths.has(d.rel)) continue;
        const f: SavedFile = { version: d.version };
        if (d.findings.length) f.findings = d.findings;
        if (d.facts) f.facts = d.facts;
        if (d.deps) f.deps = d.deps;
        files.push([d.rel, f]);
        yield;
      }
      out.set(fk, yield* savedFolder(key, project, files));
    }
    return out;
  }

  private async loadResults(file: ScanCacheFile): Promise<Map<string, SavedFolder>> {
    const started = performance.now();
    const saved = await file.load(slices());
    const files = [...saved.values()].reduce((n, f) => n + f.files.length, 0);
    if (files) this.log.info(`read the last session's results of ${files} files in ${Math.round(performance.now() - started)} ms`);
    return saved;
  }

  /**
   * Save the results for the next session: in the background, in time slices; `sync` when the
   * extension stops.
   */
  private saveResults(sync = false): void {
    const file = this.savedResults;
    if (!file || !this.disk.size) return;
    if (sync) {
      try { file.saveSync(atOnce(this.resultsToSave())); } catch (e) { this.log.warn(`could not save the scan's results: ${e}`); }
      return;
    }
    // one save at a time, each with the results as they are when it starts; one waiting is enough
    if (this.saveWaiting) return;
    this.saveWaiting = true;
    this.resultsSaved = (this.resultsSaved ?? Promise.resolve()).then(async () => {
      this.saveWaiting = false;
      this.resultsChanged = false;
      const started = performance.now(), pause = slices(), generation = this.projectGeneration;
      try {
        const folders = await inSteps(this.resultsToSave(), pause);
        // the project changed while the results were gathered: some may not go with what was saved
        // of the project; the file saved before stays
        if (generation !== this.projectGeneration) { this.resultsChanged = true; return; }
        const bytes = await file.save(folders, pause);
        if (bytes !== undefined) this.log.info(`saved the results for the next session: ${Math.round(bytes / 1024)} KB in ${Math.round(performance.now() - started)} ms`);
      } catch (e) {
        this.log.warn(`could not save the scan's results: ${e}`);
      }
    });
  }

  private deletedDuringScan(u: vscode.Uri): boolean {
    if (!this.deletedWhileScanning.size) return false;
    const key = u.toString();
    for (const d of this.deletedWhileScanning) if (key === d || key.startsWith(d + '/')) return true;
    return false;
  }

  /** One matcher over every .gitignore in the folder, each applying below its own directory. */
  private async gitignoreMatcher(files: vscode.Uri[], rel: (u: vscode.Uri) => string): Promise<(path: string) => boolean> {
    const rules: { dir: string; ig: Ignore }[] = [];
    for (const f of files) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
        const r = rel(f);
        rules.push({ dir: r.includes('/') ? r.slice(0, r.lastIndexOf('/')) : '', ig: ignore().add(text) });
      } catch { /* unreadable .gitignore: ignore nothing from it */ }
    }
    return path => rules.some(({ dir, ig }) => {
      if (dir && !path.startsWith(dir + '/')) return false;
      const sub = dir ? path.slice(dir.length + 1) : path;
      return sub !== '' && ig.ignores(sub);
    });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    clearTimeout(this.rescanTimer);
    clearTimeout(this.recheckTimer);
    if (this.idlePool) { clearTimeout(this.idlePool.timer); this.idlePool.pool.dispose(); this.idlePool = undefined; }
    this.timers.clear();
    // what changed since the last save (files checked again after edits on disk) is kept too
    if (this.resultsChanged && !this.scanning) this.saveResults(true);
    for (const d of this.disposables) d.dispose();
  }
}
