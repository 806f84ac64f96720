/**
 * The Dockerfile reader (continuations, heredocs, parser directives, stages, ENV/ARG pairs, exec
 * form) and the Dockerfile rules' edge cases beyond their fixtures, including the exec-form fix of
 * disposability/shell-form-cmd: applied, re-linted clean, and its JSON array round-trips the words.
 */
import * as assert from 'assert';
import { execForm, installedPackages, keyValues, readDockerfile, shellWords } from '../../src/core/dockerfile';
import { lint } from '../../src/core/engine';
import { applyEdits, fixAll } from '../../src/core/fixes';
import { RULES_BY_ID } from '../../src/core/rules';
import { simpleArgv } from '../../src/core/rules/shellFormCmd';
import { SourceFile } from '../../src/core/source';
import { Finding } from '../../src/core/types';

function docker(text: string, path = 'Dockerfile') {
  const file = new SourceFile(path, text);
  return { file, d: readDockerfile(file) };
}

function run(ruleId: string, text: string, path = 'Dockerfile'): Finding[] {
  return lint({ path, text }, { rules: [RULES_BY_ID.get(ruleId)!] });
}

suite('Dockerfile reader', () => {
  test('joins continuation lines, skipping comment and empty lines, and maps offsets back', () => {
    const text = 'FROM alpine:3.19\nRUN apk add \\\n  # the tools\n\n    curl \\\n    git\nCMD ["sh"]\n';
    const { d } = docker(text);
    assert.deepStrictEqual(d.instructions.map(i => i.keyword), ['FROM', 'RUN', 'CMD']);
    const run = d.instructions[1];
    assert.strictEqual(run.args, 'apk add     curl     git');
    const i = run.args.indexOf('git');
    assert.strictEqual(text.slice(run.offsetAt(i), run.offsetAt(i) + 3), 'git');
    assert.strictEqual(text.slice(run.offsetAt(run.args.indexOf('curl')), run.offsetAt(run.args.indexOf('curl')) + 4), 'curl');
    assert.ok(run.continued);
    assert.deepStrictEqual(installedPackages(run.args), ['curl', 'git']);
  });

  test('CRLF line endings', () => {
    const { d } = docker('FROM node:20\r\nCMD node \\\r\n  server.js\r\n');
    assert.strictEqual(d.instructions[1].args, 'node   server.js');
  });

  test('heredoc bodies are not instructions; <<- strips tabs before the closing word', () => {
    const text = 'FROM alpine:3.19\nRUN <<EOF\nFROM ubuntu\nCMD nope\nEOF\nCOPY <<-EOT /etc/motd\n\tENV X=1\n\tEOT\nCMD ["sh"]\n';
    const { d } = docker(text);
    assert.deepStrictEqual(d.instructions.map(i => i.keyword), ['FROM', 'RUN', 'COPY', 'CMD']);
    const h = d.instructions[1].heredocs[0];
    assert.strictEqual(h.name, 'EOF');
    assert.strictEqual(text.slice(h.bodyStart, h.bodyEnd), 'FROM ubuntu\nCMD nope\n');
  });

  test('an unterminated heredoc runs to the end of the file without throwing', () => {
    const { d } = docker('FROM alpine:3.19\nRUN <<EOF\necho hi\n');
    assert.deepStrictEqual(d.instructions.map(i => i.keyword), ['FROM', 'RUN']);
  });

  test('parser directives only at the top; escape=` changes the continuation character', () => {
    const { d } = docker('# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n  && echo done\n');
    assert.strictEqual(d.directives.get('syntax'), 'docker/dockerfile:1');
    assert.strictEqual(d.directives.get('escape'), '`');
    assert.strictEqual(d.instructions[1].args, 'dir C:\\   && echo done');
    const late = docker('# a comment\n# escape=`\nFROM alpine:3.19\n').d;
    assert.strictEqual(late.directives.size, 0);
  });

  test('global ARGs, stages, --platform flags and AS names', () => {
    const { d } = docker('ARG BASE=node:20\nARG TAG\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nARG LOCAL=1\nFROM build as test\nFROM scratch\n');
    assert.deepStrictEqual([...d.globalArgs], [['BASE', 'node:20'], ['TAG', undefined]]);
    assert.deepStrictEqual(d.stages.map(s => [s.image.raw, s.image.stage]), [['${BASE}', 'build'], ['build', 'test'], ['scratch', undefined]]);
  });

  test('ENV and ARG pairs: K=V, quoted values, legacy `ENV K V`, ARG without a default', () => {
    const { d } = docker('ENV A=1 B="two words" C=\'x y\'\nENV LEGACY some value here\nARG TOKEN\nARG X=1 Y\n');
    const [env, legacy, arg, args] = d.instructions.map(i => keyValues(i).map(kv => [kv.key, kv.value?.text]));
    assert.deepStrictEqual(env, [['A', '1'], ['B', 'two words'], ['C', 'x y']]);
    assert.deepStrictEqual(legacy, [['LEGACY', 'some value here']]);
    assert.deepStrictEqual(arg, [['TOKEN', undefined]]);
    assert.deepStrictEqual(args, [['X', '1'], ['Y', undefined]]);
  });

  test('exec form is a JSON array of strings; anything else is shell form', () => {
    const { d } = docker('CMD ["node", "server.js"]\nCMD [node, server.js]\nCMD ["a", 1]\nCMD node x\n');
    assert.deepStrictEqual(d.instructions.map(i => execForm(i)?.values), [['node', 'server.js'], undefined, undefined, undefined]);
  });

  test('shell words mark where commands start, including inside sh -c', () => {
    const ws = shellWords('sh -c "npm ci && node x" | tee; echo npm install');
    assert.deepStrictEqual(ws.filter(w => w.commandStart).map(w => w.text), ['sh', 'npm', 'node', 'tee', 'echo']);
  });

  test('package installs across package managers', () => {
    assert.deepStrictEqual(installedPackages('apt-get update && apt-get -y install --no-install-recommends ffmpeg=7:5.1 imagemagick && rm -rf /x'), ['ffmpeg', 'imagemagick']);
    assert.deepStrictEqual(installedPackages('apk add --no-cache git openssh-client'), ['git', 'openssh-client']);
    assert.deepStrictEqual(installedPackages('dnf install -y pandoc; yum install ghostscript'), ['pandoc', 'ghostscript']);
    assert.deepStrictEqual(installedPackages('apt-get install -y $PACKAGES'), []);
  });
});

