/**
 * The twelve factors as data. Everything that names a factor (rule metadata, messages, the
 * scorecard, the walkthrough) reads it from here so the numbering and titles never drift.
 */
export type FactorSlug =
  | 'codebase' | 'dependencies' | 'config' | 'backing-services' | 'build-release-run' | 'processes'
  | 'port-binding' | 'concurrency' | 'disposability' | 'dev-prod-parity' | 'logs' | 'admin-processes';

export interface Factor {
  number: number;
  roman: string;
  slug: FactorSlug;
  title: string;
  summary: string;
  link: string;
}

const base = 'https://12factor.net/';

export const FACTORS: readonly Factor[] = [
  { number: 1, roman: 'I', slug: 'codebase', title: 'Codebase', summary: 'One codebase in version control, deployed many times.', link: base + 'codebase' },
  { number: 2, roman: 'II', slug: 'dependencies', title: 'Dependencies', summary: 'Declare every dependency and pin it; rely on nothing the machine happens to have.', link: base + 'dependencies' },
  { number: 3, roman: 'III', slug: 'config', title: 'Config', summary: 'Anything that differs between deploys lives in the environment, not in the code.', link: base + 'config' },
  { number: 4, roman: 'IV', slug: 'backing-services', title: 'Backing services', summary: 'Databases, queues and caches are attached resources, located by config.', link: base + 'backing-services' },
  { number: 5, roman: 'V', slug: 'build-release-run', title: 'Build, release, run', summary: 'Build once, combine with config into a release, run without changing it.', link: base + 'build-release-run' },
  { number: 6, roman: 'VI', slug: 'processes', title: 'Processes', summary: 'Processes keep no state between requests; anything lasting goes to a backing service.', link: base + 'processes' },
  { number: 7, roman: 'VII', slug: 'port-binding', title: 'Port binding', summary: 'The app serves HTTP itself, on the port the environment gives it.', link: base + 'port-binding' },
  { number: 8, roman: 'VIII', slug: 'concurrency', title: 'Concurrency', summary: 'Scale out by running more processes of each type, managed by the platform.', link: base + 'concurrency' },
  { number: 9, roman: 'IX', slug: 'disposability', title: 'Disposability', summary: 'Start fast, stop cleanly on SIGTERM, survive being killed.', link: base + 'disposability' },
  { number: 10, roman: 'X', slug: 'dev-prod-parity', title: 'Dev/prod parity', summary: 'Development runs the same kinds of backing services as production.', link: base + 'dev-prod-parity' },
  { number: 11, roman: 'XI', slug: 'logs', title: 'Logs', summary: 'Write logs to stdout as an event stream; the platform routes them.', link: base + 'logs' },
  { number: 12, roman: 'XII', slug: 'admin-processes', title: 'Admin processes', summary: 'One-off tasks run as processes of the same release, from the same codebase.', link: base + 'admin-processes' },
];

const bySlug = new Map(FACTORS.map(f => [f.slug, f]));

export function factorBySlug(slug: FactorSlug): Factor {
  const f = bySlug.get(slug);
  if (!f) throw new Error(`unknown factor slug: ${slug}`);
  return f;
}

export function isFactorSlug(s: string): s is FactorSlug {
  return bySlug.has(s as FactorSlug);
}

/** "Factor III (Config)": the prefix every diagnostic message starts with. */
export function factorLabel(slug: FactorSlug): string {
  const f = factorBySlug(slug);
  return `Factor ${f.roman} (${f.title})`;
}
