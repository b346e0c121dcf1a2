// Reads a Terraform root the way the checks see it: every *.tf of the folder, the overlays
// environments/<env>.tfvars and the backend configs backend-<env>.hcl, each parsed to JSON by @cdktf/hcl2json
// (HashiCorp's HCL parser compiled to WebAssembly, so a syntax error is the one Terraform would report).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "@cdktf/hcl2json";

export const ENVIRONMENTS = ["dev", "staging", "prod"];

/**
 * @returns {{ tf: {file, json}[], tfvars: Map<env, {file, json}>, backends: Map<env, {file, json}>, findings: object[] }}
 *   findings holds a "parse" finding per file that does not parse, or per environment whose files are missing
 */
export async function loadRoot(dir, envs) {
  const findings = [];
  const read = async (path) => {
    const file = relative(dir, path);
    try {
      return { file, json: await parse(file, readFileSync(path, "utf8")) };
    } catch (e) {
      findings.push({ check: "parse", file, message: String(e.message ?? e).replace(/^parse config: /, "") });
      return null;
    }
  };
  const tf = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".tf")).sort()) {
    const parsed = await read(join(dir, name));
    if (parsed) tf.push(parsed);
  }
  if (tf.length === 0 && findings.length === 0) {
    findings.push({ check: "parse", file: ".", message: `no .tf file in ${dir}` });
  }
  const tfvars = new Map();
  const backends = new Map();
  for (const env of envs) {
    for (const [map, path] of [[tfvars, join(dir, "environments", `${env}.tfvars`)], [backends, join(dir, `backend-${env}.hcl`)]]) {
      if (!existsSync(path)) {
        findings.push({ check: "parse", file: relative(dir, path), message: `environment ${env} has no ${relative(dir, path)}` });
        continue;
      }
      const parsed = await read(path);
      if (parsed) map.set(env, parsed);
    }
  }
  return { tf, tfvars, backends, findings };
}

/** Every block of one kind across the files: [{file, type, name, body}] for resource/data, [{file, name, body}] else. */
export function blocks(tf, kind) {
  const out = [];
  for (const { file, json } of tf) {
    const section = json[kind];
    if (!section) continue;
    if (kind === "resource" || kind === "data") {
      for (const [type, byName] of Object.entries(section)) {
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of bodies) out.push({ file, type, name, body });
        }
      }
    } else if (kind === "locals" || kind === "terraform") {
      for (const body of section) out.push({ file, body });
    } else {
      for (const [name, bodies] of Object.entries(section)) {
        for (const body of [].concat(bodies)) out.push({ file, name, body });
      }
    }
  }
  return out;
}

/** The literal value of an attribute, or undefined when it is an expression ("${...}"). */
export function literal(value) {
  return typeof value === "string" && value.includes("${") ? undefined : value;
}
