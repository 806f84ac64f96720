/**
 * The last session's scan results, saved in the workspace's storage so that the scan at startup
 * checks again only what changed: a workspace reopened unchanged lists its files, stats them and
 * shows the findings it had, instead of reading and checking every file.
 *
 * A file's saved result holds while all it depended on is as it was:
 * - its own content: the file's size, modification and change time as its check read it
 *   (readSource.ts's diskVersion);
 * - the checks: the same engine build and the same configuration (one key per folder);
 * - the project it read (dependents.ts): each path it looked up exists or not as before and, for a
 *   project input, has the same text; if it went through all paths, the paths are the same. What
 *   those were is written when saving: the editor drops a file's result as soon as the project
 *   changes under it, until the file is checked again (diagnostics.ts).
 * What it read of the project's facts is not compared here: the scan at startup checks those files
 * again at its end. Files open in the editor are checked from the editor, never from here.
 * No `vscode` here.
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
const FORMAT = 3;

/** One file's result as a scan left it. */
export interface SavedFile {
  /** The file as its check read it (readSource.ts's diskVersion). */
  version: string;
  findings?: Finding[];
  facts?: string[];
  deps?: Dependencies;
}

/** What a check read, as saved: `paths` are indexes into SavedFolder.looked. */
interface SavedDeps {
  paths?: number[];
  allPaths?: true;
  facts?: true;
}

/**
 * A folder's saved results: `key` (engine build and configuration), and what its files' checks read.
 * Most files of a folder look up the same few paths (the `.env.example` names up their folders), so
 * each distinct record of what a check read is saved once, and each path once.
 */
export interface SavedFolder {
  key: string;
  /** Every path of the folder then (the `allPaths` readers compare against it). */
  paths: string[];
  /** The paths some check looked up, and what each was then (see signature). */
  looked: [string, string][];
  /** The distinct records of what a check read. */
  deps: SavedDeps[];
  /** Files by path relative to the folder; `deps`: an index into the folder's. */
  files: [string, Omit<SavedFile, 'deps'> & { deps?: number }][];
}

/**
 * A point where long work may let other work run: returns a promise to wait for when it should
 * (its time slice is over), else undefined.
 */
export type Pause = () => Promise<void> | undefined;
const NO_PAUSE: Pause = () => undefined;

/** Runs work written as steps (a generator), pausing between them when `pause` says so. */
export async function inSteps<T>(steps: Generator<void, T>, pause: Pause): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const p = pause();
    if (p) await p;
  }
}

