// Browser (and bundler) entry point of the `iamsim` package: `await init()` once, then call.
import initWasm, * as raw from './iamsim_wasm.js';
import { makeApi, IamsimError, MAX_INPUT_CHARS } from './api.js';

let ready = false;
let loading = null;

/**
 * Loads the module. With no argument the .wasm next to this file is fetched; pass a URL, a
 * Response, bytes or a compiled WebAssembly.Module to load it from elsewhere. Safe to call again.
 */
export default function init(input) {
  if (loading === null) {
    loading = initWasm(input === undefined ? undefined : { module_or_path: input }).then(() => {
      ready = true;
    });
    // A failed load may be retried.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

const api = makeApi(raw, () => ready);
export const { decide, validatePolicy, check, paths, whoCan, assume, diff, exampleModel, loadModel, importFolder, installManagedPolicies, managedPolicies, version } = api;
export { init, IamsimError, MAX_INPUT_CHARS };
