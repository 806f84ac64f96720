/**
 * Which files' findings depend on which parts of their folder's project, so that a change to the
 * project checks again only the files it can change, instead of the whole workspace.
 *
 * A check sees the project through a ProjectWatch, which notes what the rules looked at: the paths
 * they looked up (a project input read, or a path asked about: `.env.example` beside the file, the
 * manifest of its app), whether they went through the whole list of paths, and whether they read
 * the project's facts. Few checks do more than look up a handful of paths near the file, so a change
 * to a manifest or a Dockerfile concerns a file or two. No `vscode` here.
 */
import { Project } from '../core/project';

/** What one check read of its project (absent: nothing of that kind). */
export interface Dependencies {
  /** The paths it looked up: read, or asked whether they exist. */
  paths?: string[];
  /** It went through the list of paths. */
  allPaths?: true;
  /** It read the project's facts. */
  facts?: true;
}

/** A project that notes what a check reads of it (see Dependencies). */
export class ProjectWatch implements Project {
  readonly paths: ReadonlySet<string>;
  private looked?: Set<string>;
  private all = false;
  private askedFacts = false;

  constructor(private readonly inner: Project) {
    this.paths = new WatchedPaths(inner.paths, this);
  }

  read(path: string): string | undefined {
    this.look(path);
    return this.inner.read(path);
  }

  get facts(): ReadonlySet<string> | undefined {
    this.askedFacts = true;
    return this.inner.facts;
  }

  look(path: string): void {
    (this.looked ??= new Set()).add(path);
  }

  lookAtAll(): void {
    this.all = true;
  }

  /** What the check read, or undefined when it read nothing of the project. */
  dependencies(): Dependencies | undefined {
    if (!this.looked && !this.all && !this.askedFacts) return undefined;
    const d: Dependencies = {};
    if (this.looked) d.paths = [...this.looked];
    if (this.all) d.allPaths = true;
    if (this.askedFacts) d.facts = true;
    return d;
  }
}

/** The project's paths, noting each one asked about, and a walk through all of them. */
class WatchedPaths implements ReadonlySet<string> {
  constructor(private readonly inner: ReadonlySet<string>, private readonly watch: ProjectWatch) {}
  has(path: string): boolean {
    this.watch.look(path);
    return this.inner.has(path);
  }
  get size(): number {
    this.watch.lookAtAll();
    return this.inner.size;
  }
  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    this.watch.lookAtAll();
    this.inner.forEach((v, k) => callback.call(thisArg, v, k, this));
  }
  entries(): IterableIterator<[string, string]> {
    this.watch.lookAtAll();
    return this.inner.entries();
  }
  keys(): IterableIterator<string> {
    this.watch.lookAtAll();
    return this.inner.keys();
  }
  values(): IterableIterator<string> {
    this.watch.lookAtAll();
    return this.inner.values();
  }
  [Symbol.iterator](): IterableIterator<string> {
    this.watch.lookAtAll();
    return this.inner[Symbol.iterator]();
  }
}

/**
 * What each checked file's last check read, by file (URI string). Changes to a project are rare, so
 * the files a change concerns are looked for when it happens, over every file's record, rather than
 * kept in an index: the records are small (a file looks up about 17 paths, most of them the same
 * `.env.example` names up its folders), and each distinct record is kept once, shared by the files
 * of a folder.
 */
export class Dependents {
  private readonly byFile = new Map<string, { folder: string; deps: Dependencies }>();
  private readonly interned = new Map<string, Dependencies>();

  /** Records what `file`'s last check read (replacing what the one before read); `folder`: its folder's URI string. */
  set(file: string, folder: string, deps: Dependencies | undefined): void {
    if (!deps) { this.byFile.delete(file); return; }
    this.byFile.set(file, { folder, deps: this.intern(deps) });
  }

  delete(file: string): void {
    this.byFile.delete(file);
  }

  /** What `file`'s last check read (undefined: nothing of its project). */
  get(file: string): Dependencies | undefined {
    return this.byFile.get(file)?.deps;
  }

  /** Forgets the files whose keys start with `prefix` (a deleted folder's, `…/folder/`). */
  deleteUnder(prefix: string): void {
    for (const file of this.byFile.keys()) if (file.startsWith(prefix)) this.byFile.delete(file);
  }

  /**
   * The files of `folder` whose findings a change can change: to `paths` (their text, or whether they
   * exist) and, with `facts`, to the project's facts.
   */
  ofChange(folder: string, paths: readonly string[], facts: boolean): string[] {
    const changed = new Set(paths);
    const out: string[] = [];
    for (const [file, { folder: f, deps }] of this.byFile) {
      if (f !== folder) continue;
      if ((facts && deps.facts) || (changed.size && (deps.allPaths || deps.paths?.some(p => changed.has(p))))) out.push(file);
    }
    return out;
  }

  /** The record equal to `deps` kept already, else `deps` (kept from now on). */
  private intern(deps: Dependencies): Dependencies {
    const key = `${deps.allPaths ? 'a' : ''}${deps.facts ? 'f' : ''}\n${deps.paths?.join('\n') ?? ''}`;
    const known = this.interned.get(key);
    if (known) return known;
    this.interned.set(key, deps);
    return deps;
  }
}
