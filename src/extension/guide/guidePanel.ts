/**
 * The guide: one webview panel with a page per factor (the explanation, the rules that check it,
 * this workspace's findings for it, the fitting commands) and a scorecard page that follows the
 * diagnostics live. Strict CSP: scripts only with a per-load nonce, styles and images only from
 * media/, no remote resources; every message from the page is validated before it is acted on.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { FACTORS } from '../../core/factors';
import { ALL_RULES, RULES_BY_ID } from '../../core/rules';
import { DiagnosticsController } from '../diagnostics';
import { FactorView, FromPage, PAGE_COMMANDS, ToPage, parseFromPage } from './protocol';
import { findingViews, scorecardView } from './views';

export const GUIDE_VIEW_TYPE = 'twelveFactor.guide';

const FACTOR_ACTIONS: Record<string, { command: string; title: string }[]> = {
  dependencies: [{ command: 'twelveFactor.addDockerfile', title: 'Add a Dockerfile' }],
  config: [{ command: 'twelveFactor.generateEnvExample', title: 'Generate .env.example' }],
  'backing-services': [{ command: 'twelveFactor.addCompose', title: 'Add a compose file' }],
  'build-release-run': [{ command: 'twelveFactor.addDockerfile', title: 'Add a Dockerfile' }],
  processes: [{ command: 'twelveFactor.addProcfile', title: 'Add a Procfile' }],
  'port-binding': [{ command: 'twelveFactor.addDockerfile', title: 'Add a Dockerfile' }],
  concurrency: [{ command: 'twelveFactor.addProcfile', title: 'Add a Procfile' }],
  'admin-processes': [{ command: 'twelveFactor.addProcfile', title: 'Add a Procfile' }],
};

/** A page id: 'scorecard', a factor slug, or a rule id (shown on its factor's page). */
export function pageFor(target: unknown): string {
  if (typeof target !== 'string' || !target) return 'scorecard';
  if (target === 'scorecard' || FACTORS.some(f => f.slug === target)) return target;
  const rule = RULES_BY_ID.get(target);
  return rule ? `${rule.meta.factor}#${target}` : 'scorecard';
}

export class GuidePanel implements vscode.Disposable {
  private static current?: GuidePanel;
  private readonly disposables: vscode.Disposable[] = [];
  private pushTimer?: NodeJS.Timeout;
  private readyResolve!: (factors: string[]) => void;
  /** Resolves with the factor titles the page rendered, once it has loaded. */
  readonly ready = new Promise<string[]>(r => { this.readyResolve = r; });
  /** Every valid message the page sent (tests read it). */
  readonly received: FromPage[] = [];
  /** Messages refused as invalid (tests read it). */
  refused = 0;

