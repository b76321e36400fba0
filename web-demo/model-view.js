// Model mode's text views: the answer of a question, the diff report, and the details of a
// clicked node or edge. DOM builders only; model.js decides what to show.
import { shortName, hopNeeds } from './graph.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const sentence = (reason) => {
  const r = String(reason ?? '');
  return r ? r.charAt(0).toUpperCase() + r.slice(1) + (/[.!]$/.test(r) ? '' : '.') : '';
};

const needsText = (needs) => (needs.length ? ` (needs ${needs.join(', ')})` : '');

/** `via role/A → role/B` or `directly`, with what each hop needs. The diff's chains are ARNs,
 * with `via` naming the escalation technique of a hop that is one. */
export function chainText(chain, via) {
  if (!Array.isArray(chain) || chain.length === 0) return 'directly';
  const technique = (i) => (Array.isArray(via) && via[i] && via[i] !== 'assume' ? ` (${via[i]})` : '');
  return `via ${chain.map((h, i) => (typeof h === 'string' ? `${shortName(h)}${technique(i)}` : `${shortName(h.role)}${needsText(hopNeeds(h))}`)).join(' → ')}`;
}

const STATUS_WORD = { new: 'new: ', gone: 'gone: ', same: '' };

/**
 * A condition (docs/conditional.md) as text with one button per test that a value satisfies:
 * clicking it calls `onSet(key, value)`, so the question gives that value. Negated tests, `Null`
 * tests and tests of a resource's variables are text only: no one value makes them hold.
 */
export function conditionView(condition, onSet) {
  const box = el('span', { class: 'condition', 'data-role': 'condition' });
  if (condition.outcome === 'Allowed') {
    box.append('allowed whatever the unknown keys hold');
    return box;
  }
  if (condition.outcome === 'Denied') {
    box.append('denied whatever the unknown keys hold');
    return box;
  }
  const terms = Array.isArray(condition.anyOf) ? condition.anyOf : [];
  terms.forEach((term, t) => {
    if (t > 0) box.append(' or ');
    const literals = Array.isArray(term.allOf) ? term.allOf : [];
    if (terms.length > 1 && literals.length > 1) box.append('(');
    literals.forEach((lit, i) => {
      if (i > 0) box.append(' and ');
      const value = Array.isArray(lit.values) ? lit.values[0] : undefined;
      const settable = onSet && !lit.negated && lit.kind === 'condition' && typeof value === 'string' && !/^Null/.test(lit.operator ?? '');
      if (!settable) {
        box.append(el('code', { text: lit.text }));
        return;
      }
      const button = el('button', { type: 'button', class: 'small literal', 'data-role': 'condition-literal', text: lit.text, title: `Give ${lit.key} = ${value} in the question's context` });
      button.addEventListener('click', () => onSet(lit.key, value));
      box.append(button);
    });
    if (terms.length > 1 && literals.length > 1) box.append(')');
  });
  return box;
}

/**
 * The answer as text. `before` is the same question's answer on the unedited model (or null):
 * entries only there are listed as gone, entries only in the answer as new.
 */
