/**
 * Every generated Dockerfile, for every stack fixture, validated by dockerfile-utils (the validator
 * behind the Docker language server): no errors and no warnings.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validate } from 'dockerfile-utils';
import { projectFromMap } from '../../src/core/project';
import { detectStacks, planScaffold } from '../../src/core/scaffold';
import { FIXTURES } from './paths';

function readTree(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readTree(p, base, out);
    else out.set(path.relative(base, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
  }
  return out;
}

suite('generated Dockerfiles pass dockerfile-utils', () => {
  const stacks = path.join(FIXTURES, 'stacks');
  for (const name of fs.readdirSync(stacks).sort()) {
    test(name, () => {
      const project = projectFromMap(readTree(path.join(stacks, name)));
      const apps = detectStacks(project);
      assert.ok(apps.length > 0);
      for (const app of apps) {
        const text = planScaffold('dockerfile', project, app).content;
        const problems = validate(text).map(d => `${d.range.start.line + 1}: ${d.message}`);
        assert.deepStrictEqual(problems, [], text);
      }
    });
  }
});
