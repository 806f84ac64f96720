/**
 * Facts about a whole project that project-level rules need ("does anything read PORT?", "does
 * anything handle SIGTERM?"), found by cheap per-file checks. The CLI computes them over every
 * file before linting; the editor keeps them current as files are scanned and saved.
 */

export interface FactDetector {
  /** Fact name, e.g. `reads-port`. */
  fact: string;
  /** Tested on the raw text of each file; a match means the project has the fact. */
  pattern: RegExp;
  /** Only files whose path matches (e.g. code files, not docs). */
  paths?: RegExp;
}

const CODE = /\.(?:[cm]?[jt]sx?|py|go|java|kt|kts|cs|rb|php|rs|sh|ya?ml|properties|toml|json)$|(?:^|\/)(?:Dockerfile[^/]*|Procfile)$/i;

export const FACT_DETECTORS: readonly FactDetector[] = [
  // process.env.PORT, os.environ["PORT"], os.Getenv("PORT"), System.getenv("PORT"), ENV["PORT"], ${PORT}, $PORT...
  { fact: 'reads-port', pattern: /\bPORT\b/, paths: CODE },
  { fact: 'handles-sigterm', pattern: /\bSIGTERM\b|\bSIGINT\b|addShutdownHook|@PreDestroy|IHostApplicationLifetime|ApplicationStopping|on_exit|at_exit|graceful/i, paths: CODE },
];

/** The facts one file contributes. */
export function factsOf(path: string, text: string): string[] {
  const out: string[] = [];
  for (const d of FACT_DETECTORS) if ((!d.paths || d.paths.test(path)) && d.pattern.test(text)) out.push(d.fact);
  return out;
}
