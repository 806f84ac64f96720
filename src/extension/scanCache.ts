/**
 * The last session's scan results, saved in the workspace's storage so that the scan at startup
 * checks again only what changed: a workspace reopened unchanged lists its files, stats them and
 * shows the findings it had, instead of reading and checking every file.
 *
 * A file's saved result holds while all it depended on is as it was:
 * - its own content: the size and modification time of the file, as its check read it;
 * - the checks: the same engine build and the same configuration (one key per folder);
 * - the project it read (dependents.ts): each path it looked up exists or not as before and, for a
 *   project input, has the same text; if it went through all paths, the paths are the same.
 * What it read of the project's facts is not compared here: the scan checks those files again at
 * its end whenever the facts became known or changed, which at startup is always.
 * Files open in the editor are checked from the editor, never from here. No `vscode` here.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { EngineConfig } from '../core/config';
import { Project } from '../core/project';
import { Finding } from '../core/types';
import { Dependencies } from './dependents';

/** Changes when what is saved changes shape: an older file is then not read. */
const FORMAT = 1;

/** One file's result as a scan left it. */
export interface SavedFile {
  size: number;
  mtimeMs: number;
  findings?: Finding[];
  facts?: string[];
  deps?: Dependencies;
}

/** A folder's saved results: `key` (engine build and configuration), and what its files' checks read. */
export interface SavedFolder {
  key: string;
  /** Every path of the folder then (the `allPaths` readers compare against it). */
  paths: string[];
  /** For each path some check looked up: whether it existed and, for a project input, its text's digest. */
  looked: [string, string][];
  /** Files by path relative to the folder. */
  files: [string, SavedFile][];
}

interface SavedCache {
  format: number;
  folders: [string, SavedFolder][];
}

/** The key of a folder's results: they hold only for the same engine build and configuration. */
export function folderKey(engineBuild: string, config: EngineConfig): string {
  return `${engineBuild}\n${JSON.stringify(config)}`;
}

/** A digest of the running bundle: any change to the engine or the rules makes old results useless. */
export function engineBuildOf(file: string): string {
  try {
    return createHash('sha1').update(fs.readFileSync(file)).digest('base64');
  } catch {
    // no bundle to read (tests run from sources): a key no saved folder has
    return `unknown ${Date.now()}`;
  }
}

/** What a looked-up path was: `-` absent; `+` present; `+` and its text's digest for a project input whose text is kept. */
function signature(project: Project, p: string): string {
  if (!project.paths.has(p)) return '-';
  const text = project.read(p);
  return text === undefined ? '+' : `+${createHash('sha1').update(text).digest('base64')}`;
}

/** A folder's results to save: `files` as their checks left them, in `project` as it is now. */
export function savedFolder(key: string, project: Project, files: [string, SavedFile][]): SavedFolder {
  const looked = new Set<string>();
  for (const [, f] of files) for (const p of f.deps?.paths ?? []) looked.add(p);
  return { key, paths: [...project.paths], looked: [...looked].map(p => [p, signature(project, p)]), files };
}

/** The saved results of one folder checked against the folder as it is now. */
export class FolderReuse {
  private readonly files: Map<string, SavedFile>;
  private readonly looked: Map<string, string>;
  private readonly now = new Map<string, boolean>();
  private samePaths?: boolean;

  /** `project`: the folder's project now (its paths, and the kept text of its inputs). */
  constructor(private readonly saved: SavedFolder, private readonly project: Project) {
    this.files = new Map(saved.files);
    this.looked = new Map(saved.looked);
  }

  get size(): number {
    return this.files.size;
  }

  /** The saved result of `rel`, if it still holds for a file of this size and modification time. */
  result(rel: string, size: number, mtimeMs: number): SavedFile | undefined {
    const f = this.files.get(rel);
    if (!f || f.size !== size || f.mtimeMs !== mtimeMs) return undefined;
    const deps = f.deps;
    if (deps?.allPaths && !this.pathsSame()) return undefined;
    if (deps?.paths) for (const p of deps.paths) if (!this.unchanged(p)) return undefined;
    return f;
  }

  private unchanged(p: string): boolean {
    let same = this.now.get(p);
    if (same === undefined) this.now.set(p, same = this.looked.get(p) === signature(this.project, p));
    return same;
  }

  private pathsSame(): boolean {
    if (this.samePaths === undefined) {
      const before = this.saved.paths, now = this.project.paths;
      this.samePaths = before.length === now.size && before.every(p => now.has(p));
    }
    return this.samePaths;
  }
}

/** The saved results of every folder, in one file of the workspace's storage. */
export class ScanCacheFile {
  private loaded?: Promise<Map<string, SavedFolder>>;

  /** `dir`: the workspace's storage folder (created when first written). */
  constructor(private readonly dir: string, private readonly log: (message: string) => void) {}

  private get file(): string {
    return path.join(this.dir, 'scan-results.bin');
  }

  /** The saved folders by folder URI (none when there is no file, or one this version cannot read). */
  load(): Promise<Map<string, SavedFolder>> {
    return this.loaded ??= fs.promises.readFile(this.file).then(bytes => {
      const saved = v8.deserialize(bytes) as SavedCache;
      if (saved?.format !== FORMAT || !Array.isArray(saved.folders)) return new Map<string, SavedFolder>();
      return new Map(saved.folders);
    }, (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') this.log(`could not read the saved scan results: ${e.message}`);
      return new Map<string, SavedFolder>();
    }).catch(e => {
      this.log(`the saved scan results could not be used: ${(e as Error).message}`);
      return new Map<string, SavedFolder>();
    });
  }

  /** Replace the saved folders (written to a new file, then moved over the old one). */
  async save(folders: Map<string, SavedFolder>): Promise<void> {
    const bytes = this.bytes(folders);
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, this.file);
  }

  /** save(), at once: when the extension stops, there is no later. */
  saveSync(folders: Map<string, SavedFolder>): void {
    const bytes = this.bytes(folders);
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, this.file);
  }

  private bytes(folders: Map<string, SavedFolder>): Buffer {
    this.loaded = Promise.resolve(folders);
    return v8.serialize({ format: FORMAT, folders: [...folders] } satisfies SavedCache);
  }
}
