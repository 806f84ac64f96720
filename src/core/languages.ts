/**
 * Language families: which lexical rules apply to a document, from its VS Code languageId and its
 * file name. The CLI has no languageId, so it infers one from the path the same way VS Code would.
 */
import { own } from './own';


/** A family groups languages that share comment and string syntax. */
export type Family =
  | 'js' | 'python' | 'go' | 'java' | 'kotlin' | 'csharp' | 'ruby' | 'php' | 'rust'
  | 'yaml' | 'json' | 'properties' | 'toml' | 'ini' | 'xml' | 'dotenv' | 'dockerfile' | 'shell' | 'generic';

/** Families whose values are data, not code: every non-comment character is part of a value. */
const DATA_FAMILIES: ReadonlySet<Family> = new Set<Family>(['yaml', 'json', 'properties', 'toml', 'ini', 'xml', 'dotenv']);

export function isDataFamily(f: Family): boolean {
  return DATA_FAMILIES.has(f);
}

/** The languages the engine claims to understand (VS Code languageIds). */
export const CODE_LANGUAGES = [
  'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go', 'java', 'kotlin',
  'csharp', 'ruby', 'php', 'rust',
] as const;

const BY_LANGUAGE_ID: Record<string, Family> = {
  javascript: 'js', javascriptreact: 'js', typescript: 'js', typescriptreact: 'js', vue: 'js', svelte: 'js',
  python: 'python', go: 'go', java: 'java', kotlin: 'kotlin', csharp: 'csharp', ruby: 'ruby', php: 'php', rust: 'rust',
  yaml: 'yaml', 'github-actions-workflow': 'yaml', 'dockercompose': 'yaml',
  json: 'json', jsonc: 'json', jsonl: 'json',
  properties: 'properties', 'java-properties': 'properties', spring: 'properties',
  toml: 'toml', ini: 'ini', xml: 'xml', dotenv: 'dotenv', dockerfile: 'dockerfile',
  shellscript: 'shell', procfile: 'shell',
};

const BY_EXTENSION: Record<string, string> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascriptreact',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescriptreact',
  '.py': 'python', '.pyw': 'python', '.go': 'go', '.java': 'java', '.kt': 'kotlin', '.kts': 'kotlin',
  '.cs': 'csharp', '.rb': 'ruby', '.rake': 'ruby', '.gemspec': 'ruby', '.php': 'php', '.rs': 'rust',
  '.yml': 'yaml', '.yaml': 'yaml', '.json': 'json', '.jsonc': 'jsonc', '.properties': 'properties',
  '.toml': 'toml', '.ini': 'ini', '.cfg': 'ini', '.xml': 'xml', '.config': 'xml', '.csproj': 'xml',
  '.sh': 'shellscript', '.bash': 'shellscript', '.zsh': 'shellscript', '.dockerfile': 'dockerfile',
};

const BY_BASENAME: Record<string, string> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', gemfile: 'ruby', rakefile: 'ruby', 'config.ru': 'ruby',
  procfile: 'shellscript', 'pipfile': 'toml', '.twelve-factor.yml': 'yaml',
};

function basename(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}

/** The VS Code languageId a file of this path would get, or 'plaintext'. */
export function languageIdForPath(path: string): string {
  const name = basename(path).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  const byName = own(BY_BASENAME, name);
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  const byExtension = dot >= 0 ? own(BY_EXTENSION, name.slice(dot)) : undefined;
  // Dockerfile.prod is a Dockerfile; dockerfile.ts is TypeScript
  if (!byExtension && (name.startsWith('dockerfile.') || name.startsWith('containerfile.'))) return 'dockerfile';
  return byExtension ?? 'plaintext';
}

/**
 * The family for a document. The path wins over the languageId where VS Code's default association
 * is too coarse (`.env.production` is often shown as plaintext or properties).
 */
export function familyFor(languageId: string, path: string): Family {
  const fromPath = languageIdForPath(path);
  if (fromPath === 'dotenv' || fromPath === 'dockerfile') return BY_LANGUAGE_ID[fromPath];
  return own(BY_LANGUAGE_ID, languageId) ?? own(BY_LANGUAGE_ID, fromPath) ?? 'generic';
}

/** How a line comment is written in a family, for suppression comments the fixes insert. */
export function lineCommentPrefix(f: Family): string | undefined {
  switch (f) {
    case 'js': case 'go': case 'java': case 'kotlin': case 'csharp': case 'php': case 'rust': case 'json': return '//';
    case 'python': case 'ruby': case 'yaml': case 'properties': case 'toml': case 'dotenv': case 'dockerfile': case 'shell': case 'generic': return '#';
    case 'ini': return ';';
    case 'xml': return undefined;
  }
}
