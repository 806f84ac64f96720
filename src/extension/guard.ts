/**
 * Failures never escape into the extension host: a command that throws is logged with its stack and
 * told to the user once, and work started from an event handler logs its failure instead of
 * leaving an unhandled rejection behind.
 */
import * as vscode from 'vscode';

/** Run `task` without awaiting it; a failure is logged as `what failed: ...`. */
export function inBackground(log: vscode.LogOutputChannel, what: string, task: () => unknown): void {
  try {
    Promise.resolve(task()).catch(e => log.error(`${what} failed: ${errorText(e)}`));
  } catch (e) {
    log.error(`${what} failed: ${errorText(e)}`);
  }
}

/** `registerCommand`, with a failure logged and shown instead of thrown at the caller. */
export function registerGuardedCommand(log: vscode.LogOutputChannel, id: string, run: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (e) {
      log.error(`${id} failed: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Twelve-Factor: ${id.replace(/^twelveFactor\./, '')} failed: ${(e as Error)?.message ?? e}. The "Twelve-Factor Coach" output has the details.`);
      return undefined;
    }
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}
