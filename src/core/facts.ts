/**
 * Facts about a whole project that project-level rules need ("does anything read PORT?", "does
 * anything handle SIGTERM?"), found by cheap per-file checks. The CLI computes them over every
 * file before linting; the editor keeps them current as files are scanned and saved.
 *
 * A file contributes each fact twice: plainly (`reads-port`: somewhere in the project) and scoped
 * to its folder (`reads-port@services/api`), so a rule can ask about the app a file belongs to
 * (`appHasFact`): in a repository holding several apps, one app reading PORT says nothing about
 * the others.
 */
import { AnchorScan, anchored, scanOf } from './anchors';
import { escapeRegExp } from './codeScan';
import type { Project } from './project';
import { envFacts } from './env';

export interface FactDetector {
  /** Fact name, e.g. `reads-port`. */
  fact: string;
  /** Tested on the raw text of each file; a match means the project has the fact. */
  pattern: RegExp;
  /** Only files whose path matches (e.g. code files, not docs). */
  paths?: RegExp;
  /** A string every match contains: files without it are not tested at all (cheap pre-check). */
  needs?: string;
  /** A second pattern that must match the same file as well. */
  also?: RegExp;
  /** With a global `pattern`: a match counts only when this accepts it. */
  confirm?: (text: string, match: RegExpExecArray) => boolean;
}

const CODE = /\.(?:[cm]?[jt]sx?|py|go|java|kt|kts|cs|rb|ru|rake|php|rs|sh|bash|ya?ml|properties|toml|json)$|(?:^|\/)(?:Dockerfile[^/]*|Containerfile|Procfile)$/i;
/** Source files per platform: a detector for one platform's API reads only its files. */
const NODE = /\.(?:[cm]?[jt]sx?)$|(?:^|\/)package\.json$/i;
const JVM = /\.(?:java|kt|kts|groovy|scala)$/i;
const DOTNET = /\.(?:cs|fs|vb)$/i;
const RUST = /\.rs$|(?:^|\/)Cargo\.toml$/i;
/** Files that say how the app is started or which server runs it. */
const LAUNCH = /(?:^|\/)(?:Dockerfile[^/]*|Containerfile|Procfile|Gemfile|Pipfile|pyproject\.toml|requirements[^/]*\.txt|[^/]*\.(?:sh|bash)|(?:docker-)?compose[^/]*\.ya?ml)$/i;

