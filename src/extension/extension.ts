/**
 * Entry point: register everything, decide nothing. The engine lives in src/core; these adapters
 * convert its findings to VS Code diagnostics and wire editor events to it.
 */
import * as vscode from 'vscode';
import { CodeActionProvider } from './codeActions';
import { PROPOSED_SCHEME, ProposedContent, ScaffoldCommands, ScaffoldOptions } from './commands/scaffold';
import { CleanFactorKeys } from './contextKeys';
import { DiagnosticsController } from './diagnostics';
import { inBackground, registerGuardedCommand } from './guard';
import { prepareSharedScanStep } from '../core/engine';
import { GUIDE_VIEW_TYPE, GuidePanel } from './guide/guidePanel';
import { ConfigStore, editorSettings } from './settings';
import { ScanCacheFile } from './scanCache';
import { StatusBar } from './statusBar';
import { WorkspaceIndex } from './workspaceIndex';

/** What the extension hands to tests and to other extensions. */
export interface TwelveFactorApi {
  diagnostics: DiagnosticsController;
  cleanKeys: CleanFactorKeys;
}

/** The longest step of preparing the checks in idle time (the host stays responsive meanwhile). */
const PREPARE_SLICE_MS = 10;

/** Set by the bundle's first and last lines (scripts/build.js): when its module code started and ended. */
declare const __twelveFactorLoadStart: number | undefined, __twelveFactorLoadEnd: number | undefined;

export function activate(context: vscode.ExtensionContext): TwelveFactorApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Twelve-Factor Coach', { log: true });
  // the scans' results are kept in the workspace's storage for the next session's scan at startup
  const saved = context.storageUri?.scheme === 'file' ? new ScanCacheFile(context.storageUri.fsPath, m => log.warn(m)) : undefined;
  const diagnostics = new DiagnosticsController(log, new ConfigStore(log), new WorkspaceIndex(), context.workspaceState, saved);
  const statusBar = new StatusBar(diagnostics);
  const cleanKeys = new CleanFactorKeys(diagnostics);
  const proposed = new ProposedContent();
  const scaffold = new ScaffoldCommands(diagnostics.configs, proposed, log);
  const scaffoldCommand = (id: string, kinds: Parameters<ScaffoldCommands['run']>[0]) =>
    registerGuardedCommand(log, id, (options?: ScaffoldOptions) => scaffold.run(kinds, options ?? {}));
  context.subscriptions.push(
    cleanKeys,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, proposed),
    scaffoldCommand('twelveFactor.addDockerfile', ['dockerfile', 'dockerignore']),
    scaffoldCommand('twelveFactor.generateEnvExample', ['env-example']),
    scaffoldCommand('twelveFactor.addProcfile', ['procfile']),
    scaffoldCommand('twelveFactor.addCompose', ['compose']),
    registerGuardedCommand(log, 'twelveFactor.scaffold', async (options?: ScaffoldOptions & { kinds?: Parameters<ScaffoldCommands['run']>[0] }) => {
      const kinds = options?.kinds ?? (await vscode.window.showQuickPick([
        { label: 'Dockerfile and .dockerignore', kinds: ['dockerfile', 'dockerignore'] as const },
        { label: '.env.example', kinds: ['env-example'] as const },
        { label: 'Procfile', kinds: ['procfile'] as const },
        { label: 'Compose file for the backing services', kinds: ['compose'] as const },
      ], { placeHolder: 'What should Twelve-Factor Coach add?', canPickMany: true }))?.flatMap(p => [...p.kinds]);
      return kinds?.length ? scaffold.run(kinds, options ?? {}) : undefined;
    }),
    log,
    diagnostics,
    statusBar,
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
      new CodeActionProvider(diagnostics), CodeActionProvider.metadata),
    registerGuardedCommand(log, 'twelveFactor.scanWorkspace', () => diagnostics.scanWithProgress()),
    registerGuardedCommand(log, 'twelveFactor.showOutput', () => log.show()),
    registerGuardedCommand(log, 'twelveFactor.statusBarClick', () => statusBar.click()),
    registerGuardedCommand(log, 'twelveFactor.openGuide', (target?: unknown) => GuidePanel.show(context.extensionUri, diagnostics, target)),
    vscode.window.registerWebviewPanelSerializer(GUIDE_VIEW_TYPE, GuidePanel.serializer(context.extensionUri, diagnostics)),
    registerGuardedCommand(log, 'twelveFactor.showRuleDocs', (ruleId: string) => GuidePanel.show(context.extensionUri, diagnostics, String(ruleId))),
    registerGuardedCommand(log, 'twelveFactor.disableRule', async (ruleId: string) => {
      const c = vscode.workspace.getConfiguration('twelveFactor');
      const rules = { ...(c.inspect<Record<string, string>>('rules')?.workspaceValue ?? {}), [String(ruleId)]: 'off' };
      await c.update('rules', rules, vscode.ConfigurationTarget.Workspace);
    }),
  );
  // the checks' shared scan (src/core/anchors.ts) is built in idle time, in short steps, not in the first check
  let prepare = setTimeout(function step() {
    inBackground(log, 'preparing the checks', () => { if (!prepareSharedScanStep(PREPARE_SLICE_MS)) prepare = setTimeout(step, 0); });
  }, 100);
  context.subscriptions.push({ dispose: () => clearTimeout(prepare) });
  diagnostics.start();
  // the first scan waits until activation is over, so startup is not slowed down (and is not run
  // when a scan the user asked for got there first)
  if (editorSettings().scanOnStartup && vscode.workspace.workspaceFolders?.length) {
    const t = setTimeout(() => { if (!diagnostics.scansRun) void diagnostics.scan(undefined, undefined, true).catch(e => log.error(`startup scan failed: ${e}`)); }, 1000);
    context.subscriptions.push({ dispose: () => clearTimeout(t) });
  }
  const loading = typeof __twelveFactorLoadStart === 'number' && typeof __twelveFactorLoadEnd === 'number'
    ? `, after ${(__twelveFactorLoadEnd - __twelveFactorLoadStart).toFixed(1)} ms running the bundle's module code` : '';
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms${loading}`);
  return { diagnostics, cleanKeys };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
