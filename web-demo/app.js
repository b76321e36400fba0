// The what-if page: state ↔ form and editors, evaluation on every change, decision card, pin for
// before/after, and the state in the URL fragment.
import init, { decide, validatePolicy, version, IamsimError } from './pkg/index.js';
import { createEditor } from './editor.js';
import { PRESETS, DEFAULT_PRESET } from './presets.js';
import { presetState, encodeState, decodeFragment, flatten } from './state.js';
import { buildScenario, contextOf, editorsOf, isLevelArray, locate, locateBytes } from './scenario.js';
import { showModelMode } from './model.js';
import { statementName, policyTypeName, nearMissSentences, missingKeys, editorIdOf } from './explain.js';
import { isModelFragment } from './model-state.js';
import { scenarioSentence } from './question.js';

const $ = (id) => document.getElementById(id);
let state = presetState(DEFAULT_PRESET);
let editors = new Map();
let pinned = null;
let ready = false;
let writtenHash = '';
let mode = 'scenario'; // or 'model' (model.js)
const modeOf = () => mode;

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

// --- form binding --------------------------------------------------------------------------------

function bindForm() {
  for (const input of document.querySelectorAll('[data-bind]')) {
    const [group, key] = input.dataset.bind.split('.');
    const event = input.type === 'checkbox' || input.tagName === 'SELECT' ? 'change' : 'input';
    input.addEventListener(event, () => {
      state[group][key] = input.type === 'checkbox' ? input.checked : input.value;
      if (key === 'action') renderEditorTitles();
      evaluate();
    });
  }
}

function fillForm() {
  for (const input of document.querySelectorAll('[data-bind]')) {
    const [group, key] = input.dataset.bind.split('.');
    if (input.type === 'checkbox') input.checked = Boolean(state[group][key]);
    else input.value = state[group][key] ?? '';
  }
  $('preset').value = PRESETS[state.preset] ? state.preset : '';
}

// --- editors -------------------------------------------------------------------------------------

function setPolicyText(id, text) {
  const [kind, index] = id.split('-');
  if (kind === 'identity') state.policies.identity[Number(index)] = text;
  else if (kind === 'scp') state.policies.scps[Number(index)] = text;
  else state.policies[kind] = text;
}

function renderEditors() {
  editors = new Map();
  const onInput = (ed) => {
    setPolicyText(ed.id, ed.getText());
    evaluateSoon();
  };
  const make = (info, onRemove) => {
    const notes = { boundary: 'empty = no boundary', session: 'empty = no session policy', resource: 'empty = none' };
    const ed = createEditor({ id: info.id, title: info.title, note: notes[info.id], onInput, onRemove });
    ed.setText(info.text);
    editors.set(info.id, ed);
    return ed.root;
  };
  const infos = editorsOf(state);
  $('identity-editors').replaceChildren(...infos.filter((i) => i.kind === 'identity').map((info, i) => make(info, () => {
    state.policies.identity.splice(i, 1);
    renderEditors();
    evaluate();
  })));
  $('single-editors').replaceChildren(...infos.filter((i) => ['resource', 'boundary', 'session'].includes(i.id)).map((info) => make(info)));
  $('scp-editors').replaceChildren(...infos.filter((i) => i.kind === 'scp').map((info, i) => make(info, () => {
    state.policies.scps.splice(i, 1);
    renderEditors();
    evaluate();
  })));
}

function renderEditorTitles() {
  for (const info of editorsOf(state)) editors.get(info.id)?.setTitle(info.title);
}

// --- evaluation ----------------------------------------------------------------------------------

const blank = (text) => String(text ?? '').trim() === '';

function diagnosticOf(error) {
  return { severity: 'error', code: error.code ?? 'internal', message: error.message, hint: error.hint, line: error.line, column: error.column, path: error.path ?? '' };
}

