/**
 * The lexer, table-driven: each case is a text, its family and the tokens it must produce, written
 * as [kind, exact token text] or [kind, token text, value text] when the literal's contents matter.
 * Then robustness (no throw and sane tokens, whatever the bytes) and a large input per family.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { Family } from '../../src/core/languages';
import { Lexed, NEVER_CLOSED, Token, TokenKind, blockIndexes, bracketPairs, lex, tokenIndexAt } from '../../src/core/lexer';
import { ROOT } from './paths';
import { wasmBuilds } from './tools';

type Expected = [kind: 'comment' | 'string', text: string, value?: string];

/** 400 texts of 1 to 60 `pieces` each, the same for the same seed. */
function pieceTexts(pieces: readonly string[], seed: number): string[] {
  const pick = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return pieces[seed % pieces.length]; };
  return Array.from({ length: 400 }, (_, k) => Array.from({ length: 1 + (k % 60) }, pick).join(''));
}
type Case = [name: string, family: Family, text: string, expected: Expected[]];

const kindName = (t: Token) => (t.kind === TokenKind.Comment ? 'comment' : 'string');

/** The tokens as tuples, with the value only where the expectation gives one. */
function tuples(text: string, tokens: readonly Token[], expected: Expected[]): Expected[] {
  return tokens.map((t, i) => {
    const tuple: Expected = [kindName(t), text.slice(t.start, t.end)];
    if (expected[i]?.length === 3) tuple.push(text.slice(t.valueStart, t.valueEnd));
    return tuple;
  });
}

/** Invariants that must hold for any input. */
function checkInvariants(text: string, lexed: Lexed, label: string): void {
  let last = 0;
  for (const t of lexed.tokens) {
    assert.ok(t.start >= last, `${label}: tokens sorted and disjoint at ${t.start}`);
    assert.ok(t.start < t.end || (t.start === t.end && t.end === text.length), `${label}: non-empty token at ${t.start}`);
    assert.ok(t.end <= text.length, `${label}: token inside the text`);
    assert.ok(t.start <= t.valueStart && t.valueStart <= t.valueEnd && t.valueEnd <= t.end, `${label}: value inside token at ${t.start}`);
    last = t.end;
  }
  assert.strictEqual(lexed.codeText.length, text.length, `${label}: codeText keeps offsets`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) assert.strictEqual(lexed.codeText.charCodeAt(i), c, `${label}: line break kept at ${i}`);
  }
  for (const t of lexed.tokens) {
    if (t.kind !== TokenKind.Comment) assert.strictEqual(lexed.codeText.slice(t.start, t.end), text.slice(t.start, t.end));
    else assert.ok(/^[ \r\n]*$/.test(lexed.codeText.slice(t.start, t.end)), `${label}: comment blanked`);
  }
}

