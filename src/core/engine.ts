/**
 * The engine: lint one document with the configured rules and turn their reports into Findings.
 * It owns everything rules should not decide: which files are skipped, severity overrides,
 * test-file downgrades, suppression comments, and the "Factor N (Title):" message prefix.
 */
import picomatch from 'picomatch';
import { EngineConfig, PROJECT_CONFIG_FILE, defaultConfig, parseProjectConfig } from './config';
import { factorBySlug, factorLabel, FactorSlug } from './factors';
import { Project } from './project';
import { Rule, Report, RuleContext, RuleMeta } from './rule';
import { anchored } from './anchors';
import { MALFORMED_FILE_ID, malformedFileFindings } from './malformed';
import { ALL_RULES, RULE_IDS } from './rules';
import { SourceFile } from './source';
import { findSuppressions } from './suppress';
import { Finding, Severity, SeveritySetting } from './types';
import { isDocumentation } from './values';

export { prepareSharedScan, prepareSharedScanStep } from './anchors';

/** Ids of findings about the tool's own input rather than a twelve-factor problem. */
export const CONFIG_ERROR_ID = 'twelve-factor/config-error';
export const UNKNOWN_RULE_ID = 'twelve-factor/unknown-rule';
export const SLOW_RULE_ID = 'twelve-factor/slow-rule';

/**
 * How long one rule may take on one file. JavaScript cannot interrupt a running function, so a
 * built-in rule that overruns finishes once, is reported, and is not run on that file again in
 * this process; a custom rule's pattern is also stopped between two matches.
 */
export const RULE_BUDGET_MS = 500;
/** The rules that overran their budget, by file path, with the time they took. */
const overBudget = new Map<string, Map<string, number>>();
/** Forget which rules overran (a reload, a configuration change, tests). */
export function resetRuleBudgets(): void { overBudget.clear(); }

export interface LintInput {
  /** Relative to the project root, `/` separators. Globs and path-based rules match against it. */
  path: string;
  text: string;
  /** VS Code languageId; inferred from the path when omitted. */
  languageId?: string;
}

export interface LintOptions {
  config?: EngineConfig;
  project?: Project;
  /** Rules to run instead of all built-in ones (tests run one rule at a time). */
  rules?: readonly Rule[];
  /** Overrides RULE_BUDGET_MS (tests). */
  ruleBudgetMs?: number;
}

const matcherCache = new Map<string, (p: string) => boolean>();
const matcherByList = new WeakMap<readonly string[], (p: string) => boolean>();
/** A matcher for a list of globs; compiled once per distinct list. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  let m = matcherByList.get(globs);
  if (m) return m;
  const key = globs.join('\0');
  m = matcherCache.get(key);
  if (!m) {
    m = compileGlobs(globs);
    if (matcherCache.size > 50) matcherCache.clear();
    matcherCache.set(key, m);
  }
  matcherByList.set(globs, m);
  return m;
}

/**
 * The globs as one regular expression: what picomatch's matcher for the list answers (a path
 * matches a glob when it equals it or matches its regex), without a call per glob and path, which
 * cost about 8 µs per path with the default test globs.
 */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  if (!globs.length) return () => false;
  const literal = new Set(globs);
  // a path that holds none of the globs' required pieces of text matches none of them (most paths)
  const pieces = globs.map(requiredPiece);
  const mayMatch = pieces.every(x => x !== undefined) ? (p: string) => pieces.some(x => holdsPiece(p, x!)) : () => true;
  try {
    // each source is anchored itself; the leading `^` tells the regex engine to try position 0 only
    const re = new RegExp(`^(?:${globs.map(g => `(?:${picomatch.makeRe(g, { dot: true }).source})`).join('|')})`);
    return p => p !== '' && (literal.has(p) || (mayMatch(p) && re.test(p)));
  } catch {
    // sources that cannot share one pattern (say, a group name twice): one matcher per glob
    const each = picomatch(globs as string[], { dot: true });
    return p => each(p);
  }
}

/**
 * A piece of text every path a glob matches contains; `lead`: where a `/` stands before it in the
 * glob, so in the path it starts the path or follows a `/` (`**\/` may match nothing); `trail`: a
 * `/` after it in the glob, so in the path it ends the path or a `/` follows (`test/**` matches
 * `test`). Without the two, `**\/test/**` would send every path holding `latest` to the pattern.
 */
interface Piece { text: string; lead: boolean; trail: boolean }

