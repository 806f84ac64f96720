#!/usr/bin/env node
// `npm run wasm`: compiles src/core/scanLoop.wat (the shared scan's inner loop) with wabt and writes
// its bytes, in base64, to src/core/scanLoop.ts, which the engine loads. The unit tests check that
// the committed file matches the .wat (test/unit/anchors.test.ts).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const WAT = path.join(root, 'src/core/scanLoop.wat');
const OUT = path.join(root, 'src/core/scanLoop.ts');

/** The module's bytes, in base64. */
async function compile() {
  const wabt = await require('wabt')();
  const module = wabt.parseWat(path.basename(WAT), fs.readFileSync(WAT, 'utf8'));
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

/** scanLoop.ts for the module in `base64`. */
function source(base64) {
  const lines = base64.match(/.{1,100}/g).map(l => `  '${l}'`).join(' +\n');
  return `// Generated from scanLoop.wat by \`npm run wasm\` (scripts/wasm.js): do not edit.\n\n/** The WebAssembly module of the shared scan's inner loop, in base64. */\nexport const SCAN_LOOP_WASM =\n${lines};\n`;
}

module.exports = { compile, source, OUT };

if (require.main === module) {
  compile().then(b => { fs.writeFileSync(OUT, source(b)); console.log(`wrote ${path.relative(root, OUT)} (${Buffer.from(b, 'base64').length} bytes of WebAssembly)`); })
    .catch(e => { console.error(e.message); process.exit(1); });
}