const CASES: Case[] = [
  // ---- js / ts
  ['js comments', 'js', 'x = 1; // line \'q\'\n/* a /* b */ y = "s"', [['comment', "// line 'q'"], ['comment', '/* a /* b */'], ['string', '"s"', 's']]],
  ['js quotes and escapes', 'js', `a = 'it\\'s'; b = "say \\"hi\\""`, [['string', `'it\\'s'`, `it\\'s`], ['string', '"say \\"hi\\""']]],
  ['js template with nested strings and templates', 'js', 'const t = `a ${ f("x}", `in ${"deep"} ${\'q\'}`) } b`; c = "after"',
    [['string', '`a ${ f("x}", `in ${"deep"} ${\'q\'}`) } b`'], ['string', '"after"']]],
  ['js multi-line template', 'js', 'q = `line1\n${x}\nline3` + \'z\'', [['string', '`line1\n${x}\nline3`', 'line1\n${x}\nline3'], ['string', "'z'"]]],
  ['js regex with quotes', 'js', 's.replace(/["\']/g, \'\'); u = /\\/\\//.test(x); v = /[/"]/; w = "end"',
    [['string', "''"], ['string', '"end"']]],
  ['js regex after keyword', 'js', 'function f(x) { return /\'/.test(x) }\nif (typeof /"/ === "object") g()', [['string', '"object"']]],
  ['js division', 'js', "r = a / b / c; h = (w) / 2 / 'k'.length; i = x[1] / y / 'm'",
    [['string', "'k'"], ['string', "'m'"]]],
  ['js regex then comment', 'js', 'parts = s.split(/,/) // comma\nz = 1', [['comment', '// comma']]],
  ['js unterminated regex is division', 'js', "x = (a) + b\n/ c; d = 'q'", [['string', "'q'"]]],
  ['js shebang', 'js', "#!/usr/bin/env node\nconst a = 'x'", [['comment', '#!/usr/bin/env node'], ['string', "'x'"]]],
  ['js unterminated string at end of line', 'js', 'a = "open\nb = \'c\'', [['string', '"open', 'open'], ['string', "'c'"]]],
  ['js regex inside a template interpolation', 'js', 'a = `${/["\']/.test(x)}`; b = "c"', [['string', '`${/["\']/.test(x)}`'], ['string', '"c"']]],
  ['js CRLF: tokens stop before the carriage return', 'js', 'const a = "x"\r\nconst b = \'open\r\n// c\r\n', [['string', '"x"'], ['string', "'open", 'open'], ['comment', '// c']]],
  ['js unterminated string at end of file', 'js', "x = 'abc", [['string', "'abc", 'abc']]],
  ['js url in string is not a comment', 'js', 'u = "http://x/y" // c', [['string', '"http://x/y"'], ['comment', '// c']]],
  ['js line continuation in string', 'js', 'a = "one\\\ntwo"; b = 1', [['string', '"one\\\ntwo"']]],

  // ---- python
  ['python comments and strings', 'python', "# top\nx = 'a#b'  # tail\ny = \"q\\\"q\"", [['comment', '# top'], ['string', "'a#b'", 'a#b'], ['comment', '# tail'], ['string', '"q\\"q"', 'q\\"q']]],
  ['python docstrings are comments, assigned triples are strings', 'python',
    '"""Module doc."""\nimport os\n\ndef f():\n    """Doc \'x\'."""\n    s = """SELECT\n  1"""\n    t = \'\'\'raw\'\'\'\n    return s',
    [['comment', '"""Module doc."""'], ['comment', '"""Doc \'x\'."""'], ['string', '"""SELECT\n  1"""', 'SELECT\n  1'], ['string', "'''raw'''", 'raw']]],
  ['python triple string as an argument is a string', 'python', 'run(\n    """SELECT 1""",\n)\nx = [\n  """a"""\n]\ny = 1 + \\\n"""b"""',
    [['string', '"""SELECT 1"""'], ['string', '"""a"""'], ['string', '"""b"""']]],
  ['python class docstring, dict values and decorators', 'python', 'class A:\n    """Doc."""\n    x = {\'a\': """b"""}\n    @property\n    def f(self):\n        """Doc2."""\n', [['comment', '"""Doc."""'], ['string', "'a'"], ['string', '"""b"""'], ['comment', '"""Doc2."""']]],
  ['python docstring after a BOM', 'python', '\uFEFF"""Module."""\nx = 1', [['comment', '"""Module."""']]],
  ['python prefixes', 'python', "a = r\"\\d\" + b'x' + u\"u\" + rb'r' + br\"b\" + Rb'R' + BR\"q\" + U'v'",
    [['string', 'r"\\d"', '\\d'], ['string', "b'x'"], ['string', 'u"u"'], ['string', "rb'r'"], ['string', 'br"b"'], ['string', "Rb'R'"], ['string', 'BR"q"'], ['string', "U'v'"]]],
  ['python identifiers are not prefixes', 'python', 'for bar in rub: fur(tub, bu, fr)', []],
  ['python f-strings', 'python', 'a = f"{x!r} {{literal}}" + fr\'{y}\\d\'\nb = f"{d[\'k\']}-{d["j"]}" ; t = \'after\'',
    [['string', 'f"{x!r} {{literal}}"', '{x!r} {{literal}}'], ['string', "fr'{y}\\d'"], ['string', 'f"{d[\'k\']}-{d["j"]}"'], ['string', "'after'"]]],
  ['python triple f-string', 'python', 'q = f"""\n{x} "y" {z:>10}\n"""', [['string', 'f"""\n{x} "y" {z:>10}\n"""']]],
  ['python unclosed f-string interpolation stays on its line', 'python', "s = f\"{x\ny = 'ok'\nz = {1: 2}", [['string', 'f"{x'], ['string', "'ok'"]]],
  ['python escaped quotes and hash in strings', 'python', "a = 'it\\'s # no'\nb = \"#\" # yes", [['string', "'it\\'s # no'"], ['string', '"#"'], ['comment', '# yes']]],
  ['python unterminated triple', 'python', 'x = """abc"', [['string', '"""abc"', 'abc"']]],

  // ---- go
  ['go', 'go', '// c\n/* b */ s := "a\\"b\\\\" // t\nr := `raw\nline "q" \'x\' //`\nc := \'\\\'\'\nd := \'x\'',
    [['comment', '// c'], ['comment', '/* b */'], ['string', '"a\\"b\\\\"', 'a\\"b\\\\'], ['comment', '// t'], ['string', '`raw\nline "q" \'x\' //`'], ['string', "'\\''"], ['string', "'x'"]]],

  // ---- java / kotlin
  ['java text block and chars', 'java', 'String t = """\n  He said "hi" \\""" ok\n  """; char c = \'"\'; char d = \'\\\'\'; // end',
    [['string', '"""\n  He said "hi" \\""" ok\n  """', '\n  He said "hi" \\""" ok\n  '], ['string', '\'"\''], ['string', "'\\''"], ['comment', '// end']]],
  ['kotlin', 'kotlin', '/* a /* b */ c */ val s = "${map["k"]} and $x"; val r = """raw $x "q" \\n"""; val q = """a""""; val ch = \'c\'',
    [['comment', '/* a /* b */ c */'], ['string', '"${map["k"]} and $x"'], ['string', '"""raw $x "q" \\n"""', 'raw $x "q" \\n'], ['string', '"""a""""', 'a"'], ['string', "'c'"]]],

  // ---- csharp
  ['csharp verbatim, interpolated, raw', 'csharp',
    'var a = @"C:\\path ""quoted""\nline2"; var b = $"interp {x} {{braces}} {y:N2}"; var c = $@"v {z} ""q"""; var d = @$"w";\n' +
    'var e = """\n  raw "quotes" ok\n  """; char f = \'\\\'\'; var g = $"""{x} "in" """; var h = $$"""{"a": {{x}}}""";',
    [['string', '@"C:\\path ""quoted""\nline2"', 'C:\\path ""quoted""\nline2'], ['string', '$"interp {x} {{braces}} {y:N2}"'], ['string', '$@"v {z} ""q"""'], ['string', '@$"w"', 'w'],
      ['string', '"""\n  raw "quotes" ok\n  """', '\n  raw "quotes" ok\n  '], ['string', "'\\''"], ['string', '$"""{x} "in" """'], ['string', '$$"""{"a": {{x}}}"""', '{"a": {{x}}}']]],
  ['csharp preprocessor lines hold no literals', 'csharp', '#region Don\'t panic\nvar a = "x";\n#endregion // it\'s done', [['string', '"x"'], ['comment', "// it's done"]]],
  ['csharp identifiers with @ and $', 'csharp', 'var @class = 1; // c', [['comment', '// c']]],

  // ---- rust
  ['rust strings', 'rust', '/* a /* b */ c */ let s = r"C:\\x"; let t = r#"say "hi""#; let u = r##"a"#"b"##; let v = b"bytes"; let w = br"raw\\b"; let m = "multi\nline";',
    [['comment', '/* a /* b */ c */'], ['string', 'r"C:\\x"', 'C:\\x'], ['string', 'r#"say "hi""#', 'say "hi"'], ['string', 'r##"a"#"b"##', 'a"#"b'], ['string', 'b"bytes"', 'bytes'],
      ['string', 'br"raw\\b"', 'raw\\b'], ['string', '"multi\nline"']]],
  ['rust lifetimes and chars', 'rust', 'fn f<\'a, \'b>(x: &\'a str) -> &\'static str { let c = \'a\'; let n = \'\\n\'; let e = \'\\u{1F600}\'; let q = \'\\\'\'; let d = \'"\'; let bb = b\'x\'; let em = \'😀\'; x }',
    [['string', "'a'", 'a'], ['string', "'\\n'"], ['string', "'\\u{1F600}'"], ['string', "'\\''"], ['string', '\'"\''], ['string', "b'x'", 'x'], ['string', "'😀'", '😀']]],
  ['rust C strings and byte escapes', 'rust', 'let a = c"cstr"; let b = cr"raw"; let c = \'\\x7f\'; let r#match = 1;', [['string', 'c"cstr"', 'cstr'], ['string', 'cr"raw"', 'raw'], ['string', "'\\x7f'"]]],
  ['rust inner attribute is not a shebang', 'rust', '#![allow(dead_code)]\nlet s = "x"; // c', [['string', '"x"'], ['comment', '// c']]],
  ['rust raw identifiers', 'rust', 'let r#type = 1; return r; // c', [['comment', '// c']]],

  // ---- ruby
  ['ruby basics', 'ruby', '# c\nx = \'a\' + "b #{y["k"]} c"\n=begin\nblock \'x\'\n=end\nz = 1',
    [['comment', '# c'], ['string', "'a'"], ['string', '"b #{y["k"]} c"'], ['comment', "=begin\nblock 'x'\n=end"]]],
  ['ruby percent literals', 'ruby', "a = %q(it's (nested) ok)\nb = %w[a b]\nc = %Q{x #{y} z}\nd = a % b\ne = 'end'",
    [['string', "%q(it's (nested) ok)", "it's (nested) ok"], ['string', '%w[a b]', 'a b'], ['string', '%Q{x #{y} z}'], ['string', "'end'"]]],
  ['ruby heredocs', 'ruby',
    'sql = <<~SQL.strip + "tail"\n  SELECT \'x\'\n  SQL\nputs <<-EOS, <<\'RAW\'\n  one\n  EOS\nraw #{no}\nRAW\nx << y\nz = a % b\nq = \'end\'',
    [['string', '"tail"'], ['string', "  SELECT 'x'\n  SQL", "  SELECT 'x'"], ['string', '  one\n  EOS', '  one'], ['string', 'raw #{no}\nRAW', 'raw #{no}'], ['string', "'end'"]]],
  ['ruby bare heredoc after a method name, %() literal', 'ruby', "puts <<EOS\n  hi\nEOS\nputs %(it's)", [['string', '  hi\nEOS', '  hi'], ['string', "%(it's)", "it's"]]],
  ['ruby append is not a heredoc', 'ruby', "list << ITEM\nlist<<OTHER\ns = 'x'", [['string', "'x'"]]],
  ['ruby regex with quotes', 'ruby', "s.gsub(/'/, '\"')\nt = s.split /\"/\nu = a / b / 'c'.size",
    [['string', "'\"'"], ['string', "'c'"]]],
  ['ruby heredoc with CRLF', 'ruby', 'a = <<~EOS\r\n  text\r\n  EOS\r\nb = \'x\'', [['string', '  text\r\n  EOS', '  text'], ['string', "'x'"]]],

  // ---- php
  ['php code, comments and inline html', 'php',
    "<html>Don't, it's HTML</html>\n<?php // line\n# hash\n/* block */\n#[Attribute]\n$a = 'it\\'s'; $b = \"{$a['k']} and $x\";\n?>\n<p>it's</p>\n<?= 'x' ?> don't",
    [['comment', '// line'], ['comment', '# hash'], ['comment', '/* block */'], ['string', "'it\\'s'"], ['string', "\"{$a['k']} and $x\""], ['string', "'x'"]]],
  ['php line comment ends at ?>', 'php', "<?php // c ?> it's html <?php $a = 'v';", [['comment', '// c '], ['string', "'v'"]]],
  ['php heredoc and nowdoc', 'php',
    "<?php\n$a = <<<EOT\n  Hello 'x' {$y}\n  EOT;\n$b = <<<\"EOT\"\nq\nEOT;\n$c = <<<'EOT'\n  raw $z\n  EOT;\n$d = 'after';",
    [['string', "<<<EOT\n  Hello 'x' {$y}\n  EOT", "  Hello 'x' {$y}"], ['string', '<<<"EOT"\nq\nEOT', 'q'], ['string', "<<<'EOT'\n  raw $z\n  EOT", '  raw $z'], ['string', "'after'"]]],
  ['php <?xml in inline html is not an open tag', 'php', "<?xml version=\"1.0\"?>\n<p>it's</p><?php $a = 'x'; ?> don't", [['string', "'x'"]]],
  ['php fragment without open tag', 'php', "$a = 'x'; // c", [['string', "'x'"], ['comment', '// c']]],

  // ---- data families
  ['yaml', 'yaml',
    "# top\nurl: http://x/#frag\nname: 'single ''quoted'''\nq: \"double # not\"\nmsg: don't stop # trailing\nsize: 5\" screen\nlist: ['a', \"b\"]\nnext: 1 # c",
    [['comment', '# top'], ['string', "'single ''quoted'''", "single ''quoted''"], ['string', '"double # not"'], ['comment', '# trailing'], ['string', "'a'"], ['string', '"b"'], ['comment', '# c']]],
  ['yaml block scalars', 'yaml',
    "script: | # header comment\n  echo 'x' # not a comment\n\n  don't \"stop\n- >-\n    it's # text\nafter: 'y' # c",
    [['comment', '# header comment'], ['string', "'y'"], ['comment', '# c']]],
  ['yaml block scalar in a list item ends at a sibling key', 'yaml', "steps:\n  - run: |\n      echo \"a\" # x\n    name: it's # real comment\n  - name: 'q'\nk: &a |\n  # not a comment\nz: 1 # c", [['comment', '# real comment'], ['string', "'q'"], ['comment', '# c']]],
  ['json and jsonc', 'json', '{"a": "b // not", // c\n /* d */ "e": \'x\', "u": "http://h/#x"}',
    [['string', '"a"'], ['string', '"b // not"', 'b // not'], ['comment', '// c'], ['comment', '/* d */'], ['string', '"e"'], ['string', '"u"'], ['string', '"http://h/#x"']]],
  ['properties', 'properties', "# c\n! bang\nkey=value # not a comment\nurl=http://x/#y\n  # indented\nmulti=a \\\n  # continued\nq='x'",
    [['comment', '# c'], ['comment', '! bang'], ['comment', '# indented']]],
  ['properties continuation line', 'properties', 'a=1 # value \\\n# still the value\n# comment \\\n# comment again', [['comment', '# comment \\'], ['comment', '# comment again']]],
  ['toml', 'toml', "# c\na = 'lit\\'\nb = \"\"\"multi\n\"q\" # no\"\"\"\nc = '''raw\n'''\nd = \"x\\\"\" # tail\ne = \"\"\"x\"\"\"\"\"",
    [['comment', '# c'], ['string', "'lit\\'", 'lit\\'], ['string', '"""multi\n"q" # no"""'], ['string', "'''raw\n'''"], ['string', '"x\\""'], ['comment', '# tail'], ['string', '"""x"""""', 'x""']]],
  ['ini', 'ini', "; c\n# h\n[s]\nk = v ; not\nname = it's", [['comment', '; c'], ['comment', '# h']]],
  ['xml', 'xml', '<?xml version="1.0"?>\n<!-- c \'x\' -->\n<a href=\'u\' b="v">Don\'t <![CDATA[ it\'s "x" ]]> "q"</a>',
    [['string', '"1.0"'], ['comment', "<!-- c 'x' -->", " c 'x' "], ['string', "'u'"], ['string', '"v"']]],
  ['dotenv', 'dotenv', "# c\nKEY=\"v\" # tail\nK2=it's fine\nK3='single'\nK4=a#b\nK5=\"multi\nline\"\nK6=say \"hi\"",
    [['comment', '# c'], ['string', '"v"', 'v'], ['comment', '# tail'], ['string', "'single'"], ['string', '"multi\nline"']]],
  ['dotenv unterminated quote stays on its line', 'dotenv', 'A="open\nB=\'x\'', [['string', '"open', 'open'], ['string', "'x'"]]],
  ['dockerfile', 'dockerfile', "# c\nFROM node # not\nRUN echo \"x\" 'y'\nRUN <<EOF\necho don't\nEOF\nENV A=\"z\"",
    [['comment', '# c'], ['string', '"x"'], ['string', "'y'"], ['string', "echo don't\nEOF", "echo don't"], ['string', '"z"']]],
  ['shell', 'shell', "#!/bin/sh\n# c\necho \"a $(cat \"f\") b\" 'lit' x#y $# ${#v} # tail\ncat <<-'EOF' > out\n\tit's\n\tEOF\necho $((1 << 2)) <<< 'here'",
    [['comment', '#!/bin/sh'], ['comment', '# c'], ['string', '"a $(cat "f") b"'], ['string', "'lit'"], ['comment', '# tail'], ['string', "\tit's\n\tEOF", "\tit's"], ['string', "'here'"]]],
  ['shell escaped quote and command substitution', 'shell', 'echo it\\\'s "$HOME" \'x\' $(echo "a") # c', [['string', '"$HOME"'], ['string', "'x'"], ['string', '"a"'], ['comment', '# c']]],
  ['generic', 'generic', "# c\nsome text don't 'quoted' \"dq\" // slash\nhttp://x", [['comment', '# c'], ['string', "'quoted'"], ['string', '"dq"'], ['comment', '// slash']]],
];

