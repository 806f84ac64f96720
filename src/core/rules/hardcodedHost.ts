import { anchored, wordEnds } from '../anchors';
import { isWordCharCode, wordStarts } from '../codeScan';
import { Rule } from '../rule';
import { own } from '../own';
import { TokenKind } from '../lexer';
import { Family } from '../languages';
import { SourceFile } from '../source';
import { HostClass, classifyHost, inDockerfileEnv } from '../hosts';
import { isDeployConfig } from '../values';
import { isEnvFallback } from '../envReads';
import { CONNECTION_STRING_START } from './hardcodedConnectionString';

/**
 * Cheap anchors for the words worth a closer look, as separate scans (one alternation of them all,
 * or a case-insensitive one, is several times slower): a URL, `name:port` (ports of two digits or
 * more) or IPv6 `::1`; a dotted quad; localhost or an internal domain suffix.
 */
const COLON_HIT = /:(?:\/\/|\d\d|:1)/g;
const IPV4_HIT = /\d\.\d{1,3}\.\d/g;
/** The first as the words it stands for, their ends recorded in the shared scan (anchors.ts); the second anchored there on its digits. */
const COLON_ENDS = wordEnds(['://', '::1', ...Array.from({ length: 100 }, (_, i) => `:${String(i).padStart(2, '0')}`)]);
const IPV4_SCAN = anchored(IPV4_HIT);
/** `localhost|\.(?:internal|local|lan|corp|svc|localdomain|intranet|arpa)\b`, found with `indexOf` (see `nameHits`). */
const NAME_SUFFIXES = ['internal', 'local', 'lan', 'corp', 'svc', 'localdomain', 'intranet', 'arpa'];
/** The names `nameHits` looks for (without its word boundary), recorded in the shared scan (anchors.ts): `.localdomain` starts with `.local`. */
const NAME_WORDS = ['.internal', '.local', '.lan', '.corp', '.svc', '.intranet', '.arpa', 'localhost'];
const NAME_ENDS = wordEnds(NAME_WORDS);
/**
 * In a word of the raw text, what flaggable addresses have (see `flaggable` and `classifyHost`): a
 * loopback or internal name, a dotted quad, a bracketed IPv6 address. Bare IPv6 addresses and
 * ports are looked at apart (`mayBeAddress`). Small patterns: they are quick to prove linear.
 */
const NEAR_NAME = /localhost|\.(?:internal|local|lan|corp|svc|intranet|arpa)/i;
const NEAR_IPV4 = /\d\.\d\d?\d?\.\d\d?\d?\.\d/;
const NEAR_IPV6 = /\[[0-9a-fA-F]*:[0-9a-fA-F]*:/;

/** Schemes of network services that carry a host; backing-service schemes belong to hardcoded-connection-string. */
const NETWORK_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'grpc', 'grpcs', 'tcp', 'udp', 'tls', 'ssl', 'ftp', 'ftps', 'sftp', 'ssh',
  'thrift', 'zk', 'zookeeper', 'consul', 'etcd', 'nfs', 'smb', 'h2c', 'dns', 'statsd', 'syslog', 'otlp']);

