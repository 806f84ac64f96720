/**
 * Judgements about values that several rules share: is this a placeholder, is this file
 * deploy-time configuration, what are the parts of a URL-like string, and how to mask a secret.
 */
import { SourceFile } from './source';

const PLACEHOLDER = new RegExp([
  String.raw`^\s*$`,
  String.raw`^\$\{[^}]*\}$`, String.raw`^\$[A-Za-z_][A-Za-z0-9_]*$`, String.raw`^\$\([^)]*\)$`, String.raw`^%\([^)]*\)s?$`,
  String.raw`^<[^<>]*>$`, String.raw`^\{\{[^}]*\}\}$`, String.raw`^\{[A-Za-z_][\w.]*\}$`, String.raw`^%[sd]$`, String.raw`^#\{[^}]*\}$`,
  String.raw`^(?:x+|X+|\*+|\.+|-+|_+|0+|\?+)$`,
  String.raw`^(?:change[-_ ]?me|change[-_ ]?it|replace[-_ ]?me|fill[-_ ]?me|set[-_ ]?me|to[-_ ]?do|tbd|placeholder|dummy|sample|example|redacted|none|null|nil|undefined|false|true|secret|password|token|your[-_ ].*|my[-_ ].*|test|testing)$`,
  String.raw`^(?:your|my|the)[-_]?[a-z_-]*(?:key|token|secret|password|pass|pwd)$`,
].join('|'), 'i');

/** A value a human is expected to replace: `${VAR}`, `<your-key>`, `changeme`, `xxxx`, empty. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/** The value refers to something substituted later (`${X}`, `{x}`, `%s`, `$X`, `#{x}`, `{{ x }}`). */
export function hasSubstitution(value: string): boolean {
  return /\$\{|\$[A-Za-z_]|\{\{|%[sd(]|#\{|\{[A-Za-z_]/.test(value);
}

const DEPLOY_PATH = /(?:^|\/)(?:\.github\/workflows|\.circleci|\.gitlab|k8s|kube|kubernetes|manifests|charts|helm|deploy|deployment|deployments|overlays|kustomize|\.buildkite)\//i;
const DEPLOY_NAME = /^(?:(?:docker-)?compose(?:[.-]\w+)*\.ya?ml|[\w.-]*\.compose\.ya?ml|values(?:[.-]\w+)*\.ya?ml|\.gitlab-ci\.yml|azure-pipelines\.ya?ml|bitbucket-pipelines\.yml|app\.json|fly\.toml|render\.ya?ml|railway\.(?:json|toml)|app\.ya?ml|manifest\.ya?ml|skaffold\.ya?ml|kustomization\.ya?ml|chart\.ya?ml|jenkinsfile|procfile|netlify\.toml|vercel\.json|heroku\.yml)$/i;
const K8S_KIND = /^kind:\s*(?:ConfigMap|Secret|Deployment|StatefulSet|DaemonSet|Pod|Job|CronJob|Service|Ingress|HelmRelease|Kustomization)\s*$/m;

/**
 * Deploy-time configuration: where config belongs (`.env*`, compose files, Kubernetes manifests,
 * Helm values, CI pipelines, platform manifests). Addresses there are not "hardcoded"; only real
 * secrets committed there are a problem.
 */
export function isDeployConfig(file: SourceFile): boolean {
  // several rules ask about every file; a YAML file's answer costs a scan of its text
  let deploy = deployCache.get(file);
  if (deploy === undefined) {
    deploy = file.family === 'dotenv' || DEPLOY_NAME.test(file.baseName) || DEPLOY_PATH.test(file.path)
      || (file.family === 'yaml' && K8S_KIND.test(file.text));
    deployCache.set(file, deploy);
  }
  return deploy;
}

const deployCache = new WeakMap<SourceFile, boolean>();

/** Documentation: examples there teach, they do not configure anything. */
export function isDocumentation(path: string): boolean {
  return /\.(?:md|markdown|mdx|rst|adoc|asciidoc|txt|html?|ipynb)$/i.test(path) || /(?:^|\/)(?:LICEN[SC]E|NOTICE|AUTHORS|CHANGELOG)(?:\.\w+)?$/i.test(path);
}

export interface UrlParts {
  scheme: string;
  user?: string;
  password?: string;
  /** Offsets of the password inside the matched text, when there is one. */
  passwordStart?: number;
  host: string;
  port?: string;
  rest: string;
}

/**
 * Split `scheme://user:pass@host:port/rest`. Lenient on purpose: connection strings are often not
 * valid URLs (several hosts, `;` parameters), and only the parts rules reason about are needed.
 */
export function parseUrlish(s: string): UrlParts | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^\s:@/]*)(?::([^\s@/]*))?@)?(\[[0-9a-f:.]+\]|[^\s:/?#;,]*)(?::(\d{1,5}))?((?:[/?#;,]\S*)?)$/i.exec(s);
  if (!m) return undefined;
  const userinfoStart = m[1].length + 3;
  const parts: UrlParts = { scheme: m[1], host: m[4], rest: m[6] };
  if (m[2] !== undefined) parts.user = m[2];
  if (m[3] !== undefined) { parts.password = m[3]; parts.passwordStart = userinfoStart + (m[2]?.length ?? 0) + 1; }
  if (m[5] !== undefined) parts.port = m[5];
  return parts;
}

/** A secret for display: never more than the first and last two characters. */
export function mask(secret: string): string {
  if (secret.length <= 8) return '*'.repeat(Math.max(4, secret.length));
  return `${secret.slice(0, 2)}${'*'.repeat(Math.min(12, secret.length - 4))}${secret.slice(-2)}`;
}
