// Rendered Kubernetes YAML (several documents; FILE, or stdin) as one JSON document {"objects": [...]}, for the
// launcher's tests, which read JSON only.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const docs = parseAllDocuments(readFileSync(process.argv[2] ?? 0, "utf8"));
const broken = docs.flatMap((d) => d.errors.map((e) => e.message));
if (broken.length) {
  console.error(broken.join("\n"));
  process.exit(1);
}
console.log(JSON.stringify({ objects: docs.map((d) => d.toJS()).filter((o) => o !== null) }));
