// Every reference resolves: var.*, local.*, <type>.<name>, data.<type>.<name>, module.*, in any expression (inside
// ${...}, function calls, for expressions, jsonencode'd objects). each.* only where for_each is, count.* only where
// count is, a dynamic block's iterator only inside it. Files read with file("${path.module}/...") exist.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { getReferencesInExpression } from "@cdktf/hcl2json";
import { blocks } from "./load.mjs";

const ALWAYS = new Set(["path", "terraform", "self"]);

/** Calls visit(string, ctx) for every string in body; dynamic blocks add their iterator to ctx. */
function walk(value, ctx, visit) {
  if (typeof value === "string") {
    visit(value, ctx);
  } else if (Array.isArray(value)) {
    value.forEach((v) => walk(v, ctx, visit));
  } else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "ignore_changes") {
        continue; // names the block's own attributes, not references
      } else if (key === "dynamic") {
        for (const [label, bodies] of Object.entries(v)) {
          for (const body of bodies) {
            const { content, ...rest } = body;
            walk(rest, ctx, visit);
            const iterators = new Set([...ctx.iterators, body.iterator ?? label]);
            walk(content, { ...ctx, iterators }, visit);
          }
        }
      } else {
        walk(v, ctx, visit);
      }
    }
  }
}

export async function checkReferences(root, dir) {
  const declared = {
    var: new Set(blocks(root.tf, "variable").map((b) => b.name)),
    local: new Set(blocks(root.tf, "locals").flatMap((b) => Object.keys(b.body))),
    resource: new Set(blocks(root.tf, "resource").map((b) => `${b.type}.${b.name}`)),
    data: new Set(blocks(root.tf, "data").map((b) => `${b.type}.${b.name}`)),
    module: new Set(blocks(root.tf, "module").map((b) => b.name)),
  };
  const scopes = [
    ...blocks(root.tf, "resource").map((b) => ({ ...b, where: `${b.type}.${b.name}` })),
    ...blocks(root.tf, "data").map((b) => ({ ...b, where: `data.${b.type}.${b.name}` })),
    ...blocks(root.tf, "module").map((b) => ({ ...b, where: `module.${b.name}` })),
    ...blocks(root.tf, "output").map((b) => ({ ...b, where: `output.${b.name}` })),
    // a variable's type constraint is not an expression
    ...blocks(root.tf, "variable").map(({ body: { type, ...body }, ...b }) => ({ ...b, body, where: `variable.${b.name}` })),
    ...blocks(root.tf, "provider").map((b) => ({ ...b, where: `provider.${b.name}` })),
    ...blocks(root.tf, "locals").map((b) => ({ ...b, where: "locals" })),
  ];

  const findings = [];
  const pending = [];
  for (const scope of scopes) {
    const ctx = {
      file: scope.file,
      where: scope.where,
      count: "count" in scope.body,
      forEach: "for_each" in scope.body,
      iterators: new Set(),
    };
    walk(scope.body, ctx, (text, c) => {
      if (!text.includes("${")) return;
      for (const m of text.matchAll(/file\("\$\{path\.module\}\/([^"]+)"\)/g)) {
        if (!existsSync(resolve(dir, m[1]))) {
          findings.push({ check: "reference", file: c.file, where: c.where, message: `file("${m[1]}") does not exist` });
        }
      }
      pending.push(getReferencesInExpression(c.file, text).then(
        (refs) => refs.forEach((r) => {
          const problem = unresolved(r.value.split("."), c, declared);
          if (problem) findings.push({ check: "reference", file: c.file, where: c.where, message: problem });
        }),
        (e) => findings.push({ check: "parse", file: c.file, where: c.where, message: `expression ${text}: ${e.message ?? e}` }),
      ));
    });
  }
  await Promise.all(pending);
  return findings;
}

function unresolved([head, ...rest], ctx, declared) {
  const ref = [head, ...rest].join(".");
  switch (head) {
    case "var":
    case "local":
    case "module":
      return declared[head].has(rest[0]) ? null : `${ref}: no ${head === "var" ? "variable" : head} "${rest[0]}" is declared`;
    case "data":
      return declared.data.has(`${rest[0]}.${rest[1]}`) ? null : `${ref}: no data "${rest[0]}" "${rest[1]}" is declared`;
    case "each":
      return ctx.forEach ? null : `${ref} in a block without for_each`;
    case "count":
      return ctx.count ? null : `${ref} in a block without count`;
    default:
      if (ALWAYS.has(head) || ctx.iterators.has(head)) return null;
      return declared.resource.has(`${head}.${rest[0]}`) ? null : `${ref}: no resource "${head}" "${rest[0]}" is declared`;
  }
}