const SCHEME = /^[a-z][a-z0-9+.-]*$/i;
const HOST_PORT = /^([^:/\s]+):(\d{1,5})(?:\/\S*)?$/;
const V6_HOST_PORT = /^\[([0-9a-f:.%]+)\](?::(\d{1,5}))?$/i;
const SUBSTITUTION = /[$%{}<>#*@]/;

/** Families never checked: scripts and unknown formats are ops tooling; dotenv is where config belongs. */
const SKIPPED_FAMILIES: ReadonlySet<Family> = new Set<Family>(['shell', 'generic', 'dotenv']);

/** Build manifests, editor and dev-server settings, API specs: addresses there never reach a deploy. */
const TOOLING_NAMES: ReadonlySet<string> = new Set(['package.json', 'package-lock.json', 'composer.json', 'pom.xml', 'settings.xml',
  'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradle.properties', 'gemfile', 'cargo.toml',
  'pyproject.toml', 'setup.py', 'setup.cfg', 'pipfile', 'tox.ini', 'pytest.ini', 'nuget.config', 'directory.build.props',
  '.yarnrc.yml', 'launchsettings.json', 'tsconfig.json', 'jsconfig.json', 'angular.json', 'proxy.conf.json', 'setupproxy.js', 'setupproxy.ts']);
/** `vite.config.ts`, `webpack.prod.js`, `playwright.config.ts`, `openapi.yaml`: named for the tool before the first dot. */
const TOOLING_PREFIXES: ReadonlySet<string> = new Set(['vite', 'vitest', 'webpack', 'rollup', 'vue', 'next', 'nuxt', 'svelte', 'astro',
  'playwright', 'cypress', 'jest', 'karma', 'protractor', 'tsup', 'remix', 'gatsby-config', 'wdio', 'nodemon', 'lighthouserc', 'openapi',
  'swagger', 'asyncapi']);
const TOOLING_EXT = /\.(?:[cm]?[jt]s|json|ya?ml)$/;
const TOOLING_OTHER = /\.postman_collection\.json$|\.gemspec$/;
const TOOLING_DIR = /(?:^|\/)(?:\.vscode|\.idea|\.devcontainer|\.storybook|cypress|e2e|postman)\//i;

/** Keys whose values list hosts to accept or compare against, not to connect to. */
const NOT_AN_ADDRESS = /allow|deny|block|trust|white|black|origin|cors|csrf|internal_?ips|no_?proxy|exclude|ignore|cidr|subnet|netmask|version|example|sample|placeholder|pattern|regex|description|help|title|message|hint|url_options|asset_host/i;
/** Keys and calls that take an address to listen on. */
const BIND_KEY = /bind|listen|kestrel|server[._-]?(?:address|host|name)$|^(?:quarkus\.)?http[._-]host$|applicationurl|^(?:aspnetcore_)?urls$/i;
const BIND_CALLS: ReadonlySet<string> = new Set(['listen', 'run', 'run_app', 'runserver', 'run_server', 'serve', 'serve_forever', 'bind',
  'listenandserve', 'listenandservetls', 'useurls', 'listenlocalhost', 'create_server', 'start_server', 'make_server', 'httpserver',
  'tcpserver', 'wsgiserver', 'threadinghttpserver', 'createserver']);
/** Calls that compare, match or parse a value rather than connect to it. */
const COMPARE_CALLS: ReadonlySet<string> = new Set(['includes', 'startswith', 'endswith', 'equals', 'equalsignorecase', 'contains',
  'indexof', 'match', 'matches', 'test', 'in_array', 'has', 'strpos', 'str_contains', 'str_starts_with', 'eq', 'assert', 'assertequal',
  'assertequals', 'expect', 'tobe', 'toequal', 'is', 'isloopback', 'isprivate', 'is_private', 'ip_address', 'ip_network', 'parseip',
  'inet_aton', 'urlparse', 'urljoin', 'urlsplit', 'in', 'describe', 'it', 'context',
  // logging and formatting: the value is a message argument
  'print', 'println', 'printf', 'sprintf', 'format', 'log', 'logf', 'info', 'infof', 'debug', 'debugf', 'warn', 'warnf', 'warning',
  'error', 'errorf', 'fatal', 'fatalf', 'trace', 'puts']);
/** A key or call that takes a host to connect to. */
const ADDRESS_KEY = /host|server|addr|endpoint|broker|node|seed|contact_?point|url|uri|dsn|upstream|remote|target|(?:^|[_.-])ip$|[a-z]Ip$|^ip$|^(?:data ?)?source$/i;
const CLIENT_CALL = /connect|client|redis|jedis|memcache|mongo|socket|dial|pool|connection|address|httphost|elastic|opensearch|producer|consumer|cluster|session|channel|sentinel|^(?:set_?|with_?)?host$/i;

const ADDRESS_WORDS: ReadonlySet<string> = new Set(['HOST', 'HOSTS', 'HOSTNAME', 'URL', 'URLS', 'URI', 'URIS', 'ADDR', 'ADDRESS', 'ENDPOINT', 'ENDPOINTS', 'SERVER', 'SERVERS', 'BROKERS', 'NODES', 'DSN']);
const GENERIC_WORDS: ReadonlySet<string> = new Set([...ADDRESS_WORDS, 'BASE', 'NODE', 'BROKER', 'TARGET', 'UPSTREAM', 'VALUE', 'DEFAULT',
  'HREF', 'IP', 'LOCATION', 'CONNECTION', 'OPTIONS', 'OPTS', 'CONFIG', 'CONF', 'SETTINGS', 'CLIENT', 'HTTP', 'HTTPS', 'REMOTE', 'SET',
  'WITH', 'NEW', 'CREATE', 'GET', 'OPEN', 'DATA', 'SOURCE', 'SELF', 'THIS', 'APP', 'MAIN', 'DIAL', 'TCP', 'NET', 'CONNECT']);

/** A service named in the code around a value, and the variable prefix it conventionally has. */
const SERVICE_WORDS: Record<string, string> = {
  REDIS: 'REDIS', IOREDIS: 'REDIS', JEDIS: 'REDIS', LETTUCE: 'REDIS', REDISSON: 'REDIS', SENTINEL: 'REDIS_SENTINEL',
  MEMCACHE: 'MEMCACHED', MEMCACHED: 'MEMCACHED', PYMEMCACHE: 'MEMCACHED', MONGO: 'MONGODB', MONGODB: 'MONGODB', MONGOOSE: 'MONGODB',
  POSTGRES: 'POSTGRES', POSTGRESQL: 'POSTGRES', PG: 'POSTGRES', PSYCOPG: 'POSTGRES', PSYCOPG2: 'POSTGRES', MYSQL: 'MYSQL', MYSQL2: 'MYSQL',
  PYMYSQL: 'MYSQL', SQL: 'DATABASE', MARIADB: 'MARIADB', DB: 'DB', DATABASE: 'DATABASE', ELASTICSEARCH: 'ELASTICSEARCH', ELASTIC: 'ELASTICSEARCH',
  OPENSEARCH: 'OPENSEARCH', KAFKA: 'KAFKA', RABBITMQ: 'RABBITMQ', RABBIT: 'RABBITMQ', AMQP: 'RABBITMQ', PIKA: 'RABBITMQ', BUNNY: 'RABBITMQ',
  NATS: 'NATS', CONSUL: 'CONSUL', VAULT: 'VAULT', ZOOKEEPER: 'ZOOKEEPER', ETCD: 'ETCD', CASSANDRA: 'CASSANDRA', NEO4J: 'NEO4J',
  CLICKHOUSE: 'CLICKHOUSE', SMTP: 'SMTP', MAILER: 'SMTP', LDAP: 'LDAP', STATSD: 'STATSD', JAEGER: 'JAEGER', ZIPKIN: 'ZIPKIN',
  OTLP: 'OTEL', OTEL: 'OTEL', MINIO: 'S3', S3: 'S3',
};
const PORT_SERVICES: Record<string, string> = {
  '6379': 'REDIS', '6380': 'REDIS', '26379': 'REDIS_SENTINEL', '11211': 'MEMCACHED', '27017': 'MONGODB', '5432': 'POSTGRES',
  '3306': 'MYSQL', '1433': 'SQLSERVER', '1521': 'ORACLE', '9200': 'ELASTICSEARCH', '9092': 'KAFKA', '2181': 'ZOOKEEPER',
  '5672': 'RABBITMQ', '4222': 'NATS', '8500': 'CONSUL', '8200': 'VAULT', '2379': 'ETCD', '9042': 'CASSANDRA', '7687': 'NEO4J',
  '8123': 'CLICKHOUSE', '5984': 'COUCHDB', '25': 'SMTP', '465': 'SMTP', '587': 'SMTP', '389': 'LDAP', '636': 'LDAP', '8125': 'STATSD',
  '4317': 'OTEL', '4318': 'OTEL', '9411': 'ZIPKIN', '14268': 'JAEGER', '6831': 'JAEGER',
};
/** Ports a one-label name (a compose service) is commonly given; elsewhere `word:123` is too often an id or a tag. */
const SERVICE_PORTS: ReadonlySet<string> = new Set([...Object.keys(PORT_SERVICES), '80', '443', '8080', '8081', '8000', '8443', '3000', '5000', '9000', '9090', '50051']);

type Form = 'url' | 'hostport' | 'host';

interface Address {
  form: Form;
  host: string;
  port?: string;
  /** The port is computed (`localhost:${PORT}`, `'http://localhost:' + port`). */
  dynamicPort: boolean;
  /** Offsets of what to report, relative to the word. */
  start: number;
  end: number;
}

interface Context {
  /** The key the value is assigned to on its own line (`host: 'x'`, `DB_HOST = "x"`, `<host>x</host>`). */
  key?: string;
  /** Keys of enclosing lists or objects, innermost first (`ES_HOSTS = [`, `"Redis": {`, YAML parents). */
  outerKeys: string[];
  /** Calls and constructors the value is an argument of, innermost first (`new Redis(`, `redis.Options{`). */
  callees: string[];
  /** The value is not the first argument of the innermost call. */
  laterArg: boolean;
  comparison: boolean;
  /** In YAML, the dotted path of the key (`spring.kafka.bootstrap-servers`), as Spring and most loaders name it. */
  path?: string;
}

export const rule: Rule = {
  meta: {
    id: 'config/hardcoded-host',
    factor: 'config',
    severity: 'warning',
    title: 'Hardcoded service address',
    description: 'A host, IP or internal URL written into the code or app config as the address of a service: localhost, private and cluster-internal addresses differ in every deploy, so the literal works on one machine only.',
    remedy: 'Read the address from an environment variable (REDIS_HOST, PAYMENTS_URL, ...) and document it in .env.example.',
    families: 'all',
    fixable: false,
    // no trigger: one pattern of the three scans' hits has no words the shared scan could answer
    // it by, so it would run over every file; the check asks the shared scan per scan instead
  },
  check({ file, report }) {
    if (SKIPPED_FAMILIES.has(file.family) || isDeployConfig(file) || isTooling(file)) return;
    // the raw text first: only its words that may hold an address are looked at in the code, and
    // a file without any is not lexed
    const regions = candidateWords(file);
    if (!regions.length) return;
    const text = file.codeText;
    const words = new Set<number>();
    const reportedValues = new Set<number>();
    const found: { start: number; end: number; message: string }[] = [];
    /** Look at the word around `i` once; returns where to continue scanning. */
    const visit = (i: number): number => {
      const [ws, we] = wordAround(text, i);
      if (words.has(ws) || we - ws > 2048) return we;
      words.add(ws);
      const f = findingFor(file, ws, we);
      if (f && !reportedValues.has(f.valueStart)) {
        reportedValues.add(f.valueStart);
        found.push({ start: f.start, end: f.end, message: f.message });
      }
      return we;
    };
    // each scan goes on after the word it looked at; hits never span a delimiter, so scanning the
    // candidate words alone, in order, visits the same words in the same order as scanning it all
    for (const scan of [COLON_HIT, IPV4_HIT, undefined]) {
      for (const [ws, we] of regions) {
        const part = text.slice(ws, we);
        let next = 0;
        for (const h of scan ? regexHits(scan, part) : nameHits(part)) if (h >= next) next = Math.max(visit(ws + h) - ws, h + 1);
      }
    }
    // the scans run one after the other: report in document order
    for (const f of found.sort((a, b) => a.start - b.start)) report(f);
  },
};

/** Where a global regex matches, in order. */
function regexHits(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m.index);
  return out;
}

