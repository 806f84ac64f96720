/**
 * Manifest parsing (package.json members with offsets, requirements lines, TOML tables) and the
 * dependency rules' project logic beyond their fixtures. requirements*.txt is tested by calling the
 * rule directly: the engine treats `.txt` files as documentation and never runs rules on them.
 */
import * as assert from 'assert';
import { lint } from '../../src/core/engine';
import { jsonStringMembers, parentDirs, requirementLines, tomlPairs, tomlTables } from '../../src/core/manifests';
import { projectFromMap } from '../../src/core/project';
import { Report } from '../../src/core/rule';
import { RULES_BY_ID } from '../../src/core/rules';
import { SourceFile } from '../../src/core/source';

const LOCK = 'dependencies/missing-lockfile';
const UNPINNED = 'dependencies/unpinned-version';
const TOOL = 'dependencies/implicit-system-tool';

/** Lint `path` inside a project made of `files`. */
function inProject(ruleId: string, path: string, files: Record<string, string>) {
  const map = new Map(Object.entries(files));
  return lint({ path, text: map.get(path)! }, { project: projectFromMap(map), rules: [RULES_BY_ID.get(ruleId)!] });
}

suite('manifest parsing', () => {
  test('package.json members with the offsets of their values', () => {
    const text = '\ufeff{ "name": "x", "scripts": { "a": "b" },\n  "dependencies": { "left-pad": "*", "esc\\"aped": "^1.0" },\n  "devDependencies": {} }';
    const ms = jsonStringMembers(text, ['dependencies', 'devDependencies']);
    assert.deepStrictEqual(ms.map(m => [m.section, m.name, m.value]), [['dependencies', 'left-pad', '*'], ['dependencies', 'esc"aped', '^1.0']]);
    assert.strictEqual(text.slice(ms[0].valueStart, ms[0].valueEnd), '*');
    assert.strictEqual(text.slice(ms[1].start, ms[1].end), '"^1.0"');
  });

  test('malformed JSON yields no members and never throws', () => {
    for (const t of ['', '{', '{"dependencies": {"a": "*",}}', '[1, 2]', 'null', '{"dependencies": "*"}']) assert.deepStrictEqual(jsonStringMembers(t, ['dependencies']), []);
  });

  test('requirements lines: names, extras, markers, URLs; options, comments and paths left out', () => {
    const text = [
      '# pinned by pip-compile', 'flask', 'requests[socks]>=2.31  # http', 'django==5.0.4 ; python_version >= "3.10"',
      '-r base.txt', '-e git+https://github.com/acme/lib.git#egg=lib', '--hash=sha256:abc', './vendor/pkg', 'uvicorn[standard] \\',
      '    >=0.29', 'acme-sdk @ git+https://github.com/acme/sdk.git@main', 'git+https://github.com/acme/tool.git@4e1c9a2b', '',
    ].join('\n');
    const rs = requirementLines(text);
    assert.deepStrictEqual(rs.map(r => [r.name, r.spec, r.url]), [
      ['flask', '', undefined], ['requests', '>=2.31', undefined], ['django', '==5.0.4', undefined], ['uvicorn', '>=0.29', undefined],
      ['acme-sdk', '', 'git+https://github.com/acme/sdk.git@main'], [undefined, '', 'git+https://github.com/acme/tool.git@4e1c9a2b'],
    ]);
    assert.strictEqual(text.slice(rs[1].nameStart, rs[1].nameEnd), 'requests');
  });

  test('TOML tables and pairs by lines', () => {
    const text = '[package]\nname = "x" # the crate\n\n[[bin]]\nname = "cli"\n\n[target.\'cfg(unix)\'.dependencies]\nnix = "*"\ndesc = """\n[not.a.table]\n"""\n';
    const tables = tomlTables(text);
    assert.deepStrictEqual(tables.map(t => [t.name, t.array]), [['', false], ['package', false], ['bin', true], ["target.'cfg(unix)'.dependencies", false]]);
    assert.deepStrictEqual(tomlPairs(text, tables[1]).map(p => [p.key, p.value]), [['name', '"x"']]);
  });

  test('parent folders', () => {
    assert.deepStrictEqual(parentDirs('a/b/c'), ['a/b', 'a', '']);
    assert.deepStrictEqual(parentDirs(''), []);
  });
});

