// Offline checks of a Terraform root, standing in for `terraform validate` where no Terraform binary or provider
// registry can be had (the launcher's Terraform*Test run it in .ci/run):
//
//   node infrastructure/checks/terraform.mjs <dir> [--env dev|staging|prod|all] [--dump]
//
// Parses every .tf, environments/<env>.tfvars and backend-<env>.hcl with @cdktf/hcl2json, then checks overlays
// against variables, references, the AWS provider's schema (aws-provider-schema/aws-<version>.subset.json), the
// provider pin, the backends and the policy asserts. Prints {"findings": [...], ...} and exits 1 when there is any
// finding. --dump prints the parsed files instead ({"tf": {file: json}, "tfvars": {env: json}}), for tests that
// compare the configuration with the code.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ENVIRONMENTS, loadRoot, blocks } from "./terraform/load.mjs";
import { checkOverlays, checkProviderPin, checkBackends } from "./terraform/overlays.mjs";
import { checkReferences } from "./terraform/references.mjs";
import { checkSchema } from "./terraform/schema.mjs";
import { checkPolicy } from "./terraform/policy.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const SCHEMA = JSON.parse(readFileSync(join(HERE, "aws-provider-schema", "aws-6.25.0.subset.json"), "utf8"));

const args = process.argv.slice(2);
const dir = resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--env") ?? join(HERE, "../terraform"));
const env = args.includes("--env") ? args[args.indexOf("--env") + 1] : "all";
if (env !== "all" && !ENVIRONMENTS.includes(env)) {
  console.error(`--env must be one of ${ENVIRONMENTS.join(", ")} or all`);
  process.exit(2);
}
const envs = env === "all" ? ENVIRONMENTS : [env];

const root = await loadRoot(dir, envs);
if (args.includes("--dump")) {
  console.log(JSON.stringify({
    tf: Object.fromEntries(root.tf.map(({ file, json }) => [file, json])),
    tfvars: Object.fromEntries([...root.tfvars].map(([e, { json }]) => [e, json])),
    findings: root.findings,
  }));
  process.exit(root.findings.length ? 1 : 0);
}

const findings = [...root.findings];
if (!findings.some((f) => f.check === "parse" && f.file.endsWith(".tf"))) {
  findings.push(
    ...checkOverlays(root),
    ...checkProviderPin(root, SCHEMA),
    ...checkBackends(root),
    ...(await checkReferences(root, dir)),
    ...checkSchema(root, SCHEMA),
    ...checkPolicy(root),
  );
}
console.log(JSON.stringify({
  root: dir,
  environments: envs,
  provider: `${SCHEMA.provider} ${SCHEMA.version}`,
  files: root.tf.length + root.tfvars.size + root.backends.size,
  resources: blocks(root.tf, "resource").length,
  dataSources: blocks(root.tf, "data").length,
  findings,
}, null, 2));
process.exit(findings.length ? 1 : 0);
