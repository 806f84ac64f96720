/**
 * Shared setup for UI tests: one code-server with the extension loaded from source, one headless
 * Chromium page on its workbench. Screenshots go to test/artifacts/ (git-ignored).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');

// Playwright's types are not a dependency of the extension; the few calls used are typed here.
export interface Locator {
  first(): Locator; nth(i: number): Locator; click(): Promise<void>; waitFor(o?: { timeout?: number; state?: string }): Promise<void>;
  innerText(): Promise<string>; count(): Promise<number>; locator(s: string, o?: { hasText?: string | RegExp }): Locator;
}
export interface FrameLocator { locator(s: string, o?: { hasText?: string | RegExp }): Locator; frameLocator(s: string): FrameLocator }
export interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(s: string, o?: { timeout?: number }): Promise<unknown>;
  locator(s: string, o?: { hasText?: string | RegExp }): Locator;
  frameLocator(s: string): FrameLocator;
  getByRole(role: string, o?: { name?: string | RegExp; exact?: boolean }): Locator;
  keyboard: { press(k: string): Promise<void>; type(t: string): Promise<void> };
  screenshot(o: { path: string }): Promise<unknown>;
  on(event: 'console', f: (m: { type(): string; text(): string }) => void): void;
  waitForTimeout(ms: number): Promise<void>;
}
export interface Host { page: Page; url: string; workspace: string; tmp: string; remote(p: string): string; close(): Promise<void> }

/**
 * Start code-server on the fixture workspace with this extension under development, or, when
 * TF_VSIX names a packaged .vsix, with that package installed as a user would install it.
 */
export async function openWorkbench(fixture = path.join(ROOT, 'test', 'fixtures', 'workspace')): Promise<Host> {
  // a throwaway copy: UI tests click fixes and scaffold files, and the fixture must stay as committed
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-ui-ws-'));
  fs.cpSync(fixture, workspace, { recursive: true });
  // loaded at run time from the repository, not bundled: it finds code-server relative to itself
  const { startHost } = require(path.join(ROOT, 'scripts', 'host.js'));
  const vsix = process.env.TF_VSIX;
  const h = await startHost({ workspace, installVsix: vsix }) as Host & { authority: string };
  h.workspace = workspace;
  const close = h.close.bind(h);
  h.close = async () => { await close(); fs.rmSync(workspace, { recursive: true, force: true }); };
  const payload = [...(vsix ? [] : [['extensionDevelopmentPath', h.remote(ROOT)]]), ['skipWelcome', 'true']];
  await h.page.goto(`http://${h.authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await h.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  return h;
}

/** Change a user setting the way a person editing settings.json would; VS Code picks it up live. */
export function setUserSetting(host: Host, key: string, value: unknown): void {
  const file = path.join(host.tmp, 'ud', 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings[key] = value;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** Run a command from the command palette by its title. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const p = path.join(ARTIFACTS, name);
  await page.screenshot({ path: p });
  return p;
}
