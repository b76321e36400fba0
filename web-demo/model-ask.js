// Model mode's questions, asked of a model's text through the wasm package: the one path the page's
// answers take (model.js), which tests/corpus.test.mjs drives with the question corpus.
import { whoCan, paths, assume, check, IamsimError } from './pkg/index.js';

const ASK = { 'who-can': whoCan, paths, assume, check };

/** The answer to a question (`kind`: who-can, paths, assume, check) about `modelText`; throws an
 * IamsimError for a question or model the engine refuses. */
export function answer(kind, query, modelText) {
  const ask = ASK[kind];
  if (!ask) throw new IamsimError({ code: 'wrong-value', message: `unknown question kind ${JSON.stringify(kind)}`, path: '' });
  return ask(query, modelText);
}

/** An IamsimError as the JSON API gives it: `{error}` (the engine's own output, or the error's
 * fields when it was raised before reaching the engine). */
export const errorOutput = (e) => e.result ?? { error: { code: e.code, message: e.message, path: e.path ?? '' } };

/** What the JSON API gives for the same question: `{result}` or `{error}`. */
export function outputOf(kind, query, modelText) {
  try {
    return { result: answer(kind, query, modelText) };
  } catch (e) {
    if (!(e instanceof IamsimError)) throw e;
    return errorOutput(e);
  }
}
