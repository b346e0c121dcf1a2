// What the deployment promises, asserted on the parsed configuration (the comparisons with the code's constants live
// in the launcher's Java tests): the alert bus's name, the GPU node group's taint and label, least-privilege IAM
// (no S3 action on "*", no s3:*, iam:PassRole only on a named role with iam:PassedToService), IRSA trusts that
// name one service account exactly, Slack at 1 message a second, private and encrypted buckets.
import { blocks, literal } from "./load.mjs";

export const ALERT_BUS = "media-transcode-alerts";
export const GPU_NODE_GROUP = "g5-media-transcode";
const EKS_TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"];

export function checkPolicy(root) {
  const findings = [];
  const add = (where, file, message) => findings.push({ check: "policy", file, where, message });
  const resources = (type) => blocks(root.tf, "resource").filter((b) => b.type === type);

  // the bus vw-media puts its alerts on (vw.alerts.eventbridge.bus defaults to it)
  if (!resources("aws_cloudwatch_event_bus").some((b) => b.body.name === ALERT_BUS)) {
    add("aws_cloudwatch_event_bus", ".", `no event bus named ${ALERT_BUS}`);
  }

  // every taint is spelt as EKS spells it; the GPU group carries gpu=true:NO_SCHEDULE and the GPU label
  for (const { file, name, body } of resources("aws_eks_node_group")) {
    for (const taint of body.taint ?? []) {
      if (!EKS_TAINT_EFFECTS.includes(taint.effect)) {
        add(`aws_eks_node_group.${name}`, file,
          `taint effect "${taint.effect}" is not one of ${EKS_TAINT_EFFECTS.join(", ")} (EKS's spelling of kubectl's NoSchedule, NoExecute, PreferNoSchedule)`);
      }
    }
  }
  const gpu = resources("aws_eks_node_group").find((b) => b.body.node_group_name === GPU_NODE_GROUP);
  if (!gpu) {
    add("aws_eks_node_group", ".", `no node group named ${GPU_NODE_GROUP}`);
  } else {
    const where = `aws_eks_node_group.${gpu.name}`;
    const taints = gpu.body.taint ?? [];
    if (!taints.some((t) => t.key === "gpu" && t.value === "true" && t.effect === "NO_SCHEDULE")) {
      add(where, gpu.file, `${GPU_NODE_GROUP} must be tainted {key=gpu, value=true, effect=NO_SCHEDULE}, has ${JSON.stringify(taints)}`);
    }
    if (gpu.body.labels?.["nvidia.com/gpu.present"] !== "true") {
      add(where, gpu.file, `${GPU_NODE_GROUP} must be labelled nvidia.com/gpu.present=true`);
    }
    if ((gpu.body.scaling_config ?? [])[0]?.min_size !== 0) {
      add(where, gpu.file, `${GPU_NODE_GROUP} must be allowed to scale to 0 nodes (scaling_config.min_size = 0)`);
    }
    if (!String(gpu.body.ami_type ?? "").includes("NVIDIA")) {
      add(where, gpu.file, `${GPU_NODE_GROUP} needs an NVIDIA AMI type (AL2023_x86_64_NVIDIA), has ${gpu.body.ami_type}`);
    }
  }

  // least privilege on S3, and IRSA trusts that name one service account each
  for (const { file, name, body } of blocks(root.tf, "data").filter((b) => b.type === "aws_iam_policy_document")) {
    for (const [n, statement] of (body.statement ?? []).entries()) {
      const where = `data.aws_iam_policy_document.${name}.statement[${statement.sid ?? n}]`;
      const actions = [].concat(statement.actions ?? []);
      const allow = (statement.effect ?? "Allow") === "Allow";
      if (allow && actions.some((a) => a === "*" || a === "s3:*")) add(where, file, `allows ${actions.join(", ")}: name the S3 actions the code uses`);
      if (allow && actions.some((a) => a.startsWith("s3:"))) {
        const listed = statement.resources ?? [];
        const all = typeof listed === "string" ? [listed] : listed;
        if (all.some((r) => r === "*" || /^arn:[^:]*:s3:::\*$/.test(r) || (literal(r) === undefined && /"\*"/.test(r)))) {
          add(where, file, `S3 actions ${actions.join(", ")} on "*": scope them to our buckets and prefixes`);
        }
      }
      if (actions.includes("sts:AssumeRoleWithWebIdentity")) checkIrsaTrust(statement, where, file, add);
      // a role may be handed only to the service named for it (the MediaConvert leg passes MediaConvert's role)
      if (allow && actions.some((a) => a === "iam:PassRole" || a === "iam:*")) {
        const passedTo = (statement.condition ?? []).some((c) => c.variable === "iam:PassedToService");
        const listed = [].concat(statement.resources ?? []);
        if (!passedTo) add(where, file, "iam:PassRole without an iam:PassedToService condition");
        if (listed.some((r) => r === "*" || /:role\/\*$/.test(r))) add(where, file, `iam:PassRole on ${listed.join(", ")}: name the role`);
      }
    }
  }
  for (const { file, type, name, body } of blocks(root.tf, "resource")) {
    const text = JSON.stringify(body);
    if (/\\"s3:\*\\"|"s3:\*"/.test(text) || /AmazonS3FullAccess/.test(text)) add(`${type}.${name}`, file, "grants s3:* (or AmazonS3FullAccess)");
  }

  for (const { file, name, body } of resources("aws_cloudwatch_event_api_destination")) {
    if (body.invocation_rate_limit_per_second !== 1) {
      add(`aws_cloudwatch_event_api_destination.${name}`, file,
        `invocation_rate_limit_per_second is ${body.invocation_rate_limit_per_second}, must be 1 (Slack takes one message a second)`);
    }
  }

  checkBuckets(root, resources, add);
  return findings;
}

