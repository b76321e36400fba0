// Page state: its defaults, a defensive normalizer (a shared link is untrusted input), and the
// URL fragment codec (#s=<base64url of the JSON state>).

import { PRESETS, DEFAULT_PRESET } from './presets.js';

const str = (v, fallback = '') => (typeof v === 'string' ? v : fallback);
const bool = (v, fallback) => (typeof v === 'boolean' ? v : fallback);
const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

export function normalize(input) {
  const s = input && typeof input === 'object' ? input : {};
  const r = s.request && typeof s.request === 'object' ? s.request : {};
  const c = s.context && typeof s.context === 'object' ? s.context : {};
  const p = s.policies && typeof s.policies === 'object' ? s.policies : {};
  return {
    preset: str(s.preset),
    request: { principal: str(r.principal), action: str(r.action), resource: str(r.resource), resourceAccount: str(r.resourceAccount) },
    context: {
      mfa: bool(c.mfa, false), mfaOff: c.mfaOff === 'absent' ? 'absent' : 'false', mfaAge: str(c.mfaAge), secureTransport: bool(c.secureTransport, true),
      sourceIp: str(c.sourceIp), externalId: str(c.externalId), region: str(c.region), time: str(c.time),
      principalTags: str(c.principalTags), resourceTags: str(c.resourceTags), extra: str(c.extra),
    },
    policies: { identity: strings(p.identity), resource: str(p.resource), boundary: str(p.boundary), session: str(p.session), scps: strings(p.scps) },
  };
}

export function presetState(name) {
  const preset = PRESETS[name] ?? PRESETS[DEFAULT_PRESET];
  return normalize({ ...structuredClone(preset.state), preset: PRESETS[name] ? name : DEFAULT_PRESET });
}

export function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The state in a fragment, or null when there is no `#s=` fragment. Throws (with a message for
 * the page's notice) on one that is not base64url, not JSON, or not a scenario state: a link that
 * cannot be read must say so, not silently show something else.
 */
export function decodeFragment(hash) {
  const raw = String(hash ?? '');
  if (!/^#?s=/.test(raw)) return null;
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(raw);
  if (!m) throw new Error('it is not base64url text');
  const b64 = m[1].replace(/-/g, '+').replace(/_/g, '/');
  let parsed;
  try {
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('it does not hold a readable scenario (truncated or edited by hand?)');
  }
  // Every link the page ever wrote has these three objects; anything else is not one of ours.
  if (!isObject(parsed) || !isObject(parsed.request) || !isObject(parsed.context) || !isObject(parsed.policies)) {
    throw new Error('it holds something other than a scenario (request, context and policies are missing)');
  }
  return normalize(parsed);
}

/** Flattens a state into `path → value` for the what-if comparison. */
export function flatten(state, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(state)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}
