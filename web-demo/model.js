// Model mode: a whole account model (the embedded example organization, or a file the user opens
// or drops, read in this tab only), questions asked through the wasm package (the same answers
// as the CLI), the answer as text and as a graph, and the live what-if: edit any policy, see the
// diff against the unedited model and its trace on the graph. The state lives in the URL
// fragment as #m= (model-state.js).
import { diff, exampleModel, loadModel, importFolder, validatePolicy, installManagedPolicies, managedPolicies, IamsimError } from './pkg/index.js';
import { createEditor } from './editor.js';
import { buildGraph, mergeGraphs, collapse, renderGraph, shortName } from './graph.js';
import {
  policyCatalog, policyAt, policyText, editedModelText, locateEdit, identitiesOf, accountNames, managedPoliciesNeeded,
  fingerprint, normalizeQuestion, queryOf, withContextValue, DEFAULT_QUESTION, encodeModelLink, decodeModelLink,
} from './model-state.js';
import { el, renderAnswer, renderError, renderDiff, statementBlock } from './model-view.js';
import { readPicked, readDropped } from './folder.js';
import { modelSentence } from './question.js';
import { answer, errorOutput } from './model-ask.js';

const $ = (id) => document.getElementById(id);
const EDIT_DEBOUNCE_MS = 120;
const LINK_INTERVAL_MS = 250;
const MAX_FILE_BYTES = 32 * 1024 * 1024;

const m = {
  started: false,
  base: null, // {kind, name, text, model, fingerprint}
  example: null, // the same for the example organization, kept to come back to it
  catalog: [],
  identities: [],
  names: new Map(),
  edits: new Map(), // policy id → edited text
  picked: '',
  editor: null,
  question: { ...DEFAULT_QUESTION },
  expanded: new Set(),
  pendingLink: null, // a link made for a model file not loaded yet
  after: null, // {text, segments} of the edited model, or null without edits
  afterError: null,
  lastGraph: null,
  writtenHash: '',
};

// --- start and the link --------------------------------------------------------------------------

/** Shows model mode, loading the example organization the first time; `hash` is the fragment
 * that asked for it (a #m= link is applied). */
export async function showModelMode(hash = '') {
  if (m.started && hash.startsWith('#m=') && hash !== m.writtenHash) {
    await applyLink(hash);
    return;
  }
  if (!m.started) {
    m.started = true;
    bindControls();
    status('Loading the example organization…');
    try {
      // The engine's own copy: what it answers about when no model is given.
      const text = exampleModel();
      m.example = { kind: 'example', name: 'the example organization', text, model: JSON.parse(text), fingerprint: fingerprint(text) };
    } catch (e) {
      notice(`The example organization could not be loaded (${e.message}). Open a model file instead.`);
      status('');
      return;
    }
    await useModel(m.example);
    if (hash.startsWith('#m=')) {
      await applyLink(hash);
      return; // the link is kept in the address bar until the user changes something
    }
    refresh();
  }
  writeLink(true);
}

async function applyLink(hash) {
  let link;
  try {
    link = await decodeModelLink(hash);
  } catch (e) {
    notice(`This link could not be read: ${e.message}. Showing ${m.base.name} without edits instead.`);
    refresh();
    return;
  }
  if (!link) return refresh();
  m.question = link.question;
  fillQuestion();
  if (link.base.kind === 'file') {
    if (m.base.kind === 'file' && m.base.fingerprint === link.base.fingerprint) return applyEdits(link, '');
    m.pendingLink = link;
    notice(`This link edits the model file "${link.base.name || 'unnamed'}", which stays on the computer it was made on. Open that file (drop it here) to see the edit; meanwhile ${m.base.name} is shown without edits.`);
    return refresh();
  }
  if (m.base.kind !== 'example') await useModel(m.example);
  const stale = link.base.fingerprint !== m.example.fingerprint
    ? 'This link was made against another version of the example organization: its edits were applied to this one, so answers may differ from what its author saw.' : '';
  applyEdits(link, stale);
}

function applyEdits(link, message) {
  const known = new Set(m.catalog.map((p) => p.id));
  const missing = link.edits.filter(([id]) => !known.has(id)).map(([id]) => id);
  if (missing.length) {
    // Applying part of an edit would show a what-if nobody asked for.
    notice(`This link is stale: it edits ${missing.join(', ')}, which ${m.base.name} does not have. Showing the model without edits.`);
    m.edits = new Map();
  } else {
    m.edits = new Map(link.edits);
    if (message) notice(message);
    else hideNotice();
  }
  m.pendingLink = null;
  if (m.edits.size) pick([...m.edits.keys()][0]);
  refresh();
}

