/**
 * disposability/shell-form-cmd: `CMD node server.js` runs as `/bin/sh -c "node server.js"`, so the
 * shell is PID 1 and the SIGTERM that `docker stop` and every orchestrator send never reaches the
 * app: it cannot finish its requests and is killed after the grace period. The exec form
 * (`CMD ["node", "server.js"]`) or a shell command that starts with `exec` hands PID 1 to the app.
 *
 * The fix rewrites a simple command to the exec form: words split on blanks, simple quotes
 * respected. It is not offered when the command relies on the shell (operators, redirects,
 * variables, globs, command substitution, env assignments, escapes), when the instruction has a
 * comment inside its continuation lines, or for an ENTRYPOINT whose stage also has a CMD (exec-form
 * ENTRYPOINT appends CMD as arguments, shell form ignores it: the fix would change what runs).
 */
import { Rule } from '../rule';
import { Instruction, execForm, readDockerfile } from '../dockerfile';
import { SourceFile } from '../source';
import { Fix } from '../types';

/** Characters that make the shell do more than run one program with its arguments. */
const SHELL_FEATURES = new Set(['&', '|', ';', '<', '>', '$', '`', '*', '?', '[', ']', '{', '}', '~', '(', ')', '#', '\\', '\n', '\r', '!']);

export const rule: Rule = {
  meta: {
    id: 'disposability/shell-form-cmd',
    factor: 'disposability',
    severity: 'warning',
    title: 'Shell-form CMD or ENTRYPOINT',
    description: 'A shell-form CMD or ENTRYPOINT makes /bin/sh the container\'s PID 1: the SIGTERM sent on shutdown never reaches the app, which is killed after the grace period instead of stopping cleanly.',
    remedy: 'Use the exec form, CMD ["node", "server.js"], or start the shell command with exec.',
    families: ['dockerfile'],
    fixable: true,
    trigger: /\b(?:CMD|ENTRYPOINT)\b/i,
  },
  check({ file, report }) {
    const d = readDockerfile(file);
    // build stages (numbered by their FROM) that have a CMD
    const stageOf: number[] = [];
    const stagesWithCmd = new Set<number>();
    let stage = 0;
    for (const ins of d.instructions) {
      if (ins.keyword === 'FROM') stage++;
      stageOf.push(stage);
      if (ins.keyword === 'CMD') stagesWithCmd.add(stage);
    }
    d.instructions.forEach((ins, index) => {
      if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') return;
      const args = ins.args.trim();
      if (!args || execForm(ins) || /^exec\s/.test(args)) return;
      const argv = simpleArgv(ins.args);
      const fixes: Fix[] = [];
      if (argv && fixIsSafe(file, ins) && !(ins.keyword === 'ENTRYPOINT' && stagesWithCmd.has(stageOf[index]))) {
        fixes.push({
          title: 'Use the exec form',
          edits: [{ start: ins.argsStart, end: ins.end, newText: `[${argv.map(a => JSON.stringify(a)).join(', ')}]` }],
          safe: true,
        });
      }
      const todo = argv
        ? `Use the exec form (${ins.keyword} [${argv.map(a => JSON.stringify(a)).join(', ')}]) or start the command with exec`
        : `Use the exec form (${ins.keyword} ["executable", "arg"]), or let the app replace the shell by running it with exec (... && exec <app>)`;
      report({
        start: ins.start, end: ins.offsetAt(ins.args.length),
        message: `${ins.keyword} uses the shell form, so /bin/sh is PID 1 and the SIGTERM sent on shutdown never reaches the app, which is killed after the grace period. ${todo}.`,
        fixes: fixes.length ? fixes : undefined,
      });
    });
  },
};

/**
 * The arguments of a command that needs no shell: blank-separated words, `'...'` and `"..."`
 * quoting (without escapes or expansions inside). Undefined when the shell would do more.
 */
export function simpleArgv(command: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = command.length;
  while (i < n) {
    while (i < n && (command[i] === ' ' || command[i] === '\t')) i++;
    if (i >= n) break;
    let word = '';
    const first = out.length === 0;
    while (i < n && command[i] !== ' ' && command[i] !== '\t') {
      const c = command[i];
      if (SHELL_FEATURES.has(c)) return undefined;
      if (c === '"' || c === "'") {
        const close = command.indexOf(c, i + 1);
        if (close < 0) return undefined;
        const inner = command.slice(i + 1, close);
        if (c === '"' && /[$`\\!]/.test(inner)) return undefined;
        word += inner;
        i = close + 1;
        continue;
      }
      // `FOO=bar node x` sets a variable for the command: only the shell does that
      if (c === '=' && first && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) return undefined;
      word += c;
      i++;
    }
    out.push(word);
  }
  return out.length ? out : undefined;
}

/** A comment line inside the continuation would be lost with the lines it sits between. */
function fixIsSafe(file: SourceFile, ins: Instruction): boolean {
  if (!ins.continued) return true;
  const text = file.text.slice(ins.argsStart, ins.end);
  return file.codeText.slice(ins.argsStart, ins.end) === text && !/\n[ \t]*#/.test(text);
}
