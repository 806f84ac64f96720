// The guide page. It renders what the extension sends (state, findings, show) and sends back only
// typed requests (hello, ready, open, command, navigated) that the extension validates.
// No inline handlers, no remote resources: the CSP allows this file only, by nonce.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const nav = document.getElementById('nav');
  const main = document.getElementById('main');
  let factors = [];
  let findings = [];
  let scorecard = { tiles: [], summary: '', scanned: false };
  let page = (vscode.getState() && vscode.getState().page) || document.body.dataset.page || 'scorecard';

  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) if (c !== undefined && c !== null) e.append(c.nodeType ? c : document.createTextNode(String(c)));
    return e;
  };
  const STATUS = { pass: 'Pass', warn: 'Advice', fail: 'Fail', 'not-checked': 'Not checked' };
  const ICON = { pass: '✓', warn: '!', fail: '✕', 'not-checked': '–' };

  function renderNav() {
    nav.replaceChildren(
      el('h1', {}, 'Twelve-Factor'),
      el('button', { class: 'nav-item' + (page === 'scorecard' ? ' current' : ''), 'data-page': 'scorecard', 'aria-current': page === 'scorecard' ? 'page' : undefined }, 'Scorecard'),
      el('ol', {}, factors.map(f => {
        const tile = scorecard.tiles.find(t => t.slug === f.slug);
        const current = page.split('#')[0] === f.slug;
        return el('li', {}, el('button', { class: 'nav-item' + (current ? ' current' : ''), 'data-page': f.slug, 'aria-current': current ? 'page' : undefined,
          'aria-label': `${f.roman}. ${f.title}${tile ? ', ' + STATUS[tile.status] : ''}` },
          el('span', { class: 'roman' }, f.roman), ' ', f.title,
          tile ? el('span', { class: 'dot ' + tile.status, 'aria-hidden': 'true' }) : null));
      })));
  }

  function findingList(list) {
    if (!list.length) return el('p', { class: 'muted' }, scorecard.scanned ? 'No findings in this workspace.' : 'No findings in the files checked so far. Scan the workspace to check every file.');
    return el('ul', { class: 'findings' }, list.slice(0, 300).map(x => el('li', {},
      el('button', { class: 'finding ' + x.severity, 'data-open': x.uri, 'data-line': String(x.line), 'data-column': String(x.column),
        'aria-label': `${x.severity}: ${x.message} at ${x.path} line ${x.line + 1}` },
        el('span', { class: 'sev' }, x.severity), ' ',
        el('span', { class: 'loc' }, `${x.path}:${x.line + 1}`), ' ',
        el('span', { class: 'msg' }, x.message.replace(/^Factor [IVX]+ \([^)]*\): /, ''))))));
  }

  function renderScorecard() {
    main.replaceChildren(
      el('h2', {}, 'Scorecard'),
      el('p', { class: 'summary' }, scorecard.summary, scorecard.scanned ? '' : ' (open files only until the workspace is scanned)'),
      el('div', { class: 'actions' }, el('button', { 'data-command': 'twelveFactor.scanWorkspace' }, 'Scan the workspace')),
      el('ul', { class: 'tiles', 'aria-label': 'The twelve factors' }, scorecard.tiles.map(t => el('li', {},
        el('button', { class: 'tile ' + t.status, 'data-page': t.slug, 'aria-label': `${t.roman}. ${t.title}: ${STATUS[t.status]}, ${t.counts.error + t.counts.warning} problems, ${t.counts.info + t.counts.hint} notes` },
          el('span', { class: 'tile-head' }, el('span', { class: 'roman' }, t.roman), el('span', { class: 'badge', 'aria-hidden': 'true' }, ICON[t.status])),
          el('span', { class: 'tile-title' }, t.title),
          el('span', { class: 'tile-status' }, STATUS[t.status]),
          el('span', { class: 'tile-counts' }, t.status === 'not-checked' ? t.note : `${t.counts.error} errors · ${t.counts.warning} warnings · ${t.counts.info + t.counts.hint} notes`))))));
  }

  function renderFactor(slug, ruleId) {
    const f = factors.find(x => x.slug === slug);
    if (!f) return renderScorecard();
    const mine = findings.filter(x => x.factor === slug);
    const body = el('div', { class: 'explanation' });
    body.innerHTML = f.html; // rendered by VS Code's markdown renderer from the extension's own files
    main.replaceChildren(
      el('h2', {}, `${f.roman}. ${f.title}`),
      el('p', { class: 'summary' }, f.summary, ' ', el('a', { href: f.link }, '12factor.net')),
      el('div', { class: 'actions' }, f.actions.map(a => el('button', { 'data-command': a.command }, a.title))),
      body,
      el('h3', {}, 'What Twelve-Factor Coach checks'),
      f.rules.length ? el('dl', { class: 'rules' }, f.rules.map(r => [
        el('dt', { id: r.id, class: r.id === ruleId ? 'target' : undefined, tabindex: '-1' }, el('code', {}, r.id), ' ', r.title, el('span', { class: 'muted' }, ` (${r.severity})`)),
        el('dd', {}, el('p', {}, r.description), el('p', {}, el('strong', {}, 'What to do: '), r.remedy)),
      ])) : el('p', { class: 'muted' }, 'No rule checks this factor statically; the page above says what to look at by hand.'),
      el('h3', {}, `Findings in this workspace (${mine.length})`),
      findingList(mine));
    if (ruleId) { const t = document.getElementById(ruleId); if (t) { t.scrollIntoView(); t.focus(); } }
  }

  function render() {
    if (!factors.length) return;
    renderNav();
    const [slug, ruleId] = page.split('#');
    if (slug === 'scorecard') renderScorecard(); else renderFactor(slug, ruleId);
  }

  function go(p) {
    page = p;
    vscode.setState({ page });
    vscode.postMessage({ type: 'navigated', page });
    render();
    main.focus();
  }

  document.addEventListener('click', e => {
    const t = e.target.closest('[data-page],[data-command],[data-open]');
    if (!t) return;
    e.preventDefault();
    if (t.dataset.page) go(t.dataset.page);
    else if (t.dataset.command) vscode.postMessage({ type: 'command', command: t.dataset.command });
    else if (t.dataset.open) vscode.postMessage({ type: 'open', uri: t.dataset.open, line: Number(t.dataset.line), column: Number(t.dataset.column) });
  });
  nav.addEventListener('keydown', e => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...nav.querySelectorAll('.nav-item')];
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
  });

  window.addEventListener('message', e => {
    const m = e.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'state') { factors = m.factors; findings = m.findings; scorecard = m.scorecard; render(); }
    else if (m.type === 'findings') { findings = m.findings; scorecard = m.scorecard; render(); }
    else if (m.type === 'show' && typeof m.page === 'string') go(m.page);
  });

  renderNav();
  vscode.postMessage({ type: 'hello' });
  // once the state has arrived and rendered, say which factors the page shows
  const observer = new MutationObserver(() => {
    if (!factors.length) return;
    observer.disconnect();
    vscode.postMessage({ type: 'ready', factors: factors.map(f => `${f.roman}. ${f.title}`) });
  });
  observer.observe(nav, { childList: true, subtree: true });
})();
