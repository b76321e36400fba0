// Model mode's state, without the DOM: the editable policies of an account model (docs/model.md),
// the edited model's text with each edit spliced in verbatim (so engine errors map back to the
// editor), the identities to offer, the AWS managed policies a model names, the question, and the
// link codec (#m= + base64url of deflate-raw JSON). Imported by model.js and by the Node tests.

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v) => (typeof v === 'string' ? v : '');

/** JSON pointer segment escaping (RFC 6901). */
const esc = (s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
const unesc = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** The value at a JSON pointer, or undefined. */
export function getAt(doc, pointer) {
  let node = doc;
  for (const part of pointer.split('/').slice(1).map(unesc)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

function setAt(doc, pointer, value) {
  const parts = pointer.split('/').slice(1).map(unesc);
  const last = parts.pop();
  let node = doc;
  for (const part of parts) node = node[part];
  node[last] = value;
}

export const arnOf = (account, kind, entity) => `arn:aws:iam::${account}:${kind}${str(entity.path) || '/'}${entity.name}`;

/** How a resource entry reads in the picker: its ARN, or what it is built from. */
function resourceName(r) {
  if (typeof r.arn === 'string') return r.arn;
  return [r.type, r.name ?? r.id].filter((x) => typeof x === 'string').join(' ') || 'resource';
}

/**
 * Every policy document of the model a user may edit: `{id, kind, account, group, title, owner}`.
 * `id` is the document's JSON pointer in the model; `kind` the validatePolicy kind; `owner` the ARN
 * of the identity it belongs to (for the graph's node details), if any.
 */
export function policyCatalog(model) {
  const out = [];
  if (!isObject(model)) return out;
  const org = isObject(model.organization) ? model.organization : null;
  if (org && isObject(org.policies)) {
    for (const [name, p] of Object.entries(org.policies)) {
      if (!isObject(p) || !isObject(p.document)) continue;
      const kind = p.type === 'rcp' ? 'rcp' : 'scp';
      out.push({ id: `/organization/policies/${esc(name)}/document`, kind, account: '', group: 'Organization', title: `${kind.toUpperCase()} ${name}` });
    }
  }
  const accounts = isObject(model.accounts) ? model.accounts : {};
  for (const [account, a] of Object.entries(accounts)) {
    if (!isObject(a)) continue;
    const group = `${str(a.name) || 'account'} ${account}`;
    const base = `/accounts/${esc(account)}`;
    const boundaries = new Map(); // policy name or ARN → who has it as boundary
    for (const kind of ['users', 'roles']) {
      for (const e of Array.isArray(a[kind]) ? a[kind] : []) {
        if (isObject(e) && typeof e.permissionBoundary === 'string') boundaries.set(e.permissionBoundary, `${kind.slice(0, -1)} ${e.name}`);
      }
    }
    const inline = (entity, pointer, label, owner) => {
      if (!isObject(entity.inlinePolicies)) return;
      for (const [name, doc] of Object.entries(entity.inlinePolicies)) {
        if (isObject(doc)) out.push({ id: `${pointer}/inlinePolicies/${esc(name)}`, kind: 'identity', account, group, title: `${label}: inline ${name}`, owner });
      }
    };
    (Array.isArray(a.users) ? a.users : []).forEach((u, i) => {
      if (isObject(u) && typeof u.name === 'string') inline(u, `${base}/users/${i}`, `user ${u.name}`, arnOf(account, 'user', u));
    });
    (Array.isArray(a.groups) ? a.groups : []).forEach((g, i) => {
      if (isObject(g) && typeof g.name === 'string') inline(g, `${base}/groups/${i}`, `group ${g.name}`, `group:${account}:${g.name}`);
    });
    (Array.isArray(a.roles) ? a.roles : []).forEach((r, i) => {
      if (!isObject(r) || typeof r.name !== 'string') return;
      const owner = arnOf(account, 'role', r);
      if (isObject(r.trustPolicy)) out.push({ id: `${base}/roles/${i}/trustPolicy`, kind: 'trust', account, group, title: `role ${r.name}: trust policy`, owner });
      inline(r, `${base}/roles/${i}`, `role ${r.name}`, owner);
    });
    (Array.isArray(a.policies) ? a.policies : []).forEach((p, i) => {
      if (!isObject(p) || !isObject(p.document) || typeof p.name !== 'string') return;
      const arn = arnOf(account, 'policy', p);
      const boundaryOf = boundaries.get(p.name) ?? boundaries.get(arn);
      out.push({
        id: `${base}/policies/${i}/document`, kind: boundaryOf ? 'boundary' : 'identity', account, group,
        title: `managed policy ${p.name}${boundaryOf ? ` (boundary of ${boundaryOf})` : ''}`, arn,
      });
    });
    (Array.isArray(a.resources) ? a.resources : []).forEach((r, i) => {
      if (isObject(r) && isObject(r.policy)) out.push({ id: `${base}/resources/${i}/policy`, kind: 'resource', account, group, title: `resource ${resourceName(r)}: policy` });
    });
  }
  return out;
}

/** The catalog entry a model path (an engine statement's `path`, an error's) falls in, or null. */
export function policyAt(catalog, path) {
  if (typeof path !== 'string') return null;
  return catalog.find((p) => path === p.id || path.startsWith(`${p.id}/`)) ?? null;
}

/** The policy's text as the editor first shows it. */
export const policyText = (model, id) => JSON.stringify(getAt(model, id) ?? null, null, 2);

/**
 * The edited model's text: the model with each edited policy replaced by the editor's text,
 * verbatim (the engine must read what the user typed, duplicate keys and all). Returns
 * `{text, segments}` with each edit's `{id, startLine, startColumn, lineCount}` in `text`.
 */
export function editedModelText(model, edits) {
  const clone = structuredClone(model);
  const marks = [];
  for (const [id, text] of edits) {
    if (getAt(clone, id) === undefined) continue;
    const mark = `\u0000iamsim-edit-${marks.length}`;
    setAt(clone, id, mark);
    marks.push({ id, mark: JSON.stringify(mark), text });
  }
  let text = JSON.stringify(clone, null, 2);
  const segments = [];
  // Marks are replaced in the order they appear, so earlier offsets stay valid.
  const found = marks.map((m) => ({ ...m, at: text.indexOf(m.mark) })).filter((m) => m.at >= 0).sort((a, b) => a.at - b.at);
  let out = '';
  let cursor = 0;
  let line = 1;
  let lineStart = 0; // index in `out` where the current line starts
  const emit = (s) => {
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
      line += 1;
      lineStart = out.length + i + 1;
    }
    out += s;
  };
  for (const m of found) {
    emit(text.slice(cursor, m.at));
    const startLine = line;
    const startColumn = [...out.slice(lineStart)].length + 1;
    emit(m.text);
    segments.push({ id: m.id, startLine, startColumn, lineCount: line - startLine + 1 });
    cursor = m.at + m.mark.length;
  }
  emit(text.slice(cursor));
  return { text: out, segments };
}

/** An engine error's position inside the edited policy it falls in: `{id, line, column}` or null. */
export function locateEdit(segments, line, column) {
  if (!Number.isInteger(line)) return null;
  const seg = segments.find((s) => line >= s.startLine && line < s.startLine + s.lineCount);
  if (!seg) return null;
  const col = Number.isInteger(column) ? (line === seg.startLine ? column - seg.startColumn + 1 : column) : undefined;
  return { id: seg.id, line: line - seg.startLine + 1, column: col };
}

/** The identities of the model: `{arn, kind, account, name}` for users and roles. */
export function identitiesOf(model) {
  const out = [];
  const accounts = isObject(model) && isObject(model.accounts) ? model.accounts : {};
  for (const [account, a] of Object.entries(accounts)) {
    if (!isObject(a)) continue;
    for (const kind of ['user', 'role']) {
      for (const e of Array.isArray(a[`${kind}s`]) ? a[`${kind}s`] : []) {
        if (isObject(e) && typeof e.name === 'string') out.push({ arn: arnOf(account, kind, e), kind, account, name: e.name, entity: e });
      }
    }
  }
  return out;
}

/** Account id → display name (`prod`), from the model. */
export function accountNames(model) {
  const names = new Map();
  const accounts = isObject(model) && isObject(model.accounts) ? model.accounts : {};
  for (const [id, a] of Object.entries(accounts)) names.set(id, isObject(a) ? str(a.name) : '');
  return names;
}

// The AWS managed policies the wasm build carries exactly (core/src/model/managed.rs SHIPPED;
// a test keeps this list equal to it). ReadOnlyAccess, ViewOnlyAccess and SecurityAudit are only
// derived there, an approximation: a model naming them needs the full set to answer as the CLI.
export const EXACT_MANAGED = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess'];
const MANAGED_PREFIX = 'arn:aws:iam::aws:policy/';

/** The AWS managed policy ARNs a model names that the wasm build does not carry exactly. */
export function managedPoliciesNeeded(model) {
  const exact = new Set(EXACT_MANAGED.map((n) => MANAGED_PREFIX + n));
  const needed = new Set();
  const walk = (v) => {
    if (typeof v === 'string') {
      if (v.startsWith(MANAGED_PREFIX) && !exact.has(v)) needed.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach(walk);
  };
  // Only where the model attaches policies: a policy document's Resource may name one too.
  const accounts = isObject(model) && isObject(model.accounts) ? model.accounts : {};
  for (const a of Object.values(accounts)) {
    if (!isObject(a)) continue;
    for (const kind of ['users', 'groups', 'roles']) {
      for (const e of Array.isArray(a[kind]) ? a[kind] : []) {
        if (isObject(e)) {
          walk(e.managedPolicies);
          walk(e.permissionBoundary);
        }
      }
    }
  }
  return [...needed].sort();
}

/** A 53-bit hash of a text (cyrb53), as hex: tells a link which model it was made against. Not
 * cryptographic; it only detects a different model, and works where crypto.subtle is absent. */
export function fingerprint(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

// --- the question --------------------------------------------------------------------------------

export const QUESTION_KINDS = ['who-can', 'paths', 'assume', 'check'];

export const DEFAULT_QUESTION = {
  kind: 'who-can', principal: 'alice', action: 'ecs:UpdateService', resource: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/web',
  role: 'arn:aws:iam::222222222222:role/Deploy', externalId: '', mfa: true, maxDepth: '',
  // "Under which conditions?": every context key the question does not fix left unknown
  // (who-can and check; docs/conditional.md). `context`: `key=value` lines the question gives.
  conditional: false, context: '',
};

export function normalizeQuestion(q) {
  const s = isObject(q) ? q : {};
  const out = { ...DEFAULT_QUESTION };
  if (QUESTION_KINDS.includes(s.kind)) out.kind = s.kind;
  for (const key of ['principal', 'action', 'resource', 'role', 'externalId', 'context']) if (typeof s[key] === 'string') out[key] = s[key];
  for (const key of ['mfa', 'conditional']) if (typeof s[key] === 'boolean') out[key] = s[key];
  if (typeof s.maxDepth === 'string' && /^\d{0,2}$/.test(s.maxDepth)) out.maxDepth = s.maxDepth;
  return out;
}

/**
 * The context a question gives, from `key=value` lines (blank lines skipped; a key on several
 * lines is multivalued): `{context}`, or `{error: {line, message}}` for a line that is not
 * `key=value` — never a line silently dropped.
 */
export function contextOf(text) {
  const context = {};
  const lines = String(text ?? '').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key) return { error: { line: i + 1, message: `context line ${i + 1} is not key=value: ${JSON.stringify(line)}` } };
    const value = line.slice(eq + 1).trim();
    const had = context[key];
    context[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return { context };
}

/** `text` (context lines) with `key` set to `value`, replacing the lines of that key. */
export function withContextValue(text, key, value) {
  const lower = key.toLowerCase();
  const kept = String(text ?? '').split('\n').filter((l) => l.trim() && l.slice(0, l.indexOf('=')).trim().toLowerCase() !== lower);
  return [...kept, `${key}=${value}`].join('\n');
}

/** The wasm query of a question, as docs/questions.md defines it. Throws an Error for context
 * lines that cannot be read (contextOf). */
export function queryOf(q) {
  const depth = q.maxDepth.trim() === '' ? {} : { maxDepth: Number(q.maxDepth) };
  const read = contextOf(q.context);
  if (read.error) throw Object.assign(new Error(read.error.message), { code: 'invalid-context', path: '/context' });
  const context = Object.keys(read.context).length ? { context: read.context } : {};
  const unknown = q.conditional ? { unknown: ['*'] } : {};
  switch (q.kind) {
    case 'who-can':
      return { action: q.action.trim(), resource: q.resource.trim(), mfa: q.mfa, ...depth, ...context, ...unknown };
    case 'paths': {
      const to = q.action.trim() && q.resource.trim() ? { to: { action: q.action.trim(), resource: q.resource.trim() } } : {};
      return { principal: q.principal.trim(), mfa: q.mfa, ...depth, ...to, ...context };
    }
    case 'assume':
      return { principal: q.principal.trim(), role: q.role.trim(), mfa: q.mfa, ...(q.externalId.trim() ? { externalId: q.externalId.trim() } : {}), ...context };
    default:
      return { principal: q.principal.trim(), action: q.action.trim(), resource: q.resource.trim(), mfa: q.mfa, ...context, ...unknown };
  }
}

// --- the link ------------------------------------------------------------------------------------

const LINK_VERSION = 1;

async function pump(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

const toB64url = (bytes) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/**
 * The fragment of a model-mode state: `#m=` + base64url(deflate-raw(JSON)). `base` says which
 * model the edits apply to: `{kind: 'example'|'file', name, fingerprint}`; edits are
 * `[[policy id, text]]`. A file's own text is never put in the link (it may be large, and private).
 */
export async function encodeModelLink({ base, edits, question }) {
  const json = JSON.stringify({ v: LINK_VERSION, base, edits: [...edits], q: question });
  return `#m=${toB64url(await pump(new TextEncoder().encode(json), new CompressionStream('deflate-raw')))}`;
}

/** True for a fragment that is a model-mode link (or asks for model mode with `#model`). */
export const isModelFragment = (hash) => /^#?(m=|model$)/.test(String(hash ?? ''));

/**
 * The state in a `#m=` fragment, or null for `#model` / none. Throws an Error whose message ends
 * the sentence "This link could not be read: …" for anything else.
 */
export async function decodeModelLink(hash) {
  const raw = String(hash ?? '');
  if (!/^#?m=/.test(raw)) return null;
  const m = /^#?m=([A-Za-z0-9_-]+)$/.exec(raw);
  if (!m) throw new Error('it is not base64url text');
  let parsed;
  try {
    const b64 = m[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = await pump(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)), new DecompressionStream('deflate-raw'));
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('it does not hold a readable model edit (truncated or changed by hand?)');
  }
  if (!isObject(parsed) || parsed.v !== LINK_VERSION) throw new Error('it was made by another version of this page');
  const base = isObject(parsed.base) ? parsed.base : null;
  if (!base || !['example', 'file'].includes(base.kind) || typeof base.fingerprint !== 'string') throw new Error('it does not say which model it edits');
  if (!Array.isArray(parsed.edits) || !parsed.edits.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[0].startsWith('/') && typeof e[1] === 'string')) {
    throw new Error('its edits are not policy texts');
  }
  return { base: { kind: base.kind, name: str(base.name), fingerprint: base.fingerprint }, edits: parsed.edits, question: normalizeQuestion(parsed.q) };
}