function checkIrsaTrust(statement, where, file, add) {
  const conditions = statement.condition ?? [];
  const sub = conditions.find((c) => String(c.variable).endsWith(":sub"));
  const aud = conditions.find((c) => String(c.variable).endsWith(":aud"));
  if (!sub || sub.test !== "StringEquals") {
    add(where, file, "a web-identity trust must name its service account with StringEquals on <issuer>:sub");
  } else if (!Array.isArray(sub.values) || sub.values.length === 0
      || !sub.values.every((v) => /^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/.test(v))) {
    add(where, file, `the :sub condition must list literal system:serviceaccount:<namespace>:<name> values, no wildcards: ${JSON.stringify(sub.values)}`);
  }
  if (!aud || aud.test !== "StringEquals" || JSON.stringify(aud.values) !== '["sts.amazonaws.com"]') {
    add(where, file, "a web-identity trust must require <issuer>:aud = sts.amazonaws.com");
  }
}

/** Each aws_s3_bucket is covered by a public access block (all four on), owner-enforced ownership and SSE. */
function checkBuckets(root, resources, add) {
  const covers = (body, bucket) => [body.bucket, body.for_each].some((v) => typeof v === "string" && v.includes(`aws_s3_bucket.${bucket}`));
  for (const { file, name, body } of resources("aws_s3_bucket")) {
    const where = `aws_s3_bucket.${name}`;
    if ("acl" in body) add(where, file, "buckets take no ACL (ownership is BucketOwnerEnforced)");
    const pab = resources("aws_s3_bucket_public_access_block").find((b) => covers(b.body, name));
    const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
    if (!pab || !flags.every((f) => pab.body[f] === true)) add(where, file, `not covered by a public access block with ${flags.join(", ")} all true`);
    const own = resources("aws_s3_bucket_ownership_controls").find((b) => covers(b.body, name));
    if (!own || own.body.rule?.[0]?.object_ownership !== "BucketOwnerEnforced") add(where, file, "not covered by ownership controls BucketOwnerEnforced");
    const sse = resources("aws_s3_bucket_server_side_encryption_configuration").find((b) => covers(b.body, name));
    const algorithm = sse?.body.rule?.[0]?.apply_server_side_encryption_by_default?.[0]?.sse_algorithm;
    if (!["AES256", "aws:kms", "aws:kms:dsse"].includes(algorithm)) add(where, file, "not covered by a server-side encryption configuration");
  }
  if (resources("aws_s3_bucket_acl").length) add("aws_s3_bucket_acl", ".", "buckets take no ACL (ownership is BucketOwnerEnforced)");
}
