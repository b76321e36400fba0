// The matcher of tests/questions/README.md ("expect"): whether an answer matches the expected
// subset. Shared by the package's corpus runner (questions.test.mjs) and the page's
// (web-demo/tests/corpus.test.mjs), so both judge answers by the same rules. No tests here.

const ARRAY_OPS = ['exactly', 'include', 'exclude', 'length'];
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The matcher of tests/questions/README.md ("expect"); returns null or what differs. */
export function mismatch(expect, actual, at) {
  if (expect === null) return actual === null || actual === undefined ? null : `${at}: expected null, found ${JSON.stringify(actual)}`;
  if (isObject(expect) && Array.isArray(actual) && Object.keys(expect).length > 0 && Object.keys(expect).every((k) => ARRAY_OPS.includes(k))) {
    return arrayOps(expect, actual, at);
  }
  if (isObject(expect) && isObject(actual)) {
    for (const [k, w] of Object.entries(expect)) {
      if (!(k in actual)) {
        if (w === null) continue;
        return `${at}/${k}: missing (expected ${JSON.stringify(w)})`;
      }
      const m = mismatch(w, actual[k], `${at}/${k}`);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expect) && Array.isArray(actual)) return containsAll(expect, actual, at);
  if (!isObject(expect) && !Array.isArray(expect) && expect === actual) return null;
  return `${at}: expected ${JSON.stringify(expect)}, found ${JSON.stringify(actual)}`;
}

function containsAll(want, have, at) {
  for (const w of want) {
    if (!have.some((h) => mismatch(w, h, at) === null)) return `${at}: no item matches ${JSON.stringify(w)}`;
  }
  return null;
}

function arrayOps(ops, items, at) {
  if (ops.exactly !== undefined) {
    if (ops.exactly.length !== items.length) return `${at}: expected exactly ${ops.exactly.length} items, found ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const m = mismatch(ops.exactly[i], items[i], `${at}/${i}`);
      if (m) return m;
    }
  }
  if (ops.include !== undefined) {
    const m = containsAll(ops.include, items, at);
    if (m) return m;
  }
  for (const w of ops.exclude ?? []) {
    if (items.some((h) => mismatch(w, h, at) === null)) return `${at}: an item matches the excluded ${JSON.stringify(w)}`;
  }
  if (ops.length !== undefined && ops.length !== items.length) return `${at}: expected ${ops.length} items, found ${items.length}`;
  return null;
}

/** What `expect` is matched against: the result, or `{error}`. */
export const answerOf = (output) => ('result' in output ? output.result : { error: output.error });