suite('Dockerfile rules: edge cases', () => {
  const BASE = 'build-release-run/unpinned-base-image';
  test('unpinned-base-image judges ARG defaults and inline defaults, and skips build-time values', () => {
    assert.strictEqual(run(BASE, 'ARG V=latest\nFROM node:${V}\n').length, 1);
    assert.strictEqual(run(BASE, 'FROM ${IMG:-node}\n').length, 1);
    assert.strictEqual(run(BASE, 'FROM node:${TAG}\n').length, 0);
    assert.strictEqual(run(BASE, 'ARG REGISTRY\nFROM ${REGISTRY}/app\n').length, 0);
    assert.strictEqual(run(BASE, 'FROM Build AS x\nFROM x\n').length, 1, 'only the first, unknown image');
    assert.strictEqual(run(BASE, 'FROM localhost:5000/app:1.2\n').length, 0);
  });

  test('install-at-runtime never flags RUN, and sees through sudo, env and python -m pip', () => {
    const R = 'build-release-run/install-at-runtime';
    assert.strictEqual(run(R, 'FROM python:3.12\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n').length, 0);
    assert.strictEqual(run(R, 'FROM python:3.12\nCMD env PIP_NO_CACHE_DIR=1 python3 -m pip install . && python -m app\n').length, 1);
    assert.strictEqual(run(R, 'FROM node:20\nCMD ["npm", "run", "install-hooks"]\n').length, 0);
  });

  test('secret-in-dockerfile masks the value in its message', () => {
    const f = run('config/secret-in-dockerfile', 'FROM alpine:3.19\nENV DB_PASSWORD=hunter2hunter2\n');
    assert.strictEqual(f.length, 1);
    assert.ok(!f[0].message.includes('hunter2hunter2'));
  });
});

