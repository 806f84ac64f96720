/**
 * No regular expression in the engine may backtrack catastrophically: the engine runs on every
 * keystroke over files it has never seen. Every regex literal and `new RegExp('...')` in src/core is
 * found with the TypeScript parser and checked by recheck, a ReDoS checker.
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

suite('regular expressions are safe from catastrophic backtracking', function () {
  this.timeout(120000);
  const found = sourceFiles(path.join(ROOT, 'src', 'core')).flatMap(regexesIn);

  test('the scan finds the engine\'s regexes', () => {
    assert.ok(found.length > 20, `found only ${found.length}`);
  });

  test('recheck finds every one safe', async () => {
    const unsafe: string[] = [];
    for (const r of found) {
      // recheck does not know the `d`/`y` flags' irrelevance to backtracking; drop them
      const result = await check(r.source, r.flags.replace(/[dy]/g, ''), { timeout: 10000 });
      if (result.status === 'vulnerable') unsafe.push(`${r.file}:${r.line} /${r.source}/${r.flags} (${result.complexity?.type}: ${result.attack?.pattern ?? ''})`);
      else if (result.status === 'unknown') unsafe.push(`${r.file}:${r.line} /${r.source}/${r.flags} could not be proven safe (${result.error?.kind})`);
    }
    assert.deepStrictEqual(unsafe, []);
  });
});
