/**
 * One EngineConfig from three layers: built-in defaults, the project's `.twelve-factor.yml`, and
 * the user's settings (which win). Parsing reports problems with line and column instead of
 * throwing, so a malformed file becomes one clear finding and the rest of the engine goes on.
 */
import type { Node, Document } from 'yaml';
import { safeRegex, yamlLib } from './lazy';
import { FactorSlug, isFactorSlug } from './factors';
import { SEVERITIES, Severity, SeveritySetting } from './types';
import { MAX_YAML_BYTES, MAX_YAML_FLOW_DEPTH, yamlTooDeepAt } from './yamlGuard';

export const PROJECT_CONFIG_FILE = '.twelve-factor.yml';

export interface CustomRuleSpec {
  id: string;
  factor: FactorSlug;
  pattern: RegExp;
  message: string;
  /** VS Code languageIds; empty means every file. */
  languages: string[];
  severity: Severity;
}

export interface EngineConfig {
  /** Per-rule severity overrides; `off` disables the rule. */
  rules: Record<string, SeveritySetting>;
  /** Globs (relative to the project root) of files never checked. */
  ignore: string[];
  /** Globs of test files. */
  testFiles: string[];
  /** The severity findings in test files get (`off` skips test files). */
  testFileSeverity: SeveritySetting;
  /** Files larger than this are skipped and listed. */
  maxFileSizeKB: number;
  customRules: CustomRuleSpec[];
}

export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/specs/**', '**/testdata/**', '**/fixtures/**',
  '**/*.test.*', '**/*.spec.*', '**/*_test.go', '**/test_*.py', '**/*_test.py', '**/*_spec.rb', '**/*Test.java',
  '**/*Tests.java', '**/*Test.kt', '**/*Tests.cs', '**/conftest.py',
];

export const DEFAULT_IGNORE_GLOBS: readonly string[] = [
  '**/node_modules/**', '**/vendor/**', '**/dist/**', '**/build/**', '**/out/**', '**/target/**', '**/.git/**',
  '**/.venv/**', '**/venv/**', '**/site-packages/**', '**/__pycache__/**', '**/bin/Debug/**', '**/bin/Release/**', '**/obj/**',
  '**/*.min.js', '**/*.min.css', '**/*.map', '**/package-lock.json', '**/yarn.lock', '**/pnpm-lock.yaml',
  '**/Cargo.lock', '**/Gemfile.lock', '**/composer.lock', '**/poetry.lock', '**/go.sum',
];

export function defaultConfig(): EngineConfig {
  return {
    rules: {},
    ignore: [...DEFAULT_IGNORE_GLOBS],
    testFiles: [...DEFAULT_TEST_GLOBS],
    testFileSeverity: 'hint',
    maxFileSizeKB: 1024,
    customRules: [],
  };
}

/** A problem in a configuration file, 0-based line and column. */
export interface ConfigProblem {
  message: string;
  line: number;
  column: number;
  offset: number;
  length: number;
}

/** What a `.twelve-factor.yml` sets; only the fields it mentions. */
export type ConfigLayer = Partial<EngineConfig>;

/**
 * Layers in increasing priority: later layers win. Rule overrides merge key by key; `ignore`
 * globs add up (an ignore in any layer ignores); other fields are replaced.
 */
export function mergeConfig(base: EngineConfig, ...layers: ConfigLayer[]): EngineConfig {
  const out: EngineConfig = { ...base, rules: { ...base.rules }, ignore: [...base.ignore], customRules: [...base.customRules] };
  for (const l of layers) {
    if (l.rules) Object.assign(out.rules, l.rules);
    if (l.ignore) out.ignore.push(...l.ignore);
    if (l.testFiles) out.testFiles = [...l.testFiles];
    if (l.testFileSeverity) out.testFileSeverity = l.testFileSeverity;
    if (l.maxFileSizeKB !== undefined) out.maxFileSizeKB = l.maxFileSizeKB;
    if (l.customRules) out.customRules.push(...l.customRules);
  }
  return out;
}

const SETTINGS: readonly string[] = [...SEVERITIES, 'off'];