/**
 * Where `localhost` or `.internal`, `.local`... start in a candidate word, in order, a suffix ending
 * a word (`\b`), as in a regex. `indexOf` and a look at the character after each `.` are several
 * times faster than one regex with the alternation.
 */
function nameHits(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
    // the suffixes' first two letters: in lo la co sv ar
    const k = text.charCodeAt(i + 1), l = text.charCodeAt(i + 2);
    if (!((k === 105 && l === 110) || (k === 108 && (l === 111 || l === 97)) || (k === 99 && l === 111) || (k === 115 && l === 118) || (k === 97 && l === 114))) continue;
    for (const suffix of NAME_SUFFIXES) {
      if (!text.startsWith(suffix, i + 1)) continue;
      const after = i + 1 + suffix.length;
      if (after < text.length && isWordCharCode(text.charCodeAt(after))) continue;
      out.push(i);
      break;
    }
  }
  const local: number[] = [];
  for (let i = text.indexOf('localhost'); i >= 0; i = text.indexOf('localhost', i + 1)) local.push(i);
  if (!local.length) return out;
  if (!out.length) return local;
  return out.concat(local).sort((a, b) => a - b);
}

/**
 * The words of the raw text that have a scan's hit and may hold a flaggable address, as sorted
 * [start, end) ranges. A word of the code (comments blanked) lies inside the word of the text at
 * the same place, so the code's words outside these hold no address.
 */