/**
 * The longest run of plain characters in `glob`, without its slashes. Undefined for a glob whose
 * characters may not stand for themselves (negation, classes, braces, extglobs, escapes) or that
 * has none.
 */
function requiredPiece(glob: string): Piece | undefined {
  if (/[!\[\]{}()\\+@]/.test(glob)) return undefined;
  // picomatch reads `./src/**` as `src/**`
  const g = glob.replace(/^(?:\.\/)+/, '');
  let best: Piece | undefined;
  for (const m of g.matchAll(/[^*?]+/g)) {
    let from = m.index!, to = from + m[0].length;
    while (from < to && g[from] === '/') from++;
    while (to > from && g[to - 1] === '/') to--;
    if (to - from > (best?.text.length ?? 0)) best = { text: g.slice(from, to), lead: g[from - 1] === '/', trail: g[to] === '/' };
  }
  return best;
}

function holdsPiece(path: string, { text, lead, trail }: Piece): boolean {
  for (let i = path.indexOf(text); i >= 0; i = path.indexOf(text, i + 1)) {
    if (lead && i > 0 && path.charCodeAt(i - 1) !== 47) continue;
    const end = i + text.length;
    if (trail && end < path.length && path.charCodeAt(end) !== 47) continue;
    return true;
  }
  return false;
}

/** Why a file is not checked at all, or undefined when it is. Cheap: call it before reading. */
export function skipReasonForPath(path: string, sizeBytes: number, config: EngineConfig): string | undefined {
  if (globMatcher(config.ignore)(path)) return 'ignored';
  if (sizeBytes > config.maxFileSizeKB * 1024) return `larger than ${config.maxFileSizeKB} KB`;
  return undefined;
}

/** Why a file's content is not checked (binary or minified), or undefined. */
export function skipReasonForText(text: string): string | undefined {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  if (head.indexOf('\0') >= 0) return 'binary';
  // minified or generated: very long lines and few of them (average longer than 1000 characters)
  if (text.length > 20000) {
    let newlines = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      // enough lines already: the average is short, no need to count the rest
      if (++newlines + 1 >= text.length / 1000) return undefined;
    }
    if (text.length / (newlines + 1) > 1000) return 'minified (average line longer than 1000 characters)';
  }
  return undefined;
}

export function isTestFile(path: string, config: EngineConfig): boolean {
  // globMatcher looks the list itself up first: one config lints many files
  return globMatcher(config.testFiles)(path);
}

/** Whether a rule's trigger (one pattern, or one per family) matches the file's text. */
function triggered(trigger: NonNullable<RuleMeta['trigger']>, file: SourceFile): boolean {
  const re = trigger instanceof RegExp ? trigger : trigger[file.family];
  return re !== undefined && file.matches(anchored(re));
}

// every built-in trigger is in the shared scan from the first file on
for (const r of ALL_RULES) {
  const t = r.meta.trigger;
  if (t) for (const re of t instanceof RegExp ? [t] : Object.values(t)) if (re) anchored(re);
}

/** `config.rules` as a Map, built once per configuration: looked up for every rule of every file. */
function settingsOf(config: EngineConfig): ReadonlyMap<string, SeveritySetting> {
  let m = settingsCache.get(config.rules);
  if (!m) settingsCache.set(config.rules, m = new Map(Object.entries(config.rules)));
  return m;
}
const settingsCache = new WeakMap<object, ReadonlyMap<string, SeveritySetting>>();

/** The configuration of a caller that passes none, built once (the engine never changes it). */
let defaults: EngineConfig | undefined;

