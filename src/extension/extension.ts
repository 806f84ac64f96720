/**
 * Entry point: register everything, decide nothing. The engine lives in src/core; these adapters
 * convert its findings to VS Code diagnostics and wire editor events to it.
 */
import * as vscode from 'vscode';
import { DiagnosticsController } from './diagnostics';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Twelve-Factor Coach', { log: true });
  const diagnostics = new DiagnosticsController(log);
  context.subscriptions.push(
    log,
    diagnostics,
    vscode.commands.registerCommand('twelveFactor.scanWorkspace', () => diagnostics.scanWorkspace()),
    vscode.commands.registerCommand('twelveFactor.showOutput', () => log.show()),
  );
  diagnostics.start();
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