let linkTimer = null;
let lastLink = 0;
async function writeLinkNow() {
  clearTimeout(linkTimer);
  linkTimer = null;
  lastLink = Date.now();
  if (!m.base || document.body.dataset.mode !== 'model') return '';
  const hash = await encodeModelLink({ base: { kind: m.base.kind, name: m.base.kind === 'file' ? m.base.name : '', fingerprint: m.base.fingerprint }, edits: m.edits, question: m.question });
  m.writtenHash = hash;
  if (location.hash !== hash) history.replaceState(null, '', hash);
  return hash;
}

/** Rewrites the fragment, at most every 250 ms (Chrome drops faster replaceState calls). */
function writeLink(now = false) {
  if (now) return writeLinkNow();
  if (linkTimer) return undefined;
  linkTimer = setTimeout(writeLinkNow, Math.max(0, lastLink + LINK_INTERVAL_MS - Date.now()));
  return undefined;
}

// --- the model -----------------------------------------------------------------------------------

async function useModel(base) {
  m.base = base;
  m.catalog = policyCatalog(base.model);
  m.identities = identitiesOf(base.model);
  m.names = accountNames(base.model);
  m.edits = new Map();
  m.expanded = new Set();
  $('model-name').textContent = `Model: ${base.kind === 'example' ? 'the example organization (embedded)' : base.name}`;
  $('model-example').hidden = base.kind === 'example';
  $('model-identities').replaceChildren(...m.identities.map((i) => el('option', { value: i.arn })));
  $('model-roles').replaceChildren(...m.identities.filter((i) => i.kind === 'role').map((i) => el('option', { value: i.arn })));
  fillPicker();
  // Trust policies are what a what-if most often opens: start on the first one.
  pick((m.catalog.find((p) => p.kind === 'trust') ?? m.catalog[0])?.id ?? '');
  await ensureManagedPolicies(base.model);
}

/** Fetches and installs every AWS managed policy (3.3 MB, same origin) when the model names one
 * the wasm build does not carry exactly; until then such a policy would be approximated. */
async function ensureManagedPolicies(model) {
  const needed = managedPoliciesNeeded(model);
  if (!needed.length || managedPolicies().full) return;
  status(`Loading AWS managed policies for ${needed.map((a) => a.split('/').pop()).join(', ')}…`);
  try {
    const res = await fetch('pkg/aws-managed-policies.txt');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const info = installManagedPolicies(await res.text());
    status(`${info.count} AWS managed policies loaded (${info.version ?? 'bundled'}).`);
  } catch (e) {
    notice(`The AWS managed policies could not be loaded (${e.message}): ${needed.join(', ')} ${needed.length === 1 ? 'is' : 'are'} approximated or left out, so answers may differ from the CLI's.`);
  }
}

async function openFile(file) {
  if (!file) return;
  const t0 = performance.now();
  delete document.body.dataset.loadMs;
  if (file.size > MAX_FILE_BYTES) return notice(`${file.name} is ${file.size} bytes, more than the ${MAX_FILE_BYTES} the engine reads.`);
  let text;
  let model;
  try {
    text = await file.text();
    model = JSON.parse(text);
  } catch (e) {
    return notice(`${file.name} is not a JSON model: ${e.message}`);
  }
  try {
    // Loads the model without asking anything: every error, located, before it replaces the old one.
    loadModel(text);
  } catch (e) {
    if (!(e instanceof IamsimError)) throw e;
    const d = e.diagnostics?.[0] ?? e;
    const more = (e.diagnostics?.length ?? 1) > 1 ? ` (and ${e.diagnostics.length - 1} more)` : '';
    return notice(`${file.name} is not a model iamsim can load: [${d.code}] ${d.message} at line ${d.line}:${d.column} (${d.path})${d.hint ? `. ${d.hint}` : ''}${more}`);
  }
  hideNotice();
  const pending = m.pendingLink;
  await useModel({ kind: 'file', name: file.name, text, model, fingerprint: fingerprint(text) });
  if (pending && pending.base.fingerprint === m.base.fingerprint) return applyEdits(pending, '');
  if (pending) notice(`${file.name} is not the file the link was made for ("${pending.base.name}"): its edits are not applied.`);
  status(`${file.name}: ${m.identities.length} identities, ${m.catalog.length} policies, read in this tab.`);
  refresh();
  // Read, checked, loaded and answered: read by tests/perf.test.mjs.
  document.body.dataset.loadMs = (performance.now() - t0).toFixed(1);
  writeLink();
}