// The last validation of each editor: typing in one editor does not re-validate the others. The
// policy checks (validatePolicy's lints) grow faster than the policy: 0.4 s at 26 KB, 20 s at
// 693 KB. So a large editor is checked once typing pauses (the decision, 50 ms at 26 KB, stays
// immediate, and the engine reports syntax errors itself), and a huge one only by the engine.
const validations = new Map(); // editor id → {text, kind, diagnostics}
const VALIDATE_NOW_MAX = 8 * 1024;
const LINT_MAX = 64 * 1024;
const VALIDATE_PAUSE_MS = 400;
let forceValidation = false;
let validateTimer = null;
function validated(info) {
  const last = validations.get(info.id);
  if (last && last.text === info.text && last.kind === info.kind) return [...last.diagnostics];
  let diagnostics;
  if (info.text.length > LINT_MAX) {
    diagnostics = [{ severity: 'warning', code: 'checks-skipped', message: `this policy is ${info.text.length} characters: only the engine reads it (the page's extra checks stop at ${LINT_MAX}; AWS allows 6,144 in an identity policy)`, path: '' }];
  } else if (!forceValidation && info.text.length > VALIDATE_NOW_MAX) {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(() => {
      forceValidation = true;
      try {
        evaluate();
      } finally {
        forceValidation = false;
      }
    }, VALIDATE_PAUSE_MS);
    return last && last.kind === info.kind ? [...last.diagnostics] : [];
  } else {
    try {
      diagnostics = validatePolicy(info.text, info.kind).diagnostics;
    } catch (e) {
      diagnostics = [diagnosticOf(e)];
    }
  }
  validations.set(info.id, { text: info.text, kind: info.kind, diagnostics });
  return [...diagnostics];
}

/** Decides the current state. Returns {decision?, trace?, error?, requestErrors, perEditor, highlights}. */
function run(current) {
  const infos = editorsOf(current);
  const texts = new Map(infos.map((i) => [i.id, i.text]));
  const perEditor = new Map(infos.map((i) => [i.id, []]));
  for (const info of infos) {
    if (blank(info.text) || (info.kind === 'scp' && isLevelArray(info.text))) continue;
    perEditor.set(info.id, validated(info));
  }
  const { text, segments } = buildScenario(current);
  const out = { perEditor, requestErrors: [], highlights: new Map(), notes: contextOf(current.context).notes, segments, state: current };
  try {
    const result = decide(text, { explain: true });
    out.decision = result.decision;
    out.trace = result.trace;
  } catch (e) {
    if (!(e instanceof IamsimError)) throw e;
    out.error = e;
    const diags = Array.isArray(e.diagnostics) && e.diagnostics.length ? e.diagnostics : [diagnosticOf(e)];
    for (const d of diags) {
      const at = locate(segments, d.line, d.column);
      if (!at) {
        out.requestErrors.push(d);
        continue;
      }
      const list = perEditor.get(at.id) ?? [];
      // The editor's own validation already reports its errors with exact positions.
      if (!list.some((x) => x.severity === 'error')) list.push({ ...d, line: at.line, column: at.column });
      perEditor.set(at.id, list);
    }
  }
  // No verdict while anything the user typed is in error: an editor's own validation can flag
  // what the engine tolerates (a boundary wrapped in [ ]), and a bad field is left out of the
  // request, so a verdict shown then would answer a question the user did not ask.
  const editorErrors = [...perEditor.values()].reduce((n, l) => n + l.filter((d) => d.severity === 'error').length, 0);
  if (!out.error && (editorErrors || out.notes.length)) {
    const what = [editorErrors ? `${editorErrors} error${editorErrors > 1 ? 's' : ''} in the policy editors` : '', out.notes.length ? `${out.notes.length} field${out.notes.length > 1 ? 's' : ''} in error` : ''].filter(Boolean).join(' and ');
    out.error = { message: `No decision while the input has errors: ${what}.`, hint: 'fix the markers under the editors and the notes under the context' };
    delete out.decision;
    delete out.trace;
  }
  const statements = out.trace && Array.isArray(out.trace.statements) ? out.trace.statements : [];
  out.statements = statements.map((s) => {
    const at = locateBytes(segments, texts, s.start, s.end);
    if (at) {
      const list = out.highlights.get(at.id) ?? [];
      list.push({ start: at.start, end: at.end, effect: s.effect });
      out.highlights.set(at.id, list);
    }
    return { hit: s, at };
  });
  return out;
}