suite('dependencies/missing-lockfile: projects', () => {
  const PKG = '{"name":"app","dependencies":{"express":"^4.19.2"}}';
  test('silent without a project; on malformed JSON only the malformed-file finding says why', () => {
    assert.deepStrictEqual(lint({ path: 'package.json', text: PKG }, { rules: [RULES_BY_ID.get(LOCK)!] }), []);
    assert.deepStrictEqual(inProject(LOCK, 'package.json', { 'package.json': '{"dependencies": {"a": "1",}' }).map(f => f.ruleId), ['twelve-factor/malformed-file']);
  });

  test('any JavaScript lockfile beside it counts, bun.lock included', () => {
    for (const lock of ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock']) {
      assert.deepStrictEqual(inProject(LOCK, 'web/package.json', { 'web/package.json': PKG, [`web/${lock}`]: '' }), [], lock);
    }
    assert.strictEqual(inProject(LOCK, 'web/package.json', { 'web/package.json': PKG, 'api/package-lock.json': '' }).length, 1);
  });

  test('a workspace without a lockfile is reported once, on its root', () => {
    const files = {
      'package.json': '{"private":true,"workspaces":["packages/*"]}',
      'packages/a/package.json': PKG,
      'packages/b/package.json': PKG,
    };
    assert.strictEqual(inProject(LOCK, 'package.json', files).length, 1);
    assert.deepStrictEqual(inProject(LOCK, 'packages/a/package.json', files), []);
  });

  test('a lockfile above a package that is not in a workspace does not lock it', () => {
    const files = { 'package.json': PKG, 'package-lock.json': '{}', 'examples/shop/package.json': PKG };
    assert.deepStrictEqual(inProject(LOCK, 'package.json', files), []);
    assert.strictEqual(inProject(LOCK, 'examples/shop/package.json', files).length, 1);
  });

  test('Cargo: an app in a workspace is covered by the workspace lockfile; a library never needs one', () => {
    const app = '[package]\nname = "srv"\n\n[dependencies]\ntokio = "1"\n';
    assert.deepStrictEqual(inProject(LOCK, 'crates/srv/Cargo.toml', { 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n', 'Cargo.lock': '', 'crates/srv/Cargo.toml': app, 'crates/srv/src/main.rs': '' }), []);
    assert.strictEqual(inProject(LOCK, 'Cargo.toml', { 'Cargo.toml': app, 'src/bin/tool.rs': '' }).length, 1);
    assert.deepStrictEqual(inProject(LOCK, 'Cargo.toml', { 'Cargo.toml': app, 'src/lib.rs': '' }), []);
  });

  test('go.mod without requirements needs no go.sum', () => {
    assert.deepStrictEqual(inProject(LOCK, 'go.mod', { 'go.mod': 'module example.com/x\n\ngo 1.22\n' }), []);
  });
});

suite('dependencies/unpinned-version: requirements files', () => {
  function check(path: string, text: string): Report[] {
    const reports: Report[] = [];
    RULES_BY_ID.get(UNPINNED)!.check({ file: new SourceFile(path, text), report: r => reports.push(r) });
    return reports;
  }

  test('flags unversioned requirements and unpinned VCS URLs, at the name', () => {
    const text = 'flask\nrequests>=2.31\ngunicorn==21.2.0\nacme-sdk @ git+https://github.com/acme/sdk.git@main\ngit+https://github.com/acme/tool.git\ngit+https://github.com/acme/pinned.git@4e1c9a2b\n-e .\n# celery\nredis ; python_version >= "3.8"\n';
    const rs = check('requirements.txt', text);
    assert.deepStrictEqual(rs.map(r => text.slice(r.start, r.end)), ['flask', 'acme-sdk', 'git+https://github.com/acme/tool.git', 'redis']);
  });

  test('requirements-dev.txt and requirements/*.txt are requirements files; other .txt files are not', () => {
    assert.strictEqual(check('requirements-dev.txt', 'pytest\n').length, 1);
    assert.strictEqual(check('requirements/base.txt', 'django\n').length, 1);
    assert.strictEqual(check('notes.txt', 'django\n').length, 0);
    assert.strictEqual(check('requirements.in', 'django\n').length, 0);
  });
});

suite('dependencies/implicit-system-tool: what declares a tool', () => {
  const code = "const { execFile } = require('child_process');\nexecFile('ffmpeg', ['-i', 'in.mp4', 'out.webm']);\nexecFile('git', ['pull']);\n";
  const tools = (files: Record<string, string>, path = 'services/media/src/transcode.js') =>
    inProject(TOOL, path, { [path]: code, ...files }).map(f => f.message.match(/"([a-z]+)"/)![1]);

  test('silent without a project', () => {
    assert.deepStrictEqual(lint({ path: 'a.js', text: code }, { rules: [RULES_BY_ID.get(TOOL)!] }), []);
  });

  test('no Dockerfile at all: both tools are undeclared', () => {
    assert.deepStrictEqual(tools({}), ['ffmpeg', 'git']);
  });

  test('a full language image ships git; its slim variant does not', () => {
    assert.deepStrictEqual(tools({ 'Dockerfile': 'FROM node:20\nRUN apt-get update && apt-get install -y ffmpeg\n' }), []);
    assert.deepStrictEqual(tools({ 'Dockerfile': 'FROM node:20-slim\nRUN apt-get update && apt-get install -y ffmpeg\n' }), ['git']);
  });

  test('an image made for the tool provides it', () => {
    assert.deepStrictEqual(tools({ 'services/media/Dockerfile': 'FROM jrottenberg/ffmpeg:6.1-ubuntu\nRUN apt-get update && apt-get install -y git\n' }), []);
  });

  test("a sibling service's Dockerfile, or its docker/ folder, does not apply; the service's own docker/ folder does", () => {
    const installs = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y ffmpeg git\n';
    assert.deepStrictEqual(tools({ 'services/api/Dockerfile': installs }), ['ffmpeg', 'git']);
    assert.deepStrictEqual(tools({ 'services/api/docker/Dockerfile': installs }), ['ffmpeg', 'git']);
    assert.deepStrictEqual(tools({ 'services/media/docker/Dockerfile': installs }), []);
    assert.deepStrictEqual(tools({ 'docker/media.Dockerfile': installs }), []);
  });

  test('an Aptfile above the file declares its packages', () => {
    assert.deepStrictEqual(tools({ 'Aptfile': 'ffmpeg\n# vcs\ngit-core\n' }), []);
  });
});
