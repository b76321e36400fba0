// Node ESM entry point of the `iamsim` package: the CommonJS build, re-exported.
import api from './index.cjs';

export const { decide, validatePolicy, check, paths, whoCan, assume, diff, exampleModel, loadModel, importFolder, installManagedPolicies, managedPolicies, awsManagedPoliciesPath, version, init, IamsimError, MAX_INPUT_CHARS } = api;
export default init;
