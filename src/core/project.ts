/**
 * What project-level rules may know about the files around the one being linted, without doing
 * I/O themselves: the caller (CLI or extension) builds it from the disk or the workspace.
 */
import { factsOf } from './facts';

export interface Project {
  /** Paths relative to the project root with `/` separators. */
  readonly paths: ReadonlySet<string>;
  /** The text of a small project file (manifests, .env.example, .gitignore), if it exists and was read. */
  read(path: string): string | undefined;
  /**
   * Facts found in the project's files (see facts.ts). Undefined when the caller could not look at
   * every file: project-level rules then stay silent rather than guess.
   */
  readonly facts?: ReadonlySet<string>;
}

/** A project made from a map of path to text (tests, and the CLI once it has read the files). */
export function projectFromMap(files: ReadonlyMap<string, string>): Project {
  const facts = new Set<string>();
  for (const [path, text] of files) for (const f of factsOf(path, text)) facts.add(f);
  return { paths: new Set(files.keys()), read: p => files.get(p), facts };
}
