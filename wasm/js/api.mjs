// The public API over the raw wasm exports, shared by the browser and the Node entry points.
//
// The raw exports take and return JSON text (see wasm/src/lib.rs). This layer checks argument
// types, parses results into plain objects, turns error results into thrown `IamsimError`s, and
// guards against a wasm trap: core never panics by contract, but if the module ever traps, callers
// get a structured error instead of a bare `RuntimeError`, and the instance is not used again
// because its memory can no longer be trusted.
//
// This file is also converted to CommonJS by build-pkg.mjs: keep it free of imports and use only
// `export function` / `export class` / `export const` at the top level.

/** The engine rejects larger inputs anyway (core's json::Limits); checking the UTF-16 length
 * first avoids copying a huge string into wasm memory only to reject it there. */
export const MAX_INPUT_CHARS = 32 * 1024 * 1024;

/** An error with the structured fields of an iamsim diagnostic. */
export class IamsimError extends Error {
  constructor(detail, options) {
    const d = detail && typeof detail === 'object' ? detail : {};
    super(typeof d.message === 'string' ? d.message : 'iamsim failed', options);
    this.name = 'IamsimError';
    this.code = typeof d.code === 'string' ? d.code : 'internal';
    for (const key of ['path', 'line', 'column', 'endLine', 'endColumn', 'hint', 'severity']) {
      if (d[key] !== undefined) this[key] = d[key];
    }
    // Every diagnostic found, the first one being the error itself.
    this.diagnostics = Array.isArray(d.diagnostics) ? d.diagnostics : [stripNested(d)];
    if (options && 'id' in options) this.id = options.id;
    if (options && options.result !== undefined) this.result = options.result;
  }
}

