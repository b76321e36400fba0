// Node entry point of the `iamsim` package (CommonJS; index.mjs re-exports it for ESM).
// The wasm-bindgen `nodejs` glue instantiates the module synchronously on require.
'use strict';
const raw = require('./iamsim_wasm.js');
const { makeApi, IamsimError, MAX_INPUT_CHARS } = require('./api.cjs');

const api = makeApi(raw);

/** Nothing to load in Node; kept so code written for the browser build runs unchanged. */
async function init() {}

/** Where the package's copy of every AWS managed policy is (for `installManagedPolicies`). */
const awsManagedPoliciesPath = require('node:path').join(__dirname, '..', 'aws-managed-policies.txt');

module.exports = { ...api, init, awsManagedPoliciesPath, IamsimError, MAX_INPUT_CHARS };
