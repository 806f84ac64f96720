/**
 * What project-level rules may know about the files around the one being linted, without doing
 * I/O themselves: the caller (CLI or extension) builds it from the disk or the workspace.
 */
export interface Project {
  /** Paths relative to the project root with `/` separators. */
  readonly paths: ReadonlySet<string>;
  /** The text of a small project file (manifests, .env.example, .gitignore), if it exists and was read. */
  read(path: string): string | undefined;
}

/** A project made from a map of path to text (tests, and the CLI once it has read the files). */
export function projectFromMap(files: ReadonlyMap<string, string>): Project {
  return { paths: new Set(files.keys()), read: p => files.get(p) };
}
