// The kubernetes-models / @kubernetes-models/keda class for an object's apiVersion and kind, and its validation
// errors. The models ship their JSON schemas compiled to ajv validators (no schema documents), and those
// validators let unknown properties through: strict.mjs adds that check on top of them.

const CORE = "kubernetes-models";
const KEDA = "@kubernetes-models/keda";

/** The module paths that may declare a model of apiVersion (core "v1", or "group/version"). */
function candidates(apiVersion) {
  return apiVersion.includes("/")
    ? [`${CORE}/${apiVersion}`, `${KEDA}/${apiVersion}`]
    : [`${CORE}/${apiVersion}`];
}

/** The model class of apiVersion/kind, or null when neither package declares one. */
export async function modelClass(apiVersion, kind) {
  for (const path of candidates(apiVersion)) {
    try {
      const module = await import(path);
      if (typeof module[kind] === "function") return module[kind];
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    }
  }
  return null;
}

/** ajv's errors for `data` against the model (an empty list when it passes). */
export function validationErrors(Model, data) {
  try {
    new Model(data).validate();
    return [];
  } catch (e) {
    if (Array.isArray(e.errors)) return e.errors;
    throw e;
  }
}