/** Imports a folder of AWS CLI outputs (`iamsim import`, in wasm) and opens the model it gives.
 * `read` is what folder.js read: `{name, files, left}`. */
async function openFolder(read) {
  const where = read.name ? `${read.name}/` : 'the folder';
  if (!read.files.length) return notice(`${where} has no .json, .yaml or .yml file: nothing to import (docs/import.md lists the layout).`);
  status(`Importing ${read.files.length} files of ${where}…`);
  let out;
  try {
    out = importFolder(read.files);
  } catch (e) {
    if (!(e instanceof IamsimError)) throw e;
    const list = e.diagnostics?.length ? e.diagnostics : [e];
    const first = list[0];
    const at = `${where}${first.file ?? e.file ?? ''}${Number.isInteger(first.line) ? `:${first.line}:${first.column}` : ''}`;
    status('');
    return notice(`${where} cannot be imported: ${at}: [${first.code}] ${first.message} (at ${first.path || '/'})${first.hint ? `. ${first.hint}` : ''}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}. The previous model stays.`);
  }
  hideNotice();
  const pending = m.pendingLink;
  const name = `${read.name || 'folder'}/ (imported)`;
  await useModel({ kind: 'file', name, text: out.text, model: out.model, fingerprint: fingerprint(out.text) });
  const skipped = [...read.left.map((l) => ({ what: l.path, location: l.path, reason: l.reason })), ...out.skipped];
  const report = $('import-report');
  report.hidden = skipped.length === 0;
  $('import-report-summary').textContent = `${skipped.length} item${skipped.length === 1 ? '' : 's'} of ${where} left out of the model`;
  $('import-skipped').replaceChildren(...skipped.map((x) => el('li', { text: `${x.what} (${x.location}): ${x.reason}` })));
  if (pending && pending.base.fingerprint === m.base.fingerprint) return applyEdits(pending, '');
  status(`${where}: ${out.files} files imported (${skipped.length} left out), ${m.identities.length} identities, ${m.catalog.length} policies, read in this tab.`);
  refresh();
  writeLink();
  return undefined;
}

// --- controls ------------------------------------------------------------------------------------

