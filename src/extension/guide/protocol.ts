/**
 * Messages between the guide webview (media/guide/guide.js) and the extension. Everything the page
 * sends is untrusted input: `parseFromPage` accepts only these shapes and drops anything else.
 */

export interface FactorView {
  slug: string;
  number: number;
  roman: string;
  title: string;
  summary: string;
  link: string;
  /** The explanation, as HTML rendered from walkthroughs/NN-<slug>.md by VS Code's markdown renderer. */
  html: string;
  rules: RuleView[];
  /** Commands offered on this factor's page, each from the allowlist. */
  actions: { command: string; title: string }[];
}

export interface RuleView {
  id: string;
  title: string;
  description: string;
  remedy: string;
  severity: string;
}

export interface FindingView {
  ruleId: string;
  factor: string;
  severity: string;
  message: string;
  /** Workspace-relative path shown to the user. */
  path: string;
  /** The file's URI, which the page sends back to open it. */
  uri: string;
  line: number;
  column: number;
}

export interface TileView {
  slug: string;
  roman: string;
  title: string;
  status: 'pass' | 'warn' | 'fail' | 'not-checked';
  counts: { error: number; warning: number; info: number; hint: number };
  note: string;
}

export interface ScorecardView {
  tiles: TileView[];
  summary: string;
  scanned: boolean;
}

export type ToPage =
  | { type: 'state'; factors: FactorView[]; findings: FindingView[]; scorecard: ScorecardView }
  | { type: 'findings'; findings: FindingView[]; scorecard: ScorecardView }
  | { type: 'show'; page: string };

export type FromPage =
  /** The page has loaded its script and asks for the state. */
  | { type: 'hello' }
  /** The page has rendered the state: the factor titles it shows. */
  | { type: 'ready'; factors: string[] }
  | { type: 'open'; uri: string; line: number; column: number }
  | { type: 'command'; command: string; arg?: string }
  | { type: 'navigated'; page: string };

/** Commands the page may ask for; anything else is refused. */
export const PAGE_COMMANDS: ReadonlySet<string> = new Set([
  'twelveFactor.scanWorkspace', 'twelveFactor.addDockerfile', 'twelveFactor.generateEnvExample', 'twelveFactor.addProcfile',
  'twelveFactor.addCompose', 'twelveFactor.scaffold', 'twelveFactor.showOutput',
]);

const isStr = (v: unknown, max = 2000): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000_000;

/** The message if it is one the page is allowed to send, else undefined. */
export function parseFromPage(m: unknown): FromPage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'hello':
      return { type: 'hello' };
    case 'ready':
      return Array.isArray(o.factors) && o.factors.length <= 20 && o.factors.every(f => isStr(f, 200)) ? { type: 'ready', factors: o.factors as string[] } : undefined;
    case 'open':
      return isStr(o.uri) && isInt(o.line) && isInt(o.column) ? { type: 'open', uri: o.uri, line: o.line, column: o.column } : undefined;
    case 'command':
      return isStr(o.command, 100) && PAGE_COMMANDS.has(o.command) && (o.arg === undefined || isStr(o.arg, 200))
        ? { type: 'command', command: o.command, arg: o.arg as string | undefined } : undefined;
    case 'navigated':
      return isStr(o.page, 200) ? { type: 'navigated', page: o.page } : undefined;
    default:
      return undefined;
  }
}
