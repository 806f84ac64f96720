/**
 * No regular expression in the engine may backtrack catastrophically: the engine runs on every
 * keystroke over files it has never seen. Every regex literal and `new RegExp('...')` in src/core is
 * found with the TypeScript parser and checked by recheck, a ReDoS checker. recheck takes up to
 * seconds per pattern, so verdicts are cached by exact source and flags in node_modules/.cache:
 * a clean checkout (CI) checks every pattern; a later run only the ones that changed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { check } from 'recheck';
import { ROOT } from './paths';

interface Found { file: string; line: number; source: string; flags: string }

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function regexesIn(file: string): Found[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Found[] = [];
  const rel = path.relative(ROOT, file);
  const visit = (n: ts.Node) => {
    if (ts.isRegularExpressionLiteral(n)) {
      const lit = n.text;
      const slash = lit.lastIndexOf('/');
      out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, source: lit.slice(1, slash), flags: lit.slice(slash + 1) });
    } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp' && n.arguments?.length) {
      const [src, flags] = n.arguments;
      // only literal sources can be checked statically; built patterns are checked where they are built
      if (ts.isStringLiteralLike(src)) {
        out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, source: src.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const CACHE = path.join(ROOT, 'node_modules', '.cache', 'tf-recheck.json');
const RECHECK_VERSION: string = require('recheck/package.json').version;

function loadCache(): Record<string, string> {
  try {
    const c = JSON.parse(fs.readFileSync(CACHE, 'utf8'));
    return c.version === RECHECK_VERSION ? c.verdicts : {};
  } catch { return {}; }
}

suite('regular expressions are safe from catastrophic backtracking', function () {
  this.timeout(30 * 60 * 1000);
  const found = sourceFiles(path.join(ROOT, 'src', 'core')).flatMap(regexesIn);

  test('the scan finds the engine\'s regexes', () => {
    assert.ok(found.length > 20, `found only ${found.length}`);
  });

  test('recheck finds every one safe', async () => {
    const unsafe: string[] = [];
    const verdicts = loadCache();
    let checked = 0;
    for (const r of found) {
      // the `d`/`y`/`g` flags do not change how a pattern backtracks; drop them for the checker
      const flags = r.flags.replace(/[dgy]/g, '');
      const key = `${flags}/${r.source}`;
      let verdict = verdicts[key];
      if (!verdict) {
        const result = await check(r.source, flags, { timeout: 10000 });
        checked++;
        verdict = result.status === 'safe' ? 'safe'
          : result.status === 'vulnerable' ? `${result.complexity?.type}: ${result.attack?.pattern ?? ''}` : `could not be proven safe (${result.error?.kind})`;
        if (verdict === 'safe') verdicts[key] = verdict;
      }
      if (verdict !== 'safe') unsafe.push(`${r.file}:${r.line} /${r.source}/${r.flags} (${verdict})`);
    }
    fs.mkdirSync(path.dirname(CACHE), { recursive: true });
    fs.writeFileSync(CACHE, JSON.stringify({ version: RECHECK_VERSION, verdicts }));
    console.log(`      ${found.length} patterns, ${checked} checked by recheck now, ${found.length - checked} known safe from an earlier run`);
    assert.deepStrictEqual(unsafe, []);
  });
});
