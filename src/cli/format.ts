/**
 * The CLI's three output formats. JSON and SARIF are contracts other tools parse: change them only
 * with a version bump. Every message is already masked by the rules, so nothing here handles secrets.
 */
import { createHash } from 'crypto';
import { FACTORS } from '../core/factors';
import { ruleDocsUrl, REPOSITORY_URL } from '../core/docs';
import { MALFORMED_FILE_ID } from '../core/malformed';
import { RULES_BY_ID } from '../core/rules';
import { FactorStatus, Scorecard } from '../core/scorecard';
import { Finding, Severity } from '../core/types';

export interface FileFindings {
  path: string;
  /** The file's text, for SARIF fingerprints. */
  lines: (line: number) => string;
  findings: Finding[];
}

export interface Report {
  version: string;
  files: FileFindings[];
  skipped: { path: string; reason: string }[];
  errors: { path: string; message: string }[];
  /** Only with --scorecard: text and JSON show it, SARIF does not. */
  scorecard?: Scorecard;
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * Control characters (a line break or an escape sequence in a file name) written as `\xNN`, so a
 * hostile path cannot forge output lines or drive the terminal.
 */
function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, ch => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function sorted(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => a.range.start.offset - b.range.start.offset || order[a.severity] - order[b.severity]);
}

/** ESLint "stylish"-like text: a block per file, one line per finding, a summary. */
export function formatText(r: Report, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of r.files) {
    if (!f.findings.length) continue;
    out.push(c('4', printable(f.path)));
    for (const x of sorted(f.findings)) {
      counts[x.severity]++;
      const loc = `${x.range.start.line + 1}:${x.range.start.column + 1}`;
      const factor = x.factor ? `Factor ${FACTORS[x.factor.number - 1].roman}` : '';
      out.push(`  ${loc.padEnd(8)} ${c(sevColor[x.severity], x.severity.padEnd(7))} ${printable(x.message)}  ${c('90', [x.ruleId, factor].filter(Boolean).join(' · '))}`);
    }
    out.push('');
  }
  for (const e of r.errors) out.push(`${c('31', 'error')} ${printable(e.path)}: ${printable(e.message)}`);
  if (r.skipped.length) {
    out.push(c('90', `Skipped ${r.skipped.length} file(s):`));
    for (const s of r.skipped) out.push(c('90', `  ${printable(s.path)} (${s.reason})`));
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  out.push(total
    ? `${total} problem(s): ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info, ${counts.hint} hint(s)`
    : c('32', 'No twelve-factor problems found.'));
  if (r.scorecard) out.push('', ...scorecardLines(r.scorecard, c));
  return out.join('\n') + '\n';
}

const statusMark: Record<FactorStatus, [string, string, string]> = {
  pass: ['32', '✓', 'pass'], warn: ['33', '!', 'warn'], fail: ['31', '✗', 'fail'], 'not-checked': ['90', '-', 'not checked'],
};

/** A table: one row per factor with its status, counts by severity and the first note, then the verdict. */
function scorecardLines(s: Scorecard, c: (code: string, s: string) => string): string[] {
  const out = [c('1', 'Scorecard') + ' '.repeat(22) + c('90', `${'status'.padEnd(14)}  E  W  I  H  notes`)];
  for (const f of s.factors) {
    const [code, mark, label] = statusMark[f.status];
    const counts = [f.counts.error, f.counts.warning, f.counts.info, f.counts.hint].map(n => String(n).padStart(2)).join(' ');
    const found = f.counts.error + f.counts.warning + f.counts.info + f.counts.hint - f.observations.length;
    const where = found > 0 && f.files.length ? `${found} finding${found === 1 ? '' : 's'} in ${f.files.slice(0, 3).join(', ')}${f.files.length > 3 ? ` and ${f.files.length - 3} more` : ''}` : undefined;
    const note = f.observations[0] ?? where ?? f.evidence[0] ?? f.manual;
    out.push(`  ${f.factor.roman.padEnd(5)}${f.factor.title.padEnd(24)}${c(code, `${mark} ${label}`.padEnd(14))} ${counts}  ${note}`);
  }
  out.push(s.summary.verdict);
  return out;
}

export function formatJson(r: Report): string {
  const findings = r.files.flatMap(f => sorted(f.findings).map(x => ({
    ruleId: x.ruleId,
    factor: x.factor ? { number: x.factor.number, slug: x.factor.slug } : null,
    severity: x.severity,
    message: x.message,
    path: f.path,
    line: x.range.start.line + 1,
    column: x.range.start.column + 1,
    endLine: x.range.end.line + 1,
    endColumn: x.range.end.column + 1,
  })));
  const json = { version: 1, tool: { name: 'twelve-factor', version: r.version }, findings, skipped: r.skipped, errors: r.errors };
  return JSON.stringify(r.scorecard ? { ...json, scorecard: r.scorecard } : json, null, 2) + '\n';
}

const sarifLevel: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 as GitHub code scanning reads it. */
export function formatSarif(r: Report): string {
  const ruleIds = [...new Set(r.files.flatMap(f => f.findings.map(x => x.ruleId)))].sort();
  const rules = ruleIds.map(id => {
    const meta = RULES_BY_ID.get(id)?.meta;
    const factor = meta ? FACTORS.find(f => f.slug === meta.factor) : undefined;
    return {
      id,
      name: id.split('/')[1].replace(/(^|-)([a-z])/g, (_, _d, ch: string) => ch.toUpperCase()),
      shortDescription: { text: meta?.title ?? id },
      fullDescription: { text: meta ? `${meta.description} ${meta.remedy}` : id === MALFORMED_FILE_ID ? 'A file the checks could not read: not valid JSON or YAML, a .env line dotenv skips, a Dockerfile instruction Docker does not accept.' : 'A problem with the tool\'s own configuration or a suppression comment.' },
      helpUri: ruleDocsUrl(id),
      help: { text: meta?.remedy ?? 'See the documentation.' },
      defaultConfiguration: { level: sarifLevel[meta?.severity ?? 'warning'] },
      properties: { tags: ['twelve-factor', ...(factor ? [`factor-${factor.roman}`, factor.slug] : [])] },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results = r.files.flatMap(f => sorted(f.findings).map(x => ({
    ruleId: x.ruleId,
    ruleIndex: index.get(x.ruleId)!,
    level: sarifLevel[x.severity],
    message: { text: x.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' },
        region: { startLine: x.range.start.line + 1, startColumn: x.range.start.column + 1, endLine: x.range.end.line + 1, endColumn: x.range.end.column + 1 },
      },
    }],
    partialFingerprints: {
      // stable across unrelated edits above the finding: the rule, the file and the line's text
      primaryLocationLineHash: createHash('sha256').update(`${x.ruleId}\0${f.path}\0${f.lines(x.range.start.line).trim()}`).digest('hex').slice(0, 32),
    },
  })));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'twelve-factor', version: r.version, semanticVersion: r.version, informationUri: REPOSITORY_URL, rules } },
      results,
      invocations: [{
        executionSuccessful: r.errors.length === 0,
        // errors first (a file that could not be read), then each file left out and why, once
        toolExecutionNotifications: [
          ...r.errors.map(e => ({ level: 'error', message: { text: `${e.path}: ${e.message}` } })),
          ...r.skipped.map(s => ({
            level: 'note',
            message: { text: `${s.path}: not checked (${s.reason})` },
            locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.path), uriBaseId: '%SRCROOT%' } } }],
          })),
        ],
      }],
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
