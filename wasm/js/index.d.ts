// Types of the `iamsim` package (hand-written; the raw wasm-bindgen declarations ship as
// web/iamsim_wasm.d.ts and node/iamsim_wasm.d.ts). Shapes: docs/scenario.md and docs/wasm.md.

export type Decision = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp' | 'rcp';

/** An IAM policy document (JSON object). */
export type PolicyDocument = Record<string, unknown>;

/** The self-contained scenario (docs/scenario.md). */
export interface Scenario {
  id?: string;
  principal: string | null;
  action: string;
  resource: string;
  resourceAccount?: string | null;
  context?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  identityPolicies?: PolicyDocument[];
  resourcePolicy?: PolicyDocument | null;
  permissionBoundary?: PolicyDocument | null;
  sessionPolicy?: PolicyDocument | null;
  scps?: PolicyDocument[][];
  rcps?: PolicyDocument[][];
  expect?: Decision;
  why?: string;
  [extension: `x-${string}`]: unknown;
}

export type Severity = 'error' | 'securityWarning' | 'warning' | 'suggestion';

/** One finding about an input; line and column are 1-based, columns count characters. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  /** importFolder: the file of the folder the diagnostic is in. */
  file?: string;
  message: string;
  hint?: string;
  /** JSON pointer of the element, e.g. `/Statement/1/Condition/StringEqualz`. */
  path: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export type PolicyType = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session';
export type Verdict = 'allow' | 'deny' | 'noMatch' | 'notApplicable';

export interface PolicyTypeVerdict {
  policyType: PolicyType;
  verdict: Verdict;
  detail?: string;
}

/** A statement that applied to the request. */
export interface StatementHit {
  policyType: PolicyType;
  /** The policy's label: `identityPolicies[0]`, `scps[1][0]`, `resourcePolicy` … */
  policy: string;
  /** JSON pointer of the statement in the scenario. */
  path: string;
  /** Index of the statement in its policy's `Statement` list. */
  statement: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principalMatch?: 'direct' | 'viaEntity' | 'account';
  /** UTF-8 byte offsets of the statement in the scenario text. */
  start: number;
  end: number;
}

export interface Trace {
  decision: Decision;
  /** The reason in one sentence. */
  reason: string;
  sameAccount: boolean | null;
  policyTypes: PolicyTypeVerdict[];
  statements: StatementHit[];
  missingContextValues: string[];
  /** When denied: Allow statements that applied but for their conditions (absent when none). */
  nearMisses?: NearMiss[];
}

/** A condition that did not hold: what the policy expected and what the request had (`null`: absent). */
export interface FailedCondition { operator: string; key: string; expected: string[]; actual: string[] | null }
/** An Allow statement that applied to a denied request but for its conditions. */
export interface NearMiss {
  policyType: 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session';
  policy: string; path: string; statement: number; sid?: string;
  failed: FailedCondition[];
  start: number; end: number;
}

export interface DecideResult {
  id: string | null;
  decision: Decision;
  /** Present with `{explain: true}`. */
  trace?: Trace;
  /** Present when the answer is suspect: an unknown action or service, a malformed value of a
   * well-known context key (docs/scenario.md, "Warnings"). */
  warnings?: Diagnostic[];
}

export interface DecideOptions {
  /** Add the explanation trace (default false). */
  explain?: boolean;
}

export interface ValidateResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** Thrown for bad input; carries the first diagnostic's fields plus all diagnostics. */
export class IamsimError extends Error {
  name: 'IamsimError';
  /** e.g. `json-syntax`, `wrong-type`, `unknown-field`, `input-too-large`, `engine-trap`. */
  code: string;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  hint?: string;
  diagnostics: Diagnostic[];
  /** The scenario's `id` when the engine read one (decide errors). */
  id?: string | null;
  /** The engine's full error result, when there is one. */
  result?: unknown;
  /** importFolder: the file (relative path) the first error is in. */
  file?: string;
}

/** Largest accepted input, in UTF-16 code units (the engine also limits UTF-8 bytes). */
export const MAX_INPUT_CHARS: number;

/** Decides one scenario, given as JSON text or as an object. Throws IamsimError for bad input. */
export function decide(scenario: string | Scenario, options?: DecideOptions): DecideResult;

/** Validates one policy document. Policy problems are diagnostics; a bad argument throws. */
export function validatePolicy(policy: string | PolicyDocument, kind: PolicyKind): ValidateResult;

