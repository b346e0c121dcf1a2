// Unknown properties, found by asking the model's own validator. The compiled validators check the type of every
// property their schema declares and ignore every other one, so a property is known exactly when replacing its
// value by something no schema accepts (a Symbol) makes the validator complain at that property's path. Maps
// (labels, annotations, ConfigMap data, KEDA trigger metadata) declare their values' type for any key, so their
// keys all count as known, as the API server would take them.

import { validationErrors } from "./models.mjs";

const NOTHING_ACCEPTS_THIS = Symbol("probe");

/** JSON Pointer escaping, as ajv writes instancePath. */
const escape = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

/** Whether the validator looks at the property `key` of `parent` (found at `pointer` in `root`). */
function declared(Model, root, parent, key, pointer) {
  const kept = parent[key];
  parent[key] = NOTHING_ACCEPTS_THIS;
  try {
    return validationErrors(Model, root).some((e) => e.instancePath === pointer || e.instancePath.startsWith(pointer + "/"));
  } finally {
    parent[key] = kept;
  }
}

/** The JSON Pointers of every property of `object` (recursively) that the model's schema does not declare. */
export function unknownProperties(Model, object) {
  const root = structuredClone(object);
  const unknown = [];
  const walk = (node, pointer) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    } else if (node !== null && typeof node === "object") {
      for (const key of Object.keys(node)) {
        const at = `${pointer}/${escape(key)}`;
        if (declared(Model, root, node, key, at)) {
          walk(node[key], at);
        } else {
          unknown.push(at); // its children are unknown too: said once
        }
      }
    }
  };
  walk(root, "");
  return unknown;
}