/** A screenful of realistic code per family, repeated to about 2 MB. */
const LARGE_SAMPLES: Partial<Record<Family, string>> = {
  js: 'import x from "y"; // comment\nconst re = /["\']\\/+/g, t = `a ${b + "c" + `d ${e}`} f`;\n/* block\n comment */ let q = a / b / c, s = \'it\\\'s\';\nfunction f(u) { return /x/.test(u) ? "a" : \'b\'; }\n',
  python: '# comment\ndef f(x):\n    """Doc string with \'quotes\'."""\n    s = f"{x!r} {{lit}} {d[\'k\']}"\n    return r"\\d+" + b\'x\' + """\nmulti\n"""\nclass A(B): pass  # tail\n',
  go: 'package main // c\nimport "fmt"\n/* block */ func main() { s := `raw\n"x"`; r := \'\\\'\'; fmt.Println("a\\"b", s, r) }\n',
  java: 'class A { // c\n  String t = """\n    block "x"\n    """; char c = \'"\'; /* b */ String s = "a\\"b";\n}\n',
  kotlin: 'fun f() { /* a /* n */ b */ val s = "${map["k"]} $x"; val r = """raw $y"""; val c = \'c\' } // c\n',
  csharp: 'class A { // c\n var a = @"C:\\p ""q"""; var b = $"i {x} {{b}}"; var c = """\n raw\n """; char d = \'\\\'\'; /* b */ }\n',
  rust: 'fn f<\'a>(x: &\'a str) -> &\'static str { /* a /* b */ c */ let s = r#"q "x""#; let c = \'\\n\'; let b = b"y"; x } // c\n',
  ruby: '# c\nx = "a #{b["k"]} c" + \'d\' + %q(e (f) g)\ny = <<~SQL.strip\n  SELECT 1\n  SQL\nz = a % b; w = list << v; s.gsub(/\'/, "")\n',
  php: '<p>it\'s</p>\n<?php // c\n$a = "{$b[\'k\']} $c"; $d = \'e\'; # h\n$f = <<<EOT\n  body\n  EOT;\n/* b */ ?>\n',
  yaml: "# c\nkey: 'single ''q'''\n" + 'url: http://x/#frag # tail\nscript: |\n  echo "x" # no\nlist: ["a", b]\n',
  json: '{"a": "b // c", /* d */ "e": [1, 2, "f\\"g"]}, // h\n',
  properties: '# c\nkey=value # not\n! bang\nurl=jdbc:x://h/db\n',
  toml: '# c\na = "x" # t\nb = \'lit\'\nc = """\nmulti\n"""\n',
  ini: '; c\n[s]\nk = v ; not\n# h\n',
  xml: '<?xml version="1.0"?>\n<!-- c --><a b="c" d=\'e\'>it\'s <![CDATA[ "x" ]]></a>\n',
  dotenv: '# c\nKEY="v" # t\nK2=it\'s\nK3=\'s\'\n',
  dockerfile: '# c\nFROM node:20\nRUN echo "a" \'b\' && \\\n  make # not\nENV X="y"\n',
  shell: '#!/bin/sh\n# c\necho "a $(cat "f") ${x#y}" \'lit\' # t\ncat <<EOF\nit\'s\nEOF\n',
  generic: '# c\ntext don\'t "q" \'s\' // c\nurl http://x/#y\n',
};

