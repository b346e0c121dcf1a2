// Validates rendered Kubernetes YAML (`kubectl kustomize k8s/overlays/<env>`, several documents) against the
// schemas of npm kubernetes-models and @kubernetes-models/keda, strictly: a property the schema does not declare
// is a finding, at any depth, as `kubectl apply --validate=strict` would refuse it on a real API server.
//
//   node k8s-validate.mjs [FILE]      (stdin without FILE)
//
// Prints {"objects": n, "findings": [{"object", "path", "problem"}]}; exits 1 when there is any finding.

import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { modelClass, validationErrors } from "./k8s/models.mjs";
import { unknownProperties } from "./k8s/strict.mjs";

const text = readFileSync(process.argv[2] ?? 0, "utf8");
const findings = [];
let objects = 0;

for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length) {
    findings.push({ object: "(yaml)", path: "", problem: doc.errors.map((e) => e.message).join("; ") });
    continue;
  }
  const object = doc.toJS();
  if (object === null) continue; // an empty document between two separators
  objects++;
  const name = `${object.kind}/${object.metadata?.name ?? "(no name)"}`;
  const Model = object.apiVersion && object.kind ? await modelClass(object.apiVersion, object.kind) : null;
  if (!Model) {
    findings.push({ object: name, path: "", problem: `no schema for apiVersion ${object.apiVersion} kind ${object.kind}` });
    continue;
  }
  for (const e of validationErrors(Model, object)) {
    findings.push({ object: name, path: e.instancePath, problem: `${e.message ?? e.keyword} ${JSON.stringify(e.params)}` });
  }
  for (const path of unknownProperties(Model, object)) {
    findings.push({ object: name, path, problem: "not a property of the schema" });
  }
}

console.log(JSON.stringify({ objects, findings }, null, 2));
process.exit(findings.length ? 1 : 0);
