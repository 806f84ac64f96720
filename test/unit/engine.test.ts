import * as assert from 'assert';
import picomatch from 'picomatch';
import { DEFAULT_IGNORE_GLOBS, DEFAULT_TEST_GLOBS, defaultConfig, mergeConfig, parseProjectConfig } from '../../src/core/config';
import { CONFIG_ERROR_ID, SLOW_RULE_ID, UNKNOWN_RULE_ID, compileGlobs, globMatcher, lint, resetRuleBudgets, skipReasonForText } from '../../src/core/engine';
import { Rule } from '../../src/core/rule';
import { familyFor, languageIdForPath } from '../../src/core/languages';
import { RULE_IDS } from '../../src/core/rules';
import { Finding, sameProblems } from '../../src/core/types';

const URL = "'postgres://app@db.internal:5432/app'";
const ids = (fs: Finding[]) => fs.map(f => `${f.range.start.line + 1}:${f.ruleId}:${f.severity}`);

suite('engine', () => {
  suite('suppression comments, in each language\'s comment syntax', () => {
    const cases: [string, string][] = [
      ['a.js', `// twelve-factor-disable-next-line config/hardcoded-connection-string\nconst u = ${URL};\nconst v = ${URL};\n`],
      ['a.py', `\nu = ${URL}  # twelve-factor-disable-line\nv = ${URL}\n`],
      ['a.rb', `# twelve-factor-disable-next-line\nu = ${URL}\nv = ${URL}\n`],
      ['a.go', `/* twelve-factor-disable-next-line config/hardcoded-connection-string */\nvar u = "postgres://app@db.internal:5432/app"\nvar v = "postgres://app@db.internal:5432/app"\n`],
      ['a.yml', `# twelve-factor-disable-next-line\nu: postgres://app@db.internal:5432/app\nv: postgres://app@db.internal:5432/app\n`],
      ['a.xml', `<!-- twelve-factor-disable-next-line -->\n<u url="postgres://app@db.internal:5432/app"/>\n<v url="postgres://app@db.internal:5432/app"/>\n`],
    ];
    for (const [path, text] of cases) {
      test(path, () => assert.deepStrictEqual(ids(lint({ path, text })), ['3:config/hardcoded-connection-string:warning']));
    }
    test('disable-file silences the whole file; other rule ids do not', () => {
      assert.deepStrictEqual(lint({ path: 'a.js', text: `// twelve-factor-disable-file config/hardcoded-connection-string\nconst u = ${URL};\n` }), []);
      assert.strictEqual(lint({ path: 'a.js', text: `// twelve-factor-disable-file other/rule\nconst u = ${URL};\n` }).filter(f => f.ruleId === 'config/hardcoded-connection-string').length, 1);
    });
    test('the directive inside a string does nothing', () => {
      assert.strictEqual(lint({ path: 'a.js', text: `const s = "twelve-factor-disable-file";\nconst u = ${URL};\n` }).length, 1);
    });
    test('an unknown rule id gets a hint at the id', () => {
      const f = lint({ path: 'a.js', text: `// twelve-factor-disable-next-line config/no-such-rule\nconst u = 1;\n` });
      assert.deepStrictEqual(ids(f), [`1:${UNKNOWN_RULE_ID}:hint`]);
      assert.strictEqual(f[0].range.start.column, 35);
      assert.match(f[0].message, /"config\/no-such-rule" is not a twelve-factor rule id/);
    });
  });

  suite('configuration', () => {
    test('severity overrides and off', () => {
      const text = `const u = ${URL};\n`;
      assert.deepStrictEqual(ids(lint({ path: 'a.js', text }, { config: mergeConfig(defaultConfig(), { rules: { 'config/hardcoded-connection-string': 'error' } }) })), ['1:config/hardcoded-connection-string:error']);
      assert.deepStrictEqual(lint({ path: 'a.js', text }, { config: mergeConfig(defaultConfig(), { rules: { 'config/hardcoded-connection-string': 'off' } }) }), []);
    });
    test('test files are downgraded to hint, or skipped when testFileSeverity is off', () => {
      const text = `const u = ${URL};\n`;
      for (const path of ['test/db.js', 'src/db.test.js', 'pkg/db_test.go', 'spec/db_spec.rb', 'tests/test_db.py']) {
        assert.deepStrictEqual(ids(lint({ path, text })).map(s => s.split(':').pop()), ['hint'], path);
      }
      assert.deepStrictEqual(lint({ path: 'test/db.js', text }, { config: mergeConfig(defaultConfig(), { testFileSeverity: 'off' }) }), []);
    });
    test('documentation is not checked', () => {
      assert.deepStrictEqual(lint({ path: 'README.md', text: `Set DATABASE_URL=postgres://app@db.internal:5432/app\n` }), []);
      assert.deepStrictEqual(lint({ path: 'docs/setup.rst', text: `postgres://app@db.internal:5432/app\n` }), []);
    });
    test('parseProjectConfig reads every setting', () => {
      const { layer, problems } = parseProjectConfig([
        'rules:', '  config/hardcoded-connection-string: info', 'ignore: ["scripts/**"]', 'testFiles: ["e2e/**"]', 'testFileSeverity: off', 'maxFileSizeKB: 64',
        'customRules:', '  - id: custom/no-internal-api', '    factor: config', '    pattern: "api\\\\.corp\\\\.internal"', '    message: Read API_URL.', '    languages: [javascript]', '    severity: error',
      ].join('\n'), RULE_IDS);
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(layer.rules, { 'config/hardcoded-connection-string': 'info' });
      assert.deepStrictEqual(layer.ignore, ['scripts/**']);
      assert.deepStrictEqual(layer.testFiles, ['e2e/**']);
      assert.strictEqual(layer.testFileSeverity, 'off');
      assert.strictEqual(layer.maxFileSizeKB, 64);
      assert.strictEqual(layer.customRules?.[0].pattern.source, 'api\\.corp\\.internal');
      const config = mergeConfig(defaultConfig(), layer);
      assert.deepStrictEqual(ids(lint({ path: 'src/a.js', languageId: 'javascript', text: 'fetch("https://api.corp.internal/x")\n// api.corp.internal\n' }, { config, rules: [] })), ['1:custom/no-internal-api:error']);
      assert.deepStrictEqual(lint({ path: 'src/a.py', text: 'x = "api.corp.internal"\n' }, { config, rules: [] }), []);
    });
    test('problems come with line and column, and the rest of the file still applies', () => {
      const { layer, problems } = parseProjectConfig('rules:\n  config/nope: off\n  config/hardcoded-connection-string: off\nbogus: 1\ncustomRules:\n  - id: custom/x\n    factor: config\n    pattern: "(unclosed"\n    message: m\n', RULE_IDS);
      assert.deepStrictEqual(problems.map(p => `${p.line + 1}:${p.column + 1} ${p.message.split(':')[0]}`), [
        '2:3 unknown rule id "config/nope"', '4:1 unknown setting "bogus" (expected rules, ignore, testFiles, testFileSeverity, maxFileSizeKB or customRules)', '8:14 custom rule custom/x',
      ]);
      assert.deepStrictEqual(layer.rules, { 'config/hardcoded-connection-string': 'off' });
    });
    test('malformed YAML in .twelve-factor.yml becomes one error finding at the spot', () => {
      const f = lint({ path: '.twelve-factor.yml', text: 'rules:\n  a: [unclosed\n' });
      assert.strictEqual(f.length, 1);
      assert.strictEqual(f[0].ruleId, CONFIG_ERROR_ID);
      assert.strictEqual(f[0].severity, 'error');
      assert.match(f[0].message, /not valid YAML/);
      assert.strictEqual(f[0].factor, undefined);
    });
  });

  suite('unsafe patterns and slow rules', () => {
    teardown(resetRuleBudgets);
    const customRule = (pattern: string) => ['customRules:', '  - id: custom/x', '    factor: config', `    pattern: ${JSON.stringify(pattern)}`, '    message: m'].join('\n');
    for (const pattern of ['(a+)+$', '^(\\w+\\s?)*$', '(x+x+)+y', '(.*a){12}']) {
      test(`a custom pattern that can backtrack exponentially is refused at the pattern: ${pattern}`, () => {
        const { layer, problems } = parseProjectConfig(customRule(pattern), RULE_IDS);
        assert.deepStrictEqual(layer.customRules, []);
        assert.strictEqual(problems.length, 1);
        assert.deepStrictEqual([problems[0].line + 1, problems[0].column + 1], [4, 14]);
        assert.match(problems[0].message, /^custom rule custom\/x is off: its pattern could take exponential time .*rewrite it without nesting repetitions\.$/);
      });
    }
    test('a very long custom pattern is refused; a plain one is kept', () => {
      assert.match(parseProjectConfig(customRule('a'.repeat(1001)), RULE_IDS).problems[0].message, /is off: its pattern is longer than 1000 characters/);
      const ok = parseProjectConfig(customRule('api\\.corp\\.internal|[a-z]+@[a-z]+\\.com'), RULE_IDS);
      assert.deepStrictEqual(ok.problems, []);
      assert.strictEqual(ok.layer.customRules?.length, 1);
    });
    test('a built-in rule over its budget is reported, keeps what it found, and is not run on that file again', () => {
      let runs = 0;
      const slow: Rule = {
        meta: { id: 'config/slow', factor: 'config', severity: 'warning', title: 't', description: 'd', remedy: 'r', families: 'all', fixable: false },
        check(ctx) {
          runs++;
          const until = performance.now() + 5;
          while (performance.now() < until) { /* overrun the 1 ms budget */ }
          ctx.report({ start: 0, end: 1, message: 'found' });
        },
      };
      const first = lint({ path: 'src/slow.js', text: 'x\n' }, { rules: [slow], ruleBudgetMs: 1 });
      assert.deepStrictEqual(first.map(f => f.ruleId).sort(), ['config/slow', SLOW_RULE_ID]);
      const note = first.find(f => f.ruleId === SLOW_RULE_ID)!;
      assert.strictEqual(note.severity, 'info');
      assert.match(note.message, /^Rule config\/slow took \d+ ms on this file, over its 1 ms budget, so it was stopped and is off for this file/);
      const second = lint({ path: 'src/slow.js', text: 'x\nmore\n' }, { rules: [slow], ruleBudgetMs: 1 });
      assert.deepStrictEqual(second.map(f => f.ruleId), [SLOW_RULE_ID]);
      assert.strictEqual(runs, 1);
      // other files still get the rule
      lint({ path: 'src/other.js', text: 'x\n' }, { rules: [slow], ruleBudgetMs: 1 });
      assert.strictEqual(runs, 2);
    });
    test('a custom rule over its budget is stopped between matches', () => {
      const config = mergeConfig(defaultConfig(), parseProjectConfig(customRule('x'), RULE_IDS).layer);
      const text = 'x\n'.repeat(300_000);
      const first = lint({ path: 'src/many.js', text }, { config, rules: [], ruleBudgetMs: 1 });
      const matches = first.filter(f => f.ruleId === 'custom/x').length;
      assert.ok(matches > 0 && matches < 300_000, `stopped after ${matches} of 300000 matches`);
      assert.ok(first.some(f => f.ruleId === SLOW_RULE_ID));
      assert.deepStrictEqual(lint({ path: 'src/many.js', text }, { config, rules: [], ruleBudgetMs: 1 }).map(f => f.ruleId), [SLOW_RULE_ID]);
    });
  });

  suite('YAML nested thousands deep is refused before the yaml package sees it (it would abort the process)', () => {
    const deep = 'services:\n  app: ' + '['.repeat(8000) + '\n';
    test('.twelve-factor.yml', () => {
      const f = lint({ path: '.twelve-factor.yml', text: deep });
      assert.deepStrictEqual(f.map(x => [x.ruleId, x.severity, x.range.start.line, x.range.start.column]), [[CONFIG_ERROR_ID, 'error', 1, 7 + 128]]);
      assert.match(f[0].message, /nests brackets more than 128 levels deep here/);
    });
    test('a compose file', () => {
      const f = lint({ path: 'docker-compose.yml', text: deep });
      assert.deepStrictEqual(f.map(x => [x.ruleId, x.range.start.line, x.range.start.column]), [['twelve-factor/malformed-file', 1, 7 + 128]]);
      assert.match(f[0].message, /^docker-compose\.yml nests brackets more than 128 levels deep here/);
    });
    test('ordinary flow collections still parse', () => {
      assert.deepStrictEqual(lint({ path: 'docker-compose.yml', text: 'services:\n  app: {image: "node:20", ports: ["3000:3000"]}\n' }).filter(x => x.ruleId === 'twelve-factor/malformed-file'), []);
    });
  });

  suite('bad input never throws', () => {
    const inputs: [string, string][] = [
      ['empty', ''], ['nul bytes', 'const a = "\0\0postgres://x@h:1/d";'], ['invalid utf-8 decoded', Buffer.from([0xff, 0xfe, 0x22, 0x70, 0x6f]).toString('utf8')],
      ['BOM + CRLF', `\uFEFFconst u = ${URL};\r\nconst v = 1;\r\n`], ['lone quote', '"'], ['unclosed comment', '/* postgres://a@b:1/c'],
      ['unclosed template', '`${`${'], ['only newlines', '\n\n\n\r\n'],
    ];
    for (const [name, text] of inputs) {
      for (const path of ['a.js', 'a.py', 'a.rb', 'a.php', 'a.rs', 'a.yml', 'a.xml', 'Dockerfile', 'a.unknown']) {
        test(`${name} as ${path}`, () => {
          const f = lint({ path, text });
          for (const x of f) assert.ok(x.range.start.offset <= x.range.end.offset && x.range.end.offset <= text.length);
        });
      }
    }
    test('BOM and CRLF keep columns right', () => {
      const f = lint({ path: 'a.js', text: `\uFEFFconst u = ${URL};\r\n\r\nconst v = ${URL};\r\n` });
      assert.deepStrictEqual(f.map(x => [x.range.start.line, x.range.start.column]), [[0, 12], [2, 11]]);
    });
    test('binary and minified text is recognised', () => {
      assert.strictEqual(skipReasonForText('abc\0def'), 'binary');
      assert.match(skipReasonForText('var a=1;'.repeat(5000)) ?? '', /minified/);
      assert.strictEqual(skipReasonForText('const a = 1;\n'.repeat(5000)), undefined);
    });
  });
});

