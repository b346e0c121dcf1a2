// Overlays against declarations: every variable an environments/<env>.tfvars sets is declared, every variable
// without a default is set by every overlay, and each value fits the variable's type. Plus the provider pin and the
// backend files: what `terraform init -backend-config=backend-<env>.hcl` needs.
import { blocks, literal } from "./load.mjs";

/** Parses a type constraint such as "${list(object({ a = string, b = optional(number, 2) }))}" into a tree. */
export function parseType(text) {
  const src = text.replace(/^\$\{/, "").replace(/\}$/, "");
  const tokens = src.match(/[A-Za-z_][A-Za-z0-9_-]*|"[^"]*"|-?[0-9.]+|[(){}\[\],=]/g) ?? [];
  let i = 0;
  const next = () => tokens[i++];
  const expect = (t) => {
    if (tokens[i] !== t) throw new Error(`expected '${t}' in type ${src}`);
    i++;
  };
  function type() {
    const word = next();
    if (["string", "number", "bool", "any"].includes(word)) return { kind: word };
    if (["list", "set", "map"].includes(word)) {
      expect("(");
      const element = type();
      expect(")");
      return { kind: word, element };
    }
    if (word === "object") {
      expect("(");
      expect("{");
      const attributes = {};
      while (tokens[i] !== "}") {
        const name = next().replace(/"/g, "");
        expect("=");
        let optional = false;
        let attr;
        if (tokens[i] === "optional") {
          next();
          expect("(");
          attr = type();
          optional = true;
          // a default value: skip to the closing parenthesis of optional(...)
          let depth = 1;
          while (depth > 0) {
            const t = next();
            if (t === "(") depth++;
            if (t === ")") depth--;
          }
        } else {
          attr = type();
        }
        attributes[name] = { type: attr, optional };
        if (tokens[i] === ",") next();
      }
      expect("}");
      expect(")");
      return { kind: "object", attributes };
    }
    if (word === "tuple") {
      expect("(");
      expect("[");
      const elements = [];
      while (tokens[i] !== "]") {
        elements.push(type());
        if (tokens[i] === ",") next();
      }
      expect("]");
      expect(")");
      return { kind: "tuple", elements };
    }
    throw new Error(`unknown type '${word}' in ${src}`);
  }
  return type();
}

/** Why `value` cannot be converted to `type` the way Terraform converts a tfvars value, or null when it can. */
export function typeMismatch(type, value, path = "") {
  if (value === undefined || value === null || literal(value) === undefined) return null; // unset, null, an expression
  const at = path ? ` at ${path}` : "";
  const isObject = typeof value === "object" && !Array.isArray(value);
  switch (type.kind) {
    case "any":
      return null;
    case "string":
      return ["string", "number", "boolean"].includes(typeof value) ? null : `expected a string${at}`;
    case "number":
      return typeof value === "number" || (typeof value === "string" && value.trim() !== "" && !isNaN(Number(value)))
        ? null : `expected a number${at}, got ${JSON.stringify(value)}`;
    case "bool":
      return typeof value === "boolean" || value === "true" || value === "false" ? null : `expected true or false${at}, got ${JSON.stringify(value)}`;
    case "list":
    case "set":
      if (!Array.isArray(value)) return `expected a ${type.kind}${at}, got ${JSON.stringify(value)}`;
      return value.map((v, n) => typeMismatch(type.element, v, `${path}[${n}]`)).find(Boolean) ?? null;
    case "map":
      if (!isObject) return `expected a map${at}, got ${JSON.stringify(value)}`;
      return Object.entries(value).map(([k, v]) => typeMismatch(type.element, v, `${path}.${k}`)).find(Boolean) ?? null;
    case "tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length) return `expected a tuple of ${type.elements.length}${at}`;
      return type.elements.map((t, n) => typeMismatch(t, value[n], `${path}[${n}]`)).find(Boolean) ?? null;
    case "object": {
      if (!isObject) return `expected an object${at}, got ${JSON.stringify(value)}`;
      const missing = Object.entries(type.attributes).filter(([k, a]) => !a.optional && !(k in value)).map(([k]) => k);
      if (missing.length) return `object${at} lacks ${missing.join(", ")}`;
      const unknown = Object.keys(value).filter((k) => !(k in type.attributes));
      if (unknown.length) return `object${at} has no attribute ${unknown.join(", ")} (Terraform would drop it silently)`;
      return Object.entries(type.attributes).map(([k, a]) => typeMismatch(a.type, value[k], `${path}.${k}`)).find(Boolean) ?? null;
    }
    default:
      return null;
  }
}

export function checkOverlays(root) {
  const findings = [];
  const declared = new Map(blocks(root.tf, "variable").map((v) => [v.name, v]));
  for (const [env, { file, json }] of root.tfvars) {
    for (const [name, value] of Object.entries(json)) {
      const variable = declared.get(name);
      if (!variable) {
        findings.push({ check: "overlay", file, where: name, message: `${env} sets variable "${name}", which no .tf file declares` });
        continue;
      }
      if (variable.body.type) {
        let problem;
        try {
          problem = typeMismatch(parseType(variable.body.type), value);
        } catch (e) {
          problem = `type of variable "${name}" not understood: ${e.message}`;
        }
        if (problem) findings.push({ check: "overlay", file, where: name, message: `${env}: ${name}: ${problem}` });
      }
    }
    for (const [name, variable] of declared) {
      if (!("default" in variable.body) && !(name in json)) {
        findings.push({ check: "overlay", file, where: name, message: `${env} does not set "${name}", which has no default (declared in ${variable.file})` });
      }
    }
  }
  return findings;
}

export function checkProviderPin(root, schema) {
  const findings = [];
  const pins = blocks(root.tf, "terraform").flatMap((t) => (t.body.required_providers ?? []).map((rp) => ({ file: t.file, aws: rp.aws })));
  const aws = pins.find((p) => p.aws);
  if (!aws) {
    return [{ check: "provider", file: ".", message: "terraform.required_providers does not declare aws" }];
  }
  if (aws.aws.source !== schema.provider) {
    findings.push({ check: "provider", file: aws.file, message: `aws provider source is ${aws.aws.source}, expected ${schema.provider}` });
  }
  const version = String(aws.aws.version ?? "").replace(/^=\s*/, "");
  if (version !== schema.version) {
    findings.push({ check: "provider", file: aws.file, where: "required_providers.aws",
      message: `aws provider must be pinned exactly to ${schema.version} (the schema the checks use), is "${aws.aws.version}"` });
  }
  const backend = blocks(root.tf, "terraform").find((t) => t.body.backend?.s3);
  if (!backend) findings.push({ check: "backend", file: ".", message: 'no backend "s3" block: backend-<env>.hcl would configure nothing' });
  return findings;
}

export function checkBackends(root) {
  const findings = [];
  const keys = new Map();
  for (const [env, { file, json }] of root.backends) {
    for (const setting of ["bucket", "key", "region"]) {
      if (typeof json[setting] !== "string" || json[setting] === "") {
        findings.push({ check: "backend", file, where: setting, message: `${file} lacks ${setting}` });
      }
    }
    const state = `${json.bucket}/${json.key}`;
    if (keys.has(state)) findings.push({ check: "backend", file, message: `${env} shares its state ${state} with ${keys.get(state)}` });
    keys.set(state, env);
  }
  return findings;
}
