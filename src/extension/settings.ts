/**
 * The user's `twelveFactor.*` settings and the workspace's `.twelve-factor.yml`, merged into one
 * EngineConfig per workspace folder (defaults < .twelve-factor.yml < settings). A setting only
 * overrides the project file when the user has actually set it somewhere, so a project's
 * `testFiles:` is not silently replaced by the setting's default.
 */
import * as vscode from 'vscode';
import { ConfigLayer, EngineConfig, PROJECT_CONFIG_FILE, defaultConfig, mergeConfig, parseProjectConfig } from '../core/config';
import { RULE_IDS } from '../core/rules';
import { SeveritySetting } from '../core/types';

export interface EditorSettings {
  enable: boolean;
  debounceMs: number;
  scanOnStartup: boolean;
}

export function editorSettings(scope?: vscode.Uri): EditorSettings {
  const c = vscode.workspace.getConfiguration('twelveFactor', scope);
  return {
    enable: c.get<boolean>('enable', true),
    debounceMs: Math.max(0, c.get<number>('debounceMs', 300)),
    scanOnStartup: c.get<boolean>('scan.onStartup', true),
  };
}

/** Whether the user set `key` in any scope (user, workspace, folder, language). */
function isSet(c: vscode.WorkspaceConfiguration, key: string): boolean {
  const i = c.inspect(key);
  return !!i && (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined
    || i.globalLanguageValue !== undefined || i.workspaceLanguageValue !== undefined || i.workspaceFolderLanguageValue !== undefined);
}

/** The settings as a config layer: only what the user set. */
export function settingsLayer(scope?: vscode.Uri): ConfigLayer {
  const c = vscode.workspace.getConfiguration('twelveFactor', scope);
  const layer: ConfigLayer = {};
  const rules = c.get<Record<string, SeveritySetting>>('rules');
  if (rules && Object.keys(rules).length) layer.rules = { ...rules };
  const exclude = c.get<string[]>('exclude');
  if (exclude?.length) layer.ignore = exclude;
  if (isSet(c, 'testFiles')) layer.testFiles = c.get<string[]>('testFiles') ?? [];
  if (isSet(c, 'testFileSeverity')) layer.testFileSeverity = c.get<SeveritySetting>('testFileSeverity');
  if (isSet(c, 'maxFileSizeKB')) layer.maxFileSizeKB = c.get<number>('maxFileSizeKB');
  return layer;
}

/**
 * Per-folder EngineConfig, recomputed when `.twelve-factor.yml` or a setting changes. Problems in
 * the project file are not repeated here: the engine reports them as diagnostics on the file itself.
 */
export class ConfigStore {
  private readonly byFolder = new Map<string, EngineConfig>();
  private readonly editorByFolder = new Map<string, EditorSettings>();
  /** Set once the user has been told that the workspace's custom rules wait for trust. */
  toldUntrusted = false;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  invalidate(): void {
    this.byFolder.clear();
    this.editorByFolder.clear();
  }

  /**
   * editorSettings for `uri`, kept per folder until invalidate(): they are read on every keystroke,
   * and reading settings costs the keystroke's check a fifth of a millisecond here.
   */
  editorFor(uri: vscode.Uri): EditorSettings {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? '';
    let s = this.editorByFolder.get(key);
    if (!s) this.editorByFolder.set(key, s = editorSettings(folder?.uri ?? uri));
    return s;
  }

  async forUri(uri: vscode.Uri): Promise<EngineConfig> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? '';
    const cached = this.byFolder.get(key);
    if (cached) return cached;
    let project: ConfigLayer = {};
    if (folder) {
      const file = vscode.Uri.joinPath(folder.uri, PROJECT_CONFIG_FILE);
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
        const { layer, problems } = parseProjectConfig(text, RULE_IDS);
        project = layer;
        if (problems.length) this.log.warn(`${PROJECT_CONFIG_FILE} in ${folder.name}: ${problems.length} problem(s); see the Problems panel`);
      } catch {
        // no project file: defaults and settings only
      }
      if (project.customRules?.length && !vscode.workspace.isTrusted) {
        // a workspace's own regexes are code it provides: not run until the user trusts it
        if (!this.toldUntrusted) {
          this.toldUntrusted = true;
          this.log.info(`custom rules from ${PROJECT_CONFIG_FILE} are off because this workspace is not trusted`);
          void vscode.window.showInformationMessage(`Twelve-Factor: the custom rules in ${PROJECT_CONFIG_FILE} are off until you trust this workspace.`);
        }
        project = { ...project, customRules: [] };
      }
    }
    const config = mergeConfig(defaultConfig(), project, settingsLayer(folder?.uri ?? uri));
    this.byFolder.set(key, config);
    return config;
  }
}