function bindControls() {
  for (const input of document.querySelectorAll('[data-q]')) {
    const key = input.dataset.q;
    const event = input.type === 'checkbox' || input.tagName === 'SELECT' ? 'change' : 'input';
    input.addEventListener(event, () => {
      m.question[key] = input.type === 'checkbox' ? input.checked : input.value;
      if (key === 'kind') showFields();
      ask();
      writeLink();
    });
  }
  fillQuestion();
  $('model-file').addEventListener('change', (e) => {
    $('import-report').hidden = true;
    openFile(e.target.files?.[0]);
  });
  $('model-folder').addEventListener('change', async (e) => {
    if (e.target.files?.length) await openFolder(await readPicked(e.target.files));
  });
  $('model-example').addEventListener('click', async () => {
    await useModel(m.example);
    hideNotice();
    refresh();
    writeLink();
  });
  $('model-copy-link').addEventListener('click', async () => {
    const hash = await writeLinkNow();
    const link = `${location.origin}${location.pathname}${location.search}${hash}`;
    try {
      await navigator.clipboard.writeText(link);
      status(m.base.kind === 'file' ? 'Link copied. It carries the edits, not the model file: whoever opens it needs the same file.' : 'Link copied.');
    } catch {
      status('Copy the address bar: it holds the question and the edits.');
    }
  });
  $('policy-pick').addEventListener('change', (e) => pick(e.target.value));
  $('policy-revert').addEventListener('click', () => {
    m.edits.delete(m.picked);
    pick(m.picked);
    refresh();
    writeLink();
  });
  $('revert-all').addEventListener('click', () => {
    m.edits = new Map();
    pick(m.picked);
    refresh();
    writeLink();
  });
  // Drag and drop anywhere on the page while model mode shows; the file is read, never sent.
  document.addEventListener('dragover', (e) => {
    if (document.body.dataset.mode === 'model' && e.dataTransfer?.types?.includes('Files')) {
      e.preventDefault();
      document.body.classList.add('dropping');
    }
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
  document.addEventListener('drop', (e) => {
    if (document.body.dataset.mode !== 'model') return;
    e.preventDefault();
    document.body.classList.remove('dropping');
    // A folder: its entry must be taken now, the drop's items are gone once the handler returns.
    const entry = e.dataTransfer?.items?.[0]?.webkitGetAsEntry?.();
    if (entry?.isDirectory) readDropped(entry).then(openFolder, (err) => notice(`The dropped folder could not be read: ${err.message}`));
    else {
      $('import-report').hidden = true;
      openFile(e.dataTransfer?.files?.[0]);
    }
  });
}

/** A test of a condition clicked: the question gives that key that value, and is asked again. */
function setContextValue(key, value) {
  m.question.context = withContextValue(m.question.context, key, value);
  fillQuestion();
  ask();
  writeLink();
}

function fillQuestion() {
  for (const input of document.querySelectorAll('[data-q]')) {
    const v = m.question[input.dataset.q];
    if (input.type === 'checkbox') input.checked = Boolean(v);
    else input.value = v ?? '';
  }
  showFields();
}

function showFields() {
  for (const node of document.querySelectorAll('#model-mode [data-kinds]')) node.hidden = !node.dataset.kinds.split(' ').includes(m.question.kind);
}

function fillPicker() {
  const groups = new Map();
  for (const p of m.catalog) {
    if (!groups.has(p.group)) groups.set(p.group, el('optgroup', { label: p.group }));
    groups.get(p.group).append(el('option', { value: p.id, text: p.title }));
  }
  $('policy-pick').replaceChildren(...groups.values());
}

/** Puts a policy of the model in the editor (its edited text if edited). */
function pick(id) {
  const policy = m.catalog.find((p) => p.id === id);
  m.picked = policy ? id : '';
  $('policy-pick').value = m.picked;
  if (!policy) {
    $('policy-editor').replaceChildren(el('p', { class: 'hint', text: 'This model has no policy document to edit.' }));
    m.editor = null;
    return;
  }
  const editor = createEditor({
    id: 'model-policy', title: `${policy.title} (${policy.kind})`, note: policy.id,
    onInput: (ed) => {
      const original = policyText(m.base.model, id);
      if (ed.getText() === original) m.edits.delete(id);
      else m.edits.set(id, ed.getText());
      scheduleRefresh();
    },
  });
  editor.setText(m.edits.get(id) ?? policyText(m.base.model, id));
  m.editor = editor;
  $('policy-editor').replaceChildren(editor.root);
  markEditor();
}

// --- answers -------------------------------------------------------------------------------------

let refreshTimer = null;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refresh();
    writeLink();
  }, EDIT_DEBOUNCE_MS);
}

/** Rebuilds the edited model, the diff and the answer. */
function refresh() {
  clearTimeout(refreshTimer);
  if (!m.base) return;
  const t0 = performance.now();
  m.after = m.edits.size ? editedModelText(m.base.model, m.edits) : null;
  m.afterError = null;
  $('edits-summary').textContent = m.edits.size
    ? `Edited: ${[...m.edits.keys()].map((id) => m.catalog.find((p) => p.id === id)?.title ?? id).join('; ')}.`
    : 'No edit yet: change a policy above, and the page shows who gains or loses access.';
  runDiff();
  markEditor();
  ask();
  // What a what-if edit costs (diff + question + graph): read by tests/perf.test.mjs.
  document.body.dataset.refreshMs = (performance.now() - t0).toFixed(1);
  document.body.dataset.modelReady = 'true';
}

function runDiff() {
  const box = $('diff');
  if (!m.after) {
    box.replaceChildren(el('p', { 'data-role': 'diff-head', text: 'Nothing changes: the model is not edited.' }));
    return;
  }
  const t0 = performance.now();
  try {
    const report = diff(m.base.text, m.after.text, { mfa: m.question.mfa });
    renderDiff(box, report, performance.now() - t0, (action, resource) => {
      Object.assign(m.question, { kind: 'who-can', action, resource });
      fillQuestion();
      ask();
      writeLink();
    });
  } catch (e) {
    if (!(e instanceof IamsimError)) throw e;
    m.afterError = e;
    renderError(box, 'No diff while the edited model has an error', mapped(e.diagnostics?.[0] ?? e));
  }
}

/** An error of the edited model, located in the edited policy when it is in one. */
function mapped(d) {
  const at = m.after ? locateEdit(m.after.segments, d.line, d.column) : null;
  if (!at) return d;
  const title = m.catalog.find((p) => p.id === at.id)?.title ?? at.id;
  return { ...d, path: `${title}${d.path && d.path.startsWith(at.id) ? ` ${d.path.slice(at.id.length) || '/'}` : ''}`, line: at.line, column: at.column };
}

