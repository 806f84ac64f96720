/**
 * The shared scan (src/core/anchors.ts) must give exactly the answer of the pattern it stands for:
 * every rule trigger, and patterns built to probe the reader, are compared with the pattern itself
 * on every fixture file and on random texts made of the patterns' own words in mixed case, glued
 * with word and non-word characters.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AnchorScan, Anchored, ExactWord, anchored, prepareSharedScanStep, readPattern, registeredPatterns, wordEnds } from '../../src/core/anchors';
import { SECRET_END_WORDS, secretNameThenSeparator } from '../../src/core/rules/hardcodedCredentials';
import { mayHaveConnectionString } from '../../src/core/rules/hardcodedConnectionString';
import { WRITERS } from '../../src/core/rules/localFileStorage';
import { destructureCloses } from '../../src/core/rules/envFallback';
import { ENV_WORD, namesEnvironment } from '../../src/core/rules/environmentBranching';
import { lint } from '../../src/core/engine';
import { matchesFrom, methodCalls, wordStarts } from '../../src/core/codeScan';
import { SourceFile } from '../../src/core/source';
import { FIXTURES, ROOT } from './paths';
import { wasmBuilds } from './tools';

const show = (w: ExactWord) => `${w.boundaryBefore ? '\\b' : ''}${w.text}${w.boundaryAfter ? '\\b' : ''}`;
const spell = (re: RegExp) => {
  const r = readPattern(re);
  if (r.exact) return { exact: r.exact.map(show) };
  return r.words ? { words: r.words.map(show) } : {};
};

/** Patterns the reader must take apart, or must refuse, beside the rules' own. */
const PROBES: RegExp[] = [
  /upload|['"](?:local|public)['"]/i, /\b(?:curl|gs)\b/, /[Cc]onfig|_SERVER/, /pass(?:w(?:or)?d)?|pwd/i,
  /colou?r\b/, /\bIS_(?:PROD|DEV)/, /ab+c/, /x{2}yz/, /(["'`])dev\1/, /(?<=sk_)live/, /foo(?=bar)/, /\d\.\d{1,3}\.\d/,
  /[^a]bc|bcd/, /a[\]-]b/, /::|->/, /\$\{|\$\$/, /^FROM\b/m, /a.b|abc/, /(?:ab)?cd/, /(?<name>ssh)\b/, /x*yz/,
  /(?<![\w$])(?:move|\.save|rename)(?=\s*\()/, /(?<![\w.])open(?![\w-])/, /(?<!\w)_id\b/,
];

/** Every registered pattern: the rules' triggers, the checks' whole-file patterns, the probes. */
function registered(): readonly Anchored[] {
  // the engine registers the triggers when it loads
  lint({ path: 'x.js', text: '' });
  for (const re of PROBES) anchored(re);
  return registeredPatterns();
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

/** A small deterministic generator (the tests must not depend on Math.random). */
/** Every offset where `word` starts in `text`, ascending. */
function indexesOf(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => { s = (s * 1664525 + 1013904223) >>> 0; return s % n; };
}

function randomTexts(patterns: readonly Anchored[], count: number): string[] {
  const pieces = new Set<string>(['', ' ', '_', 'a', 'Z', '1', '"', "'", '`', '.', ':', '/', '-', '$', '{', 'é', '\n', '\u212a', '😀']);
  for (const p of patterns) {
    const r = readPattern(p.regex);
    for (const w of r.exact?.map(e => e.text) ?? p.words) pieces.add(w);
  }
  const list = [...pieces];
  const next = rng(1207);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    const n = 1 + next(6);
    for (let k = 0; k < n; k++) {
      const piece = list[next(list.length)];
      const c = next(4);
      t += c === 0 ? piece.toUpperCase() : c === 1 ? piece.toLowerCase() : c === 2 && piece ? piece[0].toUpperCase() + piece.slice(1) : piece;
    }
    texts.push(t);
  }
  return texts;
}

suite('anchors', () => {
  test('a pattern made of words is spelled out, with its case and word boundaries', () => {
    assert.deepStrictEqual(spell(/upload|['"](?:local|public)['"]/i), { exact: ['upload', "'local'", '\'local"', "'public'", '\'public"', '"local\'', '"local"', '"public\'', '"public"'] });
    assert.deepStrictEqual(spell(/\b(?:curl|gs)\b/), { exact: ['\\bcurl\\b', '\\bgs\\b'] });
    assert.deepStrictEqual(spell(/[Cc]onfig|_SERVER/), { exact: ['Config', 'config', '_SERVER'] });
    assert.deepStrictEqual(spell(/colou?r\b/), { exact: ['color\\b', 'colour\\b'] });
  });

  test('any other pattern gets the words every match contains, or none', () => {
    assert.deepStrictEqual(spell(/ab+c/), { words: ['ab'] });
    assert.deepStrictEqual(spell(/(?<=sk_)live/), { words: ['live'] });
    assert.deepStrictEqual(spell(/(["'`])dev\1/), { words: ['"dev', "'dev", '`dev'] });
    assert.deepStrictEqual(spell(/\bis_?(?:prod|dev)\s*\(/), { words: ['\\bisprod', '\\bisdev', '\\bis_prod', '\\bis_dev'] });
    assert.deepStrictEqual(spell(/\bIS_(?:PROD|DEV)/), { exact: ['\\bIS_PROD', '\\bIS_DEV'] });
    assert.deepStrictEqual(spell(/x*yz/), { words: ['yz'] });
    // no word character before or after: a boundary where the word's own character is one
    assert.deepStrictEqual(spell(/(?<![\w$])(?:move|\.save)(?=\s*\()/), { words: ['\\bmove', '.save'] });
    assert.deepStrictEqual(spell(/(?<![\w.])open(?![\w-])/), { words: ['\\bopen\\b'] });
    // `\d` is its ten digits
    const ip = spell(/\d\.\d{1,3}\.\d/).words ?? [];
    assert.deepStrictEqual([ip.length, ip.includes('4.2')], [100, true]);
    // a branch without a literal of two characters: run the pattern
    assert.deepStrictEqual(spell(/\w\.\w|abc/), {});
    assert.deepStrictEqual(spell(/a.b|abc/), {});
    assert.deepStrictEqual(spell(/\u0041BC/), {});
    assert.deepStrictEqual(spell(/abc/u), {});
  });

  test('every trigger and probe answers as its pattern does, on every fixture file', () => {
    const patterns = registered();
    let compared = 0;
    for (const f of files(FIXTURES)) {
      const text = fs.readFileSync(f, 'utf8');
      const scan = new AnchorScan(text);
      for (const p of patterns) {
        p.regex.lastIndex = 0;
        const expected = p.regex.test(text);
        assert.strictEqual(scan.matches(p), expected, `${p.regex} on ${path.relative(FIXTURES, f)}`);
        compared++;
      }
    }
    assert.ok(compared > 10000, `only ${compared} comparisons`);
  });

  test('every trigger and probe answers as its pattern does, on random texts of their own words', () => {
    const patterns = registered();
    let matched = 0;
    for (const text of randomTexts(patterns, 3000)) {
      const scan = new AnchorScan(text);
      for (const p of patterns) {
        p.regex.lastIndex = 0;
        const expected = p.regex.test(text);
        assert.strictEqual(scan.matches(p), expected, `${p.regex} on ${JSON.stringify(text)}`);
        if (expected) matched++;
      }
    }
    // the texts exercise both answers
    assert.ok(matched > 1000, `only ${matched} matches`);
  });

  test('long texts, read as four streams, miss no word across the seams between them', () => {
    const patterns = registered();
    const words = [...new Set(patterns.flatMap(p => readPattern(p.regex).exact?.map(e => e.text) ?? p.words))].sort((a, b) => b.length - a.length);
    const n = 1200;
    const q = Math.ceil(n / 4);
    let compared = 0;
    // the longest words, and every fifth of the others, across each seam at every offset class
    for (const w of words.filter((_, i) => i < 30 || i % 5 === 0)) {
      for (const k of new Set([1, 2, w.length >> 1, w.length - 1])) {
        for (const seam of [q, 2 * q, 3 * q]) {
          const start = seam - k;
          const text = '~'.repeat(start) + w + '~'.repeat(n - start - w.length);
          const scan = new AnchorScan(text);
          for (const p of patterns) {
            p.regex.lastIndex = 0;
            const expected = p.regex.test(text);
            assert.strictEqual(scan.matches(p), expected, `${p.regex} with ${JSON.stringify(w)} at ${start}`);
            compared++;
          }
        }
      }
    }
    assert.ok(compared > 10000, `only ${compared} comparisons`);
  });

  test('a text too large for the shared buffer is read whole, and a small one after it sees none of it', () => {
    const patterns = registered();
    const big = '~'.repeat(700_000) + 'createWriteStream' + '~'.repeat(700_000) + ' localhost:';
    // a text after a longer one it begins like: the buffer still holds the rest of the longer one
    const longer = 'createWriteStream' + '~'.repeat(1000);
    for (const text of [big, longer, 'createWriteStrea', longer, 'FROM node']) {
      const scan = new AnchorScan(text);
      for (const p of patterns) {
        p.regex.lastIndex = 0;
        const expected = p.regex.test(text);
        assert.strictEqual(scan.matches(p), expected, `${p.regex} on ${text.length} characters`);
      }
    }
  });

  suite('word ends', () => {
    const WORDS = [...SECRET_END_WORDS, 'x', 'ab'];
    const recorder = wordEnds(WORDS);
    /** Every offset just after an occurrence of one of WORDS, ASCII letters in any case, ascending. */
    const naive = (t: string) => {
      const lower = t.replace(/[A-Z]/g, c => c.toLowerCase()), out = new Set<number>();
      for (const w of WORDS) for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + 1)) out.add(i + w.length);
      return [...out].sort((a, b) => a - b);
    };
    // non-ASCII of every UTF-8 length, a surrogate pair, lone surrogates, and letters that case-fold to ASCII ones
    const pieces = [...WORDS, ' ', '_', '=', ':', '(', '"', 'é', '€', '😀', '\ud800', '\udfff', '\u212a', '\u017f', '\n', 'k', 'e', 'y', 'Y', '1', 'passw', 'bas', '#'];
    const next = rng(99);
    const texts = [
      ...files(FIXTURES).map(f => fs.readFileSync(f, 'utf8')),
      ...Array.from({ length: 3000 }, () => Array.from({ length: 1 + next(8) }, () => { const p = pieces[next(pieces.length)]; return next(3) === 0 ? p.toUpperCase() : p; }).join('')),
      // each word across each seam of a long text's four streams, and texts past the loop's memory (read in JavaScript)
      ...WORDS.flatMap(w => [300, 600, 900].flatMap(seam => [1, w.length - 1].map(k => '~'.repeat(seam - k) + w + '~'.repeat(1200 - seam - w.length + k)))),
      '~'.repeat(2_100_000) + 'API_KEY=' + '~'.repeat(10) + 'token',
      'é'.repeat(2_100_000) + 'API_KEY=' + '😀'.repeat(10) + 'token',
      'é'.repeat(700_000) + 'API_KEY=' + '😀'.repeat(10) + 'token',
      // more word ends than the scan loop hands back at a time, in one stream and in four
      'key '.repeat(30_000),
      'api_key = token; '.repeat(20_000) + 'secret',
    ];
    const ascii = (t: string) => !/[^\x00-\x7f]/.test(t);

    test('are every end of every word, once and in order, as offsets in the text', () => {
      let nonAscii = 0;
      for (const t of texts) {
        assert.deepStrictEqual(new AnchorScan(t).endsOf(recorder), naive(t), JSON.stringify(t.slice(0, 200)));
        if (!ascii(t)) nonAscii++;
      }
      assert.ok(nonAscii > 1000, `only ${nonAscii} texts with other characters`);
    });

    test('of a recorder registered after a text was scanned are looked for there, with the same answer', () => {
      const sample = texts.filter((_, i) => i % 7 === 0);
      const scans = sample.map(t => new AnchorScan(t));
      const late = wordEnds(WORDS);
      scans.forEach((scan, i) => assert.deepStrictEqual(scan.endsOf(late), naive(sample[i]), JSON.stringify(sample[i].slice(0, 200))));
    });

    test('give the credentials rule the same answer as its pattern', () => {
      const secretWords = wordEnds(SECRET_END_WORDS);
      let yes = 0;
      for (const t of texts) {
        const expected = secretNameThenSeparator(t);
        assert.strictEqual(secretNameThenSeparator(t, new AnchorScan(t).endsOf(secretWords)), expected, JSON.stringify(t.slice(0, 200)));
        if (expected) yes++;
      }
      assert.ok(yes > 300, `only ${yes} texts with a secret name`);
    });

    test('give the connection-string rule the same answer as its pattern', () => {
      const anchors = wordEnds(['://', 'jdbc:']);
      const bits = ['://', 'jdbc:', 'JDBC:', 'postgres', 'Redis', 'mysql', 'http', 'x', ':', '/', ' ', 'é', '😀', '+srv', 'jdbc:mysql:', '1'];
      const pick = rng(7);
      const made = Array.from({ length: 3000 }, () => Array.from({ length: 1 + pick(7) }, () => bits[pick(bits.length)]).join(''));
      let yes = 0;
      for (const t of [...texts, ...made]) {
        const expected = mayHaveConnectionString(t, undefined);
        assert.strictEqual(mayHaveConnectionString(t, new AnchorScan(t).endsOf(anchors)), expected, JSON.stringify(t.slice(0, 200)));
        if (expected) yes++;
      }
      assert.ok(yes > 300, `only ${yes} texts with a connection string`);
    });
  });

  test('the scan loop in WebAssembly (scanLoop.ts) is what scanLoop.wat compiles to', async () => {
    const { scanLoop } = wasmBuilds(ROOT);
    assert.strictEqual(fs.readFileSync(scanLoop.out, 'utf8'), scanLoop.source(await scanLoop.compile()), 'scanLoop.ts is out of date: run `npm run wasm`');
  });

  test('prepared in steps, the scan reads a few patterns per step and is then ready, with the same answers', () => {
    const fresh = Array.from({ length: 40 }, (_, i) => anchored(new RegExp(`\\bstep${i}word\\b|other${i}_`)));
    let steps = 0;
    while (!prepareSharedScanStep(0)) steps++;
    assert.ok(steps >= 39, `one pattern per step at a zero budget (${steps} steps)`);
    assert.strictEqual(prepareSharedScanStep(0), true, 'ready stays ready');
    const scan = new AnchorScan('a step7word and other12_, not step3words');
    assert.deepStrictEqual(fresh.map((a, i) => scan.matches(a) ? i : -1).filter(i => i >= 0), [7, 12]);
  });

  test('the automaton is built in steps too; a pattern registered during the build restarts it and is not lost', () => {
    const first = anchored(/\bmidbuild_first\b/);
    // the pattern is read in the first step, then each step builds a part of the automaton
    let steps = 0;
    while (!prepareSharedScanStep(0) && steps < 5) steps++;
    assert.strictEqual(steps, 5, 'after reading the pattern, building the automaton takes more steps');
    const second = anchored(/\bmidbuild_second\b/);
    let more = 0;
    while (!prepareSharedScanStep(0)) more++;
    assert.ok(more >= 20, `a build in steps of a few rows each (${more} steps)`);
    const text = 'x midbuild_first y midbuild_second z';
    const scan = new AnchorScan(text);
    assert.strictEqual(scan.matches(first), true);
    assert.strictEqual(scan.matches(second), true);
    assert.strictEqual(new AnchorScan('midbuild_firstx').matches(first), false);
    // every registered pattern still answers as it does itself
    for (const p of registeredPatterns()) { p.regex.lastIndex = 0; assert.strictEqual(scan.matches(p), p.regex.test(text), p.regex.source); }
  });

  test('a writer tried only where its callee names start alternates exactly those names, at its start', () => {
    let checked = 0;
    for (const w of Object.values(WRITERS).flat()) {
      if (!w.calls) continue;
      // every match starts with one of the names (what wordStarts finds), after a lookbehind only
      assert.strictEqual(w.re.source, `(?<![\\w$])(?:${w.calls.join('|')})(?=\\s*\\()`);
      for (const n of w.calls) assert.match(n, /^\w+$/, 'a name is a plain word');
      checked++;
    }
    assert.ok(checked > 0);
    // a file with one of the names
    const text = "const fs = require('fs');\napp.post('/upload', (req, res) => { fs.rename(req.file.path, 'uploads/' + req.file.originalname, () => {}); });\n";
    assert.deepStrictEqual(lint({ path: 'src/app.js', text }).map(f => f.ruleId), ['processes/local-file-storage']);
  });

  test('env-fallback finds `} = process.env` from the env words back, where its pattern matches', () => {
    const re = /\}\s*=\s*(?:process\.env|import\.meta\.env)(?![\w$])/g;
    const pieces = ['}', '{', ' ', '\n', '\t', '\u00a0', '\u2028', '=', '==', 'process.env', 'import.meta.env', 'process.envs', '.env', 'x', '$', '_', 'const a', ';',
      '} = process.env', '}=import.meta.env', '} =\n process.env', '}\u00a0= process.env$', '} = = process.env', '}= process.env_x', '} = process.env.PORT'];
    const next = rng(5);
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + next(10) }, () => pieces[next(pieces.length)]).join('');
      const expected = [...text.matchAll(re)].map(m => m.index!);
      assert.deepStrictEqual(destructureCloses(text, indexesOf(text, '.env')), expected, JSON.stringify(text));
      found += expected.length;
    }
    assert.ok(found > 1000, `only ${found} matches`);
  });

  test('methodCalls finds from each name what a global `.name(` pattern finds at every dot', () => {
    const global = /\.\s*listen\s*\(/g, sticky = /\.\s*listen\s*\(/y;
    const pieces = ['.', '..', ' ', '\n', '\u00a0', '\u2028', 'listen', 'listenlisten', '(', ')', 'x', 'app', '.listen(', '. listen (', 'app.\n  listen(3000)', 'addEventListener(', '.listen.listen('];
    const next = rng(6);
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + next(10) }, () => pieces[next(pieces.length)]).join('');
      const expected = [...text.matchAll(global)].map(m => [m.index, m[0]]);
      assert.deepStrictEqual(methodCalls(text, indexesOf(text, 'listen'), sticky).map(m => [m.index, m[0]]), expected, JSON.stringify(text));
      found += expected.length;
    }
    assert.ok(found > 1000, `only ${found} matches`);
  });

  test('wordStarts finds from the recorded ends where words start in the code, as searching the code does', () => {
    const words = ['.env', 'process.env', 'import.meta.env', 'getenv', 'getEnv', 'GetEnvironmentVariable', 'localhost'];
    const recorder = wordEnds(['.env', 'getenv', 'getenvironmentvariable', 'localhost']);
    const pieces = [...words, 'PROCESS.ENV', '.ENV', 'GETENV', 'LocalHost', '} = process.env', '}=import.meta.env', '// ', '/* ', ' */', '\n', ' ', '} = ', '=', '{ A = 1 ', "'", '"', 'é', '😀', 'x', '.'];
    const next = rng(11);
    let found = 0, closes = 0;
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + next(12) }, () => pieces[next(pieces.length)]).join('');
      const file = new SourceFile('src/a.js', text);
      const code = file.codeText;
      for (const ws of [words, ['.env'], ['GetEnvironmentVariable', 'getenv']]) {
        const expected = [...new Set(ws.flatMap(w => indexesOf(code, w)))].sort((a, b) => a - b);
        assert.deepStrictEqual(wordStarts(file, recorder, ws), expected, JSON.stringify(text));
        found += expected.length;
      }
      const c = destructureCloses(code, indexesOf(code, '.env'));
      assert.deepStrictEqual(destructureCloses(code, wordStarts(file, recorder, ['.env'])), c, JSON.stringify(text));
      closes += c.length;
    }
    assert.ok(found > 3000 && closes > 50, `only ${found} words, ${closes} destructurings`);
  });

  test('environment-branching tells from the recorded words whether its pattern matches the code', () => {
    const pieces = ['production', 'prod', 'Staging', 'DEV', 'local', 'isProd', 'is_dev', 'IS_STAGING', 'IsProduction', 'xisprod', '_isdev', '$isProd',
      '.production?', '.Development?', '.staging', '"', "'", '`', '// ', '# ', '/* ', ' */', '\n', ' ', 'x', '=', 'é', 'ſ', '\u212a'];
    const next = rng(13);
    let yes = 0;
    for (let k = 0; k < 4000; k++) {
      const text = Array.from({ length: 1 + next(8) }, () => pieces[next(pieces.length)]).join('');
      for (const path of ['src/a.js', 'app/b.py']) {
        const file = new SourceFile(path, text);
        const expected = ENV_WORD.test(file.codeText);
        assert.strictEqual(namesEnvironment(file), expected, `${path}: ${JSON.stringify(text)}`);
        if (expected) yes++;
      }
    }
    assert.ok(yes > 1500, `only ${yes} texts naming an environment`);
  });

  test('matchesFrom finds what a global pattern finds, tried only where its matches can start', () => {
    const global = /\b(?:getenv|getEnv)\(\s*'([a-z]{1,5})'\s*\)(?:\s*\|\|\s*)?/g, sticky = new RegExp(global.source, 'y');
    const pieces = ['getenv', 'getEnv', 'getenvgetenv', '(', ')', "'", 'a', 'ab', ' ', '||', 'x', "getenv('a')", "getEnv( 'ab' ) || "];
    const next = rng(12);
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + next(10) }, () => pieces[next(pieces.length)]).join('');
      const starts = [...indexesOf(text, 'getenv'), ...indexesOf(text, 'getEnv')];
      const expected = [...text.matchAll(global)].map(m => [m.index, m[0]]);
      assert.deepStrictEqual(matchesFrom(text, sticky, starts.sort((a, b) => a - b)).map(m => [m.index, m[0]]), expected, JSON.stringify(text));
      found += expected.length;
    }
    assert.ok(found > 500, `only ${found} matches`);
  });

  test('a pattern registered after a file was scanned is run on that file', () => {
    const scan = new AnchorScan('late pattern here');
    const late = anchored(/late\s+pattern/);
    assert.strictEqual(scan.matches(late), true);
    assert.strictEqual(scan.matches(anchored(/nowhere/)), false);
  });
});