function candidateWords(file: SourceFile): [number, number][] {
  const text = file.text;
  const out: [number, number][] = [];
  // each scan only where the file's shared scan saw its words
  const scans = [
    // every COLON_HIT word is 3 characters long and has no letters: each end is a hit (an overlapping
    // one, `::12`, lies in the word of the one before)
    file.wordEnds(COLON_ENDS).map(e => e - 3),
    file.mentions(IPV4_SCAN) ? regexHits(IPV4_HIT, text) : [],
    wordStarts(file, NAME_ENDS, NAME_WORDS, text),
  ];
  for (const hits of scans) {
    let next = 0;
    for (const h of hits) {
      if (h < next) continue;
      const [ws, we] = wordAround(text, h);
      next = Math.max(we, h + 1);
      if (mayBeAddress(text.slice(ws, we))) out.push([ws, we]);
    }
  }
  if (out.length < 2) return out;
  out.sort((a, b) => a[0] - b[0]);
  return out.filter((r, i) => i === 0 || r[0] !== out[i - 1][0]);
}

/**
 * Whether a word of the raw text may contain a flaggable address: a name or dotted quad, a
 * bracketed IPv6 address, a bare one that is loopback or private, a service port after a colon,
 * or any port after a URL's `://`. Where a comment touches the word, the code's word is a part of
 * it that ends before the comment (never at a digit or hexadecimal letter) or starts after one.
 */
function mayBeAddress(word: string): boolean {
  if (NEAR_NAME.test(word) || NEAR_IPV4.test(word) || NEAR_IPV6.test(word)) return true;
  const url = word.indexOf('://');
  let runEnd = -1;
  for (let i = word.indexOf(':'); i >= 0; i = word.indexOf(':', i + 1)) {
    let e = i + 1;
    while (e < word.length && isDigit(word.charCodeAt(e))) e++;
    if (e > i + 1 && ((url >= 0 && i > url) || SERVICE_PORTS.has(word.slice(i + 1, e)))) return true;
    if (i < runEnd) continue;
    // a bare IPv6 address is a whole run of hexadecimal digits and colons, with two colons or more
    let start = i, colons = 0;
    while (start > 0 && isHexOrColon(word.charCodeAt(start - 1))) start--;
    runEnd = i + 1;
    while (runEnd < word.length && isHexOrColon(word.charCodeAt(runEnd))) runEnd++;
    for (let j = start; j < runEnd; j++) if (word.charCodeAt(j) === 58) colons++;
    if (colons >= 2) {
      const cls = classifyHost(word.slice(start, runEnd));
      if (cls === 'loopback' || cls === 'private') return true;
    }
  }
  return false;
}

function isDigit(k: number): boolean {
  return k >= 48 && k <= 57;
}

function isHexOrColon(k: number): boolean {
  return (k >= 48 && k <= 58) || (k >= 97 && k <= 102) || (k >= 65 && k <= 70);
}

function isTooling(file: SourceFile): boolean {
  const name = file.baseName;
  return TOOLING_NAMES.has(name) || (TOOLING_PREFIXES.has(name.slice(0, name.indexOf('.'))) && TOOLING_EXT.test(name)) || TOOLING_OTHER.test(name) || TOOLING_DIR.test(file.path);
}

function isDelimiter(c: number): boolean {
  // whitespace, quotes, and , ; < > | \ ( ) =
  return c <= 32 || c === 34 || c === 39 || c === 96 || c === 44 || c === 59 || c === 60 || c === 62 || c === 124 || c === 92 || c === 40 || c === 41 || c === 61;
}

/** The run of non-delimiter characters around `i`. */
function wordAround(text: string, i: number): [number, number] {
  let s = i, e = i;
  while (s > 0 && !isDelimiter(text.charCodeAt(s - 1))) s--;
  while (e < text.length && !isDelimiter(text.charCodeAt(e))) e++;
  return [s, e];
}