/**
 * Parse `.twelve-factor.yml`. Unknown keys and wrong types are problems, not exceptions:
 *
 * ```yaml
 * rules:
 *   config/hardcoded-host: off
 * ignore: ["scripts/**"]
 * testFiles: ["**\/e2e/**"]
 * testFileSeverity: hint
 * maxFileSizeKB: 2048
 * customRules:
 *   - id: custom/no-internal-api
 *     factor: config
 *     pattern: "api\\.corp\\.internal"
 *     message: Read the API address from API_URL.
 *     languages: [javascript, typescript]
 *     severity: warning
 * ```
 *
 * @param knownRuleIds ids that `rules:` may name; an unknown id is reported.
 */
export function parseProjectConfig(text: string, knownRuleIds?: ReadonlySet<string>): { layer: ConfigLayer; problems: ConfigProblem[] } {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar } = yamlLib();
  const lc = new LineCounter();
  const problems: ConfigProblem[] = [];
  const layer: ConfigLayer = {};
  let doc: Document;
  if (text.length > MAX_YAML_BYTES) {
    return { layer, problems: [{ message: `${PROJECT_CONFIG_FILE} is larger than ${MAX_YAML_BYTES / 1024} KB, more than any configuration needs; it is not read.`, line: 0, column: 0, offset: 0, length: 1 }] };
  }
  const deep = yamlTooDeepAt(text);
  if (deep >= 0) {
    const lineStart = text.lastIndexOf('\n', deep - 1) + 1;
    let line = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1)) line++;
    return { layer, problems: [{ message: `${PROJECT_CONFIG_FILE} nests brackets more than ${MAX_YAML_FLOW_DEPTH} levels deep here, which no configuration needs; it is not read.`, line, column: deep - lineStart, offset: deep, length: 1 }] };
  }
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return { layer, problems: [{ message: `cannot parse ${PROJECT_CONFIG_FILE}: ${(e as Error).message}`, line: 0, column: 0, offset: 0, length: 0 }] };
  }
  const at = (node: Node | null | undefined, message: string, fallback = 0) => {
    const offset = node?.range?.[0] ?? fallback;
    const pos = lc.linePos(offset);
    const length = Math.max(1, (node?.range?.[1] ?? offset + 1) - offset);
    problems.push({ message, line: pos.line - 1, column: pos.col - 1, offset, length });
  };
  // the first YAML error is the one to fix; the rest usually follow from it
  const err = doc.errors[0];
  if (err) {
    const offset = err.pos[0];
    const pos = lc.linePos(offset);
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more after it)` : '';
    problems.push({ message: `${PROJECT_CONFIG_FILE} is not valid YAML: ${err.message.split('\n')[0]}${more}`, line: pos.line - 1, column: pos.col - 1, offset, length: Math.max(1, err.pos[1] - offset) });
  }
  if (doc.errors.length) return { layer, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { layer, problems };
  if (!isMap(root)) { at(root, `${PROJECT_CONFIG_FILE} must be a mapping of settings (rules, ignore, testFiles, testFileSeverity, maxFileSizeKB, customRules)`); return { layer, problems }; }

  const strings = (node: unknown, what: string): string[] | undefined => {
    if (!isSeq(node) || !node.items.every(isScalar) || !node.items.every(i => typeof (i as { value: unknown }).value === 'string')) {
      at(node as Node, `${what} must be a list of strings`);
      return undefined;
    }
    return node.items.map(i => String((i as { value: unknown }).value));
  };

  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    switch (key) {
      case 'rules': {
        if (!isMap(value)) { at(value ?? keyNode, '`rules` must map rule ids to off, hint, info, warning or error'); break; }
        const rules: Record<string, SeveritySetting> = {};
        for (const rp of value.items) {
          const id = isScalar(rp.key) ? String(rp.key.value) : '';
          const sev = isScalar(rp.value) ? String(rp.value.value) : '';
          if (knownRuleIds && !knownRuleIds.has(id)) { at(rp.key as Node, `unknown rule id "${id}"`); continue; }
          if (!SETTINGS.includes(sev)) { at((rp.value ?? rp.key) as Node, `severity of ${id} must be one of ${SETTINGS.join(', ')}`); continue; }
          rules[id] = sev as SeveritySetting;
        }
        layer.rules = rules;
        break;
      }
      case 'ignore': { const v = strings(value, '`ignore`'); if (v) layer.ignore = v; break; }
      case 'testFiles': { const v = strings(value, '`testFiles`'); if (v) layer.testFiles = v; break; }
      case 'testFileSeverity': {
        const sev = isScalar(value) ? String(value.value) : '';
        if (!SETTINGS.includes(sev)) at(value ?? keyNode, `testFileSeverity must be one of ${SETTINGS.join(', ')}`);
        else layer.testFileSeverity = sev as SeveritySetting;
        break;
      }
      case 'maxFileSizeKB': {
        const n = isScalar(value) ? value.value : undefined;
        if (typeof n !== 'number' || !(n > 0)) at(value ?? keyNode, 'maxFileSizeKB must be a positive number');
        else layer.maxFileSizeKB = n;
        break;
      }
      case 'customRules': {
        if (!isSeq(value)) { at(value ?? keyNode, '`customRules` must be a list'); break; }
        layer.customRules = [];
        for (const item of value.items) {
          const r = parseCustomRule(item as Node, at);
          if (r) layer.customRules.push(r);
        }
        break;
      }
      default:
        at(keyNode, `unknown setting "${key}" (expected rules, ignore, testFiles, testFileSeverity, maxFileSizeKB or customRules)`);
    }
  }
  return { layer, problems };
}

/** Longer user patterns are refused: safe-regex2's star-height check is only sound for readable ones. */
const MAX_PATTERN_LENGTH = 1000;

function parseCustomRule(node: Node, at: (n: Node | null | undefined, m: string) => void): CustomRuleSpec | undefined {
  const { isMap, isSeq, isScalar } = yamlLib();
  if (!isMap(node)) { at(node, 'a custom rule must be a mapping with id, factor, pattern and message'); return undefined; }
  const get = (k: string) => node.items.find(p => isScalar(p.key) && p.key.value === k);
  const str = (k: string): string | undefined => {
    const p = get(k);
    return p && isScalar(p.value) && typeof p.value.value === 'string' ? p.value.value : undefined;
  };
  const id = str('id'), factor = str('factor'), pattern = str('pattern'), message = str('message');
  if (!id || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id)) { at(get('id')?.value as Node ?? node, 'custom rule needs an `id` like "custom/no-internal-api"'); return undefined; }
  if (!factor || !isFactorSlug(factor)) { at(get('factor')?.value as Node ?? node, `custom rule ${id}: \`factor\` must be a factor slug such as config or logs`); return undefined; }
  if (!message) { at(node, `custom rule ${id} needs a \`message\``); return undefined; }
  if (!pattern) { at(node, `custom rule ${id} needs a \`pattern\` (a regular expression)`); return undefined; }
  let re: RegExp;
  try { re = new RegExp(pattern, 'g'); } catch (e) { at(get('pattern')?.value as Node, `custom rule ${id}: invalid regular expression: ${(e as Error).message}`); return undefined; }
  // it runs on every keystroke: a pattern that can backtrack exponentially would freeze the editor
  const unsafe = pattern.length > MAX_PATTERN_LENGTH ? `is longer than ${MAX_PATTERN_LENGTH} characters`
    : !safeRegex(re) ? 'could take exponential time on some text (a repetition inside a repetition, such as (a+)+ or (\\w+\\s?)*); rewrite it without nesting repetitions' : undefined;
  if (unsafe) { at(get('pattern')?.value as Node, `custom rule ${id} is off: its pattern ${unsafe}.`); return undefined; }
  const sevRaw = str('severity') ?? 'warning';
  if (!(SEVERITIES as readonly string[]).includes(sevRaw)) { at(get('severity')?.value as Node, `custom rule ${id}: severity must be one of ${SEVERITIES.join(', ')}`); return undefined; }
  const langNode = get('languages')?.value;
  const languages = isSeq(langNode) ? langNode.items.filter(isScalar).map(i => String(i.value)) : [];
  return { id, factor, pattern: re, message, languages, severity: sevRaw as Severity };
}