// Small inputs are decided on every keystroke; once the policies are large (a 693 KB paste took
// the engine and the repaint seconds), the decision waits until typing pauses, so keys still echo.
const LARGE_INPUT = 64 * 1024;
const LARGE_DEBOUNCE_MS = 300;
let evaluateTimer = null;
function evaluateSoon() {
  clearTimeout(evaluateTimer);
  const size = editorsOf(state).reduce((n, i) => n + String(i.text).length, 0);
  if (size <= LARGE_INPUT) return evaluate();
  $('current').dataset.pending = 'true';
  evaluateTimer = setTimeout(evaluate, LARGE_DEBOUNCE_MS);
  return undefined;
}

function evaluate() {
  clearTimeout(evaluateTimer);
  if (!ready) return;
  delete $('current').dataset.pending;
  const result = run(state);
  const sentence = scenarioSentence(state);
  if ($('question-line').textContent !== sentence) $('question-line').textContent = sentence;
  // Each editor repaints only if its text, markers or highlights changed.
  for (const [id, ed] of editors) ed.update(result.perEditor.get(id) ?? [], result.highlights.get(id) ?? []);
  $('context-notes').replaceChildren(...result.notes.map((n) => el('li', { text: n })));
  renderCard($('current'), result, true);
  renderBar();
  // Screen readers hear the decision when it changes, not the whole card on every keystroke.
  const spoken = result.error ? 'Cannot decide: the input has errors' : `Decision: ${result.decision}`;
  if ($('announce').textContent !== spoken) $('announce').textContent = spoken;
  if (pinned) renderChanges();
  writeFragment();
}

// --- decision card -------------------------------------------------------------------------------

const VERDICT_CLASS = { Allowed: 'allowed', ExplicitDeny: 'explicit-deny', ImplicitDeny: 'implicit-deny' };
const VERDICT_TEXT = { Allowed: 'an allow applies and no deny', ExplicitDeny: 'a Deny statement matched', ImplicitDeny: 'nothing allows it' };

function renderCard(card, result, live) {
  const parts = [];
  if (result.error) {
    parts.push(el('p', { class: 'verdict error', 'data-role': 'verdict', 'data-decision': 'Error', text: 'Cannot decide' }));
    parts.push(el('p', { class: 'reason', 'data-role': 'reason', text: `${result.error.message}${result.error.hint ? ` (${result.error.hint})` : ''}` }));
    const editorCount = [...result.perEditor.values()].reduce((n, l) => n + l.filter((d) => d.severity === 'error').length, 0);
    if (editorCount) parts.push(el('p', { text: `${editorCount} error${editorCount > 1 ? 's' : ''} in the policy editors; see the markers under them.` }));
    if (result.requestErrors.length) {
      parts.push(el('ul', { class: 'request-errors' }, ...result.requestErrors.map((d) => el('li', { text: `${d.path || 'scenario'}: ${d.message}${d.hint ? ` (${d.hint})` : ''}` }))));
    }
  } else {
    const decision = String(result.decision);
    parts.push(el('p', { class: `verdict ${VERDICT_CLASS[decision] ?? 'unknown'}`, 'data-role': 'verdict', 'data-decision': decision },
      el('span', { class: 'verdict-name', text: decision }), el('span', { class: 'verdict-gloss', text: VERDICT_TEXT[decision] ? ` (${VERDICT_TEXT[decision]})` : '' })));
    const reason = result.trace && typeof result.trace.reason === 'string' ? result.trace.reason : '';
    if (reason) parts.push(el('p', { class: 'reason', 'data-role': 'reason', text: reason.charAt(0).toUpperCase() + reason.slice(1) + (/[.!]$/.test(reason) ? '' : '.') }));
    if (result.trace) parts.push(renderTrace(result, live));
  }
  card.replaceChildren(...parts);
}

