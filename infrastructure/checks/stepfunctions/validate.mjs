// The definition checks that need no interpreter: asl-validator's schema, transition and path checks (what the Step
// Functions console refuses before CreateStateMachine would), and the Task resources it names, so a test can pin the
// MediaConvert integration to exactly the .sync ARN (a plain createJob would return before the job ran).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const aslValidator = require("asl-validator");

export function validateDefinition(definition) {
  const { isValid, errors } = aslValidator(definition);
  return {
    valid: isValid,
    errors: (errors ?? []).map((e) => ({ code: e["Error code"], message: e.Message })),
    taskResources: taskResources(definition),
  };
}

/** Every Task state's Resource, by state name, including those nested in Parallel branches and Map processors. */
export function taskResources(definition, into = {}) {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    if (state.Type === "Task") into[name] = state.Resource;
    for (const branch of state.Branches ?? []) taskResources(branch, into);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) taskResources(processor, into);
  }
  return into;
}