/** Lint one document. Never throws for any text; a rule that throws is reported, not propagated. */
export function lint(input: LintInput, options: LintOptions = {}): Finding[] {
  const config = options.config ?? (defaults ??= defaultConfig());
  const file = new SourceFile(input.path, input.text, input.languageId);
  const findings: Finding[] = [];
  const isConfigFile = file.baseName === PROJECT_CONFIG_FILE;
  if (isConfigFile) findings.push(...configFileFindings(file));

  if (isDocumentation(input.path)) return findings;
  const test = isTestFile(input.path, config);
  if (test && config.testFileSeverity === 'off') return findings;
  if (skipReasonForText(input.text)) return findings;
  // a manifest, .env, Dockerfile or compose file the rules cannot read is said so, not passed over
  if (config.rules[MALFORMED_FILE_ID] !== 'off') findings.push(...malformedFileFindings(file, config, test));

  const rules = options.rules ?? ALL_RULES;
  const budget = options.ruleBudgetMs ?? RULE_BUDGET_MS;
  let stopped = overBudget.get(input.path);
  const overran = (id: string, ms: number) => {
    if (ms <= budget) return;
    if (!stopped) overBudget.set(input.path, stopped = new Map());
    stopped.set(id, ms);
    findings.push(slowRuleFinding(file, id, ms, budget));
  };
  // only lexes the file when it mentions the directive at all
  const suppressions = findSuppressions(file);
  const settings = settingsOf(config);
  // one context and one list for every rule (checks are synchronous): most rules report nothing
  const reports: Report[] = [];
  const ctx: RuleContext = { file, project: options.project, report: r => { reports.push(r); } };
  for (const rule of rules) {
    const meta = rule.meta;
    const setting = settings.get(meta.id);
    if (setting === 'off') continue;
    if (meta.families !== 'all' && !meta.families.includes(file.family)) continue;
    // before the rule touches the file: a file no rule triggers on is never lexed
    if (meta.trigger && !triggered(meta.trigger, file)) continue;
    const spent = stopped?.get(meta.id);
    if (spent !== undefined) { findings.push(slowRuleFinding(file, meta.id, spent, budget)); continue; }
    reports.length = 0;
    const started = performance.now();
    try {
      rule.check(ctx);
    } catch (e) {
      findings.push(finding(file, CONFIG_ERROR_ID, undefined, 'hint', `rule ${meta.id} failed on this file: ${(e as Error).message}`, 0, 0));
      continue;
    }
    overran(meta.id, performance.now() - started);
    for (const r of reports) {
      const line = file.lineOf(r.start);
      if (suppressions.isSuppressed(meta.id, line)) continue;
      let severity: Severity = setting ?? r.severity ?? meta.severity;
      if (test && !meta.runsInTests && config.testFileSeverity !== 'off') severity = config.testFileSeverity;
      const f = finding(file, meta.id, meta.factor, severity, `${factorLabel(meta.factor)}: ${r.message}`, r.start, r.end);
      if (r.fixes?.length) f.fixes = r.fixes;
      findings.push(f);
    }
  }
  for (const c of config.customRules) {
    if (config.rules[c.id] === 'off') continue;
    if (c.languages.length && !c.languages.includes(file.languageId)) continue;
    const spent = stopped?.get(c.id);
    if (spent !== undefined) { findings.push(slowRuleFinding(file, c.id, spent, budget)); continue; }
    const started = performance.now();
    c.pattern.lastIndex = 0;
    for (const m of file.codeText.matchAll(c.pattern)) {
      if (m[0].length === 0) break; // an empty match would loop forever
      const start = m.index!;
      if (!suppressions.isSuppressed(c.id, file.lineOf(start))) {
        findings.push(finding(file, c.id, c.factor, config.rules[c.id] as Severity ?? c.severity, `${factorLabel(c.factor)}: ${c.message}`, start, start + m[0].length));
      }
      if (performance.now() - started > budget) break;
    }
    overran(c.id, performance.now() - started);
  }
  for (const n of suppressions.named) {
    if (!RULE_IDS.has(n.id) && !config.customRules.some(c => c.id === n.id)) {
      findings.push(finding(file, UNKNOWN_RULE_ID, undefined, 'hint', `"${n.id}" is not a twelve-factor rule id, so this suppression does nothing.`, n.start, n.end));
    }
  }
  return findings;
}

function slowRuleFinding(file: SourceFile, ruleId: string, ms: number, budget: number): Finding {
  return finding(file, SLOW_RULE_ID, undefined, 'info',
    `Rule ${ruleId} took ${Math.round(ms)} ms on this file, over its ${budget} ms budget, so it was stopped and is off for this file until VS Code reloads (or this CLI run ends). Its other findings may be missing here; exclude the file or report the rule.`, 0, 0);
}

function configFileFindings(file: SourceFile): Finding[] {
  const { problems } = parseProjectConfig(file.text, RULE_IDS);
  return problems.map(p => finding(file, CONFIG_ERROR_ID, undefined, 'error', p.message, p.offset, p.offset + p.length));
}

function finding(file: SourceFile, ruleId: string, factor: FactorSlug | undefined, severity: Severity, message: string, start: number, end: number): Finding {
  const f: Finding = { ruleId, severity, message, range: { start: file.positionAt(start), end: file.positionAt(Math.max(start, end)) } };
  if (factor) { const fa = factorBySlug(factor); f.factor = { number: fa.number, slug: fa.slug }; }
  return f;
}
