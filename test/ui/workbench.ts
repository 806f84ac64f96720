/**
 * Shared setup for UI tests: one code-server with the extension loaded from source, one headless
 * Chromium page on its workbench. Screenshots go to test/artifacts/ (git-ignored).
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');

// Playwright's types are not a dependency of the extension; the few calls used are typed here.
export interface Locator { first(): Locator; click(): Promise<void>; waitFor(o?: { timeout?: number }): Promise<void>; innerText(): Promise<string> }
export interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(s: string, o?: { timeout?: number }): Promise<unknown>;
  locator(s: string, o?: { hasText?: string | RegExp }): Locator;
  getByRole(role: string, o?: { name?: string | RegExp; exact?: boolean }): Locator;
  keyboard: { press(k: string): Promise<void>; type(t: string): Promise<void> };
  screenshot(o: { path: string }): Promise<unknown>;
}
export interface Host { page: Page; url: string; remote(p: string): string; close(): Promise<void> }

/**
 * Start code-server on the fixture workspace with this extension under development, or, when
 * TF_VSIX names a packaged .vsix, with that package installed as a user would install it.
 */
export async function openWorkbench(workspace = path.join(ROOT, 'test', 'fixtures', 'workspace')): Promise<Host> {
  // loaded at run time from the repository, not bundled: it finds code-server relative to itself
  const { startHost } = require(path.join(ROOT, 'scripts', 'host.js'));
  const vsix = process.env.TF_VSIX;
  const h = await startHost({ workspace, installVsix: vsix }) as Host & { authority: string };
  const payload = [...(vsix ? [] : [['extensionDevelopmentPath', h.remote(ROOT)]]), ['skipWelcome', 'true']];
  await h.page.goto(`http://${h.authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await h.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  return h;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const p = path.join(ARTIFACTS, name);
  await page.screenshot({ path: p });
  return p;
}