  static show(extensionUri: vscode.Uri, diagnostics: DiagnosticsController, target?: unknown): GuidePanel {
    const page = pageFor(target);
    if (GuidePanel.current) {
      GuidePanel.current.panel.reveal();
      void GuidePanel.current.post({ type: 'show', page });
      return GuidePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(GUIDE_VIEW_TYPE, 'Twelve-Factor Guide', vscode.ViewColumn.Active, GuidePanel.options(extensionUri));
    return GuidePanel.current = new GuidePanel(panel, extensionUri, diagnostics, page);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  /** Restores the panel after a window reload. */
  static serializer(extensionUri: vscode.Uri, diagnostics: DiagnosticsController): vscode.WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        panel.webview.options = GuidePanel.options(extensionUri);
        const page = typeof state === 'object' && state !== null && typeof (state as { page?: unknown }).page === 'string' ? (state as { page: string }).page : 'scorecard';
        GuidePanel.current?.dispose();
        GuidePanel.current = new GuidePanel(panel, extensionUri, diagnostics, page);
      },
    };
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly diagnostics: DiagnosticsController, page: string) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html(page);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage(m => void this.handleMessage(m)),
      diagnostics.onDidChangeFindings(() => this.schedulePush()),
    );
  }

  private async post(m: ToPage): Promise<void> {
    await this.panel.webview.postMessage(m);
  }

  private schedulePush(): void {
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void this.post({ type: 'findings', findings: findingViews(this.diagnostics), scorecard: scorecardView(this.diagnostics) });
    }, 250);
  }

  /** Everything the page sends arrives here (public so tests can send what a hostile page might). */
  async handleMessage(raw: unknown): Promise<void> {
    const m = parseFromPage(raw);
    if (!m) { this.refused++; return; }
    this.received.push(m);
    switch (m.type) {
      case 'hello':
        await this.post({ type: 'state', factors: await this.factorViews(), findings: findingViews(this.diagnostics), scorecard: scorecardView(this.diagnostics) });
        break;
      case 'ready':
        this.readyResolve(m.factors);
        break;
      case 'open': {
        // only files inside the workspace, and only ones the page was told about
        let uri: vscode.Uri;
        try { uri = vscode.Uri.parse(m.uri, true); } catch { this.refused++; return; }
        if (!vscode.workspace.getWorkspaceFolder(uri) || !this.diagnostics.findingsFor(uri).length) { this.refused++; return; }
        const pos = new vscode.Position(m.line, m.column);
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
        break;
      }
      case 'command':
        if (PAGE_COMMANDS.has(m.command)) await vscode.commands.executeCommand(m.command, ...(m.arg ? [m.arg] : []));
        break;
      case 'navigated':
        break;
    }
  }

  private async factorViews(): Promise<FactorView[]> {
    return Promise.all(FACTORS.map(async f => ({
      slug: f.slug, number: f.number, roman: f.roman, title: f.title, summary: f.summary, link: f.link,
      html: await this.explanation(f.number, f.slug),
      rules: ALL_RULES.filter(r => r.meta.factor === f.slug).map(r => ({
        id: r.meta.id, title: r.meta.title, description: r.meta.description, remedy: r.meta.remedy, severity: r.meta.severity,
      })),
      actions: [{ command: 'twelveFactor.scanWorkspace', title: 'Scan the workspace' }, ...(FACTOR_ACTIONS[f.slug] ?? [])],
    })));
  }

  /** The walkthrough page for a factor, rendered by VS Code's own markdown renderer. */
  private async explanation(n: number, slug: string): Promise<string> {
    const uri = vscode.Uri.joinPath(this.extensionUri, 'walkthroughs', `${String(n).padStart(2, '0')}-${slug}.md`);
    let md: string;
    try { md = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)); } catch { return ''; }
    let html: string;
    try { html = await vscode.commands.executeCommand<string>('markdown.api.render', md) ?? ''; } catch { html = ''; }
    if (!html) return `<pre>${escapeHtml(md)}</pre>`;
    return html
      .replace(/<h1[^>]*>[\s\S]*?<\/h1>/i, '') // the page has its own heading
      .replace(/<img\b[^>]*>/gi, '') // images belong to the walkthrough
      .replace(/<a\b[^>]*href="command:([\w.]+)(?:\?([^"]*))?"[^>]*>([\s\S]*?)<\/a>/gi, (_m, cmd: string, args: string | undefined, text: string) => {
        const arg = decodeArg(args);
        if (cmd === 'twelveFactor.openGuide') return `<a href="#" data-page="${escapeHtml(arg ?? 'scorecard')}">${text}</a>`;
        if (PAGE_COMMANDS.has(cmd)) return `<button class="secondary" data-command="${escapeHtml(cmd)}">${text}</button>`;
        return text;
      })
      .replace(/<a\b[^>]*href="(?!https:)[^"]*"[^>]*>([\s\S]*?)<\/a>/gi, '$1'); // no other local links
  }

  private html(page: string): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'guide', f));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('guide.css')}">
<title>Twelve-Factor Guide</title>
</head>
<body data-page="${escapeHtml(page)}">
<nav id="nav" aria-label="Factors"></nav>
<main id="main" tabindex="-1" aria-live="polite"><p class="loading">Loading the guide…</p></main>
<script nonce="${nonce}" src="${media('guide.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (GuidePanel.current === this) GuidePanel.current = undefined;
    clearTimeout(this.pushTimer);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function decodeArg(args: string | undefined): string | undefined {
  if (!args) return undefined;
  try {
    const v = JSON.parse(decodeURIComponent(args));
    return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : typeof v === 'string' ? v : undefined;
  } catch { return undefined; }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