suite('sameProblems: whether a re-check changed what the editor shows', () => {
  const before = `const a = 1;\nconst u = ${URL};\nconst b = 2;\n`;
  const problems = (text: string) => lint({ path: 'a.js', text });
  test('an edit on another line below the problem, or before it on lines that stay lines: the same', () => {
    assert.ok(problems(before).length === 1);
    assert.ok(sameProblems(problems(before), problems(before.replace('const b = 2;', 'const b = 20; // more'))));
    assert.ok(sameProblems(problems(before), problems(before.replace('const a = 1;', 'const aa = 100;'))));
  });
  test('a problem that moves, goes, comes or changes severity: not the same', () => {
    assert.ok(!sameProblems(problems(before), problems(before.replace('const u', 'const uu'))), 'moved along its line');
    assert.ok(!sameProblems(problems(before), problems(`\n${before}`)), 'moved down a line');
    assert.ok(!sameProblems(problems(before), problems(before.replace(URL, 'process.env.DATABASE_URL'))), 'gone');
    assert.ok(!sameProblems(problems(before), problems(`${before}const v = ${URL};\n`)), 'one more');
    const error = lint({ path: 'a.js', text: before }, { config: mergeConfig(defaultConfig(), { rules: { 'config/hardcoded-connection-string': 'error' } }) });
    assert.ok(!sameProblems(problems(before), error), 'severity');
  });
});

