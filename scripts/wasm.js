#!/usr/bin/env node
// `npm run wasm`: builds the engine's two WebAssembly modules and writes each one's bytes, in
// base64, to the TypeScript file the engine loads:
// - src/core/scanLoop.wat (the shared scan's inner loop, hand-written) with wabt -> src/core/scanLoop.ts
// - src/core/assembly/lexer.ts (the lexer's scan, AssemblyScript) with asc -> src/core/lexerWasm.ts
// The unit tests check that the committed files match their sources (anchors.test.ts, lexer.test.ts).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The .wat's module, in base64. */
async function compileWat(file) {
  const wabt = await require('wabt')();
  const module = wabt.parseWat(path.basename(file), fs.readFileSync(file, 'utf8'));
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

/** The AssemblyScript program's module, in base64: no runtime (it allocates nothing), SIMD on. */
async function compileAssemblyScript(file) {
  const asc = await import('assemblyscript/asc');
  let wasm;
  const errors = [];
  const { error } = await asc.main([
    path.relative(root, file), '--outFile', 'out.wasm', '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd',
  ], {
    readFile: name => { try { return fs.readFileSync(path.resolve(root, name), 'utf8'); } catch { return null; } },
    writeFile: (name, contents) => { if (name === 'out.wasm') wasm = contents; },
    listFiles: () => [],
    stdout: { write: () => true },
    stderr: { write: s => { errors.push(String(s)); return true; } },
  });
  if (error || !wasm) throw new Error(`asc failed on ${path.relative(root, file)}:\n${errors.join('')}${error ? error.message : ''}`);
  return Buffer.from(wasm).toString('base64');
}

/** A TypeScript file exporting `name`, the module in `base64`. */
function sourceFor(from, name, what) {
  return base64 => {
    const lines = base64.match(/.{1,100}/g).map(l => `  '${l}'`).join(' +\n');
    return `// Generated from ${from} by \`npm run wasm\` (scripts/wasm.js): do not edit.\n\n/** ${what}, in base64. */\nexport const ${name} =\n${lines};\n`;
  };
}

const MODULES = {
  scanLoop: {
    out: path.join(root, 'src/core/scanLoop.ts'),
    compile: () => compileWat(path.join(root, 'src/core/scanLoop.wat')),
    source: sourceFor('scanLoop.wat', 'SCAN_LOOP_WASM', 'The WebAssembly module of the shared scan\'s inner loop'),
  },
  lexer: {
    out: path.join(root, 'src/core/lexerWasm.ts'),
    compile: () => compileAssemblyScript(path.join(root, 'src/core/assembly/lexer.ts')),
    source: sourceFor('assembly/lexer.ts', 'LEXER_WASM', 'The WebAssembly module of the lexer\'s scan'),
  },
};

module.exports = { MODULES };

if (require.main === module) {
  (async () => {
    for (const m of Object.values(MODULES)) {
      const b = await m.compile();
      fs.writeFileSync(m.out, m.source(b));
      console.log(`wrote ${path.relative(root, m.out)} (${Buffer.from(b, 'base64').length} bytes of WebAssembly)`);
    }
  })().catch(e => { console.error(e.message); process.exit(1); });
}