export function renderAnswer(container, kind, answer, before, onSet) {
  const parts = [];
  if (kind === 'who-can') {
    const list = Array.isArray(answer.principals) ? answer.principals : [];
    const was = new Set((before?.principals ?? []).map((p) => p.principal));
    const now = new Set(list.map((p) => p.principal));
    parts.push(el('p', { class: 'answer-head', 'data-role': 'answer-head', text: list.length ? `${list.length} identit${list.length === 1 ? 'y' : 'ies'} can ${answer.action} on ${answer.resource}:` : `Nobody can ${answer.action} on ${answer.resource}.` }));
    const items = list.map((p) => {
      const status = before && !was.has(p.principal) ? 'new' : 'same';
      const req = Array.isArray(p.requires) && p.requires.length ? needsText(hopNeeds({ requires: p.requires, decision: 'Allowed' })) : '';
      const item = el('li', { class: `status-${status}`, 'data-role': 'answer-item' }, `${STATUS_WORD[status]}${p.principal} (${p.kind}) ${chainText(p.chain)}${req}`);
      if (p.condition) item.append(' — only if ', conditionView(p.condition, onSet));
      return item;
    });
    for (const p of before?.principals ?? []) {
      if (!now.has(p.principal)) items.push(el('li', { class: 'status-gone', 'data-role': 'answer-item', text: `gone: ${p.principal} (${p.kind}) ${chainText(p.chain)}` }));
    }
    if (items.length) parts.push(el('ul', { class: 'answer-list' }, ...items));
  } else if (kind === 'paths') {
    const list = Array.isArray(answer.paths) ? answer.paths : [];
    const key = (p) => (p.hops ?? []).map((h) => h.role).join('>');
    const was = new Set((before?.paths ?? []).map(key));
    const to = answer.to ? ` that can ${answer.to.action} on ${answer.to.resource}` : '';
    parts.push(el('p', { class: 'answer-head', 'data-role': 'answer-head', text: list.length ? `From ${answer.start}, ${list.length} chain${list.length === 1 ? '' : 's'}${to}:` : `From ${answer.start}, no chain${to}.` }));
    const items = list.map((p) => {
      const status = before && !was.has(key(p)) ? 'new' : 'same';
      const hops = p.hops ?? [];
      const text = hops.length ? hops.map((h) => `→ ${shortName(h.role)}${needsText(hopNeeds(h))}`).join(' ') : '(no hop: directly)';
      return el('li', { class: `status-${status}`, 'data-role': 'answer-item', text: `${STATUS_WORD[status]}${text}${p.target ? `: ${p.target.decision}` : ''}` });
    });
    if (items.length) parts.push(el('ul', { class: 'answer-list' }, ...items));
    const blocked = Array.isArray(answer.blocked) ? answer.blocked : [];
    if (blocked.length) {
      parts.push(el('p', { class: 'answer-sub', text: 'Blocked, but a change of context would open them:' }));
      parts.push(el('ul', { class: 'answer-list blocked' }, ...blocked.map((b) => el('li', { 'data-role': 'answer-blocked', text: `${(b.after ?? []).map((r) => `→ ${shortName(r)} `).join('')}→ ${shortName(b.hop.role)}${needsText(hopNeeds(b.hop))}` }))));
    }
  } else if (kind === 'assume') {
    const changed = before && before.decision !== answer.decision ? ` (was ${before.decision} before the edit)` : '';
    parts.push(el('p', { class: `verdict ${answer.allowed ? 'allowed' : 'implicit-deny'}`, 'data-role': 'answer-head', text: `${answer.decision}: ${answer.caller} assuming ${answer.role}${changed}` }));
    for (const c of Array.isArray(answer.checks) ? answer.checks : []) parts.push(el('p', { class: 'reason', text: `${c.action}: ${c.decision}. ${sentence(c.reason)}` }));
    if (answer.error) parts.push(el('p', { class: 'reason', text: `STS refuses: ${answer.error.message ?? answer.error.code}` }));
    if (answer.session) parts.push(el('p', { text: `Session ${answer.session.arn}, ${answer.session.durationSeconds} s${answer.session.chained ? ' (role chaining)' : ''}` }));
  } else if (kind === 'check') {
    const changed = before && before.decision !== answer.decision ? ` (was ${before.decision} before the edit)` : '';
    parts.push(el('p', { class: `verdict ${answer.allowed ? 'allowed' : answer.decision === 'ExplicitDeny' ? 'explicit-deny' : 'implicit-deny'}`, 'data-role': 'answer-head', text: `${answer.decision}${changed}` }));
    if (answer.condition) {
      const c = answer.condition;
      const head = c.outcome === 'Conditional' ? 'Allowed only if ' : '';
      parts.push(el('p', { class: 'answer-condition', 'data-role': 'answer-condition' }, head, conditionView(c, onSet)));
      parts.push(el('p', { class: 'hint', text: 'Without the unknown keys:' }));
    }
    if (answer.allowedIf) {
      parts.push(el('p', { class: 'answer-condition', 'data-role': 'answer-allowed-if' }, 'Would be allowed if ', conditionView(answer.allowedIf, onSet)));
    }
    parts.push(el('p', { class: 'reason', text: sentence(answer.reason) }));
    for (const n of Array.isArray(answer.nearMisses) ? answer.nearMisses : []) {
      const failed = (n.failed ?? []).map((f) => `${f.key} ${f.operator} ${JSON.stringify(f.expected)} (the request had ${f.actual === null ? 'none' : JSON.stringify(f.actual)})`).join('; ');
      parts.push(el('p', { class: 'near-miss', text: `Near miss: ${n.policy} statement ${n.sid ? `"${n.sid}"` : n.statement} needs ${failed}` }));
    }
  }
  const context = Array.isArray(answer.context) ? answer.context : [];
  if (context.length) {
    parts.push(el('details', { class: 'context' }, el('summary', { text: `Context assumed (${context.length} keys)` }),
      el('ul', {}, ...context.map((c) => el('li', {}, el('code', { text: c.key }), ` = ${Array.isArray(c.value) ? c.value.join(', ') : c.value} (${c.source})`)))));
  }
  container.replaceChildren(...parts);
}

