/**
 * config/secret-in-dockerfile: `ENV API_TOKEN=...` or `ARG DB_PASSWORD=...` with a literal value.
 * ENV values are stored in the image config and ARG values in its history: anyone who can pull
 * the image can read them with `docker history` / `docker inspect`, and every environment gets the
 * same secret. References (`$TOKEN`, `${TOKEN}`), placeholders and `ARG TOKEN` without a default
 * (a value passed with --build-arg at build time) are not flagged. Values in a known token format
 * are left to config/hardcoded-credentials, which reports them everywhere: one value, one finding.
 */
import { Rule } from '../rule';
import { keyValues, readDockerfile } from '../dockerfile';
import { findTokens, secretNameKind } from '../secrets';
import { hasSubstitution, isPlaceholder, mask } from '../values';

export const rule: Rule = {
  meta: {
    id: 'config/secret-in-dockerfile',
    factor: 'config',
    severity: 'error',
    title: 'Secret in a Dockerfile',
    description: 'A secret-named ENV or ARG given a literal value in a Dockerfile: it is baked into the image, readable by anyone who can pull it (docker history, docker inspect), and shared by every environment.',
    remedy: 'Pass the secret at run time (the platform\'s config or secret store) or, for build steps, as a BuildKit secret (RUN --mount=type=secret), and rotate the exposed value.',
    families: ['dockerfile'],
    fixable: false,
    runsInTests: true,
    trigger: /\b(?:ENV|ARG)\b/i,
  },
  check({ file, report }) {
    for (const ins of readDockerfile(file).instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      for (const kv of keyValues(ins)) {
        if (!kv.value) continue;
        const kind = secretNameKind(kv.key)?.kind;
        if (!kind || !isLiteralSecret(kv.value.text)) continue;
        const start = ins.offsetAt(kv.value.start), end = ins.offsetAt(kv.value.end);
        const what = kind === 'password' ? 'password' : 'secret';
        const sets = ins.keyword === 'ENV'
          ? `ENV ${kv.key} sets a literal ${what} (${mask(kv.value.text)}), stored in the image config for anyone who can pull it (docker inspect)`
          : `ARG ${kv.key} has a literal ${what} (${mask(kv.value.text)}) as its default, recorded in the image history (docker history)`;
        report({
          start, end,
          message: `${sets}. Pass it at run time from the platform's config or secret store (for build steps: RUN --mount=type=secret), and rotate it.`,
        });
      }
    }
  },
};

/** A literal that can be a real secret: not a reference, a placeholder, a flag, a small number or a file path. */
function isLiteralSecret(v: string): boolean {
  const s = v.trim();
  if (!s || isPlaceholder(s) || hasSubstitution(s) || s.startsWith('$')) return false;
  if (/^\d{1,5}$/.test(s) || /^(?:yes|no|on|off|enabled?|disabled?)$/i.test(s)) return false;
  // GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json points at a secret; it is not one
  if (/^(?:\/|\.\.?\/|~\/)/.test(s)) return false;
  return findTokens(s).length === 0;
}