suite('disposability/shell-form-cmd: the exec-form fix', () => {
  const RULE = 'disposability/shell-form-cmd';
  const cases: { text: string; argv: string[] }[] = [
    { text: 'FROM node:20\nCMD node server.js\n', argv: ['node', 'server.js'] },
    { text: 'FROM python:3.12\nCMD gunicorn --bind 0.0.0.0:8000 "app.wsgi:application"\n', argv: ['gunicorn', '--bind', '0.0.0.0:8000', 'app.wsgi:application'] },
    { text: 'FROM eclipse-temurin:21\nCMD java -Dname="a b" -jar \'/app/my app.jar\' \\\n    --spring.profiles.active=prod\n', argv: ['java', '-Dname=a b', '-jar', '/app/my app.jar', '--spring.profiles.active=prod'] },
    { text: 'FROM eclipse-temurin:21\r\nENTRYPOINT java -jar /app.jar\r\n', argv: ['java', '-jar', '/app.jar'] },
    { text: "FROM node:20\nCMD node 'caf\u00e9 \\u00e9.js'\n", argv: ['node', 'caf\u00e9 \\u00e9.js'] },
  ];
  for (const { text, argv } of cases) {
    test(`rewrites ${JSON.stringify(text.split('\n')[1])}`, () => {
      const findings = run(RULE, text);
      assert.strictEqual(findings.length, 1);
      const fix = findings[0].fixes?.[0];
      assert.ok(fix && fix.safe && fix.title === 'Use the exec form');
      const fixed = applyEdits(text, fix.edits);
      assert.deepStrictEqual(run(RULE, fixed), [], fixed);
      const line = fixed.split(/\r?\n/).find(l => /^(?:CMD|ENTRYPOINT) \[/.test(l))!;
      const array: unknown = JSON.parse(line.slice(line.indexOf('[')));
      assert.deepStrictEqual(array, argv);
      // fix-all applies the same safe repair
      const all = fixAll(new SourceFile('Dockerfile', text), findings);
      assert.strictEqual(applyEdits(text, all.edits), fixed);
    });
  }

  const noFix: [string, string][] = [
    ['operators', 'FROM node:20\nCMD npm run migrate && npm start\n'],
    ['a variable', 'FROM python:3.12\nCMD uvicorn main:app --port $PORT\n'],
    ['an env assignment', 'FROM node:20\nCMD NODE_ENV=production node server.js\n'],
    ['a glob', 'FROM node:20\nCMD node dist/*.js\n'],
    ['a redirect', 'FROM node:20\nCMD node server.js > /dev/null\n'],
    ['an escape in double quotes', 'FROM node:20\nCMD node "a\\"b"\n'],
    ['ENTRYPOINT with a CMD in its stage', 'FROM php:8.3-fpm\nENTRYPOINT php-fpm -F\nCMD ["--nodaemonize"]\n'],
    ['a comment inside the continuation', 'FROM node:20\nCMD node \\\n# the entry point\n  server.js\n'],
  ];
  for (const [why, text] of noFix) {
    test(`flags but offers no fix with ${why}`, () => {
      const findings = run(RULE, text);
      assert.strictEqual(findings.length, 1);
      assert.deepStrictEqual(findings[0].fixes ?? [], []);
    });
  }

  test('simpleArgv splits words and respects simple quotes', () => {
    assert.deepStrictEqual(simpleArgv(' bundle exec  puma -C "config/puma.rb" '), ['bundle', 'exec', 'puma', '-C', 'config/puma.rb']);
    assert.deepStrictEqual(simpleArgv("echo 'it''s'"), ['echo', 'its']);
    assert.strictEqual(simpleArgv('echo "unterminated'), undefined);
    assert.strictEqual(simpleArgv('node `which app`'), undefined);
    assert.strictEqual(simpleArgv('node ~/app.js'), undefined);
  });
});