/** Options of the model queries; `context` holds request facts (string or string array values). */
export interface ModelQueryOptions {
  mfa?: boolean;
  context?: Record<string, string | string[]>;
  maxDepth?: number;
}

export interface Flip { key: string; value: string | null; decision: Decision }
/** One step of a chain: a role assumption (`kind: 'assume'`) or an escalation technique (its id,
 * docs/escalation.md) with what it acts on, what it gains and the statements allowing each action. */
export interface Hop {
  from: string; role: string; kind: string; decision: Decision; reason: string; flips: Flip[];
  requires?: { key: string; value: string }[]; via?: string; gains?: unknown; actions?: unknown[];
}
export interface AccessPath { start: string; hops: Hop[]; target?: { decision: Decision; reason: string } }
/** Where an assumed context key came from (docs/questions.md). */
export type FactSource = 'given' | 'mfa' | 'resource-region' | 'resource-arn' | 'global-service' | 'account-default-region' | 'organization-default-region' | 'fallback-region' | 'resource-tags' | 'resource-account' | 'resource-organization';
/** A context key the question gave or iamsim assumed. */
export interface Fact { key: string; value: string | string[]; source: FactSource }
export type Note = 'mfa-without-device' | 'mfa-for-role' | 'mfa-keys-without-device';
export interface PathsAnswer { start: string; to?: { action: string; resource: string }; paths: AccessPath[]; blocked: { after: string[]; hop: Hop; condition?: ConditionalAnswer }[]; mfa: boolean; maxDepth: number; context: Fact[]; notes: Note[] }
export interface WhoCanEntry { principal: string; account: string; kind: 'user' | 'role' | 'web-identity' | 'saml' | 'outside-account' | 'any-account' | 'anonymous'; chain: Hop[]; reason: string; requires?: { key: string; value: string }[]; /** With `unknown`: when the last request of the chain is allowed. */ condition?: ConditionalAnswer }
export interface WhoCanAnswer { action: string; resource: string; principals: WhoCanEntry[]; mfa: boolean; maxDepth: number; context: Fact[] }
/** A test of a policy in a conditional answer (docs/conditional.md). */
export interface ConditionTest {
  text: string; negated: boolean; kind: 'condition' | 'resource'; key: string; operator: string;
  qualifier?: 'ForAllValues' | 'ForAnyValue'; ifExists: boolean; values: string[]; variables?: string[];
  sources: { policyType: 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session'; policy: string; statement: number; sid?: string }[];
}
/** With unknown keys (the question's `unknown`): allowed, denied, or allowed exactly when one of
 * the `anyOf` terms holds (an OR of ANDs of tests). */
export interface ConditionalAnswer {
  outcome: 'Allowed' | 'Denied' | 'Conditional'; explicit?: boolean; unknown: string[];
  anyOf: { allOf: ConditionTest[] }[]; text: string;
}
export interface CheckAnswer {
  principal: string; action: string; resource: string; decision: Decision; allowed: boolean;
  reason?: string; condition?: ConditionalAnswer; /** When denied: under which condition on the keys the request does not fix it would be allowed. */ allowedIf?: ConditionalAnswer; nearMisses?: NearMiss[]; context: Fact[]; notes: Note[];
  explain?: { sameAccount: boolean | null; policyTypes: unknown[]; statements: unknown[]; missingContextValues: string[] };
}
export interface AssumeAnswer {
  caller: string;
  role: string;
  decision: Decision;
  allowed: boolean;
  checks: { action: string; decision: Decision; reason: string; missingContextValues: string[]; nearMisses?: NearMiss[] }[];
  error: { code: string; message: string } | null;
  session: { arn: string; roleArn: string | null; durationSeconds: number; chained: boolean; tags: { key: string; value: string; transitive: boolean }[]; sourceIdentity: string | null } | null;
  context: Fact[];
  notes: Note[];
}

/** One request by an identity of the model (default: the embedded example organization). */
export function check(query: ModelQueryOptions & { principal: string; action: string; resource: string; explain?: boolean; /** Keys left unknown (`'*'`: every key the request does not fix): the answer gets `condition`. */ unknown?: string[] }, model?: string | object | null): CheckAnswer;

/** Chains of role assumption from a principal of the model (default: the embedded example organization). */
export function paths(query: ModelQueryOptions & { principal: string; to?: { action: string; resource: string }; /** `'all'` (default): assumption hops and escalation techniques; `'assume'`: assumption only. */ edges?: 'all' | 'assume' }, model?: string | object | null): PathsAnswer;

/** Every identity of the model that can perform an action on a resource, with its chain. */
export function whoCan(query: ModelQueryOptions & { action: string; resource: string; edges?: 'all' | 'assume'; /** Keys left unknown (`'*'`: every key the request does not fix): identities allowed only under a condition are listed with it. */ unknown?: string[] }, model?: string | object | null): WhoCanAnswer;

/** Simulates one role assumption in the model: by `principal`, or by a web-identity or SAML caller. */
export function assume(query: { principal?: string; webIdentity?: { provider: string; claims?: Record<string, string> }; saml?: { provider: string; attributes?: Record<string, string> }; role: string; externalId?: string; mfa?: boolean; durationSeconds?: number; sessionName?: string; sessionTags?: Record<string, string>; transitiveTagKeys?: string[]; sourceIdentity?: string; context?: Record<string, string | string[]> }, model?: string | object | null): AssumeAnswer;

/** One request of a diff: without `principal`, every identity is asked. */
export interface DiffRequest { principal?: string; action: string; resource: string; context?: Record<string, string | string[]>; mfa?: boolean }
/** How an identity reaches a target: the principal each hop reaches in order (empty: directly),
 * and, when a hop is an escalation technique, how each hop is taken (`assume` or the technique's id). */
export interface Reach { chain: string[]; via?: string[]; reason: string }
export interface DiffChange { kind: 'granted' | 'revoked'; action: string; resource: string; before: Reach | null; after: Reach | null }
export interface DiffReport {
  requests: number;
  changed: number;
  granted: number;
  revoked: number;
  /** Principals with a change: those with new grants first. */
  principals: { principal: string; granted: number; revoked: number; changes: DiffChange[] }[];
  skipped: { action: string; resource: string; reason: string }[];
}

/** What-if between two account models: the requests whose outcome changes (docs/diff.md).
 * Without `query.requests`, every action x resource the models name is asked. `null` for a
 * model is the embedded example organization (`exampleModel()`). */
export function diff(before: string | object | null, after: string | object | null, query?: ModelQueryOptions & { requests?: DiffRequest[]; edges?: 'all' | 'assume' }): DiffReport;

/** The text of the embedded example organization (the model of queries that name none). */
export function exampleModel(): string;

/** A model loaded without asking anything: its accounts and the loader's warnings. */
export interface LoadedModel { accounts: { id: string; name: string | null }[]; warnings: Diagnostic[] }
/** Loads a model (text or object; null: the example); throws the located IamsimError of a bad one. */
export function loadModel(model?: string | object | null): LoadedModel;

/** An item of an imported folder left out of the model, and why. */
export interface ImportSkipped { what: string; location: string; reason: string }
export interface ImportedFolder { model: Record<string, unknown>; text: string; skipped: ImportSkipped[]; files: number }
/** `iamsim import` over files in memory (paths relative to the folder, docs/import.md). Throws an
 * IamsimError located in its `file` (line, column, JSON path); each diagnostic also has `file`. */
export function importFolder(files: { path: string; text: string }[] | Record<string, string>): ImportedFolder;

/** Which AWS managed policies models get: the small shipped set (`full: false`) or every one. */
export interface ManagedPoliciesInfo { full: boolean; count: number; package?: string; version?: string; newest?: string }
export interface InstalledManagedPolicies { count: number; package: string; version: string; newest: string; alreadyEmbedded: boolean }

/** Installs every AWS managed policy from the text of the package's `aws-managed-policies.txt`
 * (3.3 MB; `iamsim/aws-managed-policies.txt`), once per loaded module. Models loaded afterwards
 * get AWS's exact document for any `arn:aws:iam::aws:policy/…`; before, only six shipped documents
 * and three derived from the action catalog. Throws `IamsimError` (`managed-policies-format`,
 * `managed-policies-installed`). */
export function installManagedPolicies(text: string): InstalledManagedPolicies;

/** Which AWS managed policies models get now. */
export function managedPolicies(): ManagedPoliciesInfo;

/** Node only: the path of the package's `aws-managed-policies.txt`. */
export const awsManagedPoliciesPath: string;

/** The engine's version. */
export function version(): string;

/**
 * Loads the module. Browser: required once before any call (optionally with the .wasm's URL,
 * bytes or a compiled module). Node: a no-op, kept for code shared with the browser.
 */
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;
