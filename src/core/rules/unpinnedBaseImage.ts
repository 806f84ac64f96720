/**
 * build-release-run/unpinned-base-image: `FROM node` or `FROM node:latest`. The same Dockerfile
 * then builds a different image whenever the tag moves, so a build is not reproducible and a
 * rollback does not roll back the runtime. A tag (`node:20-alpine`) or a digest (`@sha256:...`)
 * pins it. `scratch` and earlier build stages (`FROM build`) are not images from a registry; a
 * `FROM ${BASE}` is judged by the default of the ARG declared before the first FROM.
 */
import { Rule } from '../rule';
import { readDockerfile } from '../dockerfile';

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+x}`, `$VAR`. */
const SUBSTITUTION = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}$]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** What an image reference can look like (`node`, `registry:5000/team/app:1.2`, `img@sha256:...`). */
const IMAGE_REFERENCE = /^[A-Za-z0-9][\w./:@-]*$/;

export const rule: Rule = {
  meta: {
    id: 'build-release-run/unpinned-base-image',
    factor: 'build-release-run',
    severity: 'warning',
    title: 'Unpinned base image',
    description: 'A FROM line with no tag or the `latest` tag: each build may pull a different base image, so the same commit can produce different releases and a rollback does not restore the old runtime.',
    remedy: 'Pin the base image to a version tag (node:20.11-alpine) or a digest (@sha256:...).',
    families: ['dockerfile'],
    fixable: false,
    trigger: /\bFROM\b/i,
  },
  check({ file, report }) {
    const d = readDockerfile(file);
    const stages = new Set<string>();
    for (const { image } of d.stages) {
      const raw = image.raw;
      const lower = raw.toLowerCase();
      const earlierStage = stages.has(lower);
      if (image.stage) stages.add(image.stage);
      if (earlierStage || lower === 'scratch') continue;
      let resolved = raw;
      let viaArg: string | undefined;
      if (raw.indexOf('$') >= 0) {
        const r = substitute(raw, d.globalArgs);
        if (r === undefined) continue; // supplied at build time: nothing to judge
        viaArg = r.arg;
        resolved = r.value;
        if (stages.has(resolved.toLowerCase()) || resolved.toLowerCase() === 'scratch') continue;
      }
      if (!IMAGE_REFERENCE.test(resolved)) continue; // not an image reference: nothing to judge
      const problem = tagProblem(resolved);
      if (!problem) continue;
      const what = viaArg ? `Base image "${resolved}" (from ARG ${viaArg})` : `Base image "${resolved}"`;
      report({
        start: image.start, end: image.end,
        message: problem === 'latest'
          ? `${what} uses the moving "latest" tag, so each build may get a different image. Pin a version tag or a digest (@sha256:...).`
          : `${what} has no tag, so each build pulls whatever "latest" is that day. Pin a version tag (${resolved}:<version>) or a digest (@sha256:...).`,
      });
    }
  },
};

/** 'none' for `node` / `registry:5000/app`, 'latest' for `node:latest`, undefined when pinned. */
function tagProblem(ref: string): 'none' | 'latest' | undefined {
  if (!ref || ref.indexOf('@') >= 0) return undefined;
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', slash + 1);
  if (colon < 0) return 'none';
  const tag = ref.slice(colon + 1);
  if (!tag) return 'none';
  return tag.toLowerCase() === 'latest' ? 'latest' : undefined;
}

/**
 * The image with ARG defaults substituted, and the ARG that made it; undefined when a variable has
 * no default (the value comes from `--build-arg` and cannot be judged here).
 */
function substitute(raw: string, args: ReadonlyMap<string, string | undefined>): { value: string; arg: string } | undefined {
  let unresolved = false;
  let arg = '';
  SUBSTITUTION.lastIndex = 0;
  const value = raw.replace(SUBSTITUTION, (_m, braced: string | undefined, op: string | undefined, inline: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    arg ||= name;
    const def = args.get(name);
    if (op?.endsWith('+')) { unresolved = true; return ''; }
    const v = def !== undefined && (def !== '' || !op?.startsWith(':')) ? def : inline;
    if (v === undefined) { unresolved = true; return ''; }
    return v;
  });
  return unresolved ? undefined : { value, arg };
}
