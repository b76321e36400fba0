// The answer as a picture: accounts as horizontal bands (clusters), identities and roles as nodes,
// each hop an edge labelled with what it needs. Layered left → right by hop depth. Pure functions
// build and lay out the graph (tested in Node); renderGraph draws it as SVG with the DOM.

export const COLLAPSE_ABOVE = 50; // nodes; above this, accounts collapse to one node each

const accountOfArn = (arn) => {
  const m = /^arn:aws[\w-]*:[^:]*:[^:]*:(\d{12}):/.exec(String(arn));
  return m ? m[1] : '';
};

/** A node's short label: `role/Deploy`, `user/ops/alice`, the provider's host, the target. */
export function shortName(arn) {
  const s = String(arn);
  const iam = /^arn:aws[\w-]*:(?:iam|sts)::\d{12}:(.+)$/.exec(s);
  if (iam) {
    const rest = iam[1];
    if (rest === 'root') return 'account root';
    const oidc = /^oidc-provider\/(.+)$/.exec(rest);
    if (oidc) return `OIDC ${oidc[1]}`;
    const saml = /^saml-provider\/(.+)$/.exec(rest);
    if (saml) return `SAML ${saml[1]}`;
    return rest;
  }
  const parts = s.split(':');
  return s.startsWith('arn:') && parts.length > 5 ? parts.slice(5).join(':') : s;
}

/** What a hop needs, as short edge labels: the escalation technique, ExternalId, federated
 * claims, MFA, other context keys it depends on. */
export function hopNeeds(hop) {
  const out = [];
  if (hop.kind && hop.kind !== 'assume') out.push(String(hop.kind));
  for (const r of Array.isArray(hop.requires) ? hop.requires : []) {
    const key = String(r.key ?? '');
    const value = Array.isArray(r.value) ? r.value.join('|') : String(r.value ?? '');
    if (key === 'sts:ExternalId') out.push(`ExternalId ${value}`);
    else if (/^SAML:/.test(key)) out.push(`${key}=${value}`);
    else out.push(`${key.includes(':') ? key.slice(key.lastIndexOf(':') + 1) : key}=${value}`);
  }
  const allowed = hop.decision === 'Allowed';
  for (const f of Array.isArray(hop.flips) ? hop.flips : []) {
    const key = String(f.key ?? '');
    const mfa = key === 'aws:MultiFactorAuthPresent' || key === 'aws:MultiFactorAuthAge';
    // An allowed hop that a change would deny depends on that key; a denied one needs the change.
    if (allowed && f.decision !== 'Allowed') out.push(mfa ? 'MFA' : key);
    if (!allowed && f.decision === 'Allowed') out.push(mfa ? 'MFA' : `${key}=${f.value ?? '(absent)'}`);
  }
  return [...new Set(out)];
}

/**
 * The graph of an answer: `{nodes: Map id → node, edges: Map id → edge}`. A node is
 * `{id, label, account, kind, depth}`; an edge `{id, from, to, kind, allowed, needs, hop?, request?}`:
 * `kind` is `hop` (a role assumption or technique) or `access` (the final request).
 */
