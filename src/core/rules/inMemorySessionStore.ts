import { closingBracket, escapeRegExp, jsImports, objectKeyAt, skipSpace } from '../codeScan';
import { Rule, RuleContext } from '../rule';

/** Why a per-process session store breaks: said once, after the sentence naming the store. */
const LOST = 'They are lost on every restart or deploy, and the app\'s other processes never see them.';

/** `new MemoryStore(` or `new <x>.MemoryStore(`. */
const JS_NEW_MEMORY_STORE = /\bnew\s+(?:([A-Za-z_$][\w$]*)\s*\.\s*)?MemoryStore\s*\(/g;
const JS_FASTIFY_REQUIRE = /\.register\s*\(\s*(require\s*\(\s*['"](?:@fastify\/session|fastify-session)['"]\s*\))\s*,\s*\{/g;

const FLASK_TYPE = /\bSESSION_TYPE(?:['"](?:\s*\])?)?\s*[=:]\s*['"]filesystem['"]/g;
const FLASK_CACHELIB = /\bSESSION_CACHELIB(?:['"](?:\s*\])?)?\s*[=:]\s*(?:cachelib\.)?(?:file\.|simple\.)?(FileSystemCache|SimpleCache)\s*\(/g;
const DJANGO_ENGINE = /\bSESSION_ENGINE\s*=\s*['"]([\w.]+)['"]/g;
const DJANGO_ALIAS = /\bSESSION_CACHE_ALIAS\s*=\s*['"](\w+)['"]/;
const DJANGO_CACHES = /\bCACHES\s*=\s*\{/;
const DJANGO_BACKEND = /['"]BACKEND['"]\s*:\s*['"]([\w.]+)['"]/;

const PHP_HANDLER = /\bini_set\s*\(\s*['"]session\.save_handler['"]\s*,\s*['"]files['"]/g;
const PHP_SAVE_PATH = /\b(?:session_save_path\s*\(|ini_set\s*\(\s*['"]session\.save_path['"]\s*,)\s*(?:__DIR__|sys_get_temp_dir\s*\(|dirname\s*\(|['"](?:\/|\.\.?\/|[A-Za-z]:[\\/]))/g;
const LARAVEL_DRIVER = /['"]driver['"]\s*=>\s*['"]file['"]/g;
const SYMFONY_HANDLER = /^[ \t]*handler_id:[ \t]*['"]?(session\.handler\.native_file)\b/gm;

const CS_MEMORY_CACHE = /\.AddDistributedMemoryCache\s*\(/g;
const CS_OTHER_CACHES = ['Redis', 'SqlServerCache', 'CosmosCache', 'PostgreSqlCache', 'MySqlCache', 'NCache', 'Memcached', 'DynamoDb'];

const JAVA_MAP_REPO = /\bnew\s+((?:Reactive)?MapSessionRepository)\b/g;
const KOTLIN_MAP_REPO = /(?<![\w.])((?:Reactive)?MapSessionRepository)\s*\(/g;

const RUBY_POOL = /\bRack::Session::Pool\b/g;
const RAILS_SESSION_CACHE = /\bconfig\.session_store(?:[ \t]*\([ \t]*|[ \t]+)(:cache_store)\b/g;
const RAILS_LOCAL_CACHE = /\bconfig\.cache_store[ \t]*=[ \t]*(?:\[[ \t]*)?:(memory_store|file_store)\b/;

const GO_FILESYSTEM = /\bsessions\.NewFilesystemStore\s*\(/g;
const GO_MEMSTORE = /\bmemstore\.New(?:Store)?\s*\(/g;
const GO_SCS = /\bscs\.New\s*\(\s*\)/g;
const GO_FIBER_IMPORT = /(?:^|[\s(])(?:(\w+)[ \t]+)?"github\.com\/gofiber\/fiber\/v\d+\/middleware\/session"/m;

const RUST_MEMORY = /\bMemoryStore::(?:new|default)\s*\(/g;
const RUST_SESSION_CRATE = /\b(?:tower_sessions|async_session|axum_sessions|axum_session|actix_session|SessionManagerLayer|SessionLayer)\b/;

export const rule: Rule = {
  meta: {
    id: 'processes/in-memory-session-store',
    factor: 'processes',
    severity: 'warning',
    title: 'Sessions kept in process memory or on local disk',
    description: 'A session store that lives in one process (a memory store) or on its local disk (session files). Sessions vanish on restart and a user is logged out whenever the next request reaches another process.',
    remedy: 'Store sessions in a backing service (Redis, Memcached, the database) or in signed cookies.',
    families: ['js', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'rust', 'yaml'],
    fixable: false,
    // what each language's check needs before it reads on (the words its early returns look for)
    trigger: {
      js: /session|MemoryStore/, python: /SESSION_/, php: /session|driver/, yaml: /native_file/,
      csharp: /AddDistributedMemoryCache/, java: /MapSessionRepository/, kotlin: /MapSessionRepository/,
      ruby: /Rack::Session::Pool|:cache_store/, go: /NewFilesystemStore|memstore|scs\.New|gofiber/, rust: /MemoryStore/,
    },
  },
  check(ctx) {
    switch (ctx.file.family) {
      case 'js': return checkJs(ctx);
      case 'python': return checkPython(ctx);
      case 'php': return checkPhp(ctx);
      case 'yaml': return checkSymfony(ctx);
      case 'csharp': return checkCsharp(ctx);
      case 'java': return eachMatch(ctx, JAVA_MAP_REPO, 'MapSessionRepository', m => mapRepo(ctx, m.index, m[0].length, m[1]));
      case 'kotlin': return eachMatch(ctx, KOTLIN_MAP_REPO, 'MapSessionRepository', m => mapRepo(ctx, m.index, m[1].length, m[1]));
      case 'ruby': return checkRuby(ctx);
      case 'go': return checkGo(ctx);
      case 'rust': return checkRust(ctx);
    }
  },
};

/** Run `re` over the code text (after a cheap `needle` pre-check) and call `fn` for each match. */
function eachMatch(ctx: RuleContext, re: RegExp, needle: string, fn: (m: RegExpExecArray) => void): void {
  const text = ctx.file.codeText;
  if (text.indexOf(needle) < 0) return;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (ctx.file.stringAt(m.index)) continue;
    fn(m);
  }
}

function mapRepo(ctx: RuleContext, start: number, length: number, name: string): void {
  ctx.report({ start, end: start + length, message: `Spring Session's ${name} keeps sessions in a map in this process's memory. ${LOST} Use a shared repository such as spring-session-data-redis or spring-session-jdbc.` });
}

// --- JavaScript / TypeScript -------------------------------------------------------------------

function checkJs(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (text.indexOf('session') < 0 && text.indexOf('MemoryStore') < 0) return;
  const imports = jsImports(file);
  const sessionNames = imports.get('express-session')?.whole ?? [];
  const storeless: { start: number; name: string }[] = [];
  let configuredStore = false;
  for (const name of sessionNames) {
    const call = new RegExp(`(?<![\\w$.])${escapeRegExp(name)}\\s*\\(`, 'g');
    for (const m of text.matchAll(call)) {
      if (file.stringAt(m.index!)) continue;
      const open = skipSpace(text, m.index! + m[0].length);
      if (text[open] !== '{') continue; // options passed as a variable: can't tell
      const close = closingBracket(file, open);
      if (close < 0) continue;
      if (hasSpreadOrKey(file, open, close, 'store')) configuredStore = true;
      else storeless.push({ start: m.index!, name });
    }
  }
  // a call with a store next to one without is the usual "memory in development" branch
  if (!configuredStore) {
    for (const c of storeless) ctx.report({ start: c.start, end: c.start + c.name.length, message: `express-session is configured without a store, so it uses its built-in MemoryStore: sessions live in this process's memory. ${LOST} ${storeAdvice('connect-redis')}` });
  }

  if (text.indexOf('MemoryStore') >= 0 && (sessionNames.length || imports.has('memorystore'))) {
    const bareIsSession = imports.has('memorystore') || (imports.get('express-session')?.named.get('MemoryStore') === 'MemoryStore')
      || sessionNames.some(n => new RegExp(`\\bMemoryStore\\s*=\\s*${escapeRegExp(n)}\\s*\\.\\s*MemoryStore\\b`).test(text));
    JS_NEW_MEMORY_STORE.lastIndex = 0;
    for (const m of text.matchAll(JS_NEW_MEMORY_STORE)) {
      if (file.stringAt(m.index!)) continue;
      if (m[1] ? !sessionNames.includes(m[1]) : !bareIsSession) continue;
      ctx.report({ start: m.index!, end: m.index! + m[0].length - 1, message: `MemoryStore keeps sessions in this process's memory. ${LOST} ${storeAdvice('connect-redis')}` });
    }
  }

  const fastify = [...(imports.get('@fastify/session')?.whole ?? []), ...(imports.get('fastify-session')?.whole ?? [])];
  for (const name of fastify) {
    const reg = new RegExp(`\\.register\\s*\\(\\s*(${escapeRegExp(name)})\\s*,\\s*\\{`, 'g');
    for (const m of text.matchAll(reg)) fastifyOptions(ctx, m.index! + m[0].indexOf(m[1]), m[1].length, m.index! + m[0].length - 1);
  }
  if (text.indexOf('@fastify/session') >= 0 || text.indexOf('fastify-session') >= 0) {
    JS_FASTIFY_REQUIRE.lastIndex = 0;
    for (const m of text.matchAll(JS_FASTIFY_REQUIRE)) fastifyOptions(ctx, m.index! + m[0].indexOf(m[1]), m[1].length, m.index! + m[0].length - 1);
  }
}

function fastifyOptions(ctx: RuleContext, start: number, length: number, open: number): void {
  if (ctx.file.stringAt(start)) return;
  const close = closingBracket(ctx.file, open);
  if (close < 0 || hasSpreadOrKey(ctx.file, open, close, 'store')) return;
  ctx.report({ start, end: start + length, message: `@fastify/session is registered without a store, so it keeps sessions in this process's memory. ${LOST} ${storeAdvice('a Redis-backed store')}` });
}

function hasSpreadOrKey(file: RuleContext['file'], open: number, close: number, key: string): boolean {
  const body = file.codeText.slice(open, close);
  return body.indexOf('...') >= 0 || objectKeyAt(file, open, close + 1, key) >= 0;
}

function storeAdvice(example: string): string {
  return `Pass a store backed by a shared service (${example}, a database store), or use cookie sessions.`;
}

// --- Python --------------------------------------------------------------------------------------

function checkPython(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (text.indexOf('SESSION_') < 0) return;
  FLASK_TYPE.lastIndex = 0;
  for (const m of text.matchAll(FLASK_TYPE)) {
    const v = m.index! + m[0].length - 'filesystem'.length - 1;
    if (!file.stringAt(v)) continue;
    ctx.report({ start: v, end: v + 'filesystem'.length, message: `Flask-Session stores sessions as files on this machine's disk (SESSION_TYPE = 'filesystem'). ${LOST} Use SESSION_TYPE 'redis', 'memcached' or 'sqlalchemy' with the server's address from the environment.` });
  }
  FLASK_CACHELIB.lastIndex = 0;
  for (const m of text.matchAll(FLASK_CACHELIB)) {
    const s = m.index! + m[0].lastIndexOf(m[1]);
    if (file.stringAt(s)) continue;
    ctx.report({ start: s, end: s + m[1].length, message: `Flask-Session's cachelib store uses ${m[1]}, which lives in this process (or on its local disk). ${LOST} Use a RedisCache or MemcachedCache, or SESSION_TYPE 'redis'.` });
  }
  DJANGO_ENGINE.lastIndex = 0;
  for (const m of text.matchAll(DJANGO_ENGINE)) {
    const engine = m[1];
    const v = m.index! + m[0].length - engine.length - 1;
    if (!file.stringAt(v)) continue;
    if (engine === 'django.contrib.sessions.backends.file') {
      ctx.report({ start: v, end: v + engine.length, message: `Django stores sessions as files on this machine's disk (backends.file). ${LOST} Use the database (backends.db) or a cache backed by Redis or Memcached.` });
    } else if (engine === 'django.contrib.sessions.backends.cache') {
      const backend = djangoSessionCache(ctx, text);
      if (backend) ctx.report({ start: v, end: v + engine.length, message: `Django keeps sessions in the cache, and that cache is ${backend}, which lives in this process (or on its local disk). ${LOST} Point the cache at Redis or Memcached, or use backends.db or backends.cached_db.` });
    }
  }
}

/** The local cache class (LocMemCache, FileBasedCache) behind the sessions' cache alias, if any. */
function djangoSessionCache(ctx: RuleContext, text: string): string | undefined {
  const alias = DJANGO_ALIAS.exec(text)?.[1] ?? 'default';
  const caches = DJANGO_CACHES.exec(text);
  if (!caches) return undefined;
  const open = caches.index + caches[0].length - 1;
  const close = closingBracket(ctx.file, open, 20000);
  if (close < 0) return undefined;
  const aliasRe = new RegExp(`['"]${escapeRegExp(alias)}['"]\\s*:\\s*\\{`, 'g');
  aliasRe.lastIndex = open;
  const a = aliasRe.exec(text);
  if (!a || a.index > close) return undefined;
  const aOpen = a.index + a[0].length - 1;
  const aClose = closingBracket(ctx.file, aOpen);
  if (aClose < 0) return undefined;
  const backend = DJANGO_BACKEND.exec(text.slice(aOpen, aClose))?.[1];
  if (backend === 'django.core.cache.backends.locmem.LocMemCache') return 'LocMemCache';
  if (backend === 'django.core.cache.backends.filebased.FileBasedCache') return 'FileBasedCache';
  return undefined;
}

// --- PHP -----------------------------------------------------------------------------------------

function checkPhp(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  if (text.indexOf('session') >= 0) {
    eachMatch(ctx, PHP_HANDLER, 'save_handler', m => ctx.report({ start: m.index, end: m.index + 'ini_set'.length, message: `PHP sessions are stored as files on this machine's disk (session.save_handler = files). ${LOST} Use a Redis or Memcached save handler, or a database session handler.` }));
    eachMatch(ctx, PHP_SAVE_PATH, 'save_path', m => ctx.report({ start: m.index, end: m.index + m[0].indexOf('('), message: `PHP session files are saved to a local directory. ${LOST} Use a Redis or Memcached save handler, or a database session handler.` }));
  }
  if (/(?:^|\/)config\/session\.php$/.test(file.path)) {
    LARAVEL_DRIVER.lastIndex = 0;
    for (const m of text.matchAll(LARAVEL_DRIVER)) {
      const v = m.index! + m[0].lastIndexOf('file');
      if (!file.stringAt(v)) continue;
      ctx.report({ start: v, end: v + 4, message: `Laravel's session driver is hardcoded to 'file', so sessions are files under storage/ on this machine. ${LOST} Use the redis or database driver, read from SESSION_DRIVER.` });
    }
  }
}

function checkSymfony(ctx: RuleContext): void {
  const text = ctx.file.codeText;
  if (text.indexOf('native_file') < 0 || text.indexOf('session') < 0) return;
  SYMFONY_HANDLER.lastIndex = 0;
  for (const m of text.matchAll(SYMFONY_HANDLER)) {
    const v = m.index! + m[0].length - m[1].length;
    ctx.report({ start: v, end: v + m[1].length, message: `Symfony stores sessions as files on this machine's disk (session.handler.native_file). ${LOST} Use a Redis, Memcached or PDO session handler.` });
  }
}

// --- C# ------------------------------------------------------------------------------------------

function checkCsharp(ctx: RuleContext): void {
  const text = ctx.file.codeText;
  if (text.indexOf('AddDistributedMemoryCache') < 0 || !/\.AddSession\s*\(/.test(text)) return;
  // a shared cache registered in the same file (often for production) means the memory one is for development
  if (CS_OTHER_CACHES.some(c => text.indexOf(c) >= 0)) return;
  eachMatch(ctx, CS_MEMORY_CACHE, 'AddDistributedMemoryCache', m => ctx.report({ start: m.index + 1, end: m.index + m[0].indexOf('('), message: `AddSession() stores sessions in the distributed cache, and AddDistributedMemoryCache() keeps that cache in this process's memory. ${LOST} Register a shared cache such as AddStackExchangeRedisCache() or AddDistributedSqlServerCache().` }));
}

// --- Ruby ----------------------------------------------------------------------------------------

function checkRuby(ctx: RuleContext): void {
  const text = ctx.file.codeText;
  eachMatch(ctx, RUBY_POOL, 'Rack::Session::Pool', m => ctx.report({ start: m.index, end: m.index + m[0].length, message: `Rack::Session::Pool keeps sessions in a hash in this process's memory. ${LOST} Use Rack::Session::Cookie or a Redis-backed store (redis-rack).` }));
  if (text.indexOf(':cache_store') < 0) return;
  const cache = RAILS_LOCAL_CACHE.exec(text);
  if (!cache || ctx.file.stringAt(cache.index)) return;
  eachMatch(ctx, RAILS_SESSION_CACHE, 'session_store', m => {
    const s = m.index + m[0].length - m[1].length;
    ctx.report({ start: s, end: s + m[1].length, message: `Sessions are kept in Rails.cache, which this file sets to :${cache[1]}: that cache lives in this process (or on its local disk). ${LOST} Use a :redis_cache_store or :mem_cache_store, or the cookie store.` });
  });
}

// --- Go ------------------------------------------------------------------------------------------

function checkGo(ctx: RuleContext): void {
  const { file } = ctx;
  const text = file.codeText;
  eachMatch(ctx, GO_FILESYSTEM, 'NewFilesystemStore', m => ctx.report({ start: m.index, end: m.index + m[0].indexOf('('), message: `sessions.NewFilesystemStore saves sessions as files on this machine's disk. ${LOST} Use a Redis-backed store (redistore) or sessions.NewCookieStore.` }));
  eachMatch(ctx, GO_MEMSTORE, 'memstore', m => ctx.report({ start: m.index, end: m.index + m[0].indexOf('('), message: `memstore keeps sessions in this process's memory. ${LOST} Use a Redis or database store, or a cookie store.` }));
  if (text.indexOf('scs.New') >= 0 && !/\.Store\s*=/.test(text)) {
    eachMatch(ctx, GO_SCS, 'scs.New', m => ctx.report({ start: m.index, end: m.index + 'scs.New'.length, message: `An scs session manager with no Store set uses its in-memory store. ${LOST} Set its Store to redisstore, pgxstore or another shared store.` }));
  }
  const fiber = text.indexOf('gofiber') >= 0 ? GO_FIBER_IMPORT.exec(text) : null;
  if (fiber) {
    const pkg = fiber[1] ?? 'session';
    const call = new RegExp(`(?<![\\w.])${escapeRegExp(pkg)}\\.New\\s*\\(`, 'g');
    for (const m of text.matchAll(call)) {
      if (file.stringAt(m.index!)) continue;
      const open = m.index! + m[0].length - 1;
      const close = closingBracket(file, open);
      if (close < 0) continue;
      const args = text.slice(open + 1, close);
      if (args.trim() !== '' && (!/\bConfig\s*\{/.test(args) || /\bStorage\s*:/.test(args))) continue;
      ctx.report({ start: m.index!, end: m.index! + pkg.length + 4, message: `Fiber's session middleware has no Storage configured, so it keeps sessions in this process's memory. ${LOST} Set Config.Storage to a Redis or database storage.` });
    }
  }
}

// --- Rust ----------------------------------------------------------------------------------------

function checkRust(ctx: RuleContext): void {
  const text = ctx.file.codeText;
  if (text.indexOf('MemoryStore') < 0 || !RUST_SESSION_CRATE.test(text)) return;
  eachMatch(ctx, RUST_MEMORY, 'MemoryStore', m => ctx.report({ start: m.index, end: m.index + m[0].indexOf('('), message: `The session layer uses MemoryStore, which keeps sessions in this process's memory. ${LOST} Use a Redis or database session store (tower-sessions-redis-store, sqlx-store).` }));
}