export const FACT_DETECTORS: readonly FactDetector[] = [
  // reads-port: an actual read of PORT (or SERVER_PORT, which Spring Boot binds to server.port), not any mention of the word.
  // process.env.PORT, process.env['PORT'], env('PORT'), `env:"PORT"` / `envconfig:"PORT"` (Go struct tags)
  { fact: 'reads-port', pattern: /\benv\s*(?:\.\s*|\[\s*['"`]|\(\s*['"`]|(?:config)?:")(?:SERVER_)?PORT\b/, paths: CODE, needs: 'PORT' },
  // os.getenv, os.Getenv, System.getenv, GetEnvironmentVariable, os.environ.get, Deno.env.get, viper.GetInt, config.get; env.int, LookupEnv, env::var, config("PORT")
  { fact: 'reads-port', pattern: /\b(?:[Gg]et\w{0,24}|int|str|LookupEnv|env::var(?:_os)?|config)\s*\(\s*['"](?:SERVER_)?PORT['"]/, paths: CODE, needs: 'PORT' },
  // os.environ["PORT"], ENV["PORT"], $_ENV['PORT'], $_SERVER['PORT'], ENV.fetch("PORT")
  { fact: 'reads-port', pattern: /(?:\b(?:environ|ENV)|\$_(?:ENV|SERVER))\s*\[\s*['"](?:SERVER_)?PORT['"]|\bENV\s*\.\s*fetch\s*(?:\(\s*)?['"](?:SERVER_)?PORT['"]/, paths: CODE, needs: 'PORT' },
  // ${PORT}, ${PORT:-3000}, server.port=${PORT:8080}, @Value("${PORT:8080}"), $PORT in a Procfile, Dockerfile or script
  { fact: 'reads-port', pattern: /\$\{?(?:SERVER_)?PORT\b/, paths: CODE, needs: 'PORT' },
  // const { PORT = 3000 } = process.env
  { fact: 'reads-port', pattern: /\}\s*=\s*(?:process|Bun|import\.meta)\.env\b/g, confirm: destructuresPort, paths: CODE, needs: 'PORT' },

  // Handlers in code, per language
  // Node: process.on('SIGTERM', ...) and the libraries that install one
  { fact: 'handles-sigterm', pattern: /\bprocess\s*\.\s*(?:on|once|addListener|prependListener)\s*\(\s*['"`]SIGTERM\b/, paths: CODE, needs: 'SIGTERM' },
  { fact: 'handles-sigterm', pattern: /@godaddy\/terminus|http-terminator|\blightship\b|\bstoppable\b|close-with-grace|graceful-shutdown|\benableShutdownHooks\b|\bexit-hook\b|\bsignal-exit\b/, paths: NODE },
  // Python signal.signal(signal.SIGTERM, ...), loop.add_signal_handler(signal.SIGTERM, ...); PHP pcntl_signal(SIGTERM, ...)
  { fact: 'handles-sigterm', pattern: /(?:signal|[Hh]andler)\s*\(\s*(?:signal\s*\.\s*|Signals\s*\.\s*)?SIGTERM\b/, paths: CODE, needs: 'SIGTERM' },
  // Go signal.Notify(ch, syscall.SIGTERM) / signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM); handlers registered
  // in a loop over signals (`for sig in (SIGTERM, SIGINT): loop.add_signal_handler(sig, ...)`)
  { fact: 'handles-sigterm', pattern: /\bSIGTERM\b/, also: /\badd_signal_handler\b|\bsignal\s*\.\s*signal\s*\(|\bpcntl_signal\b|\bsignal\s*\.\s*Notify/, paths: CODE, needs: 'SIGTERM' },
  // Ruby trap('TERM') / Signal.trap(:TERM) / trap("SIGTERM"); shell `trap cleanup TERM`
  { fact: 'handles-sigterm', pattern: /\btrap\b/g, confirm: trapsTerm, paths: CODE, needs: 'TERM' },
  // JVM: shutdown hooks, Spring bean destruction and graceful shutdown, Jetty stop-at-shutdown, sun.misc.Signal
  { fact: 'handles-sigterm', pattern: /\baddShutdownHook\b|@PreDestroy\b|\bDisposableBean\b|\bContextClosedEvent\b|\bsetStopAtShutdown\s*\(\s*true|new\s+Signal\s*\(\s*"TERM"/, paths: JVM },
  { fact: 'handles-sigterm', pattern: /\bshutdown["']?\s*[=:]\s*["']?graceful\b/, paths: CODE, needs: 'graceful' },
  // .NET: the generic host (WebApplication, Host.CreateDefaultBuilder) stops on SIGTERM; explicit lifetime hooks
  { fact: 'handles-sigterm', pattern: /\b(?:IHostApplicationLifetime|IApplicationLifetime|ApplicationStopping|PosixSignalRegistration|ProcessExit|CreateHostBuilder)\b|\bWebApplication\s*\.\s*Create(?:Slim)?Builder\b|\bHost\s*\.\s*Create(?:Default|Application)Builder\b/, paths: DOTNET },
  // Rust: tokio::signal, ctrlc, signal-hook, axum/hyper with_graceful_shutdown
  { fact: 'handles-sigterm', pattern: /\btokio\s*::\s*signal\b|\bsignal\s*::\s*(?:ctrl_c|unix)\b|\bctrlc\s*::|\bsignal[_-]hook\b|\bwith_graceful_shutdown\b|\bSignalKind\s*::\s*terminate\b/, paths: RUST },

  // Servers that drain on SIGTERM themselves: gunicorn, uvicorn, hypercorn, daphne, granian (Python), Puma (Ruby)
  { fact: 'handles-sigterm', pattern: /\b(?:gunicorn|uvicorn|hypercorn|daphne|granian|puma)\b/i, paths: LAUNCH },
];

/** The facts one file contributes: each fact plainly and scoped to the file's folder (`fact@dir`). */
export function factsOf(path: string, text: string): string[] {
  const out: string[] = [];
  let scan: AnchorScan | undefined;
  for (const d of DETECTORS) {
    if (out.includes(d.fact)) continue;
    if (d.paths && !d.paths.test(path)) continue;
    scan ??= scanOf(text);
    if (d.needs && !scan.matches(d.needs)) continue;
    if (matches(d, text, scan) && (!d.also || scan.matches(d.also))) out.push(d.fact);
  }
  // env:NAME for each variable the file reads (the drift rule's "does anything read it?")
  out.push(...envFacts(path, text));
  if (!out.length) return out;
  const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return [...out, ...out.map(f => `${f}@${dir}`)];
}

/** FACT_DETECTORS with their patterns in the shared scan (anchors.ts). */
const DETECTORS = FACT_DETECTORS.map(d => ({
  ...d,
  pattern: anchored(d.pattern),
  needs: d.needs === undefined ? undefined : anchored(new RegExp(escapeRegExp(d.needs))),
  also: d.also && anchored(d.also),
}));

function matches(d: typeof DETECTORS[number], text: string, scan: AnchorScan): boolean {
  if (!d.confirm) return scan.matches(d.pattern);
  if (!scan.mentions(d.pattern)) return false;
  const re = d.pattern.regex;
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) if (d.confirm(text, m)) return true;
  return false;
}

/** `{ PORT, HOST = '0.0.0.0' } = process.env`: the destructuring pattern before the match names PORT. */
function destructuresPort(text: string, m: RegExpExecArray): boolean {
  const open = text.lastIndexOf('{', m.index);
  if (open < 0 || m.index - open > 300) return false;
  return /(?:^|[^\w$])PORT(?![\w$])/.test(text.slice(open + 1, m.index));
}

/** `trap ... TERM` on the rest of the line: Ruby `trap('TERM')`, `Signal.trap(:SIGTERM)`, shell `trap cleanup INT TERM`. */
function trapsTerm(text: string, m: RegExpExecArray): boolean {
  let end = text.indexOf('\n', m.index);
  if (end < 0 || end - m.index > 200) end = Math.min(text.length, m.index + 200);
  return /\b(?:SIG)?TERM\b/.test(text.slice(m.index, end));
}

/** Files that mark the root of one app (its dependency manifest). */
const MANIFESTS = ['package.json', 'requirements.txt', 'pyproject.toml', 'setup.py', 'Pipfile', 'go.mod', 'pom.xml',
  'build.gradle', 'build.gradle.kts', 'Gemfile', 'composer.json', 'Cargo.toml', 'mix.exs'];

/**
 * The folder of the app a file belongs to: the nearest folder above it (or its own) that holds a
 * dependency manifest; '' (the project root) when there is none.
 */
export function appRoot(project: Project, path: string): string {
  let dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  for (;;) {
    const prefix = dir ? `${dir}/` : '';
    if (MANIFESTS.some(m => project.paths.has(prefix + m))) return dir;
    if (!dir) return '';
    dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/')));
  }
}

/**
 * Whether the app that `path` belongs to has `fact`: a file inside the app's folder, or in a
 * folder above it (a Procfile or compose file at the repository root), contributed it. Undefined
 * when the project's facts are not known (project-level rules then stay silent).
 */
export function appHasFact(project: Project | undefined, fact: string, path: string): boolean | undefined {
  const facts = project?.facts;
  if (!project || !facts) return undefined;
  if (!facts.has(fact)) return false;
  const root = appRoot(project, path);
  if (root === '') return true;
  const prefix = `${fact}@`;
  for (const f of facts) {
    if (!f.startsWith(prefix)) continue;
    const dir = f.slice(prefix.length);
    if (dir === '' || dir === root || dir.startsWith(`${root}/`) || root.startsWith(`${dir}/`)) return true;
  }
  return false;
}
