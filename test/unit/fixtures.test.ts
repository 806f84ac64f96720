/**
 * One loop runs every rule against its fixtures: test/fixtures/<factor>/<rule>/ holds sample files
 * (positives and tempting negatives, in every language the rule claims) and expected.json, which
 * maps each file to the findings it must produce, as "line:column" (1-based) or "line".
 * A file mapped to [] must produce no finding of that rule. Every file must be listed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/core/config';
import { lint } from '../../src/core/engine';
import { projectFromMap } from '../../src/core/project';
import { RULES_BY_ID } from '../../src/core/rules';
import { FIXTURES } from './paths';


function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p, base);
    return [path.relative(base, p).split(path.sep).join('/')];
  });
}

export interface RuleFixtures { ruleId: string; dir: string; expected: Record<string, (string | number)[]> }

export function ruleFixtureDirs(): RuleFixtures[] {
  const out: RuleFixtures[] = [];
  for (const factor of fs.readdirSync(FIXTURES)) {
    const fdir = path.join(FIXTURES, factor);
    if (!fs.statSync(fdir).isDirectory()) continue;
    for (const rule of fs.readdirSync(fdir)) {
      const dir = path.join(fdir, rule);
      const exp = path.join(dir, 'expected.json');
      if (fs.existsSync(exp)) out.push({ ruleId: `${factor}/${rule}`, dir, expected: JSON.parse(fs.readFileSync(exp, 'utf8')) });
    }
  }
  return out;
}

suite('rule fixtures', () => {
  const all = ruleFixtureDirs();
  test('every built-in rule has fixtures', () => {
    const withFixtures = new Set(all.map(r => r.ruleId));
    for (const id of RULES_BY_ID.keys()) assert.ok(withFixtures.has(id), `${id} has test/fixtures/${id}/expected.json`);
  });

  for (const { ruleId, dir, expected } of all) {
    suite(ruleId, () => {
      const rule = RULES_BY_ID.get(ruleId);
      const files = filesUnder(dir).filter(f => f !== 'expected.json');
      const texts = new Map(files.map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
      const project = projectFromMap(texts);

      test('is a known rule and every fixture file is listed', () => {
        assert.ok(rule, `no rule with id ${ruleId}`);
        assert.deepStrictEqual([...files].sort(), Object.keys(expected).sort());
      });
      for (const file of files) {
        const want = (expected[file] ?? []).map(String);
        test(`${want.length ? 'flags' : 'ignores'} ${file}`, () => {
          if (!rule) return assert.fail(`no rule ${ruleId}`);
          const findings = lint({ path: file, text: texts.get(file)! }, { config: defaultConfig(), project, rules: [rule] })
            .filter(f => f.ruleId === ruleId);
          const got = findings.map(f => {
            const lc = `${f.range.start.line + 1}:${f.range.start.column + 1}`;
            return want.some(w => !w.includes(':') && w === String(f.range.start.line + 1)) ? String(f.range.start.line + 1) : lc;
          });
          assert.deepStrictEqual(got.sort(), [...want].sort(), findings.map(f => `${f.range.start.line + 1}:${f.range.start.column + 1} ${f.message}`).join('\n'));
          for (const f of findings) assert.ok(f.range.end.offset <= texts.get(file)!.length && f.range.start.offset <= f.range.end.offset);
        });
      }
    });
  }
});
