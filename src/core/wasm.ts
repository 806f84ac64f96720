/**
 * The little of WebAssembly the engine uses: modules shipped as base64 in generated files
 * (scanLoop.ts, lexerWasm.ts; `npm run wasm` writes them), compiled once and instantiated as needed.
 * WebAssembly is a global in Node.js, but this project's `lib` does not declare it.
 */
declare namespace WebAssembly {
  class Module { constructor(bytes: Uint8Array) }
  class Instance { constructor(module: Module); readonly exports: object }
}

export type WasmModule = WebAssembly.Module;

/** A module's memory, as its exports hand it over. */
export interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }

/** The module in `base64`, compiled; null where this runtime has no WebAssembly (`node --jitless`). */
export function wasmModule(base64: string): WasmModule | null {
  if (typeof WebAssembly !== 'object') return null;
  return new WebAssembly.Module(Uint8Array.from(atob(base64), c => c.charCodeAt(0)));
}

/** A new instance of `module` (it imports nothing), as its exports. */
export function wasmInstance<T>(module: WasmModule): T {
  return new WebAssembly.Instance(module).exports as unknown as T;
}