/** An error instead of an answer. */
export function renderError(container, title, error) {
  const where = [error.path ? `at ${error.path}` : '', Number.isInteger(error.line) ? `line ${error.line}${Number.isInteger(error.column) ? `:${error.column}` : ''}` : ''].filter(Boolean).join(', ');
  container.replaceChildren(
    el('p', { class: 'verdict error', 'data-role': 'answer-head', text: title }),
    el('p', { class: 'reason', 'data-role': 'answer-error', text: `${error.code ? `[${error.code}] ` : ''}${error.message}${where ? ` (${where})` : ''}${error.hint ? `. ${error.hint}` : ''}` }),
  );
}

/**
 * The diff report (docs/diff.md): newly granted first, then revoked. `onShow(action, resource)`
 * asks who-can for a change's request, so the graph shows it.
 */
export function renderDiff(container, report, ms, onShow) {
  const granted = [];
  const revoked = [];
  for (const p of report.principals ?? []) {
    for (const c of p.changes ?? []) (c.kind === 'granted' ? granted : revoked).push({ principal: p.principal, ...c });
  }
  const head = el('p', { 'data-role': 'diff-head', text: `${report.granted} newly granted, ${report.revoked} revoked, over ${report.requests} requests the models name (${Math.round(ms)} ms).` });
  const item = (c, role) => {
    const how = c.kind === 'granted' ? chainText(c.after?.chain, c.after?.via) : `was ${chainText(c.before?.chain, c.before?.via)}`;
    const text = c.kind === 'granted' ? `+ ${c.principal} can now ${c.action} on ${c.resource} ${how}` : `− ${c.principal} can no longer ${c.action} on ${c.resource} (${how})`;
    const show = el('button', { type: 'button', class: 'small', text: 'graph', 'aria-label': `Show who can ${c.action} on ${c.resource} on the graph` });
    show.addEventListener('click', () => onShow(c.action, c.resource));
    return el('li', { class: `diff-${c.kind}`, 'data-role': role }, el('span', { text }), ' ', show);
  };
  const parts = [head];
  if (granted.length) parts.push(el('h4', { text: 'Newly granted' }), el('ul', { class: 'diff-list' }, ...granted.map((c) => item(c, 'diff-granted'))));
  if (revoked.length) parts.push(el('h4', { text: 'Revoked' }), el('ul', { class: 'diff-list' }, ...revoked.map((c) => item(c, 'diff-revoked'))));
  if (!granted.length && !revoked.length) parts.push(el('p', { text: 'No access changes: every request the models name has the same outcome.' }));
  if ((report.skipped ?? []).length) parts.push(el('p', { class: 'hint', text: `${report.skipped.length} request(s) could not be asked.` }));
  container.replaceChildren(...parts);
}

/** One statement that applied, with its text and an edit button when the model holds it. */
export function statementBlock(s, policy, onEdit) {
  const head = el('p', { class: 'statement-head' }, el('span', { class: `effect ${String(s.effect).toLowerCase()}`, text: s.effect }),
    ` ${s.policyType}: ${s.policy}, statement ${s.statement}${s.sid ? ` "${s.sid}"` : ''}`);
  if (policy && onEdit) {
    const edit = el('button', { type: 'button', class: 'small', text: 'Edit this policy', 'aria-label': `Edit ${policy.title}` });
    edit.addEventListener('click', () => onEdit(policy.id));
    head.append(' ', edit);
  }
  const block = el('div', { class: 'statement', 'data-role': 'detail-statement' }, head);
  if (typeof s.text === 'string') block.append(el('pre', { class: 'statement-text', text: s.text }));
  return block;
}
