import * as assert from 'assert';
import { defaultConfig } from '../../src/core/config';
import { lint } from '../../src/core/engine';
import { Project } from '../../src/core/project';
import { Dependents, ProjectWatch } from '../../src/extension/dependents';

suite('dependents: what a check read of its project', () => {
  const project: Project = {
    paths: new Set(['a.js', 'svc/server.js', 'svc/.env.example', 'package.json']),
    read: p => (p === 'svc/.env.example' ? 'A=\n' : undefined),
    facts: new Set(['reads-port']),
  };

  test('a watch notes the paths read and asked about, a walk through all of them, and the facts; and answers as the project does', () => {
    const w = new ProjectWatch(project);
    assert.strictEqual(w.dependencies(), undefined, 'nothing read yet');
    assert.strictEqual(w.read('svc/.env.example'), 'A=\n');
    assert.strictEqual(w.paths.has('package.json'), true);
    assert.strictEqual(w.paths.has('nope'), false);
    assert.deepStrictEqual(w.dependencies(), { paths: ['svc/.env.example', 'package.json', 'nope'] });
    assert.deepStrictEqual([...w.facts!], ['reads-port']);
    assert.deepStrictEqual(w.dependencies(), { paths: ['svc/.env.example', 'package.json', 'nope'], facts: true });
    for (const walk of [(p: ReadonlySet<string>) => [...p], (p: ReadonlySet<string>) => p.size, (p: ReadonlySet<string>) => [...p.keys()],
      (p: ReadonlySet<string>) => [...p.values()], (p: ReadonlySet<string>) => [...p.entries()], (p: ReadonlySet<string>) => { const out: string[] = []; p.forEach(v => out.push(v)); return out; }]) {
      const x = new ProjectWatch(project);
      const got = walk(x.paths);
      assert.deepStrictEqual(got, walk(project.paths));
      assert.deepStrictEqual(x.dependencies(), { allPaths: true }, String(walk));
    }
  });

  test('the engine\'s checks through a watch: the same findings, and what they looked at', () => {
    const config = defaultConfig();
    const text = "const http = require('http');\nhttp.createServer(() => {}).listen(3000);\nconst b = process.env.B;\n";
    const w = new ProjectWatch(project);
    assert.deepStrictEqual(lint({ path: 'svc/server.js', text }, { config, project: w }), lint({ path: 'svc/server.js', text }, { config, project }));
    const deps = w.dependencies()!;
    assert.ok(deps.facts, 'the port and shutdown rules asked about the project');
    assert.ok(deps.paths!.includes('svc/.env.example'), 'env-example-drift read the .env.example beside the file');
  });

  test('dependents per folder: by path (and every file that walked all paths), by facts; a new check replaces the last', () => {
    const d = new Dependents();
    d.set('f1', 'A', { paths: ['x/.env.example', '.env.example'] });
    d.set('f2', 'A', { paths: ['.env.example'], facts: true });
    d.set('f3', 'A', { allPaths: true });
    d.set('g1', 'B', { paths: ['.env.example'], facts: true });
    d.set('g2', 'B', undefined);
    const of = (folder: string, paths: string[], facts = false) => d.ofChange(folder, paths, facts).sort();
    assert.deepStrictEqual(of('A', ['.env.example']), ['f1', 'f2', 'f3']);
    assert.deepStrictEqual(of('A', ['x/.env.example']), ['f1', 'f3']);
    assert.deepStrictEqual(of('A', ['package.json']), ['f3']);
    assert.deepStrictEqual(of('A', ['package.json', 'x/.env.example']), ['f1', 'f3']);
    assert.deepStrictEqual(of('B', ['.env.example']), ['g1']);
    assert.deepStrictEqual(of('C', ['.env.example']), []);
    assert.deepStrictEqual(of('A', [], true), ['f2']);
    assert.deepStrictEqual(of('B', ['x'], true), ['g1']);
    assert.deepStrictEqual(of('A', []), []);
    // f1's next check read something else; f2 and f3 are gone
    d.set('f1', 'A', { paths: ['package.json'] });
    d.delete('f2');
    d.set('f3', 'A', undefined);
    assert.deepStrictEqual(of('A', ['.env.example']), []);
    assert.deepStrictEqual(of('A', ['package.json']), ['f1']);
    assert.deepStrictEqual(of('A', [], true), []);
    d.delete('nothing-known');
    d.set('file:///w/sub/a.js', 'A', { facts: true });
    d.set('file:///w/subway.js', 'A', { facts: true });
    d.deleteUnder('file:///w/sub/');
    assert.deepStrictEqual(of('A', [], true), ['file:///w/subway.js']);
  });
});