function renderTrace(result, live) {
  const trace = result.trace;
  // The page's words: the editors' titles, not the engine's labels and JSON paths.
  const names = result.state ?? state;
  const details = el('details', { class: 'trace', open: '' }, el('summary', { text: 'Explanation' }));
  const misses = result.decision === 'Allowed' ? [] : nearMissSentences(trace, names);
  if (misses.length) {
    const items = misses.map(({ miss, text }) => {
      const li = el('li', { 'data-role': 'near-miss' }, text);
      const id = editorIdOf(miss.policy);
      if (live && id && editors.has(id)) {
        const go = el('button', { type: 'button', class: 'link small', text: 'show', 'aria-label': `Show ${statementName(miss, names)} in its editor` });
        const at = locateBytes(result.segments ?? [], new Map([[id, editors.get(id).getText()]]), miss.start, miss.end);
        go.addEventListener('click', () => {
          const ed = editors.get(id);
          ed.textarea.focus();
          if (at && at.id === id) ed.textarea.setSelectionRange(at.start, at.end);
        });
        li.append(' ', go);
      }
      return li;
    });
    details.append(el('h4', { text: 'Why it is not allowed' }), el('ul', { class: 'near-misses' }, ...items));
  }
  const types = Array.isArray(trace.policyTypes) ? trace.policyTypes : [];
  if (types.length) {
    const rows = types.map((t) => el('tr', { class: `verdict-${String(t.verdict)}` },
      el('th', { scope: 'row', text: policyTypeName(t.policyType, names) }), el('td', { text: String(t.verdict ?? '?') }), el('td', { text: String(t.detail ?? '') })));
    details.append(el('table', {}, el('caption', { text: 'Each policy type' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'type' }), el('th', { scope: 'col', text: 'says' }), el('th', { scope: 'col', text: 'why' }))),
      el('tbody', {}, ...rows)));
  }
  if (result.statements.length) {
    const items = result.statements.map(({ hit, at }) => {
      const name = statementName(hit, names);
      const effect = String(hit.effect ?? '?');
      const li = el('li', { class: `hit-${effect.toLowerCase()}`, 'data-role': 'statement' }, el('span', { class: 'effect', text: effect }), ' ');
      if (live && at && editors.has(at.id)) {
        const ed = editors.get(at.id);
        const go = el('button', { type: 'button', class: 'link', text: name, 'aria-label': `Show ${effect} ${name}` });
        go.addEventListener('click', () => {
          ed.textarea.focus();
          ed.textarea.setSelectionRange(at.start, at.end);
        });
        li.append(go);
      } else li.append(name);
      if (hit.principalMatch) li.append(` (principal matched: ${hit.principalMatch})`);
      return li;
    });
    details.append(el('h4', { text: 'Statements that applied' }), el('ul', { class: 'statements' }, ...items));
  } else details.append(el('p', { text: 'No statement applied to this request.' }));
  const missing = missingKeys(trace, names);
  if (missing.length) {
    details.append(el('h4', { text: 'Condition keys the policies looked for but the request lacks' }), el('ul', { class: 'missing' }, ...missing.map((k) => el('li', {}, el('code', { text: k })))));
  }
  return details;
}

// --- the decision bar (narrow screens) -----------------------------------------------------------

// Up to 1100 px wide the decision card sits above the editors (style.css), so editing a policy
// scrolls it away. The bar repeats the verdict and the reason, fixed at the top of the screen,
// whenever the card's verdict is out of view; on wider screens the card itself is sticky.
const NARROW = window.matchMedia('(max-width: 1100px)');
let barFrame = 0;

function renderBar() {
  const card = $('current');
  const shown = ['verdict', 'reason'].map((role) => card.querySelector(`[data-role=${role}]`)).filter(Boolean).map((n) => n.cloneNode(true));
  if (pinned) {
    const before = $('pinned').querySelector('[data-role=verdict]')?.dataset.decision ?? '?';
    shown.push(el('p', { class: 'bar-pinned', 'data-role': 'bar-pinned', text: `Pinned before: ${before}` }));
  }
  $('verdict-bar-body').replaceChildren(...shown);
  placeBar();
}

