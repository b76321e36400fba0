// A policy editor: a textarea over a backdrop that paints line highlights, with a line-number
// gutter and marker lines (one per diagnostic) under it. No framework, no outside code.

let serial = 0;

/** Above this many characters the backdrop shows the text without line or statement marks. */
export const LARGE_TEXT = 200_000;
const LARGE_ROWS = 40;

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** UTF-16 index of a 1-based line and 1-based column (columns count code points). */
export function indexOf(text, line, column) {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', index);
    if (next < 0) return text.length;
    index = next + 1;
  }
  for (let c = 1; c < column && index < text.length && text[index] !== '\n'; c++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return index;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/**
 * Creates an editor. `onInput(editor)` runs on every edit; `onRemove` (optional) adds a remove
 * button. Diagnostics: `{severity, code, message, hint, line, column}` in the editor's own lines.
 * Highlights: `{start, end, effect, label}` as UTF-16 indices into the text.
 */
export function createEditor({ id, title, note, onInput, onRemove }) {
  serial += 1;
  const textareaId = `ed-${id}`;
  const markersId = `markers-${id}-${serial}`;
  const gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const backdrop = el('pre', { class: 'backdrop', 'aria-hidden': 'true' });
  const textarea = el('textarea', {
    id: textareaId, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', wrap: 'off',
    'aria-describedby': markersId, 'data-editor': id,
  });
  const status = el('span', { class: 'editor-status' });
  const label = el('label', { for: textareaId, text: title });
  const head = el('div', { class: 'editor-head' }, label, status);
  if (note) head.append(el('span', { class: 'editor-note', text: note }));
  if (onRemove) {
    const remove = el('button', { type: 'button', class: 'small', text: 'Remove', 'aria-label': `Remove ${title}` });
    remove.addEventListener('click', () => onRemove());
    head.append(remove);
  }
  const markers = el('ul', { class: 'markers', id: markersId, 'aria-live': 'polite' });
  const root = el('div', { class: 'editor', 'data-editor': id },
    head, el('div', { class: 'editor-body' }, gutter, el('div', { class: 'code' }, backdrop, textarea)), markers);

  let diagnostics = [];
  let highlights = [];
  let painted = null; // {text, marks}: what the backdrop, gutter and markers show now
  const api = { id, title, root, textarea, paints: 0 };

  // Repaints only when the text, the diagnostics or the highlights changed since the last paint:
  // the page updates every editor after each decision, and most of them did not change.
  function paint() {
    const text = textarea.value;
    const marks = JSON.stringify([diagnostics, highlights]);
    if (painted && painted.text === text && painted.marks === marks) return;
    painted = { text, marks };
    api.paints += 1;
    root.dataset.paints = String(api.paints); // read by the tests: which editors repainted
    const lines = text.split('\n');
    const large = text.length > LARGE_TEXT;
    root.classList.toggle('large', large);
    // Tall enough for every line, so the gutter and the backdrop never scroll apart vertically.
    // A huge text is a plain scrolling textarea: laying out 30,000 rows, numbers and highlight
    // lines took seconds per paint (a 693 KB paste froze the tab).
    textarea.rows = large ? LARGE_ROWS : Math.max(lines.length + 1, 3);
    gutter.textContent = large ? '' : lines.map((_, i) => String(i + 1)).join('\n');
    const errorLines = new Map();
    for (const d of diagnostics) {
      if (!Number.isInteger(d.line)) continue;
      const worst = errorLines.get(d.line);
      if (worst !== 'error') errorLines.set(d.line, d.severity === 'error' ? 'error' : 'warning');
    }
    // Backdrop: one block per line (line marks), with <mark>s for highlighted ranges, built as one
    // string and parsed once (thousands of createElement calls made a 26 KB policy slow to type in).
    if (large) {
      backdrop.textContent = ''; // no line or statement marks: the markers below still say where
    } else {
      let html = '';
      let offset = 0;
      lines.forEach((line, i) => {
        const kind = errorLines.get(i + 1);
        html += kind ? `<span class="row line-${kind}">` : '<span class="row">';
        let cursor = 0;
        for (const h of highlights) {
          const s0 = Math.max(h.start - offset, cursor);
          const e0 = Math.min(h.end - offset, line.length);
          if (e0 <= s0) continue;
          html += `${escapeHtml(line.slice(cursor, s0))}<mark class="hit hit-${String(h.effect).toLowerCase() === 'deny' ? 'deny' : 'allow'}">${escapeHtml(line.slice(s0, e0))}</mark>`;
          cursor = e0;
        }
        html += `${escapeHtml(line.slice(cursor))}\n</span>`;
        offset += line.length + 1;
      });
      backdrop.innerHTML = html;
    }
    markers.replaceChildren(...diagnostics.map(marker));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    status.textContent = errors ? `${errors} error${errors > 1 ? 's' : ''}` : warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '';
    status.className = `editor-status ${errors ? 'has-errors' : warnings ? 'has-warnings' : ''}`;
    root.classList.toggle('invalid', errors > 0);
    root.classList.toggle('has-hit', highlights.length > 0);
    syncScroll();
  }

  function marker(d) {
    const where = Number.isInteger(d.line) ? `line ${d.line}${Number.isInteger(d.column) ? `, column ${d.column}` : ''}` : 'document';
    const item = el('li', { class: `marker marker-${d.severity === 'error' ? 'error' : 'warning'}`, 'data-line': String(d.line ?? '') });
    const jump = el('button', { type: 'button', class: 'link', text: where, 'aria-label': `Go to ${where} in ${title}` });
    jump.addEventListener('click', () => api.focusAt(d.line ?? 1, d.column ?? 1));
    const caret = Number.isInteger(d.column) ? ' '.repeat(Math.max(d.column - 1, 0)) + '^' : '';
    const source = Number.isInteger(d.line) ? (textarea.value.split('\n')[d.line - 1] ?? '') : '';
    item.append(
      jump,
      el('span', { class: 'marker-text', text: ` ${d.severity ?? 'error'} ${d.code ? `[${d.code}]` : ''}: ${d.message ?? ''}` }),
      ...(d.hint ? [el('span', { class: 'marker-hint', text: ` (${d.hint})` })] : []),
      ...(source ? [el('pre', { class: 'marker-line', 'aria-hidden': 'true', text: `${source}\n${caret}` })] : []),
    );
    return item;
  }

  function syncScroll() {
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
    gutter.scrollTop = textarea.scrollTop;
  }

  textarea.addEventListener('input', () => {
    onInput(api);
    paint(); // a no-op when onInput already repainted through update()
  });
  textarea.addEventListener('scroll', syncScroll);

  api.getText = () => textarea.value;
  api.setTitle = (text) => {
    label.textContent = text;
  };
  api.setText = (text) => {
    textarea.value = text;
    paint();
  };
  api.setDiagnostics = (list) => {
    diagnostics = Array.isArray(list) ? list : [];
    paint();
  };
  api.setHighlights = (list) => {
    highlights = Array.isArray(list) ? [...list].sort((a, b) => a.start - b.start) : [];
    paint();
  };
  /** Both at once: one paint at most, none when nothing changed. */
  api.update = (diags, hits) => {
    diagnostics = Array.isArray(diags) ? diags : [];
    highlights = Array.isArray(hits) ? [...hits].sort((a, b) => a.start - b.start) : [];
    paint();
  };
  api.diagnostics = () => diagnostics;
  api.focusAt = (line, column) => {
    const at = indexOf(textarea.value, line, column);
    textarea.focus();
    textarea.setSelectionRange(at, at);
  };
  paint();
  return api;
}
