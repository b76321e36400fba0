#!/usr/bin/env bash
# Collects what `iamsim import DIR` reads, with the AWS CLI v2 and the caller's credentials.
# Read-only: every call is a Get/List/Describe. Not run in CI.
#
#   scripts/collect-aws.sh OUT_DIR [REGION ...]
#
# Writes (docs/import.md describes each file):
#   OUT_DIR/iam/<account-id>.json                                 get-account-authorization-details
#   OUT_DIR/iam/<account-id>/…                                    identity providers, MFA devices
#   OUT_DIR/org/…                                                 Organizations (management account or
#                                                                 delegated administrator only)
#   OUT_DIR/resources/<account-id>/<service>/[<region>/]<name>.json resource policies
#   OUT_DIR/compute/<account-id>/[<region>/]<command>.json        compute that runs as a role
#
# Run it once per account (e.g. with AWS_PROFILE=…) into the same OUT_DIR; the Organizations part is
# collected by whichever account may read it. Regions default to the CLI's configured region.
# Needed permissions: the SecurityAudit managed policy covers every call.
set -euo pipefail

out=${1:?usage: collect-aws.sh OUT_DIR [REGION ...]}
shift
regions=("$@")
if [ ${#regions[@]} -eq 0 ]; then
  regions=("$(aws configure get region || echo us-east-1)")
fi
export AWS_PAGER=""

# save FILE COMMAND…: runs COMMAND with JSON output into FILE; on failure (no policy, no access)
# leaves no file behind.
save() {
  local file=$1
  shift
  mkdir -p "$(dirname "$file")"
  if "$@" --output json >"$file.tmp" 2>/dev/null && [ -s "$file.tmp" ]; then
    mv "$file.tmp" "$file"
  else
    rm -f "$file.tmp"
    return 1
  fi
}

# list COMMAND…: the words of a --query … --output text listing, one a line ("None" dropped).
list() {
  "$@" --output text 2>/dev/null | tr '\t' '\n' | grep -v -e '^None$' -e '^$' || true
}

account=$(aws sts get-caller-identity --query Account --output text)
echo "account $account" >&2

# 1. IAM: users, groups, roles, customer managed policies (the CLI follows every page).
save "$out/iam/$account.json" aws iam get-account-authorization-details

# 1b. What the authorization details leave out: identity providers and MFA devices.
ids="$out/iam/$account"
for arn in $(list aws iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[].Arn'); do
  save "$ids/oidc-providers/${arn##*oidc-provider/}.json" aws iam get-open-id-connect-provider --open-id-connect-provider-arn "$arn" || true
done
save "$ids/saml-providers.json" aws iam list-saml-providers || true
save "$ids/virtual-mfa-devices.json" aws iam list-virtual-mfa-devices --assignment-status Assigned || true
# Hardware and FIDO devices are listed per user.
for user in $(list aws iam list-users --query 'Users[].UserName'); do
  save "$ids/mfa-devices/$user.json" aws iam list-mfa-devices --user-name "$user" || true
done

# 2. Organizations, if this account may read it.
org="$out/org"
if save "$org/describe-organization.json" aws organizations describe-organization; then
  echo "organization" >&2
  save "$org/roots.json" aws organizations list-roots
  parents=$(list aws organizations list-roots --query 'Roots[].Id')
  while [ -n "$parents" ]; do
    next=""
    for parent in $parents; do
      save "$org/ous/$parent.json" aws organizations list-organizational-units-for-parent --parent-id "$parent"
      save "$org/accounts/$parent.json" aws organizations list-accounts-for-parent --parent-id "$parent"
      next="$next $(list aws organizations list-organizational-units-for-parent --parent-id "$parent" --query 'OrganizationalUnits[].Id')"
    done
    parents=$(echo "$next" | xargs)
  done
  for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
    # Fails when the policy type is not enabled: nothing to collect then.
    save "$org/list-policies/$type.json" aws organizations list-policies --filter "$type" || continue
    for id in $(list aws organizations list-policies --filter "$type" --query 'Policies[].Id'); do
      save "$org/policies/$id.json" aws organizations describe-policy --policy-id "$id"
      save "$org/targets/$id.json" aws organizations list-targets-for-policy --policy-id "$id"
    done
  done
fi

# 3. Resource policies. A resource without a policy makes its get-… call fail: no file.
res="$out/resources/$account"
for bucket in $(list aws s3api list-buckets --query 'Buckets[].Name'); do
  save "$res/s3/$bucket.json" aws s3api get-bucket-policy --bucket "$bucket" || true
done
for region in "${regions[@]}"; do
  echo "region $region" >&2
  for key in $(list aws kms list-keys --region "$region" --query 'Keys[].KeyId'); do
    save "$res/kms/$region/$key.json" aws kms get-key-policy --region "$region" --key-id "$key" --policy-name default || true
  done
  for url in $(list aws sqs list-queues --region "$region" --query 'QueueUrls[]'); do
    save "$res/sqs/$region/${url##*/}.json" aws sqs get-queue-attributes --region "$region" --queue-url "$url" --attribute-names Policy || true
  done
  for topic in $(list aws sns list-topics --region "$region" --query 'Topics[].TopicArn'); do
    save "$res/sns/$region/${topic##*:}.json" aws sns get-topic-attributes --region "$region" --topic-arn "$topic" || true
  done
  for fn in $(list aws lambda list-functions --region "$region" --query 'Functions[].FunctionName'); do
    save "$res/lambda/$region/$fn.json" aws lambda get-policy --region "$region" --function-name "$fn" || true
  done
  # Secret and repository names may contain `/`: they become subfolders.
  for secret in $(list aws secretsmanager list-secrets --region "$region" --query 'SecretList[].Name'); do
    save "$res/secretsmanager/$region/$secret.json" aws secretsmanager get-resource-policy --region "$region" --secret-id "$secret" || true
  done
  for repo in $(list aws ecr describe-repositories --region "$region" --query 'repositories[].repositoryName'); do
    save "$res/ecr/$region/$repo.json" aws ecr get-repository-policy --region "$region" --repository-name "$repo" || true
  done
done
# 4. Compute that runs as a role (the existing-PassRole escalation techniques, docs/escalation.md).
comp="$out/compute/$account"
save "$comp/iam-list-instance-profiles.json" aws iam list-instance-profiles || true
for region in "${regions[@]}"; do
  r="$comp/$region"
  save "$r/lambda-list-functions.json" aws lambda list-functions --region "$region" || true
  save "$r/ec2-describe-instances.json" aws ec2 describe-instances --region "$region" || true
  save "$r/ec2-describe-launch-template-versions.json" aws ec2 describe-launch-template-versions --region "$region" --versions '$Default' || true
  # batch-get-projects takes at most 100 names a call: one file per batch.
  projects=$(list aws codebuild list-projects --region "$region" --query 'projects[]')
  if [ -n "$projects" ]; then
    batch=0
    echo "$projects" | xargs -n 100 echo | while read -r names; do
      # shellcheck disable=SC2086 # the names are words
      save "$r/codebuild-batch-get-projects$([ $batch -gt 0 ] && echo "-$batch").json" aws codebuild batch-get-projects --region "$region" --names $names || true
      batch=$((batch + 1))
    done
  fi
  save "$r/cloudformation-describe-stacks.json" aws cloudformation describe-stacks --region "$region" || true
  save "$r/glue-get-dev-endpoints.json" aws glue get-dev-endpoints --region "$region" || true
  save "$r/glue-get-jobs.json" aws glue get-jobs --region "$region" || true
  for nb in $(list aws sagemaker list-notebook-instances --region "$region" --query 'NotebookInstances[].NotebookInstanceName'); do
    save "$r/sagemaker/$nb.json" aws sagemaker describe-notebook-instance --region "$region" --notebook-instance-name "$nb" || true
  done
  for svc in $(list aws apprunner list-services --region "$region" --query 'ServiceSummaryList[].ServiceArn'); do
    name=${svc#*:service/}
    save "$r/apprunner/${name%%/*}.json" aws apprunner describe-service --region "$region" --service-arn "$svc" || true
  done
done
echo "done: $out" >&2