/** Markers under the editor: the policy's own validation, and the model's errors located in it. */
function markEditor() {
  if (!m.editor) return;
  const policy = m.catalog.find((p) => p.id === m.picked);
  let diags = [];
  try {
    diags = validatePolicy(m.editor.getText(), policy.kind).diagnostics;
  } catch (e) {
    diags = [{ severity: 'error', code: e.code, message: e.message, hint: e.hint, line: e.line, column: e.column }];
  }
  if (m.afterError && !diags.some((d) => d.severity === 'error')) {
    for (const d of m.afterError.diagnostics ?? [m.afterError]) {
      const at = m.after ? locateEdit(m.after.segments, d.line, d.column) : null;
      if (at && at.id === m.picked) diags.push({ ...d, line: at.line, column: at.column });
    }
  }
  m.editor.setDiagnostics(diags);
}

function ask() {
  const kind = m.question.kind;
  $('q-line').textContent = modelSentence(m.question, m.names);
  const answerBox = $('answer');
  $('details').replaceChildren();
  answerBox.iamsimOutput = null;
  let query;
  try {
    query = queryOf(m.question);
  } catch (e) {
    // Context lines that are not key=value: no answer until they are fixed.
    renderError(answerBox, 'Cannot ask', e);
    $('graph').replaceChildren();
    return;
  }
  if (m.afterError) {
    renderError(answerBox, 'No answer while the edited model has an error', mapped(m.afterError.diagnostics?.[0] ?? m.afterError));
    $('graph').replaceChildren();
    return;
  }
  let before;
  let after = null;
  try {
    before = answer(kind, query, m.base.text);
    if (m.after) after = answer(kind, query, m.after.text);
  } catch (e) {
    if (!(e instanceof IamsimError)) throw e;
    // The shown answer as the JSON API gives it, for tests/corpus.test.mjs to compare with the
    // library's answer to the same question.
    answerBox.iamsimOutput = errorOutput(e);
    renderError(answerBox, 'Cannot answer', e);
    $('graph').replaceChildren();
    return;
  }
  answerBox.iamsimOutput = { result: after ?? before };
  renderAnswer(answerBox, kind, after ?? before, after ? before : null, setContextValue);
  const graph = after ? mergeGraphs(buildGraph(kind, before), buildGraph(kind, after)) : mergeGraphs(null, buildGraph(kind, before));
  m.lastGraph = graph;
  drawGraph();
}

function drawGraph() {
  const shown = collapse(m.lastGraph, m.expanded);
  const box = $('graph');
  if (!shown.nodes.size) {
    box.replaceChildren(el('p', { class: 'hint', text: 'Nothing to draw: no identity in the answer.' }));
    return;
  }
  renderGraph(box, shown, { accountNames: m.names, onNode: showNode, onEdge: showEdge, title: `Graph of the answer (${shown.nodes.size} nodes)` });
  if (shown.collapsed) {
    box.prepend(el('p', { class: 'hint', 'data-role': 'collapsed', text: `${m.lastGraph.nodes.size} nodes: accounts are collapsed; click an account's box to open it.` }));
  }
}

// --- details of a node or an edge ----------------------------------------------------------------

const currentText = () => (m.after ? m.after.text : m.base.text);

