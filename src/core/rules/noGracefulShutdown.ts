import { Rule } from '../rule';
import { appHasFact } from '../facts';
import { Family } from '../languages';
import { isTestPath, serverStarts } from '../servers';

/**
 * A server started by an app in which nothing handles SIGTERM. Platforms stop a process with
 * SIGTERM on every deploy, scale-down and restart; without a handler the process dies at once and
 * the requests it was serving fail.
 *
 * Project-level: "handles SIGTERM" is the `handles-sigterm` fact of the app the file belongs to
 * (see facts.ts): an explicit handler (`process.on('SIGTERM')`, `signal.signal(signal.SIGTERM)`,
 * `signal.Notify(..., syscall.SIGTERM)`, `addShutdownHook`, `@PreDestroy`, `trap ... TERM`,
 * `pcntl_signal(SIGTERM)`, `tokio::signal`, ...), a shutdown library (terminus, http-terminator,
 * NestJS `enableShutdownHooks`), Spring `server.shutdown=graceful`, the .NET generic host, or a
 * server that drains on SIGTERM named in a Procfile, Dockerfile, script or manifest (gunicorn,
 * uvicorn, hypercorn, daphne, granian, Puma). Servers that handle it themselves are never flagged:
 * uvicorn.run, aiohttp's run_app, Sinatra and Puma, Spring Boot, ASP.NET Core, actix-web, Rocket,
 * Swoole. Silent when the project's facts are unknown. One finding per file, on the first server start.
 */
const FAMILIES: readonly Family[] = ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust'];

const HOW: Partial<Record<Family, string>> = {
  js: "process.on('SIGTERM', () => server.close())",
  python: 'signal.signal(signal.SIGTERM, handler), or run the app under gunicorn or uvicorn',
  go: 'signal.NotifyContext(ctx, syscall.SIGTERM) and srv.Shutdown(ctx)',
  java: 'Runtime.getRuntime().addShutdownHook(...)',
  kotlin: 'Runtime.getRuntime().addShutdownHook(...)',
  csharp: 'PosixSignalRegistration.Create(PosixSignal.SIGTERM, ...) or the generic host',
  ruby: "trap('TERM') { server.shutdown }",
  php: 'pcntl_signal(SIGTERM, ...)',
  rust: 'with_graceful_shutdown and tokio::signal',
};

export const rule: Rule = {
  meta: {
    id: 'disposability/no-graceful-shutdown',
    factor: 'disposability',
    severity: 'info',
    title: 'No graceful shutdown',
    description: 'The app starts a server but nothing in it handles SIGTERM, the signal platforms send before stopping a process on every deploy and scale-down. The process dies at once and the requests in flight fail.',
    remedy: 'On SIGTERM stop accepting connections, finish the requests in flight and exit (or run the app under a server that does, such as gunicorn or Puma).',
    families: FAMILIES,
    fixable: false,
    trigger: /listen|Listen|run|Run|serve|Serve|Server|server|start|Start|port|Prefixes|bind|Hapi|TCPSite|SocketAddr/,
  },
  check({ file, project, report }) {
    if (isTestPath(file.path)) return;
    const first = serverStarts(file).find(s => !s.selfHandled);
    if (!first) return;
    if (appHasFact(project, 'handles-sigterm', file.path) !== false) return;
    // the call's first line: a listen callback can run for many lines
    const lineEnd = file.text.indexOf('\n', first.start);
    report({
      start: first.start, end: lineEnd < 0 ? first.end : Math.min(first.end, lineEnd),
      message: `This server is started but nothing in the app handles SIGTERM, so every deploy or scale-down cuts the requests in flight. Stop accepting connections and exit cleanly on SIGTERM: ${HOW[file.family]}.`,
    });
  },
};