function placeBar() {
  cancelAnimationFrame(barFrame);
  barFrame = 0;
  const verdict = $('current').querySelector('[data-role=verdict]');
  let show = false;
  if (NARROW.matches && mode === 'scenario' && verdict) {
    const r = verdict.getBoundingClientRect();
    show = r.top < 0 || r.bottom > window.innerHeight;
  }
  const bar = $('verdict-bar');
  if (bar.hidden === show) bar.hidden = !show;
  document.body.dataset.verdictBar = show ? 'shown' : 'hidden'; // read by the phone test
}

function schedulePlaceBar() {
  if (!barFrame) barFrame = requestAnimationFrame(placeBar);
}

// --- what-if: pin and compare ---------------------------------------------------------------------

function togglePin() {
  if (pinned) {
    pinned = null;
  } else {
    const snapshot = structuredClone(state);
    pinned = { state: snapshot, result: run(snapshot) };
    renderCard($('pinned'), pinned.result, false);
  }
  const on = pinned !== null;
  $('pin').setAttribute('aria-pressed', String(on));
  $('pin').textContent = on ? 'Unpin' : 'Pin this decision';
  $('pinned-wrap').hidden = !on;
  $('current-h').hidden = !on;
  $('changes').hidden = !on;
  $('compare').classList.toggle('side-by-side', on);
  document.querySelector('.layout').classList.toggle('what-if', on);
  if (on) renderChanges();
  renderBar();
}

function renderChanges() {
  const before = flatten(pinned.state);
  const after = flatten(state);
  const keys = new Set([...before.keys(), ...after.keys()]);
  const items = [];
  for (const key of keys) {
    if (key === 'preset' || before.get(key) === after.get(key)) continue;
    const show = (v) => (v === undefined ? '(none)' : typeof v === 'string' && (v.length > 40 || v.includes('\n')) ? '(edited text)' : JSON.stringify(v));
    items.push(el('li', { text: key.startsWith('policies.') ? `${key}: edited` : `${key}: ${show(before.get(key))} → ${show(after.get(key))}` }));
  }
  $('change-list').replaceChildren(...(items.length ? items : [el('li', { text: 'nothing yet: change a field, a toggle or a policy' })]));
}

// --- state in the URL ----------------------------------------------------------------------------

// Chrome ignores replaceState calls that come too fast (it logs "Throttling navigation"), which
// left the address bar stale after quick edits: write at most every 250 ms, the last state last.
const FRAGMENT_INTERVAL_MS = 250;
let lastWrite = 0;
let writeTimer = null;

function writeFragmentNow() {
  clearTimeout(writeTimer);
  writeTimer = null;
  lastWrite = Date.now();
  const hash = `#s=${encodeState(state)}`;
  writtenHash = hash;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

function writeFragment() {
  if (modeOf() !== 'scenario' || writeTimer) return;
  const wait = lastWrite + FRAGMENT_INTERVAL_MS - Date.now();
  if (wait <= 0) writeFragmentNow();
  else writeTimer = setTimeout(writeFragmentNow, wait);
}

/** The link to the current state, built from the state itself, not from the address bar. */
function currentLink() {
  return `${location.origin}${location.pathname}${location.search}#s=${encodeState(state)}`;
}

function loadState(next) {
  state = next;
  fillForm();
  renderEditors();
  evaluate();
}

function loadFromFragment() {
  try {
    const fromUrl = decodeFragment(location.hash);
    if (fromUrl) {
      loadState(fromUrl);
      return true;
    }
  } catch (e) {
    const notice = $('load-error');
    notice.textContent = `This link's scenario could not be read: ${e.message}. Showing the default preset instead.`;
    notice.hidden = false;
  }
  return false;
}

// --- mode: one scenario, or a whole model (model.js) ----------------------------------------------

function setMode(next, { hash = '', write = true } = {}) {
  mode = next;
  document.body.dataset.mode = next;
  for (const [name, tab] of [['scenario', $('mode-scenario')], ['model', $('mode-model')]]) {
    tab.setAttribute('aria-selected', String(name === next));
    tab.tabIndex = name === next ? 0 : -1;
  }
  $('scenario-mode').hidden = next !== 'scenario';
  $('model-mode').hidden = next !== 'model';
  if (next === 'model') showModelMode(hash);
  else if (write) writeFragmentNow();
  schedulePlaceBar();
}

function bindModes() {
  const tabs = [$('mode-scenario'), $('mode-model')];
  $('mode-scenario').addEventListener('click', () => mode !== 'scenario' && setMode('scenario'));
  $('mode-model').addEventListener('click', () => mode !== 'model' && setMode('model'));
  for (const tab of tabs) {
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const other = tabs[1 - tabs.indexOf(tab)];
      other.focus();
      other.click();
    });
  }
}

