/**
 * build-release-run/install-at-runtime: a CMD or ENTRYPOINT that installs dependencies or compiles
 * (`npm install`, `pip install`, `bundle install`, `go build`, `mvn package`...) each time a
 * container starts. The build stage is then repeated in the run stage: starts are slow, every
 * container may resolve different versions, and a release is no longer one immutable build. RUN
 * instructions are the build and are never flagged. Shell form, exec form and `sh -c "..."` alike.
 */
import { Rule } from '../rule';
import { CommandWord, Instruction, execForm, readDockerfile, shellWords } from '../dockerfile';
import { baseName } from '../manifests';

/** A tool and the subcommands that install or build; `scan` tools may take options before the subcommand. */
interface Installer { subs: ReadonlySet<string>; scan?: boolean }

const INSTALLERS: ReadonlyMap<string, Installer> = new Map<string, Installer>([
  ['npm', { subs: new Set(['install', 'i', 'ci']) }],
  ['pnpm', { subs: new Set(['install', 'i']) }],
  ['yarn', { subs: new Set(['install']) }],
  ['bun', { subs: new Set(['install']) }],
  ['pip', { subs: new Set(['install']) }],
  ['pip3', { subs: new Set(['install']) }],
  ['pipenv', { subs: new Set(['install', 'sync']) }],
  ['poetry', { subs: new Set(['install']) }],
  ['bundle', { subs: new Set(['install']) }],
  ['go', { subs: new Set(['build', 'get', 'install']) }],
  ['composer', { subs: new Set(['install', 'update']) }],
  ['mvn', { subs: new Set(['package', 'install', 'compile', 'verify']), scan: true }],
  ['mvnw', { subs: new Set(['package', 'install', 'compile', 'verify']), scan: true }],
  ['gradle', { subs: new Set(['build', 'assemble', 'bootJar', 'installDist']), scan: true }],
  ['gradlew', { subs: new Set(['build', 'assemble', 'bootJar', 'installDist']), scan: true }],
  ['dotnet', { subs: new Set(['restore', 'build', 'publish']) }],
  ['cargo', { subs: new Set(['build', 'install']) }],
]);

/** How far a `scan` tool may look past its options for a lifecycle phase. */
const MAX_SCAN_WORDS = 8;

export const rule: Rule = {
  meta: {
    id: 'build-release-run/install-at-runtime',
    factor: 'build-release-run',
    severity: 'warning',
    title: 'Dependencies installed at container start',
    description: 'A CMD or ENTRYPOINT that installs dependencies or compiles the app each time a container starts: the build runs again in the run stage, so starts are slow and containers of one release can differ.',
    remedy: 'Install and build in RUN steps (the image build), and have CMD only start the built app.',
    families: ['dockerfile'],
    fixable: false,
    trigger: /\b(?:CMD|ENTRYPOINT)\b/i,
  },
  check({ file, report }) {
    for (const ins of readDockerfile(file).instructions) {
      if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
      const { text, offsetOf } = commandLine(ins);
      const ws = shellWords(text);
      for (let k = 0; k < ws.length; k++) {
        const w = ws[k];
        const tool = toolName(ws, k);
        const inst = tool && INSTALLERS.get(tool);
        if (!inst || !w.commandStart) continue;
        const sub = subcommand(ws, k, inst);
        if (!sub) continue;
        report({
          start: offsetOf(w.start), end: offsetOf(sub.end),
          message: `${ins.keyword} runs "${tool} ${sub.text}" every time a container starts, so each start repeats the build and may resolve different versions. Run it in a RUN step at build time and have ${ins.keyword} only start the app.`,
        });
      }
    }
  },
};

/** `pip`, or `pip` for `python -m pip`, `./mvnw`, `/usr/local/bin/pip3`. */
function toolName(ws: readonly CommandWord[], k: number): string | undefined {
  const t = baseName(ws[k].text);
  if (/^python[\d.]*$/.test(t) && ws[k + 1]?.text === '-m' && (ws[k + 2]?.text === 'pip' || ws[k + 2]?.text === 'pip3')) return 'pip';
  return INSTALLERS.has(t) ? t : undefined;
}

function subcommand(ws: readonly CommandWord[], k: number, inst: Installer): CommandWord | undefined {
  let j = k + 1;
  if (ws[j]?.text === '-m') j += 2; // python -m pip
  for (let seen = 0; j < ws.length && !ws[j].commandStart && seen < MAX_SCAN_WORDS; j++) {
    const t = ws[j].text;
    if (t.startsWith('-')) continue;
    if (inst.subs.has(t)) return ws[j];
    if (!inst.scan) return undefined;
    seen++;
  }
  return undefined;
}

/**
 * The command as one line: the shell-form text, or the exec-form elements joined by spaces (so
 * `["sh", "-c", "npm ci && node ."]` reads as the shell would run it), with a map back to offsets.
 */
function commandLine(ins: Instruction): { text: string; offsetOf(i: number): number } {
  const exec = execForm(ins);
  if (!exec) return { text: ins.args, offsetOf: i => ins.offsetAt(i) };
  const starts: number[] = [];
  let text = '';
  exec.values.forEach((v, k) => {
    if (k) text += ' ';
    starts.push(text.length);
    text += v;
  });
  return {
    text,
    offsetOf(i: number): number {
      let k = starts.length - 1;
      while (k > 0 && starts[k] > i) k--;
      const r = exec.ranges[k];
      // inside the JSON literal; escapes may shift it, so it never goes past the literal
      return ins.offsetAt(Math.min(r.start + 1 + (i - starts[k]), r.end - 1));
    },
  };
}
