/**
 * What a secret looks like: a catalogue of credential formats that vendors issue with a
 * recognisable shape (prefixes, lengths, checksummed layouts), the Shannon entropy that tells a
 * random string from a word, and the names under which code keeps secrets (`password`, `apiKey`,
 * `client_secret`...). Rules use it to decide whether a literal is a credential, and whether a file
 * can hold one at all (its shared scan, anchors.ts).
 *
 * Documentation examples are not credentials: a value containing `EXAMPLE` (the convention AWS's
 * own docs use, `AKIAIOSFODNN7EXAMPLE`), the jwt.io sample token, Stripe's published sample keys,
 * and bodies that are a repeated character or an ascending run (`ghp_1234567890abcdef...`) are
 * skipped.
 */
import { Anchored, anchored } from './anchors';
import type { SourceFile } from './source';

/** Average bits of information per character: ~2 for English words, 4+ for random base64. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...s].length;
  let h = 0;
  for (const c of counts.values()) { const p = c / n; h -= p * Math.log2(p); }
  return h;
}

export interface TokenFormat {
  id: string;
  /** Shown in messages: "Hardcoded GitHub token (...)". */
  name: string;
  /** Global regex; group 1, when present, is the random part checked for entropy. */
  re: RegExp;
  /**
   * For formats only recognisable by their name (an AWS secret is 40 base64 characters): `re`
   * finds the name and this, anchored, the value right after it; group 1 is the secret.
   */
  valueAfter?: RegExp;
  /** Cheap substrings of which at least one must occur before the regex runs. */
  hints: readonly string[];
  /** Minimum entropy of the random part (bits per character); loose formats need more. */
  minEntropy: number;
  /** Lower-impact credentials (test-mode keys) report at this severity. */
  severity?: 'warning' | 'info';
  /** Further checks on the whole match (false means: not a credential after all). */
  accept?(match: string, body: string): boolean;
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { id: 'aws-access-key-id', name: 'AWS access key id', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)([A-Z2-7]{16})(?![A-Za-z0-9])/g, hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], minEntropy: 2.5 },
  // a 40-character secret access key is only recognisable next to its name
  { id: 'aws-secret-access-key', name: 'AWS secret access key', re: /aws_?secret[\w-]{0,30}/gi, valueAfter: /^["']?[ \t]*[:=,]>?[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/, hints: ['aws', 'AWS', 'Aws'], minEntropy: 4, accept: (_m, body) => /\d/.test(body) && /[A-Z]/.test(body) && /[a-z]/.test(body) },
  { id: 'github-token', name: 'GitHub token', re: /(?<![A-Za-z0-9_])gh[pousr]_([A-Za-z0-9]{36,251})(?![A-Za-z0-9_])/g, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], minEntropy: 3.5 },
  { id: 'github-fine-grained-token', name: 'GitHub token', re: /(?<![A-Za-z0-9_])github_pat_([A-Za-z0-9_]{70,255})(?![A-Za-z0-9_])/g, hints: ['github_pat_'], minEntropy: 3.5 },
  { id: 'gitlab-token', name: 'GitLab token', re: /(?<![A-Za-z0-9_-])glpat-([A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/g, hints: ['glpat-'], minEntropy: 3.5 },
  { id: 'slack-token', name: 'Slack token', re: /(?<![A-Za-z0-9-])xox[abposr]-([0-9A-Za-z]{1,40}-[0-9A-Za-z-]{8,200})(?![A-Za-z0-9-])/g, hints: ['xox'], minEntropy: 3 },
  { id: 'slack-webhook', name: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{6,12}\/[A-Z0-9]{6,12}\/(?:\d{6,20}\/)?[A-Za-z0-9]{16,48})(?![A-Za-z0-9])/g, hints: ['hooks.slack.com'], minEntropy: 3 },
  { id: 'stripe-live-key', name: 'Stripe live secret key', re: /(?<![A-Za-z0-9_])(?:sk|rk)_live_([0-9A-Za-z]{20,247})(?![A-Za-z0-9_])/g, hints: ['sk_live_', 'rk_live_'], minEntropy: 3.5 },
  { id: 'stripe-test-key', name: 'Stripe test-mode secret key', re: /(?<![A-Za-z0-9_])(?:sk|rk)_test_([0-9A-Za-z]{20,247})(?![A-Za-z0-9_])/g, hints: ['sk_test_', 'rk_test_'], minEntropy: 3.5, severity: 'info' },
  { id: 'stripe-webhook-secret', name: 'Stripe webhook signing secret', re: /(?<![A-Za-z0-9_])whsec_([0-9A-Za-z]{24,64})(?![A-Za-z0-9_])/g, hints: ['whsec_'], minEntropy: 3.5 },
  { id: 'google-api-key', name: 'Google API key', re: /(?<![A-Za-z0-9_-])AIza([0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g, hints: ['AIza'], minEntropy: 3.5 },
  { id: 'private-key', name: 'private key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g, hints: ['PRIVATE KEY'], minEntropy: 0 },
  { id: 'jwt', name: 'JSON Web Token', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.(eyJ[A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g, hints: ['eyJ'], minEntropy: 3, accept: acceptJwt },
  { id: 'sendgrid-api-key', name: 'SendGrid API key', re: /(?<![A-Za-z0-9_-])SG\.([A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, hints: ['SG.'], minEntropy: 3.5 },
  { id: 'twilio-api-key', name: 'Twilio API key', re: /(?<![A-Za-z0-9])SK([0-9a-f]{32})(?![A-Za-z0-9])/g, hints: ['SK'], minEntropy: 3 },
  { id: 'npm-token', name: 'npm access token', re: /(?<![A-Za-z0-9_])npm_([A-Za-z0-9]{36})(?![A-Za-z0-9_])/g, hints: ['npm_'], minEntropy: 3.5 },
  { id: 'pypi-token', name: 'PyPI API token', re: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc([A-Za-z0-9_-]{50,200})(?![A-Za-z0-9_-])/g, hints: ['pypi-AgEIcHlwaS5vcmc'], minEntropy: 3.5 },
  { id: 'openai-api-key', name: 'OpenAI API key', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-([A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/g, hints: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], minEntropy: 3.5 },
  { id: 'openai-legacy-key', name: 'OpenAI API key', re: /(?<![A-Za-z0-9_-])sk-([A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/g, hints: ['T3BlbkFJ'], minEntropy: 3.5 },
  { id: 'anthropic-api-key', name: 'Anthropic API key', re: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-([A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/g, hints: ['sk-ant-'], minEntropy: 3.5 },
  { id: 'huggingface-token', name: 'Hugging Face token', re: /(?<![A-Za-z0-9_])hf_([A-Za-z]{34})(?![A-Za-z0-9_])/g, hints: ['hf_'], minEntropy: 3.8 },
  { id: 'shopify-token', name: 'Shopify access token', re: /(?<![A-Za-z0-9_])shp(?:at|ss|ca|pa)_([a-fA-F0-9]{32})(?![A-Za-z0-9_])/g, hints: ['shpat_', 'shpss_', 'shpca_', 'shppa_'], minEntropy: 3 },
  { id: 'digitalocean-token', name: 'DigitalOcean token', re: /(?<![A-Za-z0-9_])do[por]_v1_([a-f0-9]{64})(?![A-Za-z0-9_])/g, hints: ['_v1_'], minEntropy: 3 },
  { id: 'azure-storage-key', name: 'Azure storage account key', re: /AccountKey=([A-Za-z0-9+/]{86}==)/g, hints: ['AccountKey='], minEntropy: 4 },
];

/** Sample values published in vendors' docs: they are everywhere and grant nothing. */
const PUBLISHED_SAMPLES = new Set([
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_BQokikJOvBiI2HlWgH4olfQ2', 'sk_test_26PHem9AhJZvU623DfE1x4sd',
]);

/** A run of one character or an ascending run (abcdef, 123456) filling much of the body: typed, not generated. */
export function looksTyped(body: string): boolean {
  if (/(.)\1{5}/.test(body)) return true;
  let asc = 0;
  for (let i = 1; i < body.length; i++) if (body.charCodeAt(i) === body.charCodeAt(i - 1) + 1) asc++;
  return body.length > 0 && asc / body.length > 0.4;
}

export interface TokenMatch {
  format: TokenFormat;
  /** Offsets of the whole token (for a private key: its BEGIN line) in the scanned text. */
  start: number;
  end: number;
  /** The part to mask in messages. */
  secret: string;
}

/**
 * What every format's regex needs, in one pattern: a text without a match holds no known-format
 * credential. Each alternative is a piece of one format's regex, most started at a character that
 * is rare in code (`_`, `-`, a capital, the `k` of `slack.com`) and checked backwards with a
 * lookbehind, so one pass over a file costs a few `indexOf` calls (the formats' own hints take
 * forty). No piece has a space: a text with comments blanked to spaces can only match where the
 * original does.
 */
const ANY_TOKEN = /_(?<=(?:gh[pousr]|npm|hf|whsec|shp(?:at|ss|ca|pa)|[sr]k_(?:live|test)|do[por]_v1|github_pat)_)|-(?<=(?:glpat|xox[abposr]|sk-(?:proj|svcacct|admin|ant)|pypi)-)|A(?:KIA|SIA|BIA|CCA|Iza|ccountKey=)|S(?:G\.|K[0-9a-f]{8})|T3BlbkFJ|J(?<=eyJ)|[wW](?<=[aA][wW])[sS]_?[sS][eE][cC][rR][eE][tT]|k\.com(?<=slack\.com)|-----BEGIN/g;

/**
 * The characters each format's piece of ANY_TOKEN starts with: `findTokens` only runs the formats
 * whose piece is there. A format added to TOKEN_FORMATS needs a piece and an entry here; until it
 * has them, UNANCHORED turns the shortcut off rather than the format being missed.
 */
const ANCHORS: Readonly<Record<string, string>> = {
  'aws-access-key-id': 'A', 'aws-secret-access-key': 'wW', 'github-token': '_', 'github-fine-grained-token': '_', 'gitlab-token': '-',
  'slack-token': '-', 'slack-webhook': 'k', 'stripe-live-key': '_', 'stripe-test-key': '_', 'stripe-webhook-secret': '_',
  'google-api-key': 'A', 'private-key': '-', 'jwt': 'J', 'sendgrid-api-key': 'S', 'twilio-api-key': 'S', 'npm-token': '_',
  'pypi-token': '-', 'openai-api-key': '-', 'openai-legacy-key': 'T', 'anthropic-api-key': '-', 'huggingface-token': '_',
  'shopify-token': '_', 'digitalocean-token': '_', 'azure-storage-key': 'A',
};

/**
 * Each format in the shared scan (anchors.ts), anchored on its hints: a file none of whose hints
 * occur (in any case) holds no token of that format, and its regex is never run on it.
 */
const FORMAT_SCANS: ReadonlyMap<TokenFormat, Anchored> = new Map(TOKEN_FORMATS.map(f => [f, anchored(f.re, { anchors: f.hints })]));

/**
 * Whether `file` may contain a known-format credential: false means `findTokens` finds nothing in
 * its text, nor in any text made from it by blanking characters (comments) with spaces.
 */
export function mayContainToken(file: SourceFile): boolean {
  return TOKEN_FORMATS.some(f => file.mentions(FORMAT_SCANS.get(f)!));
}

const UNANCHORED = TOKEN_FORMATS.some(f => ANCHORS[f.id] === undefined);

/** The first characters of the ANY_TOKEN pieces in `text`: formats whose piece starts otherwise cannot match. */
function anchorsIn(text: string): Set<string> {
  const out = new Set<string>();
  ANY_TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  // one step at a time: a piece never hides another that starts inside it
  while ((m = ANY_TOKEN.exec(text))) { out.add(text[m.index]); ANY_TOKEN.lastIndex = m.index + 1; }
  return out;
}

/**
 * Every known-format credential in `text` (offsets into it), skipping documentation samples and
 * low-entropy bodies. `text` may be a whole file (comments already blanked) or a single value;
 * `file`, the file `text` was taken from, when it is one.
 */
export function findTokens(text: string, file?: SourceFile): TokenMatch[] {
  const out: TokenMatch[] = [];
  // the formats whose hints the file's shared scan found, or else the pieces of ANY_TOKEN in `text`
  const anchors = file ? undefined : anchorsIn(text);
  if (anchors && !anchors.size && !UNANCHORED) return out;
  for (const format of TOKEN_FORMATS) {
    if (file && !file.mentions(FORMAT_SCANS.get(format)!)) continue;
    const anchor = ANCHORS[format.id];
    if (anchors && anchor !== undefined && !(anchors.has(anchor[0]) || (anchor.length > 1 && anchors.has(anchor[1])))) continue;
    if (!format.hints.some(h => text.indexOf(h) >= 0)) continue;
    format.re.lastIndex = 0;
    for (const m of text.matchAll(format.re)) {
      const start = m.index!;
      let body = m[1] ?? m[0];
      let secret = m[0];
      let tokenStart = start;
      let tokenEnd = start + m[0].length;
      if (format.id === 'private-key') {
        const b = privateKeyBody(text, start + m[0].length);
        if (!b) continue;
        body = secret = b;
      } else if (format.valueAfter) {
        const after = text.slice(start + m[0].length, start + m[0].length + 80);
        const v = format.valueAfter.exec(after);
        if (!v) continue;
        body = secret = v[1];
        tokenStart = start + m[0].length + v[0].length - body.length;
        tokenEnd = tokenStart + body.length;
      }
      if (/EXAMPLE/i.test(m[0]) || /EXAMPLE/i.test(body) || PUBLISHED_SAMPLES.has(m[0]) || looksTyped(body)) continue;
      if (format.minEntropy && shannonEntropy(body) < format.minEntropy) continue;
      if (format.accept && !format.accept(m[0], body)) continue;
      out.push({ format, start: tokenStart, end: tokenEnd, secret });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The first run of key material after a PEM header, or undefined for `-----BEGIN PRIVATE KEY-----\n...`. */
function privateKeyBody(text: string, from: number): string | undefined {
  const after = text.slice(from, from + 400);
  const m = /[A-Za-z0-9+/]{40,}/.exec(after);
  return m && shannonEntropy(m[0]) >= 3.5 ? m[0] : undefined;
}

/** JWTs whose payload says they are public (Supabase anon keys) or the jwt.io sample are not secrets. */
function acceptJwt(_match: string, payload: string): boolean {
  const json = decodeBase64Url(payload);
  if (json === undefined) return true;
  if (/"role"\s*:\s*"anon"/.test(json)) return false;
  return !(/"sub"\s*:\s*"1234567890"/.test(json) && /"John Doe"/.test(json));
}

function decodeBase64Url(s: string): string | undefined {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/**
 * The words of an identifier or key, lower-cased: `apiKey` -> [api, key], `AWS_SECRET_ACCESS_KEY`
 * -> [aws, secret, access, key], `spring.datasource.password` -> [spring, datasource, password],
 * `APIKey` -> [api, key], `password2` -> [password, 2].
 */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  const flush = () => { if (cur) words.push(cur.toLowerCase()); cur = ''; };
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    const isUpper = ch >= 'A' && ch <= 'Z', isLower = ch >= 'a' && ch <= 'z', isDigit = ch >= '0' && ch <= '9';
    if (!isUpper && !isLower && !isDigit) { flush(); continue; }
    const prev = name[i - 1] ?? '', next = name[i + 1] ?? '';
    const prevUpper = prev >= 'A' && prev <= 'Z', prevLower = prev >= 'a' && prev <= 'z', prevDigit = prev >= '0' && prev <= '9';
    if (cur && isUpper && (prevLower || prevDigit || (prevUpper && next >= 'a' && next <= 'z'))) flush();
    else if (cur && isDigit !== prevDigit) flush();
    cur += ch;
  }
  flush();
  return words;
}

/** Single words that name a secret; the first group is a password. */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode']);
const SECRET_WORDS = new Set(['secret', 'token', 'credentials', 'apikey', 'secretkey', 'privatekey', 'clientsecret', 'authtoken', 'accesstoken', 'apitoken', 'apisecret', 'refreshtoken']);
/** Concatenated single words ending like this (`dbpassword`, `apitoken`) count too. */
const SECRET_ENDINGS = ['password', 'passwd', 'secret', 'token', 'apikey', 'secretkey', 'privatekey'];
/** `<word> key` pairs that are secrets (a bare `key` is too generic). */
const KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'signing', 'encryption', 'master', 'access', 'app', 'auth', 'hmac', 'jwt', 'session']);
/** A secret word after these is something else: a pagination cursor, a CSRF nonce, a flag, a type. */
const NOT_SECRET_BEFORE = new Set(['page', 'next', 'prev', 'previous', 'continuation', 'csrf', 'xsrf', 'cancellation', 'cancel', 'sync', 'lexer', 'parse', 'parser', 'resume', 'pagination', 'public', 'publishable', 'is', 'has', 'show', 'hide', 'forgot', 'min', 'max', 'no', 'use', 'require', 'requires', 'id', 'type', 'kind']);
const NOT_SECRET_PREFIXES = ['csrf', 'xsrf', 'page', 'next', 'public', 'publishable', 'cancel', 'sync'];

export type SecretKind = 'password' | 'secret';

/**
 * Whether a variable, key or property of this name holds a secret, and which kind. The secret word
 * must end the name: `password` and `dbPassword` do, `passwordField`, `tokenUrl` and `secretName`
 * do not. Returns the number of words before the secret part too (builders check them).
 */
export function secretNameKind(name: string): { kind: SecretKind; qualifiers: string[] } | undefined {
  const w = nameWords(name);
  const n = w.length;
  if (!n) return undefined;
  const last = w[n - 1];
  const before = w[n - 2];
  if (last === 'base' && before === 'key' && w[n - 3] === 'secret') return { kind: 'secret', qualifiers: w.slice(0, n - 3) };
  if (last === 'key') {
    if (before && KEY_QUALIFIERS.has(before) && !(w[n - 3] && NOT_SECRET_BEFORE.has(w[n - 3]))) return { kind: 'secret', qualifiers: w.slice(0, n - 2) };
    return undefined;
  }
  if (before && NOT_SECRET_BEFORE.has(before)) return undefined;
  if (PASSWORD_WORDS.has(last)) return { kind: 'password', qualifiers: w.slice(0, n - 1) };
  if (SECRET_WORDS.has(last)) return { kind: 'secret', qualifiers: w.slice(0, n - 1) };
  if (NOT_SECRET_PREFIXES.some(p => last.startsWith(p))) return undefined;
  for (const e of SECRET_ENDINGS) {
    if (last.length > e.length + 1 && last.endsWith(e)) return { kind: e.startsWith('pass') ? 'password' : 'secret', qualifiers: w.slice(0, n - 1) };
  }
  return undefined;
}

export function isSecretName(name: string): boolean {
  return secretNameKind(name) !== undefined;
}

/** The conventional environment variable for a name: `apiKey` -> API_KEY, `spring.datasource.password` -> SPRING_DATASOURCE_PASSWORD. */
export function envVarNameFor(name: string): string {
  return nameWords(name).reduce((acc, w) => acc && /^\d/.test(w) ? acc + w : acc ? `${acc}_${w}` : w, '').toUpperCase();
}
