// The one-line statement of the question (question.js), from the page's fields: every preset, the
// forms of principal and resource, the context qualifiers, and model mode's four questions with
// the example organization's account names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioSentence, modelSentence, principalWords, resourceWords } from '../question.js';
import { presetState } from '../state.js';
import { PRESETS } from '../presets.js';
import { accountNames, DEFAULT_QUESTION } from '../model-state.js';
import { PRESET_QUESTIONS } from './expected.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = JSON.parse(readFileSync(path.resolve(here, '../../core/data/example-org.json'), 'utf8'));

test('each preset states its question in one sentence', () => {
  for (const [name, sentence] of Object.entries(PRESET_QUESTIONS)) assert.equal(scenarioSentence(presetState(name)), sentence, name);
  for (const name of Object.keys(PRESETS)) assert.match(scenarioSentence(presetState(name)), /^(Can|Who|Which|Through) [^\n]+\?$/, name);
});

test('the sentence follows the fields: MFA, ExternalId, TLS, principal, action, resource', () => {
  const s = presetState('devops-mfa');
  s.context.mfa = false;
  s.context.sourceIp = '';
  assert.equal(scenarioSentence(s), 'Can user dana in account 111111111111 assume role ProdDeploy in account 222222222222?');
  s.context.externalId = 'x-1';
  s.context.secureTransport = false;
  s.request.principal = '';
  assert.equal(scenarioSentence(s), 'Can an anonymous caller (with ExternalId x-1, without TLS) assume role ProdDeploy in account 222222222222?');
  s.request.principal = 'cloudtrail.amazonaws.com';
  s.request.action = 's3:PutObject';
  s.request.resource = 'arn:aws:s3:::logs';
  s.request.resourceAccount = '';
  s.context.externalId = '';
  s.context.secureTransport = true;
  assert.equal(scenarioSentence(s), 'Can the service cloudtrail.amazonaws.com do s3:PutObject on bucket logs?');
  s.request.action = '';
  s.request.resource = '*';
  assert.equal(scenarioSentence(s), 'Can the service cloudtrail.amazonaws.com do (no action given) on any resource?');
});

test('principals and resources in words', () => {
  assert.equal(principalWords('arn:aws:iam::111111111111:root'), 'the root user of 111111111111');
  assert.equal(principalWords('arn:aws:iam::111111111111:role/ops/Deploy'), 'role Deploy in account 111111111111');
  assert.equal(principalWords('arn:aws:sts::111111111111:federated-user/bob'), 'federated user bob in account 111111111111');
  assert.equal(principalWords('arn:aws:iam::111111111111:saml-provider/Okta'), 'a SAML user of Okta');
  assert.equal(principalWords('not an arn'), 'not an arn');
  assert.equal(resourceWords('arn:aws:kms:eu-west-1:555555555555:key/1234', ''), 'KMS key 1234 in account 555555555555');
  assert.equal(resourceWords('arn:aws:s3:::b/k/x.csv', '555555555555'), 'an object in bucket b in account 555555555555');
});

test("model mode's questions read with the accounts' names", () => {
  const names = accountNames(example);
  assert.equal(names.get('222222222222'), 'prod');
  const q = { ...DEFAULT_QUESTION };
  assert.equal(modelSentence({ ...q, kind: 'assume' }, names), 'Can alice (with MFA) assume Deploy in prod?');
  assert.equal(modelSentence({ ...q, kind: 'who-can' }, names), 'Who can do ecs:UpdateService on service/prod/web in prod (users with MFA)?');
  assert.equal(modelSentence({ ...q, kind: 'paths', action: '', mfa: false }, names), 'Which roles can alice reach?');
  assert.equal(modelSentence({ ...q, kind: 'paths' }, names), 'Through which roles can alice (with MFA) reach ecs:UpdateService on service/prod/web in prod?');
  assert.equal(modelSentence({ ...q, kind: 'check', principal: 'arn:aws:iam::111111111111:user/ops/alice', mfa: false }, names), `Can user alice in ${names.get('111111111111')} do ecs:UpdateService on service/prod/web in prod?`);
  assert.equal(modelSentence({ ...q, kind: 'assume', externalId: 'e-1', mfa: false, role: 'arn:aws:iam::123456789012:role/X' }, names), 'Can alice (with ExternalId e-1) assume X in account 123456789012?');
});
