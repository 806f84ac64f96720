/**
 * The project facts behind the port-binding and disposability rules (which reads count as reading
 * PORT, which handlers count as handling SIGTERM, and how they are scoped to the app a file belongs
 * to), and the "Read the port from PORT" fix: applied to each language it supports, compared with
 * the expected text, parsed again with the language's parser, and linted again.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { lint } from '../../src/core/engine';
import { appHasFact, appRoot, factsOf } from '../../src/core/facts';
import { applyEdits, fixAll, fixesFor } from '../../src/core/fixes';
import { Project, projectFromMap } from '../../src/core/project';
import { RULES_BY_ID } from '../../src/core/rules';
import { SourceFile } from '../../src/core/source';

const PORT_RULE = 'port-binding/hardcoded-port';

suite('project facts: reads-port', () => {
  const reads = [
    ['server.js', 'app.listen(process.env.PORT || 3000);'],
    ['server.ts', "const port = Number(process.env['PORT'] ?? 3000);"],
    ['server.mjs', 'const { PORT = 3000, HOST } = process.env;'],
    ['main.ts', "const port = Deno.env.get('PORT');"],
    ['app.py', 'port = int(os.environ.get("PORT", 5000))'],
    ['app.py', 'port = os.environ["PORT"]'],
    ['app.py', 'port = os.getenv("PORT")'],
    ['settings.py', 'PORT = env.int("PORT", default=8000)'],
    ['main.go', 'addr := ":" + os.Getenv("PORT")'],
    ['config.go', 'Port int `envconfig:"PORT" default:"8080"`'],
    ['Main.java', 'int port = Integer.parseInt(System.getenv("PORT"));'],
    ['Main.kt', 'val port = System.getenv("PORT")?.toInt() ?: 8080'],
    ['config.ru', 'port = ENV.fetch("PORT") { 3000 }'],
    ['puma.rb', "port ENV['PORT']"],
    ['index.php', "$port = getenv('PORT') ?: 8000;"],
    ['Program.cs', 'var port = Environment.GetEnvironmentVariable("PORT") ?? "8080";'],
    ['main.rs', 'let port = std::env::var("PORT").unwrap_or("8080".into());'],
    ['Procfile', 'web: gunicorn -b 0.0.0.0:$PORT app:app'],
    ['Dockerfile', 'CMD ["sh", "-c", "php -S 0.0.0.0:${PORT:-8000}"]'],
    ['application.properties', 'server.port=${PORT:8080}'],
    ['docker-compose.yml', 'command: uvicorn main:app --port ${PORT}'],
    ['Application.java', '@Value("${SERVER_PORT:8080}") int port;'],
  ];
  for (const [p, text] of reads) {
    test(`${p}: ${text}`, () => assert.ok(factsOf(p, text).includes('reads-port'), text));
  }
  const notReads = [
    ['server.js', 'app.listen(3000); // set PORT in production'],
    ['db.js', 'const port = process.env.DB_PORT || 5432;'],
    ['app.py', 'REDIS_PORT = os.environ.get("REDIS_PORT")'],
    ['docker-compose.yml', 'environment:\n  PORT: 3000'],
    ['README.md', 'Set `process.env.PORT`.'],
    ['.env', 'PORT=3000'],
  ];
  for (const [p, text] of notReads) {
    test(`not ${p}: ${text}`, () => assert.ok(!factsOf(p, text).includes('reads-port'), text));
  }
});

suite('project facts: handles-sigterm', () => {
  const handles = [
    ['server.js', "process.on('SIGTERM', () => server.close());"],
    ['server.js', "process.once(\"SIGTERM\", shutdown);"],
    ['package.json', '{ "dependencies": { "@godaddy/terminus": "^4.12.0" } }'],
    ['main.ts', 'app.enableShutdownHooks();'],
    ['app.py', 'signal.signal(signal.SIGTERM, handle)'],
    ['app.py', 'for sig in (signal.SIGTERM, signal.SIGINT):\n    loop.add_signal_handler(sig, stop)'],
    ['main.go', 'signal.Notify(quit, os.Interrupt, syscall.SIGTERM)'],
    ['main.go', 'ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)'],
    ['Main.java', 'Runtime.getRuntime().addShutdownHook(new Thread(server::stop));'],
    ['application.properties', 'server.shutdown=graceful'],
    ['application.yml', 'server:\n  shutdown: graceful'],
    ['Program.cs', 'var builder = WebApplication.CreateBuilder(args);'],
    ['server.rb', "trap('TERM') { server.shutdown }"],
    ['worker.rb', 'Signal.trap(:TERM) { exit }'],
    ['worker.php', 'pcntl_signal(SIGTERM, fn () => exit(0));'],
    ['main.rs', 'axum::serve(listener, app).with_graceful_shutdown(shutdown()).await'],
    ['entrypoint.sh', "trap 'kill -TERM $child' TERM INT"],
    ['Procfile', 'web: gunicorn app:app'],
    ['requirements.txt', 'uvicorn[standard]==0.30.0'],
    ['Gemfile', 'gem "puma", "~> 6.0"'],
  ];
  for (const [p, text] of handles) {
    test(`${p}: ${text}`, () => assert.ok(factsOf(p, text).includes('handles-sigterm'), text));
  }
  const notHandles = [
    ['supervisor.js', "child.kill('SIGTERM');"],
    ['stop.py', 'os.kill(pid, signal.SIGTERM)'],
    ['main.go', 'signal.Notify(quit, os.Interrupt)'],
    ['main.go', 'cmd.Process.Signal(syscall.SIGTERM)'],
    ['README.md', "process.on('SIGTERM', ...)"],
    ['app.py', '# gunicorn handles it'],
  ];
  for (const [p, text] of notHandles) {
    test(`not ${p}: ${text}`, () => assert.ok(!factsOf(p, text).includes('handles-sigterm'), text));
  }
});

suite('project facts: scoped to the app', () => {
  const project = projectFromMap(new Map([
    ['Procfile', 'release: ./migrate'],
    ['services/api/package.json', '{}'],
    ['services/api/src/config.js', 'module.exports = { port: process.env.PORT };'],
    ['services/api/src/server.js', 'app.listen(3000);'],
    ['services/admin/package.json', '{}'],
    ['services/admin/server.js', 'app.listen(3001);'],
    ['tools/serve.js', 'app.listen(3002);'],
  ]));

  test('the app root is the nearest folder with a manifest', () => {
    assert.strictEqual(appRoot(project, 'services/api/src/server.js'), 'services/api');
    assert.strictEqual(appRoot(project, 'tools/serve.js'), '');
  });
  test('a read in the same app counts', () => assert.strictEqual(appHasFact(project, 'reads-port', 'services/api/src/server.js'), true));
  test('a read in a sibling app does not', () => assert.strictEqual(appHasFact(project, 'reads-port', 'services/admin/server.js'), false));
  test('a file outside any app sees the whole project', () => assert.strictEqual(appHasFact(project, 'reads-port', 'tools/serve.js'), true));
  test('a read in a folder above the app counts (a root Procfile)', () => {
    const p = projectFromMap(new Map([['Procfile', 'web: node services/admin/server.js --port $PORT'], ['services/admin/package.json', '{}'], ['services/admin/server.js', 'app.listen(3001);']]));
    assert.strictEqual(appHasFact(p, 'reads-port', 'services/admin/server.js'), true);
  });
  test('unknown facts are undefined', () => {
    assert.strictEqual(appHasFact(undefined, 'reads-port', 'server.js'), undefined);
    assert.strictEqual(appHasFact({ paths: new Set(), read: () => undefined }, 'reads-port', 'server.js'), undefined);
  });
  test('the rule follows the scoping', () => {
    const rule = RULES_BY_ID.get(PORT_RULE)!;
    const findings = (p: string, text: string) => lint({ path: p, text }, { project, rules: [rule] });
    const admin = "const express = require('express');\nconst app = express();\napp.listen(3001);\n";
    assert.strictEqual(findings('services/admin/server.js', admin).length, 1);
    assert.strictEqual(findings('services/api/src/server.js', admin).length, 0);
    assert.strictEqual(lint({ path: 'server.js', text: admin }, { rules: [rule] }).length, 0, 'silent without a project');
  });
});

// ---------------------------------------------------------------------------------------------
// The fix

const installed = new Map<string, boolean>();
function has(cmd: string): boolean {
  let ok = installed.get(cmd);
  if (ok === undefined) installed.set(cmd, ok = spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0);
  return ok;
}

function inTempDir<T>(name: string, text: string, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-port-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Parser = 'ts' | 'node' | 'python' | 'yaml';

/** An error text when `text` does not parse, undefined when it does, 'missing' without the tool. */
function parse(parser: Parser, text: string, name: string): string | undefined | 'missing' {
  switch (parser) {
    case 'ts': {
      const out = ts.transpileModule(text, { fileName: name, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
      const d = out.diagnostics ?? [];
      return d.length ? d.map(x => ts.flattenDiagnosticMessageText(x.messageText, '\n')).join('; ') : undefined;
    }
    case 'node': {
      const r = inTempDir(name, text, f => spawnSync(process.execPath, ['--check', f], { encoding: 'utf8' }));
      return r.status === 0 ? undefined : r.stderr;
    }
    case 'python': {
      if (!has('python3')) return 'missing';
      const r = inTempDir(name, text, f => spawnSync('python3', ['-m', 'py_compile', f], { encoding: 'utf8' }));
      return r.status === 0 ? undefined : r.stderr;
    }
    case 'yaml': {
      const errors = parseAllDocuments(text).flatMap(d => ('errors' in d ? d.errors : []));
      return errors.length ? errors.map(e => e.message).join('; ') : undefined;
    }
  }
}

interface FixCase { path: string; input: string; expected: string; parsers: Parser[] }

const CASES: FixCase[] = [
  {
    path: 'server.js',
    input: "const express = require('express');\nconst app = express();\napp.listen(3000, () => console.log('up'));\n",
    expected: "const express = require('express');\nconst app = express();\napp.listen(Number(process.env.PORT) || 3000, () => console.log('up'));\n",
    parsers: ['ts', 'node'],
  },
  {
    path: 'index.ts',
    input: "import Fastify from 'fastify';\nconst app = Fastify();\nawait app.listen({ port: 8080, host: '0.0.0.0' });\n",
    expected: "import Fastify from 'fastify';\nconst app = Fastify();\nawait app.listen({ port: Number(process.env.PORT) || 8080, host: '0.0.0.0' });\n",
    parsers: ['ts'],
  },
  {
    path: 'koa.js',
    input: "const Koa = require('koa');\nconst PORT = 4000;\nnew Koa().listen(PORT);\n",
    expected: "const Koa = require('koa');\nconst PORT = Number(process.env.PORT) || 4000;\nnew Koa().listen(PORT);\n",
    parsers: ['ts', 'node'],
  },
  {
    path: 'app.py',
    input: '"""The shop."""\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=5000)\n',
    expected: '"""The shop."""\nimport os\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))\n',
    parsers: ['python'],
  },
  {
    path: 'main.py',
    input: 'import os\n\nimport uvicorn\n\nuvicorn.run("main:app", host="0.0.0.0", port=8000)\n',
    expected: 'import os\n\nimport uvicorn\n\nuvicorn.run("main:app", host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))\n',
    parsers: ['python'],
  },
  {
    path: 'serve.py',
    input: 'import http.server\nimport socketserver\n\nPORT = 8001\n\nwith socketserver.TCPServer(("", PORT), http.server.SimpleHTTPRequestHandler) as httpd:\n    httpd.serve_forever()\n',
    expected: 'import http.server\nimport os\nimport socketserver\n\nPORT = int(os.environ.get("PORT", "8001"))\n\nwith socketserver.TCPServer(("", PORT), http.server.SimpleHTTPRequestHandler) as httpd:\n    httpd.serve_forever()\n',
    parsers: ['python'],
  },
  {
    path: 'src/main/resources/application.properties',
    input: 'spring.application.name=shop\nserver.port=8080\n',
    expected: 'spring.application.name=shop\nserver.port=${PORT:8080}\n',
    parsers: [],
  },
  {
    path: 'src/main/resources/application.yml',
    input: 'server:\n  port: 8081\n  servlet:\n    context-path: /api\n',
    expected: 'server:\n  port: ${PORT:8081}\n  servlet:\n    context-path: /api\n',
    parsers: ['yaml'],
  },
];

/** The project as it was before the fix: nothing reads PORT. */
function projectOf(c: { path: string; input: string }): Project {
  return projectFromMap(new Map([[c.path, c.input]]));
}

suite('hardcoded-port fix: Read the port from PORT', () => {
  const rule = RULES_BY_ID.get(PORT_RULE)!;
  for (const c of CASES) {
    test(c.path, function () {
      const project = projectOf(c);
      const findings = lint({ path: c.path, text: c.input }, { project, rules: [rule] });
      assert.strictEqual(findings.length, 1, `one finding in ${c.path}`);
      const fixes = fixesFor(new SourceFile(c.path, c.input), findings[0], project);
      assert.strictEqual(fixes[0].title, 'Read the port from PORT');
      assert.ok(fixes[0].safe, 'the fix is safe');
      const fixed = applyEdits(c.input, fixes[0].edits);
      assert.strictEqual(fixed, c.expected);
      let missing = false;
      for (const p of c.parsers) {
        const r = parse(p, fixed, path.basename(c.path));
        if (r === 'missing') { missing = true; continue; }
        assert.strictEqual(r, undefined, `${c.path} does not parse with ${p}: ${r}`);
      }
      // gone both with the old facts and with the facts of the fixed project
      assert.deepStrictEqual(lint({ path: c.path, text: fixed }, { project, rules: [rule] }), []);
      assert.deepStrictEqual(lint({ path: c.path, text: fixed }, { project: projectOf({ path: c.path, input: fixed }), rules: [rule] }), []);
      // fix all applies the same repair
      assert.strictEqual(applyEdits(c.input, fixAll(new SourceFile(c.path, c.input), findings, project).edits), c.expected);
      if (missing) this.skip();
    });
  }

  test('no fix where one expression cannot keep the meaning (Go, address strings)', () => {
    const go = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';
    const cs = 'var app = WebApplication.Create(args);\napp.Run("http://0.0.0.0:5000");\n';
    for (const [p, text] of [['main.go', go], ['Program.cs', cs]]) {
      const findings = lint({ path: p, text }, { project: projectOf({ path: p, input: text }), rules: [RULES_BY_ID.get(PORT_RULE)!] });
      assert.strictEqual(findings.length, 1, p);
      assert.strictEqual(findings[0].fixes, undefined, p);
    }
  });
});
