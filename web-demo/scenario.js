// Page state → the scenario JSON text of docs/scenario.md, keeping where each editor's text sits
// in it, so that engine locations (error line/column, trace byte offsets) map back to editors.
// Editor texts are inserted verbatim, each starting at column 1 of its own line.

const encoder = new TextEncoder();

/** Lines of `key=value` → [[key, value]]; returns the lines that are not of that form too. */
export function parsePairs(text) {
  const pairs = [];
  const bad = [];
  for (const raw of String(text ?? '').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) bad.push(line);
    else pairs.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return { pairs, bad };
}

/** The request context from the context controls. */
export function contextOf(c) {
  const ctx = {};
  const notes = [];
  const put = (key, value) => {
    if (key in ctx) ctx[key] = [].concat(ctx[key], value); // a repeated key is multi-valued
    else ctx[key] = value;
  };
  // Without MFA, AWS sets the key to false for temporary credentials (role sessions, console
  // sign-in) and leaves it out for long-term access keys: the page lets the user say which.
  if (c.mfa) put('aws:MultiFactorAuthPresent', 'true');
  else if (c.mfaOff !== 'absent') put('aws:MultiFactorAuthPresent', 'false');
  if (c.mfa && String(c.mfaAge).trim()) put('aws:MultiFactorAuthAge', String(c.mfaAge).trim());
  put('aws:SecureTransport', c.secureTransport ? 'true' : 'false');
  if (c.sourceIp.trim()) put('aws:SourceIp', c.sourceIp.trim());
  if (c.externalId.trim()) put('sts:ExternalId', c.externalId.trim());
  if (c.region.trim()) put('aws:RequestedRegion', c.region.trim());
  if (c.time.trim()) {
    const ms = Date.parse(c.time.trim());
    if (Number.isNaN(ms)) notes.push(`time \`${c.time.trim()}\` is not a date; use e.g. 2026-11-28T12:00:00Z`);
    else {
      put('aws:CurrentTime', new Date(ms).toISOString().replace(/\.000Z$/, 'Z'));
      put('aws:EpochTime', String(Math.floor(ms / 1000)));
    }
  }
  for (const [field, prefix] of [['principalTags', 'aws:PrincipalTag/'], ['resourceTags', 'aws:ResourceTag/'], ['extra', '']]) {
    const { pairs, bad } = parsePairs(c[field]);
    for (const [k, v] of pairs) put(prefix + k, v);
    for (const line of bad) notes.push(`\`${line}\` is not of the form key=value`);
  }
  return { context: ctx, notes };
}

/** The editors of a state, in scenario order: {id, title, kind, field, text}. */
export function editorsOf(state) {
  const assume = /^sts:assumerole/i.test(state.request.action.trim());
  const list = state.policies.identity.map((text, i) => ({ id: `identity-${i}`, title: `Identity policy ${i + 1}`, kind: 'identity', field: 'identityPolicies', text }));
  // KMS reads its key policy even in the key's own account: name it as such.
  const kms = /^kms:/i.test(state.request.action.trim());
  const resourceTitle = assume ? 'Trust policy (of the role)' : kms ? 'Key policy (of the KMS key)' : 'Resource-based policy';
  list.push({ id: 'resource', title: resourceTitle, kind: assume ? 'trust' : 'resource', field: 'resourcePolicy', text: state.policies.resource });
  list.push({ id: 'boundary', title: 'Permissions boundary', kind: 'boundary', field: 'permissionBoundary', text: state.policies.boundary });
  list.push({ id: 'session', title: 'Session policy', kind: 'session', field: 'sessionPolicy', text: state.policies.session });
  state.policies.scps.forEach((text, i) => list.push({ id: `scp-${i}`, title: `SCP level ${i + 1}${i === 0 ? ' (root)' : ''}`, kind: 'scp', field: 'scps', text }));
  return list;
}

const blank = (text) => String(text ?? '').trim() === '';
/** An SCP level is a list of policies; an editor holding one policy object is a level of one. */
export const isLevelArray = (text) => String(text).trimStart().startsWith('[');

/**
 * Builds the scenario text. Returns {text, segments}, a segment being
 * {id, startLine, lineCount, startByte, endByte} of one editor's text inside `text`.
 */
export function buildScenario(state) {
  let text = '';
  let line = 1;
  let bytes = 0;
  const segments = [];
  const emit = (s) => {
    text += s;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) line += 1;
    bytes += encoder.encode(s).length;
  };
  const emitEditor = (ed) => {
    const startLine = line;
    const startByte = bytes;
    emit(ed.text);
    segments.push({ id: ed.id, startLine, lineCount: line - startLine + 1, startByte, endByte: bytes });
  };

  const r = state.request;
  const head = {
    id: 'web-demo',
    principal: blank(r.principal) ? null : r.principal.trim(),
    action: r.action.trim(),
    resource: r.resource.trim(),
  };
  if (!blank(r.resourceAccount)) head.resourceAccount = r.resourceAccount.trim();
  head.context = contextOf(state.context).context;
  emit(JSON.stringify(head).slice(0, -1));

  const editors = editorsOf(state).filter((ed) => !blank(ed.text));
  const single = (field) => {
    const ed = editors.find((e) => e.field === field);
    if (!ed) return;
    emit(`,\n"${field}":\n`);
    emitEditor(ed);
  };
  const identity = editors.filter((e) => e.field === 'identityPolicies');
  if (identity.length) {
    emit(',\n"identityPolicies": [');
    identity.forEach((ed, i) => {
      emit(i ? '\n,\n' : '\n');
      emitEditor(ed);
    });
    emit('\n]');
  }
  single('resourcePolicy');
  single('permissionBoundary');
  single('sessionPolicy');
  const scps = editors.filter((e) => e.field === 'scps');
  if (scps.length) {
    emit(',\n"scps": [');
    scps.forEach((ed, i) => {
      const wrap = !isLevelArray(ed.text);
      emit(i ? '\n,\n' : '\n');
      if (wrap) emit('[\n');
      emitEditor(ed);
      if (wrap) emit('\n]');
    });
    emit('\n]');
  }
  emit('\n}\n');
  return { text, segments };
}

/** The editor and local position of a scenario line/column, or null when outside every editor. */
export function locate(segments, line, column) {
  if (!Number.isInteger(line)) return null;
  const seg = segments.find((s) => line >= s.startLine && line < s.startLine + s.lineCount);
  return seg ? { id: seg.id, line: line - seg.startLine + 1, column } : null;
}

/** UTF-16 index in `text` of a UTF-8 byte offset into it. */
export function byteToIndex(text, byteOffset) {
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    const code = text.codePointAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** The editor and UTF-16 range of a trace statement's byte range, or null. */
export function locateBytes(segments, texts, start, end) {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  const seg = segments.find((s) => start >= s.startByte && start < s.endByte);
  if (!seg) return null;
  const text = texts.get(seg.id) ?? '';
  return { id: seg.id, start: byteToIndex(text, start - seg.startByte), end: byteToIndex(text, Math.min(end, seg.endByte) - seg.startByte) };
}
