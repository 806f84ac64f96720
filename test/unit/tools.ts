import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Whether a command-line tool (a language's real parser) is installed; asked once per tool. */
const installed = new Map<string, boolean>();
export function has(cmd: string): boolean {
  let ok = installed.get(cmd);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
    installed.set(cmd, ok);
  }
  return ok;
}

/** Runs `fn` on `text` written as `fileName` in a fresh temporary folder, removed afterwards. */
export function inTempDir<T>(fileName: string, text: string, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-parse-'));
  try {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, text);
    return fn(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One of the engine's WebAssembly modules as scripts/wasm.js builds it. */
export interface WasmBuild {
  /** The generated TypeScript file. */
  out: string;
  /** The module's bytes in base64, built from its source now. */
  compile(): Promise<string>;
  /** The generated file's text for those bytes. */
  source(base64: string): string;
}

/** scripts/wasm.js's modules (required from its own path, so that it finds the sources from there). */
export function wasmBuilds(root: string): Record<'scanLoop' | 'lexer', WasmBuild> {
  return require(path.join(root, 'scripts', 'wasm.js')).MODULES;
}