function showNode(node) {
  if (node.kind === 'account') {
    m.expanded.add(node.account);
    drawGraph();
    return;
  }
  const box = $('details');
  if (node.kind === 'target') {
    box.replaceChildren(el('h3', { text: node.label }), el('p', { text: 'The request of the question. Click an arrow into it for the statements that allow it.' }));
    return;
  }
  const identity = m.identities.find((i) => i.arn === node.id);
  const parts = [el('h3', { 'data-role': 'detail-title', text: node.id })];
  if (!identity) {
    parts.push(el('p', { text: `${node.kind === 'web-identity' ? 'A web-identity (OIDC) provider' : node.kind === 'saml' ? 'A SAML provider' : 'A caller'} outside the model's identities: it has no policies here; the trust policies of the roles it reaches decide.` }));
    box.replaceChildren(...parts);
    return;
  }
  const e = identity.entity;
  const edit = (p) => {
    const b = el('button', { type: 'button', class: 'small', text: 'edit', 'aria-label': `Edit ${p.title}` });
    b.addEventListener('click', () => pick(p.id));
    return el('li', {}, `${p.title} `, b);
  };
  const own = m.catalog.filter((p) => p.owner === node.id);
  const groups = Array.isArray(e.groups) ? e.groups : [];
  const groupPolicies = m.catalog.filter((p) => groups.some((g) => p.owner === `group:${identity.account}:${g}`));
  const managed = (Array.isArray(e.managedPolicies) ? e.managedPolicies : []).map((ref) => {
    const p = m.catalog.find((c) => c.arn === ref || (c.account === identity.account && c.arn?.endsWith(`/${ref}`)));
    return p ? edit(p) : el('li', { text: `${ref} (AWS managed: not editable here)` });
  });
  const list = [...own.map(edit), ...groupPolicies.map(edit), ...managed];
  if (typeof e.permissionBoundary === 'string') {
    const p = m.catalog.find((c) => c.arn === e.permissionBoundary || (c.account === identity.account && c.arn?.endsWith(`/${e.permissionBoundary}`)));
    list.push(p ? edit(p) : el('li', { text: `boundary ${e.permissionBoundary}` }));
  }
  if (groups.length) parts.push(el('p', { text: `Groups: ${groups.join(', ')}.` }));
  parts.push(el('ul', { class: 'detail-policies', 'data-role': 'detail-policies' }, ...(list.length ? list : [el('li', { text: 'no policies' })])));
  box.replaceChildren(...parts);
}

function showEdge(edge) {
  const box = $('details');
  const request = edge.kind === 'access' ? edge.request : { principal: edge.from, action: 'sts:AssumeRole', resource: edge.to };
  const title = el('h3', { 'data-role': 'detail-title', text: `${shortName(edge.from)} → ${shortName(edge.to)}${edge.allowed ? '' : ' (denied)'}` });
  const needs = edge.needs?.length ? el('p', { text: `Needs: ${edge.needs.join(', ')}.` }) : '';
  const reason = edge.hop?.reason ?? edge.reason;
  const parts = [title, needs, reason ? el('p', { class: 'reason', text: reason.charAt(0).toUpperCase() + reason.slice(1) + '.' }) : ''];
  if (edge.hop && edge.hop.kind && edge.hop.kind !== 'assume') {
    parts.push(el('p', { text: `Escalation technique ${edge.hop.kind}${edge.hop.via ? ` via ${edge.hop.via}` : ''}.` }));
  }
  const isIdentity = m.identities.some((i) => i.arn === request.principal);
  if (isIdentity && (edge.kind === 'access' || !edge.hop?.kind || edge.hop.kind === 'assume')) {
    try {
      const checked = answer('check', { ...request, mfa: m.question.mfa, explain: true }, currentText());
      const statements = (checked.explain?.statements ?? []).filter((s) => s.inModel && (edge.allowed ? s.effect === 'Allow' : true));
      parts.push(el('p', { text: `${checked.decision}: the statements that ${edge.allowed ? 'allow' : 'applied to'} ${request.action} on ${shortName(request.resource)}:` }));
      parts.push(...statements.map((s) => statementBlock(s, policyAt(m.catalog, s.path), (id) => pick(id))));
      if (!statements.length) parts.push(el('p', { text: 'No statement of the model applied (only built-in ones, such as FullAWSAccess).' }));
    } catch (e) {
      if (!(e instanceof IamsimError)) throw e;
      parts.push(el('p', { text: `Could not explain: ${e.message}` }));
    }
  } else {
    // A federated or outside caller has no policies of its own: the role's trust policy decides.
    const trust = m.catalog.find((p) => p.owner === edge.to && p.kind === 'trust');
    if (trust) {
      const b = el('button', { type: 'button', class: 'small', text: 'Edit this policy', 'aria-label': `Edit ${trust.title}` });
      b.addEventListener('click', () => pick(trust.id));
      parts.push(el('p', { text: `${trust.title} decides this hop: ` }, b),
        el('pre', { class: 'statement-text', 'data-role': 'detail-statement', text: m.edits.get(trust.id) ?? policyText(m.base.model, trust.id) }));
    }
  }
  box.replaceChildren(...parts.filter(Boolean));
}

// --- status --------------------------------------------------------------------------------------

function status(text) {
  $('model-status').textContent = text;
}

function notice(text) {
  $('model-notice').textContent = text;
  $('model-notice').hidden = false;
}

function hideNotice() {
  $('model-notice').hidden = true;
}
