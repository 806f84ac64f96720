/**
 * What kind of network address a host is (loopback, private, an internal name, public, a
 * documentation example) and where a Dockerfile bakes values into the image. Shared by the rules
 * about connection strings, service addresses and embedded databases.
 */
import { SourceFile } from './source';

export type HostClass =
  /** 127/8, ::1, localhost */
  | 'loopback'
  /** RFC 1918, CGNAT 100.64/10, link-local, IPv6 unique-local and link-local */
  | 'private'
  /** `*.internal`, `*.local`, `*.svc`, ... */
  | 'internal-name'
  /** One label, no dots: a compose service or a cluster-local name (`redis`, `payments`) */
  | 'single-label'
  | 'public-ip'
  | 'public-name'
  /** `0.0.0.0`, `::`: an address to bind to, never one to connect to */
  | 'bind'
  /** RFC 5737 / RFC 3849 ranges, example.com, `.example`, `.test`, `.invalid`, and words like `host` */
  | 'example'
  /** Fixed platform endpoints (cloud metadata, the Kubernetes API): nothing to configure */
  | 'well-known'
  | 'invalid';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_CHARS = /^[0-9a-f:]+$/i;
const HOSTNAME = /^[a-z0-9_][a-z0-9_.-]*$/i;
const LABEL = /^[a-z][a-z0-9-]{0,62}$/i;

const INTERNAL_SUFFIXES = ['.internal', '.local', '.lan', '.corp', '.svc', '.localdomain', '.intranet', '.home.arpa', '.localhost'];
const EXAMPLE_SUFFIXES = ['.example', '.test', '.invalid', '.example.com', '.example.org', '.example.net'];
const WELL_KNOWN = new Set([
  '169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254',
  'metadata.google.internal', 'metadata', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local',
]);
/** Words that stand for "a host goes here" in samples and templates. */
const PLACEHOLDER_HOSTS = new Set([
  'host', 'hostname', 'server', 'servername', 'domain', 'address', 'addr', 'ip', 'port', 'example', 'sample', 'placeholder',
  'your-host', 'your_host', 'yourhost', 'my-host', 'my_host', 'myhost', 'your-server', 'yourserver', 'your-domain', 'yourdomain',
  'db-host', 'dbhost', 'db_host', 'foo', 'bar', 'baz', 'xxx', 'changeme', 'hostname-here', 'service', 'service-name',
  'example.com', 'example.org', 'example.net',
]);

/** Classify a host as written in a URL or address (brackets around IPv6 allowed). */
export function classifyHost(raw: string): HostClass {
  let host = raw.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.') && host.length > 1) host = host.slice(0, -1);
  if (!host) return 'invalid';
  if (WELL_KNOWN.has(host)) return 'well-known';
  if (PLACEHOLDER_HOSTS.has(host)) return 'example';
  const v4 = IPV4.exec(host);
  if (v4) return classifyIpv4(v4.slice(1, 5).map(Number));
  if (host.indexOf(':') >= 0) return isIpv6(host) ? classifyIpv6(host) : 'invalid';
  if (!HOSTNAME.test(host) || host.indexOf('..') >= 0 || /^[\d.]+$/.test(host)) return 'invalid';
  if (host === 'localhost') return 'loopback';
  if (EXAMPLE_SUFFIXES.some(s => host.endsWith(s))) return 'example';
  if (INTERNAL_SUFFIXES.some(s => host.endsWith(s))) return 'internal-name';
  if (host.indexOf('.') < 0) return LABEL.test(host) ? 'single-label' : 'invalid';
  return 'public-name';
}

function classifyIpv4(o: number[]): HostClass {
  if (o.some(n => n > 255)) return 'invalid';
  const [a, b, c] = o;
  if (a === 0) return o.every(n => n === 0) ? 'bind' : 'invalid';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'example';
  if (a >= 224) return 'invalid'; // multicast, reserved, broadcast and netmasks like 255.255.0.0
  return 'public-ip';
}

function isIpv6(h: string): boolean {
  const zone = h.indexOf('%');
  const addr = zone >= 0 ? h.slice(0, zone) : h;
  const groups = addr.split(':');
  return IPV6_CHARS.test(addr) && groups.length >= 3 && groups.length <= 8 && groups.every(g => g.length <= 4);
}

function classifyIpv6(h: string): HostClass {
  const zone = h.indexOf('%');
  const addr = zone >= 0 ? h.slice(0, zone) : h;
  if (/^[0:]*$/.test(addr)) return 'bind';
  if (/^(?:0{0,4}:){2,7}0{0,3}1$/.test(addr)) return 'loopback';
  const first = addr.startsWith(':') ? 0 : parseInt(addr.slice(0, addr.indexOf(':')) || '0', 16);
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'private';
  if (first === 0x2001 && /^2001:0?db8(?::|$)/.test(addr)) return 'example';
  return 'public-ip';
}

/** A host that is only a sample or template (`host`, `your-host`, example.com, 192.0.2.1). */
export function isExampleHost(host: string): boolean {
  return classifyHost(host) === 'example';
}

const DOCKER_VALUE_INSTRUCTION = /^\s*(?:ENV|ARG)\s/i;

/**
 * Whether `offset` is in the value part of a Dockerfile ENV or ARG instruction (continuation lines
 * included): what is written there is baked into every container started from the image.
 */
export function inDockerfileEnv(file: SourceFile, offset: number): boolean {
  if (file.family !== 'dockerfile' || file.inComment(offset)) return false;
  let line = file.lineOf(offset);
  // walk up over continuation lines (`\` at the end of the previous line) to the instruction
  for (let guard = 0; line > 0 && guard < 50 && endsWithBackslash(file.lineText(line - 1)); guard++) line--;
  const text = file.lineText(line);
  const m = DOCKER_VALUE_INSTRUCTION.exec(text);
  if (!m) return false;
  return line !== file.lineOf(offset) || offset - file.lineStarts[line] >= m[0].length;
}

/** A `\` before the line's trailing blanks, read from the end (a regex would try every position of a long line). */
function endsWithBackslash(line: string): boolean {
  let e = line.length;
  while (e > 0 && (line[e - 1] === ' ' || line[e - 1] === '\t' || line[e - 1] === '\r')) e--;
  return e > 0 && line[e - 1] === '\\';
}

/**
 * Where a rule about app configuration should look: string literals in code, any non-comment text
 * in data files, and ENV/ARG values in Dockerfiles.
 */
export function inConfigValue(file: SourceFile, offset: number): boolean {
  return file.family === 'dockerfile' ? inDockerfileEnv(file, offset) || file.stringAt(offset) !== undefined : file.inValue(offset);
}