function findingFor(file: SourceFile, ws: number, we: number): { start: number; end: number; message: string; valueStart: number } | undefined {
  const text = file.codeText;
  let word = text.slice(ws, we);
  // YAML/JSON flow brackets around an item: `[10.0.0.1, 10.0.0.2]` (but not IPv6 `[::1]:6379`)
  let lead = 0;
  if ((word[0] === '[' && !V6_HOST_PORT.test(word)) || word[0] === '{') lead = 1;
  while (word.length > lead && (word.endsWith(']') || word.endsWith('}')) && word.indexOf(word.endsWith(']') ? '[' : '{', lead) < 0) word = word.slice(0, -1);
  word = word.slice(lead);
  const addr = parseAddress(word);
  if (!addr) return undefined;
  const cls = classifyHost(addr.host);
  if (!flaggable(addr, cls)) return undefined;

  const value = valueAround(file, ws + lead, ws + lead + word.length);
  if (!value || isEnvFallback(file, value.contextAt)) return undefined;
  const ctx = contextOf(file, value.contextAt);
  if (ctx.comparison || isExcluded(ctx)) return undefined;
  if (addr.form === 'host' && (!isAddressContext(ctx) || namesItself(ctx.key, addr.host) || text[we] === '|' || text[ws - 1] === '|')) return undefined;
  // `word:6379` outside a URL is a compose service only where an address is expected or the word names a service
  if (cls === 'single-label' && addr.form === 'hostport' && !isAddressContext(ctx) && !serviceOf(addr.host)) return undefined;
  if (cls === 'loopback' && addr.dynamicPort) return undefined; // the app calling itself on its own PORT
  if (ctx.laterArg && ctx.callees[0] && lastSegment(ctx.callees[0]) === 'url') return undefined; // new URL(path, 'http://localhost'): a parsing base

  const where = addr.port ? `${addr.host}:${addr.port}` : addr.host;
  const envVar = envVarFor(file, addr, ctx, value.contextAt);
  return {
    start: ws + lead + addr.start,
    end: ws + lead + addr.end,
    valueStart: value.start,
    message: `Service address ${where} is hardcoded. Read it from an environment variable such as ${envVar}.`,
  };
}

function parseAddress(word: string): Address | undefined {
  const sep = word.indexOf('://');
  if (sep >= 0) {
    const scheme = word.slice(0, sep);
    if (!SCHEME.test(scheme) || !NETWORK_SCHEMES.has(scheme.toLowerCase()) || CONNECTION_STRING_START.test(word)) return undefined;
    const restStart = sep + 3;
    const rest = word.slice(restStart);
    let end = rest.length;
    for (const ch of '/?#') { const i = rest.indexOf(ch); if (i >= 0 && i < end) end = i; }
    const at = rest.lastIndexOf('@', end);
    const hpStart = at >= 0 ? at + 1 : 0;
    const hp = rest.slice(hpStart, end);
    let host: string, portText: string | undefined;
    if (hp.startsWith('[')) {
      const close = hp.indexOf(']');
      if (close < 0) return undefined;
      host = hp.slice(0, close + 1);
      portText = hp[close + 1] === ':' ? hp.slice(close + 2) : undefined;
    } else {
      const colon = hp.indexOf(':');
      host = colon >= 0 ? hp.slice(0, colon) : hp;
      portText = colon >= 0 ? hp.slice(colon + 1) : undefined;
    }
    if (!host || SUBSTITUTION.test(host)) return undefined;
    const port = portText && /^\d{1,5}$/.test(portText) ? portText : undefined;
    // `http://localhost:` + port, or `:${PORT}`: the port is computed
    const dynamicPort = portText !== undefined && !port;
    const atEnd = restStart + hpStart + hp.length;
    return { form: 'url', host, port, dynamicPort, start: 0, end: atEnd };
  }
  // `localhost:` is a YAML key; a sentence's full stop is not part of the host
  if (word.endsWith(':')) return undefined;
  if (word.endsWith('.')) word = word.slice(0, -1);
  const v6 = V6_HOST_PORT.exec(word);
  if (v6) return { form: v6[2] ? 'hostport' : 'host', host: `[${v6[1]}]`, port: v6[2], dynamicPort: false, start: 0, end: word.length };
  const hp = HOST_PORT.exec(word);
  if (hp) return { form: 'hostport', host: hp[1], port: hp[2], dynamicPort: false, start: 0, end: hp[1].length + 1 + hp[2].length };
  if (word.indexOf('/') >= 0 || word.indexOf('@') >= 0) return undefined;
  // a bare IPv6 address has colons; anything else with a colon is not a host
  if (word.indexOf(':') >= 0 && !/^[0-9a-f:]+$/i.test(word)) return undefined;
  return { form: 'host', host: word, dynamicPort: false, start: 0, end: word.length };
}

function flaggable(addr: Address, cls: HostClass): boolean {
  switch (cls) {
    case 'loopback': case 'private': case 'internal-name': return true;
    case 'public-ip': return addr.port !== undefined;
    case 'single-label':
      if (addr.form === 'url') return addr.port !== undefined;
      return addr.form === 'hostport' && SERVICE_PORTS.has(addr.port!);
    default: return false;
  }
}

/**
 * The value (string literal, or rest of a data/Dockerfile line) around a word, when the word is a
 * value of its own: the whole literal, an item of a list, or `key=value` inside a literal; not a
 * word in a sentence ("listening on http://localhost:3000").
 */
/** How far back the statement holding a literal is read. */
const STATEMENT_WINDOW = 2000;
/** How much of a literal or line around a host-like word tells a value from prose. */
const VALUE_WINDOW = 500;

