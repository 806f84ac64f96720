import { Rule } from '../rule';
import { appHasFact } from '../facts';
import { pythonImport } from '../fixes/imports';
import { PortLiteral, SERVER_FAMILIES, isTestPath, serverStarts } from '../servers';
import { SourceFile } from '../source';
import { Fix } from '../types';

/**
 * A server that listens on a port written as a literal, in an app that never reads PORT. The
 * platform (Heroku, Cloud Run, Render, Fly, a process manager running several copies) chooses the
 * port and passes it in PORT; an app that ignores it cannot be bound by the platform.
 *
 * Project-level: whether the app reads PORT anywhere (`process.env.PORT`, `os.environ["PORT"]`,
 * `$PORT` in a Procfile, `${PORT:8080}` in Spring config, ...) comes from the project's facts,
 * scoped to the app the file belongs to (the nearest folder with a dependency manifest). When the
 * facts are not known (no project, or a caller that could not look at every file) the rule stays
 * silent: a literal port next to a PORT read in another file is the common, correct case, and
 * guessing would flag it.
 *
 * Not flagged: port 0 (any free port), ports held in variables that are not literal constants of
 * the same file, test servers (tests, specs, fixtures), Spring/ASP.NET settings of local profiles
 * (`application-dev.yml`, `appsettings.Development.json`), `php -S localhost:...`.
 */
export const rule: Rule = {
  meta: {
    id: 'port-binding/hardcoded-port',
    factor: 'port-binding',
    severity: 'warning',
    title: 'Hardcoded listen port',
    description: 'The server listens on a port written into the code or app config, and the app never reads PORT. Platforms assign the port through the PORT environment variable; an app that ignores it cannot be bound where the platform expects it.',
    remedy: 'Read the port from the PORT environment variable, keeping the literal as the default for local runs.',
    families: SERVER_FAMILIES,
    fixable: true,
    trigger: /listen|Listen|run|Run|serve|Serve|Server|server|start|Start|port|Port|Url|Prefixes|bind|Hapi|TCPSite|SocketAddr|php/,
  },
  check({ file, project, report }) {
    if (isTestPath(file.path)) return;
    const starts = serverStarts(file);
    if (!starts.length) return;
    if (appHasFact(project, 'reads-port', file.path) !== false) return;
    const seen = new Set<number>();
    for (const s of starts) {
      for (const p of s.ports) {
        if (seen.has(p.start)) continue;
        seen.add(p.start);
        const fix = portFix(file, p);
        report({
          start: p.start, end: p.end,
          message: `Port ${p.value} is hardcoded and the app never reads PORT, so the platform cannot choose the port. Read it from the PORT environment variable, with ${p.value} as the default.`,
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
    }
  },
};

const TITLE = 'Read the port from PORT';

/**
 * The literal replaced by an environment read that falls back to it, where that is one expression
 * with the same meaning: JS `Number(process.env.PORT) || 3000` (an unset or empty PORT gives
 * 3000), Python `int(os.environ.get("PORT", "5000"))` (plus `import os`), Spring `${PORT:8080}`.
 * Other languages get no fix: Go has no one-expression default before `cmp.Or` (Go 1.22), and
 * address strings (`":8080"`, `"http://*:5000"`) need the port spliced into a string.
 */
function portFix(file: SourceFile, p: PortLiteral): Fix | undefined {
  const digits = String(p.value);
  switch (p.fix) {
    case 'js':
      return { title: TITLE, safe: true, edits: [{ start: p.start, end: p.end, newText: `Number(process.env.PORT) || ${digits}` }] };
    case 'python': {
      const edits = [{ start: p.start, end: p.end, newText: `int(os.environ.get("PORT", "${digits}"))` }];
      const imp = pythonImport(file, 'os', p.start);
      return { title: TITLE, safe: true, edits: imp ? [imp, ...edits] : edits };
    }
    case 'spring':
      return { title: TITLE, safe: true, edits: [{ start: p.start, end: p.end, newText: `\${PORT:${digits}}` }] };
    default:
      return undefined;
  }
}