/** Runs work written as steps at once. */
export function atOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The key of a folder's results: they hold only for the same engine build and configuration. */
export function folderKey(engineBuild: string, config: EngineConfig): string {
  // custom rules' patterns are RegExps, which JSON would write as {}
  return `${engineBuild}\n${JSON.stringify(config, (_, v: unknown) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : v))}`;
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

/** A folder's results to save: `files` as their checks left them, in `project` as it is now (in steps: see inSteps). */
export function* savedFolder(key: string, project: Project, files: [string, SavedFile][]): Generator<void, SavedFolder> {
  const looked = new Map<string, number>(), deps: SavedDeps[] = [], byContent = new Map<string, number>();
  // the files of a folder share one record (dependents.ts keeps each distinct one once)
  const byRecord = new Map<Dependencies, number>();
  const index = (dep: Dependencies) => {
    const d: SavedDeps = {};
    if (dep.paths) d.paths = dep.paths.map(p => looked.get(p) ?? looked.set(p, looked.size).size - 1);
    if (dep.allPaths) d.allPaths = true;
    if (dep.facts) d.facts = true;
    const content = JSON.stringify(d);
    let i = byContent.get(content);
    if (i === undefined) { byContent.set(content, i = deps.length); deps.push(d); }
    byRecord.set(dep, i);
    return i;
  };
  const saved: SavedFolder['files'] = [];
  for (const [rel, f] of files) {
    saved.push(f.deps ? [rel, { ...f, deps: byRecord.get(f.deps) ?? index(f.deps) }] : [rel, f as Omit<SavedFile, 'deps'>]);
    yield;
  }
  return { key, paths: [...project.paths], looked: [...looked.keys()].map(p => [p, signature(project, p)]), deps, files: saved };
}

/** The saved results of one folder checked against the folder as it is now. */
export class FolderReuse {
  private readonly files: Map<string, SavedFolder['files'][number][1]>;
  /** Each saved record of what a check read, as Dependencies, once it is known to still hold (false: it does not). */
  private readonly deps: (Dependencies | false | undefined)[] = [];
  /** Each looked-up path (by index): whether it is as it was. */
  private readonly same: (boolean | undefined)[] = [];
  private samePaths?: boolean;

  /** `project`: the folder's project now (its paths, and the kept text of its inputs). */
  constructor(private readonly saved: SavedFolder, private readonly project: Project) {
    this.files = new Map(saved.files);
  }

  /** The saved result of `rel`, if it still holds for the file as it is now (`version`). */
  result(rel: string, version: string): SavedFile | undefined {
    try {
      const f = this.files.get(rel);
      if (!f || f.version !== version) return undefined;
      if (f.deps === undefined) return f as SavedFile;
      const deps = this.deps[f.deps] ??= this.holding(this.saved.deps[f.deps]);
      return deps ? { ...f, deps } : undefined;
    } catch {
      // a saved record that is not what this version writes: the file is checked
      return undefined;
    }
  }

  /** A saved record of what a check read, as Dependencies, if what it read is the same now; else false. */
  private holding(d: SavedDeps): Dependencies | false {
    if (d.allPaths && !this.pathsSame()) return false;
    const out: Dependencies = {};
    if (d.paths) {
      for (const i of d.paths) if (!(this.same[i] ??= signature(this.project, this.saved.looked[i][0]) === this.saved.looked[i][1])) return false;
      out.paths = d.paths.map(i => this.saved.looked[i][0]);
    }
    if (d.allPaths) out.allPaths = true;
    if (d.facts) out.facts = true;
    return out;
  }

  private pathsSame(): boolean {
    if (this.samePaths === undefined) {
      const before = this.saved.paths, now = this.project.paths;
      this.samePaths = before.length === now.size && before.every(p => now.has(p));
    }
    return this.samePaths;
  }
}

/** Files per value written: the file is written and read a chunk at a time, with pauses between. */
const CHUNK = 500;

/** The saved results of every folder, in one file of the workspace's storage. */
export class ScanCacheFile {
  /** Saves begun: a save that a later one overtook does not replace its file. */
  private saves = 0;

  /** `dir`: the workspace's storage folder (created when first written). */
  constructor(private readonly dir: string, private readonly log: (message: string) => void) {}

  private get file(): string {
    return path.join(this.dir, 'scan-results.bin');
  }

  /** The saved folders by folder URI (none when there is no file, or one this version cannot read). */
  load(pause: Pause = NO_PAUSE): Promise<Map<string, SavedFolder>> {
    return fs.promises.readFile(this.file).then(bytes => this.read(bytes, pause), (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') this.log(`could not read the saved scan results: ${e.message}`);
      return new Map<string, SavedFolder>();
    }).catch(e => {
      this.log(`the saved scan results could not be used: ${(e as Error).message}`);
      return new Map<string, SavedFolder>();
    });
  }

  private async read(bytes: Buffer, pause: Pause): Promise<Map<string, SavedFolder>> {
    const d = new v8.Deserializer(bytes);
    d.readHeader();
    const head = d.readValue() as { format: number; folders: number };
    const out = new Map<string, SavedFolder>();
    if (head?.format !== FORMAT) return out;
    for (let k = 0; k < head.folders; k++) {
      const [uri, folder, count] = d.readValue() as [string, SavedFolder, number];
      if (typeof uri !== 'string' || typeof folder?.key !== 'string' || !Array.isArray(folder.paths) || !Array.isArray(folder.looked) || !Array.isArray(folder.deps)) throw new Error('damaged');
      folder.files = [];
      while (folder.files.length < count) {
        const chunk = d.readValue() as SavedFolder['files'];
        if (!Array.isArray(chunk) || !chunk.length) throw new Error('damaged');
        for (const f of chunk) folder.files.push(f);
        const p = pause();
        if (p) await p;
      }
      out.set(uri, folder);
    }
    return out;
  }

  /**
   * Replace the saved folders (written to a new file, then moved over the old one). Resolves to the
   * bytes written, or undefined when a later save overtook this one (its file wins).
   */
  async save(folders: Map<string, SavedFolder>, pause: Pause = NO_PAUSE): Promise<number | undefined> {
    const mine = ++this.saves;
    const s = new v8.Serializer();
    await inSteps(this.write(s, folders), pause);
    if (mine !== this.saves) return undefined;
    const bytes = s.releaseBuffer();
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = this.tmp(mine);
    await fs.promises.writeFile(tmp, bytes);
    if (mine !== this.saves) { await fs.promises.rm(tmp, { force: true }); return undefined; }
    await fs.promises.rename(tmp, this.file);
    return bytes.length;
  }

  /** save(), at once: when the extension stops, there is no later. */
  saveSync(folders: Map<string, SavedFolder>): void {
    const mine = ++this.saves;
    const s = new v8.Serializer();
    atOnce(this.write(s, folders));
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.tmp(mine), s.releaseBuffer());
    fs.renameSync(this.tmp(mine), this.file);
  }

  private tmp(save: number): string {
    return `${this.file}.${process.pid}-${save}.tmp`;
  }

  /** Writes the folders to `s`, a chunk of files at a time (yielding after each). */
  private *write(s: v8.Serializer, folders: Map<string, SavedFolder>): Generator<void> {
    s.writeHeader();
    s.writeValue({ format: FORMAT, folders: folders.size });
    for (const [uri, folder] of folders) {
      const { files, ...rest } = folder;
      s.writeValue([uri, rest, files.length]);
      for (let i = 0; i < files.length; i += CHUNK) {
        s.writeValue(files.slice(i, i + CHUNK));
        yield;
      }
    }
  }
}
