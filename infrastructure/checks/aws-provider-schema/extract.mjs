// One-off: writes the part of the AWS provider's schema that infrastructure/terraform uses to
// aws-<version>.subset.json beside this script, for infrastructure/checks/terraform.mjs to check attribute names
// against offline. Re-run it when the Terraform uses a resource or data source type that is not in the subset yet:
//
//   node infrastructure/checks/aws-provider-schema/extract.mjs [--package-dir DIR] [--terraform-dir DIR]
//
// The schema comes from npm's @cdktf/provider-aws, which is generated from `terraform providers schema -json` of
// one exact hashicorp/aws release; its jsii assembly (.jsii) keeps, for every resource and data source, the
// Config interface: each attribute and nested block, whether it is optional, and the Terraform name in the link to
// the registry's docs. Without --package-dir the package (about 400 MB) is installed into a temporary folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRoot, blocks } from "../terraform/load.mjs";

const PACKAGE = "@cdktf/provider-aws";
const PACKAGE_VERSION = "21.22.1"; // wraps hashicorp/aws 6.25.0
const PROVIDER_VERSION = "6.25.0";
const HERE = dirname(fileURLToPath(import.meta.url));

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const terraformDir = resolve(option("--terraform-dir") ?? join(HERE, "../../terraform"));

let packageDir = option("--package-dir");
let scratch;
if (!packageDir) {
  scratch = mkdtempSync(join(tmpdir(), "vw-provider-aws-"));
  console.error(`installing ${PACKAGE}@${PACKAGE_VERSION} into ${scratch} ...`);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", scratch,
    `${PACKAGE}@${PACKAGE_VERSION}`], { stdio: ["ignore", "ignore", "inherit"] });
  packageDir = join(scratch, "node_modules", PACKAGE);
}
const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
if (pkg.version !== PACKAGE_VERSION) throw new Error(`${packageDir} is ${pkg.version}, expected ${PACKAGE_VERSION}`);
const types = JSON.parse(readFileSync(join(packageDir, ".jsii"), "utf8")).types;

// The Terraform type each generated class stands for, from its doc: "Represents a {@link .../resources/s3_bucket aws_s3_bucket}."
const classes = { resource: new Map(), data: new Map() };
for (const [fqn, type] of Object.entries(types)) {
  const m = /docs\/(resources|data-sources)\/\w+ (\w+)\}/.exec(type.docs?.summary ?? "");
  if (type.kind === "class" && m) classes[m[1] === "resources" ? "resource" : "data"].set(m[2], fqn);
}

// A property's Terraform name: the anchor of its docs link (#bucket_prefix), else its name in snake case.
const terraformName = (p) =>
  /#(\w+) \w+#\w+\}/.exec(p.docs?.summary ?? "")?.[1] ?? p.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// The struct a property's type holds, if any (a nested block), and whether it is a list of them.
function structOf(type, inList = false) {
  if (type.fqn?.startsWith(`${PACKAGE}.`) && types[type.fqn]?.datatype) return { fqn: type.fqn, list: inList };
  if (type.collection) return structOf(type.collection.elementtype, inList || type.collection.kind === "array");
  for (const t of type.union?.types ?? []) {
    const found = structOf(t, inList);
    if (found) return found;
  }
  return null;
}

// Attributes and nested blocks of an interface, recursively; `required` is jsii's "not optional".
function describe(fqn, seen = new Set()) {
  const out = { attributes: {}, blocks: {} };
  if (seen.has(fqn)) return out;
  const own = types[fqn].properties ?? [];
  for (const p of [...own].sort((a, b) => terraformName(a).localeCompare(terraformName(b)))) {
    const name = terraformName(p);
    const struct = structOf(p.type);
    if (struct) {
      out.blocks[name] = { required: !p.optional, list: struct.list, ...describe(struct.fqn, new Set([...seen, fqn])) };
    } else {
      out.attributes[name] = p.optional ? "optional" : "required";
    }
  }
  return out;
}

const root = await loadRoot(terraformDir, []);
if (root.findings.length) throw new Error(JSON.stringify(root.findings));
const subset = {
  provider: "hashicorp/aws",
  version: PROVIDER_VERSION,
  extractedFrom: `${PACKAGE}@${PACKAGE_VERSION} (.jsii)`,
  providerConfig: describe(`${PACKAGE}.provider.AwsProviderConfig`),
  resource: {},
  data: {},
};
for (const kind of ["resource", "data"]) {
  const used = [...new Set(blocks(root.tf, kind).map((b) => b.type))].filter((t) => t.startsWith("aws_")).sort();
  for (const type of used) {
    const fqn = classes[kind].get(type);
    if (!fqn) throw new Error(`${kind} ${type} does not exist in ${PACKAGE}@${PACKAGE_VERSION}`);
    subset[kind][type] = describe(`${fqn}Config`);
  }
}
const out = join(HERE, `aws-${PROVIDER_VERSION}.subset.json`);
writeFileSync(out, `${JSON.stringify(subset, null, 1)}\n`);
console.error(`wrote ${out}: ${Object.keys(subset.resource).length} resource and ${Object.keys(subset.data).length} data source types`);
if (scratch) rmSync(scratch, { recursive: true, force: true });