function valueAround(file: SourceFile, ws: number, we: number): { start: number; end: number; contextAt: number } | undefined {
  const text = file.codeText;
  const docker = file.family === 'dockerfile';
  if (docker && !inDockerfileEnv(file, ws)) return undefined;
  const token = file.stringAt(ws);
  if (!token && !file.isData && !docker) return undefined;
  if (token && we > token.valueEnd) return undefined;
  let start: number, end: number, contextAt: number;
  if (token) {
    if (token.kind !== TokenKind.String) return undefined;
    start = token.valueStart; end = token.valueEnd; contextAt = token.start;
    // a key, not a value: `"localhost:3000": {...}`, `'10.0.0.1' => 'db'`, `case 'localhost':`
    let k = token.end;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    if ((text[k] === ':' && text[k + 1] !== ':') || (text[k] === '=' && text[k + 1] === '>')) return undefined;
  } else {
    const line = file.lineOf(ws);
    start = file.lineStarts[line]; end = line + 1 < file.lineStarts.length ? file.lineStarts[line + 1] - 1 : text.length;
    contextAt = ws;
  }
  // bounded: every host-like word of a very long literal or line must not read all of it again
  const from = Math.max(start, ws - VALUE_WINDOW);
  const before = text.slice(from, ws);
  const after = text.slice(we, Math.min(end, we + VALUE_WINDOW));
  // a later part of a URL: `...?host=10.0.0.5`, the second host of `mongodb://a:27017,b:27017`
  if (before.indexOf('://', Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t')) + 1) >= 0) return undefined;
  if (isSentence(before, after) && !(docker && /^\s*(?:ENV|ARG)\s+[\w.-]+\s+$/i.test(before))) return undefined;
  if (token && before.trim() !== '') {
    // inside a literal only `key=value` pairs and lists: "Server=10.0.0.5;Database=app", "a:1,b:2"
    const last = before.trimEnd().slice(-1);
    if (last !== '=' && last !== ',' && last !== ';' && last !== '[') return undefined;
    if (last === '=') contextAt = ws - (before.length - before.trimEnd().length);
    // a later item of `no_proxy=a,b,c`: the key before the list applies to every item
    const eq = before.lastIndexOf('=');
    if (last === ',' && eq >= 0 && before.indexOf(';', eq) < 0) contextAt = from + eq + 1;
  }
  return { start, end, contextAt };
}

/** `LOCALHOST = "localhost"`: a constant for the word, not an address setting. */
function namesItself(key: string | undefined, host: string): boolean {
  return key !== undefined && key.replace(/[^a-z0-9]/gi, '').toLowerCase().includes(host.replace(/[^a-z0-9]/gi, '').toLowerCase());
}

function isSentence(before: string, after: string): boolean {
  const b = before.trimEnd();
  if (b.length < before.length && /[A-Za-z0-9]$/.test(b)) return true;
  const a = after.trimStart();
  return a.length < after.length && /^[A-Za-z0-9]/.test(a);
}

const IDENT_CHAR = /[\w.$\-:@]/;

/** What the value at `pos` is assigned to or passed to, read backwards through at most 400 characters. */
function contextOf(file: SourceFile, pos: number): Context {
  const text = file.codeText;
  const limit = Math.max(0, pos - 400);
  const ctx: Context = { outerKeys: [], callees: [], laterArg: false, comparison: false };
  let i = back(text, pos - 1, limit);
  // a YAML flow sequence: `hosts: [10.0.0.1, 10.0.0.2]`
  if (file.family === 'yaml' && (text[i] === '[' || text[i] === ',')) {
    const open = text.lastIndexOf('[', i);
    if (open >= limit && text.lastIndexOf('\n', i) < open) i = back(text, open - 1, limit);
  }
  const direct = keyEndingAt(file, i, limit);
  if (direct.comparison) { ctx.comparison = true; return ctx; }
  if (direct.key !== undefined) {
    ctx.key = direct.key;
    i = direct.from;
  }
  if (file.family === 'yaml') {
    ctx.outerKeys.push(...yamlParents(file, pos));
    // Spring-style paths spread over nesting: server: / address: 127.0.0.1
    if (ctx.key !== undefined && ctx.outerKeys.length) {
      const path = [...ctx.outerKeys].reverse().concat(ctx.key);
      ctx.path = path.slice(path.length > 4 ? -3 : 0).join('.');
      if (BIND_KEY.test(path.join('.'))) ctx.outerKeys.push(path.join('.'));
    }
    return ctx;
  }
  if (file.family === 'toml' || file.family === 'ini') {
    const section = sectionOf(file, pos);
    if (section) ctx.outerKeys.push(section);
  }
  if (file.family === 'properties' || file.family === 'dockerfile') return ctx;
  // enclosing brackets: calls, lists, objects
  let depth = 0, openers = 0, firstLevel = true;
  for (let j = i; j >= limit && openers < 3; j--) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const t = file.tokenAt(j);
      if (t && t.kind === TokenKind.String) { j = t.start; continue; }
    }
    if (c === ')' || c === ']' || c === '}') { depth++; continue; }
    if (c === ';' && depth === 0) break;
    if (c === ',' && depth === 0 && firstLevel) ctx.laterArg = true;
    if (c !== '(' && c !== '[' && c !== '{') continue;
    if (depth > 0) { depth--; continue; }
    openers++;
    const before = back(text, j - 1, limit);
    const callee = identifierEndingAt(text, before, limit);
    if (c === '[' && /(?:^|[^\w])(?:in|not in)$/.test(text.slice(Math.max(0, before - 7), before + 1))) { ctx.comparison = true; return ctx; }
    if (callee && c !== '[') {
      ctx.callees.push(callee);
      if (COMPARE_CALLS.has(lastSegment(callee))) { ctx.comparison = true; return ctx; }
    } else {
      const k = keyEndingAt(file, before, limit);
      if (k.comparison) { ctx.comparison = true; return ctx; }
      if (k.key !== undefined) ctx.outerKeys.push(k.key);
    }
    firstLevel = false;
  }
  return ctx;
}

