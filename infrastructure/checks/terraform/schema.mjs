// Every resource and data source type exists in the pinned provider's schema (the committed subset of
// aws-provider-schema/), every argument and nested block of each exists there, recursively, and every required
// argument and block is present. Meta-arguments and dynamic blocks are understood.
import { blocks } from "./load.mjs";

const META = {
  resource: new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]),
  data: new Set(["count", "for_each", "depends_on", "lifecycle", "provider"]),
  provider: new Set(["alias"]),
};

export function checkSchema(root, schema) {
  const findings = [];
  for (const kind of ["resource", "data"]) {
    for (const { file, type, name, body } of blocks(root.tf, kind)) {
      const where = `${kind === "data" ? "data." : ""}${type}.${name}`;
      const report = (message) => findings.push({ check: "schema", file, where, message });
      const described = schema[kind][type];
      if (!described) {
        report(`${kind} type ${type} is not in ${schema.provider} ${schema.version}'s schema subset: misspelt, or new (re-run aws-provider-schema/extract.mjs)`);
        continue;
      }
      checkBody(body, described, META[kind], type, report);
    }
  }
  for (const { file, name, body } of blocks(root.tf, "provider")) {
    if (name !== "aws") continue;
    checkBody(body, schema.providerConfig, META.provider, "provider aws", (message) =>
      findings.push({ check: "schema", file, where: "provider.aws", message }));
  }
  return findings;
}

/** Checks one block body against its schema; path names the block for messages, e.g. aws_s3_bucket.cors_rule. */
function checkBody(body, described, meta, path, report) {
  const present = new Set(Object.keys(body));
  const dynamic = body.dynamic ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key) || key === "dynamic") continue;
    if (key in described.attributes) continue;
    const block = described.blocks[key];
    if (!block) {
      report(`${path} has no argument or block "${key}"${suggest(key, described)}`);
      continue;
    }
    for (const instance of [].concat(value)) {
      if (instance && typeof instance === "object" && !Array.isArray(instance)) {
        checkBody(instance, block, new Set(), `${path}.${key}`, report);
      }
    }
  }
  for (const [label, bodies] of Object.entries(dynamic)) {
    const block = described.blocks[label];
    if (!block) {
      report(`${path} has no block "${label}" (in a dynamic block)${suggest(label, described)}`);
      continue;
    }
    for (const { content } of bodies) {
      for (const instance of content ?? []) checkBody(instance, block, new Set(), `${path}.${label}`, report);
    }
  }
  for (const [name, presence] of Object.entries(described.attributes)) {
    if (presence === "required" && !present.has(name)) report(`${path} lacks the required argument "${name}"`);
  }
  for (const [name, block] of Object.entries(described.blocks)) {
    if (block.required && !present.has(name) && !(name in dynamic)) report(`${path} lacks the required block "${name}"`);
  }
}

/** " (did you mean x?)" for the closest known name, when one is close. */
function suggest(key, described) {
  const names = [...Object.keys(described.attributes), ...Object.keys(described.blocks)];
  let best = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(key, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best && bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean "${best}"?)` : "";
}

function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
