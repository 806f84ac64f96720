/**
 * The mocha entry inside the VS Code extension host (code-server or desktop VS Code). code-server
 * forwards extension-host output without printf formatting, so console.log is pre-formatted; the
 * totals go to TF_TEST_RESULTS for `npm test`'s closing line.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

const origLog = console.log.bind(console);
const fmtLog = (...a: unknown[]) => origLog(util.format(...a));
console.log = fmtLog;
(Mocha.reporters.Base as unknown as { consoleLog: typeof fmtLog }).consoleLog = fmtLog;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000 });
  for (const f of fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort()) mocha.addFile(path.resolve(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      const out = process.env.TF_TEST_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
      if (failures) reject(new Error(`${failures} tests failed.`)); else resolve();
    });
  });
}