suite('languages', () => {
  test('file names that are Object.prototype members are plain text', () => {
    assert.strictEqual(languageIdForPath('src/constructor'), 'plaintext');
    assert.strictEqual(languageIdForPath('toString'), 'plaintext');
    assert.strictEqual(familyFor('constructor', 'x/constructor'), 'generic');
    assert.strictEqual(languageIdForPath('src/core/dockerfile.ts'), 'typescript');
    assert.strictEqual(languageIdForPath('deploy/Dockerfile.prod'), 'dockerfile');
  });
});

suite('real-world inputs that once hung a rule', () => {
  test('a keyword prefix at the very start of the scanned window (constructor(); require(...))', () => {
    const text = "constructor(); require('x');\nconst a = require('express-session');\nconstructor(); const s = require('multer');\n";
    for (const path of ['index.js', 'dist/index.js']) assert.ok(Array.isArray(lint({ path, text })));
  });
});

suite('glob lists', () => {
  test('one combined pattern answers what picomatch answers, glob by glob, for every path', () => {
    const lists: string[][] = [
      [...DEFAULT_TEST_GLOBS], [...DEFAULT_IGNORE_GLOBS],
      // negation, classes, braces, extglobs, a literal with brackets, dot files, a bad class
      ['!**/keep/**', 'src/[id].js', '**/*.{yml,yaml}', '**/@(a|b)/*.ts', '.env*', 'docs/**/*.md', '**/x[', 'a/**/b', '*.js'],
      ['scripts/**'], ['**/e2e/**', '!**/e2e/keep.js'],
      // plain globs: a path must hold a piece of one of them before the pattern is run
      ['./src/**', 'a/**/b', '**/bin/Debug/**', 'docs/*.md', '*.js', '**/x?y/**', '.env*'], ['**/*', 'scripts/**'], ['**/out/**', '**/*Test.java'],
    ];
    const paths = [
      '', 'a.js', 'src/[id].js', 'src/i.js', 'src/d.js', 'test/a.js', 'x/test/a.js', 'x/tests', 'x/tests/', 'a.test.ts', 'lib/a.spec.js',
      'pkg/a_test.go', 'test_a.py', 'a/b/test_a.py', 'conftest.py', 'x/conftest.py', 'FooTest.java', 'x/FooTests.cs', 'x/Foo.kt',
      'node_modules/x/index.js', 'a/node_modules/b.js', 'vendor', 'dist/app.js', 'a/.git/config', '.venv/lib/x.py',
      'a/bin/Debug/x.dll', 'x.min.js', 'x.min.css', 'x.js.map', 'package-lock.json', 'a/go.sum', 'keep/a.js', 'x/keep/y.js',
      'config.yml', 'a/b/c.yaml', 'x/a/y.ts', 'x/b/y.ts', 'x/c/y.ts', '.env', '.env.example', 'a/.env', 'docs/a.md', 'docs/x/y.md',
      'docs.md', 'x[', 'a/x[', 'a/b', 'a/c/b', 'a/c/d/b', 'ab', 'e2e/keep.js', 'x/e2e/keep.js', 'x/e2e/other.js', 'a\\b.js', 'scripts/x.sh',
      'src', 'src/x.js', './src/x.js', 'x/src/y.js', 'a/bin/Debug', 'a/bin/Debug/x', 'bin/Debugger/x', 'docs/a/b.md', 'xay/z', 'a/xzy/b', 'x/y',
      'layout/out/a.js', 'output/a.js', 'out', 'a/FooTest.java', 'FooTest.javax',
      // a required piece inside a longer name, or at a path's start or end
      'x_node_modules/a.js', 'a/xnode_modules/b', 'a/node_modulesx/b', 'latest/a.js', 'a/latest', 'a/test', 'tests', 'a/xtests/b',
      'contest.py', 'a/xconftest.py', 'a/conftest.pyc', 'xsrc/a.js', 'srcx/a.js', 'a/xbin/Debug/y', 'a/bin/Debugx', 'xdocs/a.md',
      'a/fixtures', 'fixtures/x', 'a/xfixtures/x', 'test_x/a.js', 'a/xtest_a.py', 'a/spec', 'inspect/a.js', 'a/specs/x', 'x.spec',
    ];
    for (const globs of lists) {
      const pm = picomatch(globs, { dot: true });
      const ours = compileGlobs(globs);
      for (const p of paths) assert.strictEqual(ours(p), pm(p), `${JSON.stringify(p)} against ${JSON.stringify(globs)}`);
    }
    assert.strictEqual(compileGlobs([])('a.js'), false);
    // the engine's cached matcher for a list is the combined one
    assert.strictEqual(globMatcher(['src/[id].js'])('src/[id].js'), true);
  });
});