function back(text: string, i: number, limit: number): number {
  while (i >= limit && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
  return i;
}

/**
 * If a key and its separator end at `i` (`host: `, `DB_HOST = `, `'host' => `, `<host>`), the key,
 * and where to continue reading backwards. A comparison operator there is reported as such.
 */
function keyEndingAt(file: SourceFile, i: number, limit: number): { key?: string; from: number; comparison?: boolean } {
  const text = file.codeText;
  let j = i;
  const c = text[j];
  if (c === '>' && text[j - 1] !== '=' && text[j - 1] !== '-') {
    // an XML element's text: <host>10.0.0.9</host>
    const open = text.lastIndexOf('<', j);
    if (open < limit || open < 0) return { from: i };
    const tag = /^<([\w.:-]+)/.exec(text.slice(open, j + 1));
    return tag ? { key: tag[1], from: open - 1 } : { from: i };
  }
  if (c === '=') {
    const p = text[j - 1];
    if (p === '=' || p === '!' || p === '<' || p === '>') return { from: i, comparison: true };
    j -= p === ':' ? 2 : 1;
  } else if (c === '>' && text[j - 1] === '=') {
    j -= 2;
  } else if (c === ':' && text[j - 1] !== ':') {
    j -= 1;
  } else {
    return { from: i };
  }
  j = back(text, j, limit);
  if (text[j] === '"' || text[j] === "'" || text[j] === '`') {
    const t = file.tokenAt(j);
    if (!t || t.kind !== TokenKind.String) return { from: i };
    const key = file.text.slice(t.valueStart, t.valueEnd);
    if (key === 'value') return { key: attributeKey(file, t.start) ?? key, from: t.start - 1 };
    return { key, from: back(text, t.start - 1, limit) };
  }
  if (text[j] === ']') {
    // config['host'] = ..., ENV["HOST"] = ...
    const t = file.tokenAt(j - 1);
    if (t && t.kind === TokenKind.String) return { key: file.text.slice(t.valueStart, t.valueEnd), from: t.start - 2 };
    return { from: i };
  }
  let name = identifierEndingAt(text, j, limit);
  if (!name) return { from: i };
  // a type annotation: `paymentsUrl: string = ...`, `val url: String = ...`
  const colon = back(text, j - name.length, limit);
  if (c === '=' && text[colon] === ':' && text[colon - 1] !== ':') {
    const typed = identifierEndingAt(text, back(text, colon - 1, limit), limit);
    if (typed) { j = back(text, colon - 1, limit); name = typed; }
  }
  const key = name.replace(/^[:@$]+/, '');
  if (key === 'value') return { key: attributeKey(file, j) ?? key, from: j - name.length };
  return { key, from: j - name.length };
}

/** XML `<add key="RedisHost" value="..."/>`, `<property name="host" value="..."/>`: the key attribute. */
function attributeKey(file: SourceFile, at: number): string | undefined {
  if (file.family !== 'xml') return undefined;
  const open = file.codeText.lastIndexOf('<', at);
  if (open < 0 || at - open > 400) return undefined;
  return /\s(?:key|name)\s*=\s*"([^"]*)"/.exec(file.codeText.slice(open, at))?.[1];
}

function identifierEndingAt(text: string, j: number, limit: number): string | undefined {
  if (j < 0 || !/[\w$]/.test(text[j])) return undefined;
  let s = j;
  while (s >= limit && IDENT_CHAR.test(text[s])) s--;
  const name = text.slice(s + 1, j + 1);
  return /[A-Za-z_]/.test(name) ? name : undefined;
}

function lastSegment(name: string): string {
  const parts = name.split(/[.:]/).filter(Boolean);
  return (parts[parts.length - 1] ?? '').toLowerCase();
}

/** Keys of the YAML mappings that contain the line of `pos`, innermost first. */
function yamlParents(file: SourceFile, pos: number): string[] {
  const out: string[] = [];
  let line = file.lineOf(pos);
  let indent = indentOf(file.lineText(line));
  for (let l = line - 1; l >= 0 && l >= line - 200 && indent > 0; l--) {
    const t = file.lineText(l);
    if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
    const ind = indentOf(t);
    if (ind >= indent) continue;
    indent = ind;
    const m = /^[ \t]*(?:- +)?([\w.-]+)[ \t]*:/.exec(t);
    if (m) out.push(m[1]);
  }
  return out;
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '-')) i++;
  return i;
}

/** The `[section]` of a TOML/INI line. */
function sectionOf(file: SourceFile, pos: number): string | undefined {
  const line = file.lineOf(pos);
  for (let l = line; l >= 0 && l > line - 500; l--) {
    const m = /^\s*\[+([\w.-]+)\]+/.exec(file.lineText(l));
    if (m) return m[1];
  }
  return undefined;
}