suite('lexer', () => {
  suite('tokens per family', () => {
    for (const [name, family, text, expected] of CASES) {
      test(`${family}: ${name}`, () => {
        const lexed = lex(text, family);
        assert.deepStrictEqual(tuples(text, lexed.tokens, expected), expected);
        checkInvariants(text, lexed, name);
      });
    }
  });

  test('interpolated flag', () => {
    const flag = (text: string, family: Family) => lex(text, family).tokens.map(t => t.interpolated);
    assert.deepStrictEqual(flag('a = `x ${y}`; b = `z`', 'js'), [true, false]);
    assert.deepStrictEqual(flag('a = f"{x}" + f"{{lit}}" + "{y}"', 'python'), [true, false, false]);
    assert.deepStrictEqual(flag('a = "#{x}" + "y" + \'#{z}\'', 'ruby'), [true, false, false]);
    assert.deepStrictEqual(flag('val a = "$host/db"; val b = "${x}"; val c = "\\$5"', 'kotlin'), [true, true, false]);
    assert.deepStrictEqual(flag('<?php $a = "$host/x"; $b = \'$x\'; $c = "{$y}";', 'php'), [true, false, true]);
    assert.deepStrictEqual(flag('var a = $"{x}"; var b = $"{{lit}}";', 'csharp'), [true, false]);
    assert.deepStrictEqual(flag('URL="postgres://$USER@h" B=\'$x\'', 'shell'), [true, false]);
    assert.deepStrictEqual(flag('x = <<~A\n  #{y}\n  A\nz = <<~\'B\'\n  #{y}\n  B\n', 'ruby'), [true, false]);
    assert.deepStrictEqual(flag("A=${B}\nC=\"${D}/x\"\nE='$F'\nG=\"$H\"", 'dotenv'), [true, false, true]);
    assert.deepStrictEqual(flag("<?php $a = <<<EOT\n$x\nEOT;\n$b = <<<'EOT'\n$x\nEOT;\n", 'php'), [true, false]);
  });

  test('tokenIndexAt finds the token containing an offset', () => {
    const text = 'a = "xy" // c';
    const { tokens } = lex(text, 'js');
    assert.strictEqual(tokenIndexAt(tokens, text.indexOf('x')), 0);
    assert.strictEqual(tokenIndexAt(tokens, text.indexOf('c')), 1);
    assert.strictEqual(tokenIndexAt(tokens, 0), -1);
  });

  test('codeText blanks comments only, keeping CRLF', () => {
    const text = 'a = 1 // c\r\n/* x\r\ny */ b = "// s"\r\n';
    const { codeText, tokens } = lex(text, 'js');
    assert.strictEqual(codeText, 'a = 1     \r\n    \r\n     b = "// s"\r\n');
    assert.deepStrictEqual(tokens.map(t => text.slice(t.start, t.end)), ['// c', '/* x\r\ny */', '"// s"']);
  });

  suite('robustness', () => {
    const families: Family[] = ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust', 'yaml', 'json', 'properties', 'toml', 'ini', 'xml', 'dotenv', 'dockerfile', 'shell', 'generic'];
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    const randomText = (len: number, alphabet?: string) => {
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet ? alphabet[rnd() % alphabet.length] : String.fromCharCode(rnd() % 0x3000);
      return s;
    };
    const deep = '`${'.repeat(10000) + '`}'.repeat(10000);
    const inputs: [string, string][] = [
      ['empty', ''], ['only a double quote', '"'], ['only a single quote', "'"], ['only a backtick', '`'], ['only a slash', '/'], ['only a hash', '#'],
      ['unclosed block comment', 'a /* never closed\n more'], ['unclosed template with interpolation', 'x = `a ${ f("'],
      ['unclosed interpolations everywhere', 'f"{ $"{ "#{ "${ `${ "{$ <<<EOT\n<<~X\n'],
      ['deeply nested interpolation', deep], ['deeply nested f-strings', 'f"{'.repeat(5000) + '}"'.repeat(5000)],
      ['deeply nested ruby', '"#{'.repeat(5000) + '}"'.repeat(5000)], ['nested block comments', '/*'.repeat(5000) + '*/'.repeat(4999)],
      ['NUL bytes', 'a\0"b\0"\0// \0\n\0\'\0'], ['CRLF', 'a = "x"\r\n// c\r\nb = \'y\r\n# z\r\n'], ['BOM', '\uFEFF#!/usr/bin/env node\n"""doc"""\nx = \'y\''],
      ['lone surrogates', '"\uD800\'\uDC00"/*\uD83D'], ['quotes and slashes soup', randomText(4000, '"\'`/\\*#{}$<>\n\r %@=|-!;[]()?rbf')],
      ['random bytes', randomText(20000)], ['random code-ish', randomText(20000, 'abc xyz=(){}[]"\'`/*#$@%<>?!;:,.\\\n\r\t0123456789rbRBfFuU~-')],
      ['1 MB single line', 'x = "' + 'a'.repeat(500000) + '" + \'' + 'b/'.repeat(250000) + "'"],
      ['many unterminated escapes', "'\\".repeat(50000)], ['many regex starts', '(/['.repeat(50000)],
      ['nested unclosed quotes in interpolations', ['A="${B=', '"#{B=', 'f"{B=', '`${B=', '"$(B=', '$"{B=', '"{$B='].map(p => p.repeat(30)).join('\n') + '\nx "y"'.repeat(2000)],
      ['many heredoc openers', '<<~A <<B <<<C <<-D\n'.repeat(2000)], ['a thousand heredoc openers on one line', '<<A '.repeat(1000) + '\nA\n'.repeat(5)], ['long quote runs', 'r#"' + '"'.repeat(30000) + '#' + '""""'.repeat(10000)],
    ];
    for (const [name, text] of inputs) {
      test(name, () => {
        for (const family of families) {
          let lexed: Lexed | undefined;
          assert.doesNotThrow(() => { lexed = lex(text, family); }, `${family}: ${name}`);
          checkInvariants(text, lexed!, `${family}: ${name}`);
        }
      });
    }
  });

  test('the scan in WebAssembly (lexerWasm.ts) is what assembly/lexer.ts compiles to', async function () {
    this.timeout(60000);
    const { lexer } = wasmBuilds(ROOT);
    assert.strictEqual(fs.readFileSync(lexer.out, 'utf8'), lexer.source(await lexer.compile()), 'lexerWasm.ts is out of date: run `npm run wasm`');
  });

  test('a text with more records than the memory first holds, one too long for the shared memory, then a small one again', () => {
    const many = '"a" '.repeat(100_000);
    const lexed = lex(many, 'js');
    assert.strictEqual(lexed.tokens.length, 100_000);
    assert.deepStrictEqual(lexed.tokens[99_999], { kind: TokenKind.String, start: 399_996, end: 399_999, valueStart: 399_997, valueEnd: 399_998, interpolated: false });
    const long = '// a comment\n' + 'x = 1\n'.repeat(800_000) + '"last"';
    const big = lex(long, 'js');
    assert.deepStrictEqual(big.tokens.map(t => long.slice(t.start, t.end)), ['// a comment', '"last"']);
    assert.ok(big.codeText.startsWith(' '.repeat(12) + '\nx = 1'));
    const small = lex('s = "v" # c', 'python');
    assert.deepStrictEqual(small.tokens.map(t => [t.kind, t.start, t.end]), [[TokenKind.String, 4, 7], [TokenKind.Comment, 8, 11]]);
    // the brackets of a long text, in an instance of their own too
    const block = '{' + ' "}" f(x)\n'.repeat(200_000) + '}';
    const pairs = bracketPairs(block, 'js');
    assert.deepStrictEqual([pairs.open.length, pairs.open[0], pairs.close[0], pairs.close[1]], [200_001, 0, block.length - 1, 9]);
    const { braces, brackets } = blockIndexes(block, 'js');
    assert.deepStrictEqual([Array.from(braces.opens), Array.from(braces.closes), brackets.opens.length, brackets.parents[5]], [[0], [block.length - 1], 200_001, 0]);
  });

  test('bracketPairs: the brackets of the code text, paired, strings and comments stepped over', () => {
    /** The pairs one character at a time, from lex()'s code text and tokens. */
    const naive = (text: string, family: Family) => {
      const { codeText, tokens } = lex(text, family);
      const open: number[] = [], close: number[] = [], stack: number[] = [];
      const closes: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
      for (let i = 0; i < codeText.length; i++) {
        const t = tokens[tokenIndexAt(tokens, i)];
        if (t?.kind === TokenKind.String) { i = t.end - 1; continue; }
        const c = codeText[i], o = closes[c];
        if ('([{'.includes(c)) { stack.push(open.length); open.push(i); close.push(-1); }
        else if (o && stack.length && codeText[open[stack[stack.length - 1]]] === o) close[stack.pop()!] = i;
      }
      return { open, close };
    };
    const pieces = ['(', ')', '[', ']', '{', '}', '"', "'", '`', '#', '//', '/*', '*/', '\n', 'x', ' ', '\\', '${', 'é', '😀'];
    const texts = ['', 'f(a, [b], {c: "(}"}) // )', 'x = (1, \'[\', """ ( """)\n# (', ')(][}{', '('.repeat(5000) + ')'.repeat(4000)];
    texts.push(...pieceTexts(pieces, 7));
    let openers = 0;
    for (const text of texts) {
      for (const family of ['js', 'python', 'ruby', 'go'] as Family[]) {
        const expected = naive(text, family);
        // the text just lexed, then with another one lexed in between
        for (const between of [false, true]) {
          if (between) lex('other = (1)', 'python');
          const got = bracketPairs(text, family);
          assert.deepStrictEqual({ open: Array.from(got.open), close: Array.from(got.close) }, expected, `${family}: ${JSON.stringify(text.slice(0, 80))}`);
        }
        openers += expected.open.length;
      }
    }
    assert.ok(openers > 10_000, `only ${openers} openers`);
  });

  test('blockIndexes: braces, and brackets of any kind, with their closes and parents, strings stepped over', () => {
    type Index = { opens: number[]; closes: number[]; parents: number[] };
    /** The indexes one character at a time, from lex()'s code text and tokens. */
    const naive = (text: string, family: Family) => {
      const { codeText, tokens } = lex(text, family);
      const braces: Index = { opens: [], closes: [], parents: [] }, brackets: Index = { opens: [], closes: [], parents: [] };
      const braceStack: number[] = [], stack: number[] = [];
      const open = (x: Index, s: number[], at: number) => { x.parents.push(s.length ? s[s.length - 1] : -1); x.closes.push(NEVER_CLOSED); s.push(x.opens.length); x.opens.push(at); };
      const close = (x: Index, s: number[], at: number) => { if (s.length) x.closes[s.pop()!] = at; };
      for (let i = 0; i < codeText.length; i++) {
        const t = tokens[tokenIndexAt(tokens, i)];
        if (t?.kind === TokenKind.String) { i = t.end - 1; continue; }
        const c = codeText[i];
        if (c === '{') open(braces, braceStack, i); else if (c === '}') close(braces, braceStack, i);
        if ('([{'.includes(c)) open(brackets, stack, i); else if (')]}'.includes(c)) close(brackets, stack, i);
      }
      return { braces, brackets };
    };
    const plain = (x: { opens: Int32Array; closes: Int32Array; parents: Int32Array }) => ({ opens: Array.from(x.opens), closes: Array.from(x.closes), parents: Array.from(x.parents) });
    const pieces = ['(', ')', '[', ']', '{', '}', '"', "'", '`', '#', '//', '/*', '*/', '\n', 'x', ' ', '\\', '${', 'f"', '%q(', 'é'];
    const texts = ['', 'if (a) { f([1, {b: "}"}]) } else { g() }', 'def f(x):\n  return {"a": [x, f"{x}"]}\n', '}{)(][', '{'.repeat(3000) + '}'.repeat(2000)];
    texts.push(...pieceTexts(pieces, 11));
    let blocks = 0;
    for (const text of texts) {
      for (const family of ['js', 'python', 'ruby', 'php'] as Family[]) {
        const expected = naive(text, family);
        for (const between of [false, true]) {
          if (between) lex('other = {1: (2)}', 'python');
          const got = blockIndexes(text, family);
          assert.deepStrictEqual({ braces: plain(got.braces), brackets: plain(got.brackets) }, expected, `${family}: ${JSON.stringify(text.slice(0, 80))}`);
        }
        blocks += expected.brackets.opens.length;
      }
    }
    assert.ok(blocks > 10_000, `only ${blocks} blocks`);
  });

  suite('large inputs (linear time)', () => {
    for (const [family, sample] of Object.entries(LARGE_SAMPLES) as [Family, string][]) {
      test(`${family}: ~2 MB of mixed code`, function () {
        this.timeout(20000);
        const text = sample.repeat(Math.ceil(2_000_000 / sample.length));
        const lexed = lex(text, family);
        assert.ok(lexed.tokens.length > 0);
        assert.strictEqual(lexed.codeText.length, text.length);
      });
    }
  });
});