function stripNested(d) {
  const { diagnostics, ...rest } = d;
  return rest;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function malformed(name, result) {
  return new IamsimError({ code: 'internal', message: `${name} returned an unexpected result: ${JSON.stringify(result)}` });
}

function wrongType(message, path) {
  return new IamsimError({ code: 'wrong-type', message, path: path ?? '' });
}

/** JSON text from a string or a JSON-compatible object. */
function toJsonText(input, what) {
  let text = input;
  if (typeof input !== 'string') {
    if (input === null || typeof input !== 'object') {
      throw wrongType(`${what} must be JSON text or an object, found ${describe(input)}`);
    }
    try {
      text = JSON.stringify(input);
    } catch (cause) {
      throw new IamsimError(
        { code: 'wrong-type', message: `${what} cannot be turned into JSON: ${cause && cause.message}`, path: '' },
        { cause },
      );
    }
  }
  if (text.length > MAX_INPUT_CHARS) {
    throw new IamsimError({
      code: 'input-too-large',
      message: `the input is ${text.length} characters, more than the limit of ${MAX_INPUT_CHARS}`,
      path: '',
    });
  }
  return text;
}

/**
 * Builds the API over `raw` (the wasm-bindgen module). `isReady` tells whether the module is
 * instantiated (the browser build needs `await init()` first).
 */
export function makeApi(raw, isReady) {
  let broken = null;

  // Calls one raw export and parses its JSON result; never lets anything but an IamsimError out.
  function call(name, args) {
    if (isReady && !isReady()) {
      throw new IamsimError({ code: 'not-initialized', message: `${name} was called before the module was loaded`, hint: 'await init() first' });
    }
    if (broken !== null) {
      throw new IamsimError({ code: 'engine-unavailable', message: `the engine stopped earlier (${broken}) and cannot be used again`, hint: 'load the module again (reload the page or restart the process)' });
    }
    let text;
    try {
      text = raw[name](...args);
    } catch (cause) {
      const message = cause && cause.message ? cause.message : String(cause);
      if (cause instanceof WebAssembly.RuntimeError) broken = message;
      throw new IamsimError(
        { code: 'engine-trap', message: `the engine stopped with an internal error in ${name}: ${message}`, hint: 'this is a bug in iamsim; please report the input' },
        { cause },
      );
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new IamsimError({ code: 'internal', message: `${name} returned malformed JSON` }, { cause });
    }
  }

  /** Decides one scenario (docs/scenario.md): `{id, decision, trace?}`, or throws IamsimError. */
  function decide(scenario, options) {
    const text = toJsonText(scenario, 'the scenario');
    if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
      throw wrongType(`options must be an object, found ${describe(options)}`);
    }
    const explain = options ? options.explain : undefined;
    if (explain !== undefined && typeof explain !== 'boolean') {
      throw wrongType(`options.explain must be a boolean, found ${describe(explain)}`);
    }
    const result = call('decideJson', [text, explain === true]);
    if (result && result.error) {
      throw new IamsimError(result.error, { id: result.id ?? null, result });
    }
    if (!result || typeof result.decision !== 'string') throw malformed('decideJson', result);
    return result;
  }

  /** Validates one policy document of a kind: `{valid, diagnostics}`. Problems in the policy are
   * diagnostics, not exceptions; an unknown kind or a non-string argument throws. */
  function validatePolicy(policy, kind) {
    const text = toJsonText(policy, 'the policy');
    if (typeof kind !== 'string') throw wrongType(`the policy kind must be a string, found ${describe(kind)}`);
    const result = call('validateJson', [text, kind]);
    if (!result || !Array.isArray(result.diagnostics)) throw malformed('validateJson', result);
    const unknownKind = result.diagnostics.find((d) => d && d.code === 'unknown-policy-kind');
    if (unknownKind) throw new IamsimError(unknownKind, { result });
    return result;
  }

  // Model queries: `model` is the account model (object or JSON text; omitted or null = the
  // embedded example organization); `query` the object documented in docs/wasm.md.
  function modelCall(name, model, query) {
    const modelText = model === undefined || model === null ? '' : toJsonText(model, 'the model');
    const queryText = toJsonText(query, 'the query');
    const result = call(name, [modelText, queryText]);
    if (result && result.error) throw new IamsimError(result.error, { result });
    if (!result || !('result' in result)) throw malformed(name, result);
    return result.result;
  }

  /** One request by an identity of the model: the check answer (docs/questions.md). */
  function check(query, model) {
    return modelCall('checkJson', model, query);
  }

  /** Chains of role assumption from a principal: the paths answer (docs/questions.md). */
  function paths(query, model) {
    return modelCall('pathsJson', model, query);
  }

  /** Every identity that can perform `query.action` on `query.resource`, with its chain: the
   * who-can answer `{action, resource, principals, mfa, maxDepth, context}`. */
  function whoCan(query, model) {
    return modelCall('whoCanJson', model, query);
  }

  /** Simulates one role assumption (AssumeRole, web identity or SAML): the assume answer. */
  function assume(query, model) {
    return modelCall('assumeJson', model, query);
  }

  /** What-if between two models (objects or JSON text): the requests whose outcome changes,
   * by principal, newly granted first (docs/diff.md). */
  function diff(before, after, query) {
    // null or undefined: the embedded example organization (exampleModel()).
    const beforeText = before === undefined || before === null ? '' : toJsonText(before, 'the before model');
    const afterText = after === undefined || after === null ? '' : toJsonText(after, 'the after model');
    const queryText = toJsonText(query === undefined || query === null ? {} : query, 'the query');
    const result = call('diffJson', [beforeText, afterText, queryText]);
    if (result && result.error) throw new IamsimError(result.error, { result });
    if (!result || !('result' in result)) throw malformed('diffJson', result);
    return result.result;
  }

  /** The text of the embedded example organization: the model the questions use when none is
   * given. Edit it and pass it to `diff(null, edited)` for a what-if on the example. */
  function exampleModel() {
    if (isReady && !isReady()) {
      throw new IamsimError({ code: 'not-initialized', message: 'exampleModel was called before the module was loaded', hint: 'await init() first' });
    }
    return raw.exampleModel();
  }

  /** Loads a model (object or JSON text; omitted or null: the example) without asking anything:
   * `{accounts: [{id, name}], warnings}`, or throws the located IamsimError of the first problem
   * (every one in `diagnostics`). */
  function loadModel(model) {
    const text = model === undefined || model === null ? '' : toJsonText(model, 'the model');
    const result = call('loadModelJson', [text]);
    if (result && result.error) throw new IamsimError(result.error, { result });
    if (!result || !('result' in result)) throw malformed('loadModelJson', result);
    return result.result;
  }

  /** `iamsim import` over files held in memory: `files` is a list of `{path, text}` (`path`
   * relative to the folder: `iam/111122223333.json`, `org/roots.json` …, docs/import.md) or an
   * object path → text. Returns `{model, text, skipped, files}` (`text`: the model as the CLI
   * writes it), or throws an IamsimError located in its file: `file`, `line`, `column`, `path`
   * (every error in `diagnostics`, each with its `file`). */
  function importFolder(files) {
    let list = files;
    if (list !== null && typeof list === 'object' && !Array.isArray(list)) {
      list = Object.entries(list).map(([path, text]) => ({ path, text }));
    }
    if (!Array.isArray(list)) throw wrongType(`the files must be a list of {path, text} or an object path → text, found ${describe(files)}`);
    for (const [i, f] of list.entries()) {
      if (!f || typeof f.path !== 'string' || typeof f.text !== 'string') {
        throw wrongType(`file ${i} must be {path: string, text: string}`, `/files/${i}`);
      }
    }
    const input = toJsonText({ files: list.map((f) => ({ path: f.path, text: f.text })) }, 'the files');
    const result = call('importJson', [input]);
    if (result && result.error) {
      const e = new IamsimError(result.error, { result });
      if (typeof result.error.file === 'string') e.file = result.error.file;
      throw e;
    }
    if (!result || !result.result || typeof result.result.text !== 'string') throw malformed('importJson', result);
    const { text, skipped, files: count } = result.result;
    let model;
    try {
      model = JSON.parse(text);
    } catch (cause) {
      throw new IamsimError({ code: 'internal', message: 'importJson returned a malformed model' }, { cause });
    }
    return { model, text, skipped: Array.isArray(skipped) ? skipped : [], files: count };
  }

  /** Installs every AWS managed policy from the text of the package's `aws-managed-policies.txt`
   * (`iamsim/aws-managed-policies.txt`), so models naming any AWS managed policy ARN get AWS's
   * exact document. Once per loaded module; returns `{count, package, version, newest,
   * alreadyEmbedded}`. Load it only when a model needs it (`managedPolicies().full` is false and
   * the model names an `arn:aws:iam::aws:policy/…` the small set lacks): it is 3.3 MB. */
  function installManagedPolicies(text) {
    if (typeof text !== 'string') throw wrongType(`the managed policies must be the text of aws-managed-policies.txt, found ${describe(text)}`);
    const result = call('installManagedPoliciesJson', [text]);
    if (result && result.error) throw new IamsimError(result.error, { result });
    if (!result || !('result' in result)) throw malformed('installManagedPoliciesJson', result);
    return result.result;
  }

  /** Which AWS managed policies models get: `{full, count, package?, version?, newest?}`. */
  function managedPolicies() {
    return call('managedPoliciesJson', []);
  }

  /** The engine's version, e.g. "0.1.0". */
  function version() {
    if (isReady && !isReady()) {
      throw new IamsimError({ code: 'not-initialized', message: 'version was called before the module was loaded', hint: 'await init() first' });
    }
    return raw.version();
  }

  return { decide, validatePolicy, check, paths, whoCan, assume, diff, exampleModel, loadModel, importFolder, installManagedPolicies, managedPolicies, version };
}