function isExcluded(ctx: Context): boolean {
  const keys = ctx.key !== undefined ? [ctx.key, ...ctx.outerKeys] : ctx.outerKeys;
  if (keys.some(k => NOT_AN_ADDRESS.test(k) || BIND_KEY.test(k))) return true;
  return ctx.callees.some(c => BIND_CALLS.has(lastSegment(c)) || /http\.server$/i.test(c) || COMPARE_CALLS.has(lastSegment(c)));
}

/** A bare host is only an address where a host is expected: a host-like key, or a client's argument. */
function isAddressContext(ctx: Context): boolean {
  if (ctx.key !== undefined) return ADDRESS_KEY.test(ctx.key);
  if (ctx.outerKeys.length && ADDRESS_KEY.test(ctx.outerKeys[0])) return true;
  return ctx.callees.length > 0 && CLIENT_CALL.test(lastSegment(ctx.callees[0]));
}

/** `paymentsUrl` -> [PAYMENTS, URL]; `spring.redis.host` -> [SPRING, REDIS, HOST]. */
function words(name: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (!/[A-Za-z0-9]/.test(ch)) { if (cur) out.push(cur); cur = ''; continue; }
    const prev = name[i - 1] ?? '', next = name[i + 1] ?? '';
    const upper = ch >= 'A' && ch <= 'Z';
    if (cur && upper && (/[a-z0-9]/.test(prev) || (/[A-Z]/.test(prev) && /[a-z]/.test(next)))) { out.push(cur); cur = ''; }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out.map(w => w.toUpperCase());
}

function withSuffix(parts: string[], suffix: string): string {
  return ADDRESS_WORDS.has(parts[parts.length - 1]) ? parts.join('_') : [...parts, suffix].join('_');
}

/** The service a word names (`redis`, `DATABASES`, `ioredis`), if any. */
function serviceOf(word: string): string | undefined {
  for (const w of words(word)) {
    const svc = own(SERVICE_WORDS, w) ?? (w.endsWith('S') ? own(SERVICE_WORDS, w.slice(0, -1)) : undefined);
    if (svc) return svc;
  }
  return undefined;
}

/** The statement around `at` up to it: its line, and earlier lines that end open (`(`, `{`, `[`, `,`). */

function statementBefore(file: SourceFile, at: number): string {
  // bounded, so that every literal of a very long line does not read the whole line again
  const text = file.codeText;
  const floor = Math.max(0, at - STATEMENT_WINDOW);
  let start = Math.max(floor, file.lineStartOf(at));
  for (let n = 0; n < 5 && start > floor; n++) {
    const prevStart = Math.max(floor, text.lastIndexOf('\n', start - 2) + 1);
    const prev = text.slice(prevStart, start - 1).trimEnd();
    if (!/[([{,\\]$/.test(prev)) break;
    start = prevStart;
  }
  const s = text.slice(start, at);
  return s.slice(s.lastIndexOf(';') + 1);
}

function serviceVar(service: string, form: Form, suffix: string): string {
  if (service === 'KAFKA' && form !== 'url') return 'KAFKA_BROKERS';
  if (service === 'OTEL') return 'OTEL_EXPORTER_OTLP_ENDPOINT';
  if (service === 'VAULT') return 'VAULT_ADDR';
  if (service === 'S3') return 'S3_ENDPOINT';
  return `${service}_${suffix}`;
}

/** An environment variable name for the address, from the nearest specific name around it. */
function envVarFor(file: SourceFile, addr: Address, ctx: Context, at: number): string {
  const suffix = addr.form === 'url' ? 'URL' : addr.form === 'hostport' ? 'ADDR' : 'HOST';
  // a dotted config path (`spring.redis.host`): the variable Spring-style loaders bind to it
  const path = ctx.path ?? (file.isData && ctx.key && /^[A-Za-z][\w-]*(?:\.[\w-]+)+$/.test(ctx.key) ? ctx.key : undefined);
  if (path) return path.replace(/[.-]/g, '_').toUpperCase();
  if (ctx.key !== undefined) {
    const w = words(ctx.key).filter(x => x.length > 1);
    if (w.some(x => !GENERIC_WORDS.has(x))) return withSuffix(w, suffix);
  }
  for (const n of [...ctx.callees, ...ctx.outerKeys]) {
    const svc = serviceOf(n);
    if (svc) return serviceVar(svc, addr.form, suffix);
  }
  if (/(?:database|initial catalog)\s*=/i.test(file.codeText.slice(at, at + 300).split('\n')[0])) return serviceVar('DATABASE', addr.form, suffix);
  for (const n of ctx.outerKeys) {
    const w = words(n).filter(x => x.length > 1 && !GENERIC_WORDS.has(x));
    if (w.length) return withSuffix(w, suffix);
  }
  const nearby = statementBefore(file, at);
  const svcNearby = (nearby.match(/[A-Za-z_][\w]*/g) ?? []).reverse().map(serviceOf).find(Boolean);
  if (svcNearby) return serviceVar(svcNearby, addr.form, suffix);
  const svcPort = addr.port ? own(PORT_SERVICES, String(addr.port)) : undefined;
  if (svcPort) return serviceVar(svcPort, addr.form, suffix);
  const cls = classifyHost(addr.host);
  if (cls === 'internal-name' || cls === 'single-label') {
    const label = words(addr.host.split('.')[0]).join('_');
    if (label && !GENERIC_WORDS.has(label) && label !== 'LOCALHOST') return serviceVar(serviceOf(label) ?? label, addr.form, suffix);
  }
  return addr.form === 'url' ? 'API_URL' : `SERVICE_${suffix}`;
}