// --- start ---------------------------------------------------------------------------------------

async function main() {
  const select = $('preset');
  // Presets of one story told request by request (a role chain, S3 then KMS) share an optgroup.
  const groups = new Map();
  const options = [el('option', { value: '', text: '(custom)' })];
  for (const [name, p] of Object.entries(PRESETS)) {
    const option = el('option', { value: name, text: p.label });
    if (!p.group) {
      options.push(option);
      continue;
    }
    if (!groups.has(p.group)) {
      groups.set(p.group, el('optgroup', { label: p.group }));
      options.push(groups.get(p.group));
    }
    groups.get(p.group).append(option);
  }
  select.append(...options);
  select.addEventListener('change', () => {
    if (select.value) loadState(presetState(select.value));
  });
  $('pin').addEventListener('click', togglePin);
  $('copy-link').addEventListener('click', async () => {
    writeFragmentNow();
    const link = currentLink();
    try {
      await navigator.clipboard.writeText(link);
      $('toolbar-status').textContent = 'Link copied.';
    } catch {
      $('toolbar-status').textContent = 'Copy the address bar: it holds the whole scenario.';
    }
  });
  $('add-identity').addEventListener('click', () => {
    state.policies.identity.push('{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
    renderEditors();
    evaluate();
    editors.get(`identity-${state.policies.identity.length - 1}`)?.textarea.focus();
  });
  $('add-scp').addEventListener('click', () => {
    state.policies.scps.push('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "*", "Resource": "*"}\n  ]\n}');
    renderEditors();
    evaluate();
    editors.get(`scp-${state.policies.scps.length - 1}`)?.textarea.focus();
  });
  bindForm();
  bindModes();
  window.addEventListener('scroll', schedulePlaceBar, { passive: true });
  window.addEventListener('resize', schedulePlaceBar);
  NARROW.addEventListener('change', schedulePlaceBar);
  $('verdict-bar-go').addEventListener('click', () => {
    $('current').scrollIntoView({ block: 'start' });
    $('current').querySelector('details.trace > summary')?.focus({ preventScroll: true });
  });
  window.addEventListener('hashchange', () => {
    const hash = location.hash;
    if (isModelFragment(hash)) setMode('model', { hash });
    else if (hash !== writtenHash) {
      if (mode !== 'scenario') setMode('scenario', { write: false });
      loadFromFragment();
    }
  });

  try {
    await init();
  } catch (e) {
    $('load-error').textContent = `The policy engine could not be loaded: ${e && e.message}`;
    $('load-error').hidden = false;
    $('engine-version').textContent = 'engine not loaded';
    return;
  }
  ready = true;
  $('engine-version').textContent = `iamsim engine ${version()} (WebAssembly, in this tab)`;
  const hash = location.hash;
  if (isModelFragment(hash)) {
    mode = 'model'; // so that loading the default scenario leaves the #m= link alone
    loadState(presetState(DEFAULT_PRESET));
    setMode('model', { hash });
  } else {
    if (!loadFromFragment()) loadState(presetState(DEFAULT_PRESET));
    setMode('scenario', { write: false });
  }
  document.body.dataset.ready = 'true';
}

main();