export function buildGraph(kind, answer) {
  const nodes = new Map();
  const edges = new Map();
  const node = (id, depth, extra = {}) => {
    const old = nodes.get(id);
    if (old) {
      old.depth = Math.min(old.depth, depth);
      return old;
    }
    const n = { id, label: shortName(id), account: extra.account ?? accountOfArn(id), kind: extra.kind ?? (/:role\//.test(id) ? 'role' : /:user\//.test(id) ? 'user' : 'other'), depth };
    nodes.set(id, n);
    return n;
  };
  const edge = (from, to, data) => {
    const id = `${data.kind}:${from}→${to}`;
    if (!edges.has(id)) edges.set(id, { id, from, to, ...data });
    return edges.get(id);
  };
  const hops = (start, chain, startDepth) => {
    let last = start;
    chain.forEach((hop, i) => {
      node(hop.role, startDepth + i + 1, { kind: 'role' });
      edge(hop.from ?? last, hop.role, { kind: 'hop', allowed: hop.decision === 'Allowed', needs: hopNeeds(hop), hop });
      last = hop.role;
    });
    return last;
  };
  const target = (action, resource) => `target:${action} ${resource}`;
  const targetNode = (id, action, resource, account) => {
    const n = node(id, 0, { kind: 'target', account: account || accountOfArn(resource) });
    n.label = `${action} on ${shortName(resource)}`;
    n.action = action;
    n.resource = resource;
    return n;
  };
  let targetId = null;
  if (!answer || typeof answer !== 'object') return { nodes, edges, targetId };

  if (kind === 'who-can') {
    targetId = target(answer.action, answer.resource);
    for (const p of Array.isArray(answer.principals) ? answer.principals : []) {
      node(p.principal, 0, { kind: p.kind, account: p.account === '*' ? '' : p.account });
      const chain = Array.isArray(p.chain) ? p.chain : [];
      const last = hops(p.principal, chain, 0);
      // The entry's own `requires` is for the question itself (an ExternalId on sts:AssumeRole).
      const needs = hopNeeds({ requires: p.requires, decision: 'Allowed' });
      edge(last, targetId, { kind: 'access', allowed: true, needs, request: { principal: last, action: answer.action, resource: answer.resource }, reason: p.reason });
    }
    if (nodes.size) targetNode(targetId, answer.action, answer.resource);
  } else if (kind === 'paths') {
    node(answer.start, 0, { kind: /:role\//.test(answer.start) ? 'role' : 'user' });
    if (answer.to) targetId = target(answer.to.action, answer.to.resource);
    for (const p of Array.isArray(answer.paths) ? answer.paths : []) {
      const last = hops(answer.start, Array.isArray(p.hops) ? p.hops : [], 0);
      if (targetId && p.target) {
        edge(last, targetId, { kind: 'access', allowed: p.target.decision === 'Allowed', needs: [], request: { principal: last, action: answer.to.action, resource: answer.to.resource }, reason: p.target.reason });
      }
    }
    for (const b of Array.isArray(answer.blocked) ? answer.blocked : []) {
      const after = Array.isArray(b.after) ? b.after : [];
      const from = after.length ? after[after.length - 1] : answer.start;
      const depth = (nodes.get(from)?.depth ?? after.length) + 1;
      node(b.hop.role, depth, { kind: 'role' });
      edge(b.hop.from ?? from, b.hop.role, { kind: 'hop', allowed: false, needs: hopNeeds(b.hop), hop: b.hop });
    }
    if (targetId) targetNode(targetId, answer.to.action, answer.to.resource);
  } else if (kind === 'assume') {
    node(answer.caller, 0);
    node(answer.role, 1, { kind: 'role' });
    const check = Array.isArray(answer.checks) ? answer.checks[0] : null;
    edge(answer.caller, answer.role, { kind: 'hop', allowed: answer.allowed === true, needs: [], hop: { from: answer.caller, role: answer.role, decision: answer.decision, reason: check?.reason ?? '' } });
  } else if (kind === 'check') {
    node(answer.principal, 0);
    targetId = target(answer.action, answer.resource);
    targetNode(targetId, answer.action, answer.resource);
    edge(answer.principal, targetId, { kind: 'access', allowed: answer.allowed === true, needs: [], request: { principal: answer.principal, action: answer.action, resource: answer.resource }, reason: answer.reason });
  }
  layerByLongestPath(nodes, edges);
  return { nodes, edges, targetId };
}

/** Depth = the longest chain of edges into a node (so every edge points right, and the target
 * sits right of everything that reaches it). Bounded relaxation: a cycle cannot loop forever. */
export function layerByLongestPath(nodes, edges) {
  for (const n of nodes.values()) n.depth = 0;
  for (let round = 0; round < nodes.size; round++) {
    let changed = false;
    for (const e of edges.values()) {
      const a = nodes.get(e.from);
      const b = nodes.get(e.to);
      if (a && b && a !== b && b.depth < a.depth + 1 && a.depth + 1 < nodes.size) {
        b.depth = a.depth + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
}

/**
 * Before and after graphs in one: each node and edge gets `status` `same`, `new` (only after the
 * edit) or `gone` (only before). An edge whose decision changed counts as new (or gone).
 */
export function mergeGraphs(before, after) {
  if (!before) {
    for (const x of [...after.nodes.values(), ...after.edges.values()]) x.status = 'same';
    return after;
  }
  const nodes = new Map();
  const edges = new Map();
  for (const [id, n] of after.nodes) nodes.set(id, { ...n, status: before.nodes.has(id) ? 'same' : 'new' });
  for (const [id, n] of before.nodes) if (!nodes.has(id)) nodes.set(id, { ...n, status: 'gone' });
  const key = (e) => `${e.id}:${e.allowed}`;
  const beforeKeys = new Set([...before.edges.values()].map(key));
  const afterKeys = new Set([...after.edges.values()].map(key));
  for (const [id, e] of after.edges) edges.set(id, { ...e, status: beforeKeys.has(key(e)) ? 'same' : 'new' });
  for (const [id, e] of before.edges) if (!afterKeys.has(key(e)) && !edges.has(id)) edges.set(id, { ...e, status: 'gone' });
  for (const [id, e] of before.edges) {
    if (!afterKeys.has(key(e)) && edges.has(id) && edges.get(id).status === 'same') edges.get(id).status = 'new';
  }
  layerByLongestPath(nodes, edges);
  return { nodes, edges, targetId: after.targetId ?? before.targetId };
}

/**
 * Collapses every account not in `expanded` into one node when the graph has more than `limit`
 * nodes: edges are re-pointed to the account's node, merged, and those inside one account dropped.
 */
export function collapse(graph, expanded = new Set(), limit = COLLAPSE_ABOVE) {
  if (graph.nodes.size <= limit) return { ...graph, collapsed: false };
  const nodes = new Map();
  const map = new Map();
  for (const n of graph.nodes.values()) {
    if (n.kind === 'target' || expanded.has(n.account) || !n.account) {
      nodes.set(n.id, n);
      map.set(n.id, n.id);
      continue;
    }
    const id = `account:${n.account}`;
    const group = nodes.get(id) ?? { id, label: '', account: n.account, kind: 'account', depth: n.depth, members: 0, status: n.status };
    group.members += 1;
    group.depth = Math.min(group.depth, n.depth);
    if (group.status !== n.status) group.status = group.status === 'same' || n.status === 'same' ? 'same' : 'new';
    group.label = `${group.members} identit${group.members === 1 ? 'y' : 'ies'}`;
    nodes.set(id, group);
    map.set(n.id, id);
  }
  const edges = new Map();
  for (const e of graph.edges.values()) {
    const from = map.get(e.from) ?? e.from;
    const to = map.get(e.to) ?? e.to;
    if (from === to) continue;
    const id = `${e.kind}:${from}→${to}`;
    const old = edges.get(id);
    if (old) {
      old.count += 1;
      old.needs = [...new Set([...old.needs, ...e.needs])];
      if (e.status === 'new' || e.status === 'gone') old.status = old.status === 'same' ? 'same' : e.status;
      old.allowed = old.allowed || e.allowed;
    } else edges.set(id, { ...e, id, from, to, count: 1 });
  }
  layerByLongestPath(nodes, edges);
  return { nodes, edges, targetId: graph.targetId, collapsed: true };
}

export const LAYOUT = { colWidth: 320, nodeWidth: 175, nodeHeight: 34, rowGap: 30, bandGap: 12, bandPad: 10, bandHead: 20, left: 14, top: 6 };

/**
 * Positions: accounts are bands from top to bottom (in order of their first node by depth), hop
 * depth is the column. Returns `{bands: [{account, y, height}], pos: Map id → {x, y}, width, height}`.
 */
export function layout(graph, L = LAYOUT) {
  const ordered = [...graph.nodes.values()].sort((a, b) => a.depth - b.depth || a.account.localeCompare(b.account) || a.label.localeCompare(b.label));
  const accounts = [];
  for (const n of ordered) if (!accounts.includes(n.account)) accounts.push(n.account);
  const bands = [];
  const pos = new Map();
  let y = L.top;
  let maxDepth = 0;
  for (const account of accounts) {
    const members = ordered.filter((n) => n.account === account);
    const perColumn = new Map();
    for (const n of members) {
      const row = perColumn.get(n.depth) ?? 0;
      perColumn.set(n.depth, row + 1);
      pos.set(n.id, { x: L.left + n.depth * L.colWidth, y: y + L.bandHead + row * (L.nodeHeight + L.rowGap) });
      maxDepth = Math.max(maxDepth, n.depth);
    }
    const rows = Math.max(...perColumn.values());
    const height = L.bandHead + L.bandPad + rows * L.nodeHeight + (rows - 1) * L.rowGap;
    bands.push({ account, y, height });
    y += height + L.bandGap;
  }
  return { bands, pos, width: L.left + maxDepth * L.colWidth + L.nodeWidth + L.left, height: Math.max(y - L.bandGap + L.top, 60) };
}

// --- SVG -----------------------------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Draws `graph` into `container` (replacing its content). `accountNames` maps an account id to
 * its name; `onNode(node)` / `onEdge(edge)` run on click or Enter/Space. Returns the <svg>.
 */
export function renderGraph(container, graph, { accountNames = new Map(), onNode, onEdge, title = 'Answer graph' } = {}) {
  const L = LAYOUT;
  const { bands, pos, width, height } = layout(graph, L);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': title, class: 'graph' });
  const defs = svg('defs');
  for (const [id, cls] of [['arrow', 'arrow'], ['arrow-new', 'arrow new'], ['arrow-gone', 'arrow gone'], ['arrow-denied', 'arrow denied']]) {
    defs.append(svg('marker', { id: `g-${id}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls })));
  }
  root.append(defs);
  for (const b of bands) {
    const name = accountNames.get(b.account);
    const label = b.account ? `${name ? `${name} ` : ''}${b.account}` : 'outside / any account';
    root.append(svg('g', { class: 'band', 'data-account': b.account },
      svg('rect', { x: 2, y: b.y, width: width - 4, height: b.height, rx: 8 }),
      svg('text', { x: 10, y: b.y + 14, class: 'band-label' }, label)));
  }
  const edgeLayer = svg('g', { class: 'edges' });
  const labelLayer = svg('g', { class: 'edge-labels' });
  const activate = (node, fn) => {
    node.addEventListener('click', fn);
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        fn();
      }
    });
  };
  for (const e of graph.edges.values()) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + L.nodeWidth;
    const y1 = a.y + L.nodeHeight / 2;
    const x2 = b.x;
    const y2 = b.y + L.nodeHeight / 2;
    const back = x2 <= x1;
    // An edge that skips columns arcs over the nodes between (a straight one would seem to
    // pass through them).
    const lift = back ? 60 : x2 - x1 > L.colWidth ? 28 + 8 * Math.round((x2 - x1) / L.colWidth) : 0;
    const dx = back ? 120 : Math.max((x2 - x1) / 2, 30);
    const d = `M ${x1} ${y1} C ${x1 + dx} ${y1 - lift}, ${x2 - dx} ${y2 - lift}, ${x2} ${y2}`;
    const status = e.status ?? 'same';
    const cls = ['edge', `edge-${e.kind}`, e.allowed ? 'allowed' : 'denied', `status-${status}`].join(' ');
    const marker = status === 'new' ? 'arrow-new' : status === 'gone' ? 'arrow-gone' : e.allowed ? 'arrow' : 'arrow-denied';
    const needs = e.needs ?? [];
    const name = `${shortName(e.from)} to ${shortName(e.to)}${e.allowed ? '' : ' (denied)'}${needs.length ? `, needs ${needs.join(', ')}` : ''}${status !== 'same' ? ` (${status === 'new' ? 'new after the edit' : 'gone after the edit'})` : ''}`;
    const g = svg('g', { class: cls, tabindex: 0, role: 'button', 'aria-label': `Edge ${name}`, 'data-from': e.from, 'data-to': e.to, 'data-status': status },
      svg('path', { d, class: 'edge-hit' }), svg('path', { d, class: 'edge-line', 'marker-end': `url(#g-${marker})` }),
      svg('title', {}, name));
    if (onEdge) activate(g, () => onEdge(e));
    edgeLayer.append(g);
    // One line per need, stacked above the middle of the edge (the gap between columns is
    // wide enough for 24 characters).
    const lines = [...needs, ...(e.count > 1 ? [`×${e.count}`] : [])].map((t) => clip(t, 24));
    if (lines.length) {
      const shown = lines.length > 3 ? [...lines.slice(0, 2), `+${lines.length - 2} more`] : lines;
      const mx = (x1 + x2) / 2;
      const my = (y1 + y2) / 2 - lift * 0.75 - 4 - (shown.length - 1) * 13;
      const w = Math.max(...shown.map((t) => t.length)) * 6 + 10;
      const g = svg('g', { class: `edge-label status-${status}`, 'aria-hidden': 'true' },
        svg('rect', { x: mx - w / 2, y: my - 11, width: w, height: shown.length * 13 + 3, rx: 3 }));
      shown.forEach((t, i) => g.append(svg('text', { x: mx, y: my + i * 13, 'text-anchor': 'middle' }, t)));
      labelLayer.append(g);
    }
  }
  root.append(edgeLayer);
  const nodeLayer = svg('g', { class: 'nodes' });
  for (const n of graph.nodes.values()) {
    const p = pos.get(n.id);
    const status = n.status ?? 'same';
    const label = n.kind === 'account' ? `${accountNames.get(n.account) || n.account}: ${n.label}` : n.label;
    const g = svg('g', { class: `node node-${n.kind} status-${status}`, tabindex: 0, role: 'button', 'aria-label': `${n.kind === 'target' ? 'Target' : n.kind === 'account' ? 'Collapsed account' : 'Identity'} ${n.kind === 'target' ? n.label : n.id}${status !== 'same' ? ` (${status === 'new' ? 'new after the edit' : 'gone after the edit'})` : ''}`, 'data-id': n.id, 'data-status': status },
      svg('rect', { x: p.x, y: p.y, width: L.nodeWidth, height: L.nodeHeight, rx: n.kind === 'role' ? 14 : 4 }),
      ...(n.kind === 'target'
        ? [svg('text', { x: p.x + 8, y: p.y + 14 }, clip(n.action, 27)), svg('text', { x: p.x + 8, y: p.y + 28, class: 'sub' }, clip(shortName(n.resource), 29))]
        : [svg('text', { x: p.x + 8, y: p.y + 21 }, clip(label, 27))]),
      svg('title', {}, n.kind === 'target' ? n.label : n.id));
    if (onNode) activate(g, () => onNode(n));
    nodeLayer.append(g);
  }
  root.append(nodeLayer, labelLayer);
  container.replaceChildren(root);
  return root;
}
