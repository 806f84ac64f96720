import { Rule } from '../rule';
import { ENV_DYNAMIC_FACT, ENV_FACT_PREFIX, dotenvKeys, envFileKeys, envReads, isEnvExampleName, isImplicitEnvVar, isPlatformEnvVar, nearestEnvExample } from '../env';
import { appHasFact } from '../facts';

/**
 * `.env.example` is the list of config a deploy must supply. A variable the code reads but the
 * list leaves out is found the hard way, at start-up in the next environment; a listed variable
 * nothing reads sends people hunting for a value that does nothing.
 */
export const rule: Rule = {
  meta: {
    id: 'config/env-example-drift',
    factor: 'config',
    severity: 'warning',
    title: 'Variable missing from .env.example',
    description: 'The code reads an environment variable that the project\'s .env.example does not list (or .env.example lists one that nothing reads). .env.example is how the next developer and every deploy learn which config to supply.',
    remedy: 'List every variable the code reads in .env.example, without its value, and drop the ones nothing reads.',
    families: ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust', 'yaml', 'properties', 'dotenv', 'generic'],
    fixable: true,
    // every read contains env/ENV/Env (or `${` in config); every key line of .env.example an `=`
    trigger: /env|\$\{|=/i,
  },
  check({ file, project, report }) {
    if (!project) return;
    if (file.family === 'dotenv') {
      if (!isEnvExampleName(file.baseName)) return;
      // a key nothing reads: only when every file's reads are known, and none is computed
      if (appHasFact(project, ENV_DYNAMIC_FACT, file.path) !== false) return;
      for (const key of envFileKeys(file.text)) {
        if (key.commented || isImplicitEnvVar(key.name) || appHasFact(project, ENV_FACT_PREFIX + key.name, file.path)) continue;
        report({
          start: key.start, end: key.end, severity: 'hint',
          message: `${key.name} is listed here but nothing in the project reads it. Remove it, or read it where the app needs it.`,
        });
      }
      return;
    }
    const example = nearestEnvExample(file.path, project);
    const text = example === undefined ? undefined : project.read(example);
    if (example === undefined || text === undefined) return;
    const reads = envReads(file);
    if (!reads.length) return;
    const documented = new Set([...envFileKeys(text).map(k => k.name), ...dotenvKeys(text)]);
    // PORT is set by every platform and has a default in the code: not worth a warning
    const reported = new Set<string>();
    for (const r of reads) {
      if (documented.has(r.name) || reported.has(r.name) || isPlatformEnvVar(r.name) || r.name === 'PORT') continue;
      reported.add(r.name);
      report({
        start: r.start, end: r.end,
        message: `${r.name} is read here but ${example} does not list it. Add ${r.name}= to ${example} so every developer and deploy knows to set it.`,
        fixes: [{
          title: `Add ${r.name} to ${example.slice(example.lastIndexOf('/') + 1)}`,
          edits: [],
          files: [{ path: example, appendLines: [`${r.name}=`], keys: [r.name] }],
          safe: true,
        }],
      });
    }
  },
};
