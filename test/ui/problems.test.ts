import * as assert from 'assert';
import { Host, openWorkbench, screenshot } from './workbench';

suite('UI: what a person sees in the workbench', () => {
  let host: Host;
  suiteSetup(async function () {
    this.timeout(120000);
    host = await openWorkbench();
  });
  suiteTeardown(async () => { await host?.close(); });

  test('the Problems panel lists the hardcoded connection string', async () => {
    const page = host.page;
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    await page.getByRole('treeitem', { name: 'src' }).first().click();
    await page.getByRole('treeitem', { name: 'db.js' }).first().click();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Factor III' }).first();
    await row.waitFor({ timeout: 30000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    const shot = await screenshot(page, 'problems-panel.png');
    console.log(`      Problems row: ${text}\n      screenshot: ${shot}`);
    assert.match(text, /PostgreSQL connection string to db\.internal:5432 is hardcoded/);
    assert.match(text, /twelve-factor/);
    assert.match(text, /config\/hardcoded-connection-string/);
  });
});
