// Offline checks of vw-media's Step Functions state machine (issue 13), run by the launcher's StepFunctions*Test:
//
//   node infrastructure/checks/stepfunctions.mjs validate [<asl.json>]
//   node infrastructure/checks/stepfunctions.mjs run <asl.json> <input.json> --scenario <s> --out <dir> [--job-timeout-seconds n]
//
// validate: asl-validator's verdict and every Task's Resource. run: executes the definition in a local Step
// Functions interpreter (npm aws-local-stepfunctions, not AWS) with the MediaConvert Task answered by a stub
// (stepfunctions/mediaconvert-stub.mjs; scenarios there), retry pauses cut to 0 ms so nothing sleeps. Prints one
// JSON report (the execution's status and output or error, the states it went through, retries, catches, the
// stub's calls) and exits 0 when it could run at all: the verdict is the report's, for the caller to judge.
// Whatever CreateJob body the input carries goes through the same stub, so the Java builder's can be fed here too.
import "./stepfunctions/promise-with-resolvers.mjs";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { validateDefinition } from "./stepfunctions/validate.mjs";
import { SCENARIOS } from "./stepfunctions/mediaconvert-stub.mjs";
import { execute } from "./stepfunctions/execute.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ASL = join(HERE, "../stepfunctions/media-transcode-orchestrator.asl.json");

const [command, ...rest] = process.argv.slice(2);
const positional = rest.filter((a, i) => !a.startsWith("--") && !rest[i - 1]?.startsWith("--"));
const option = (name) => (rest.includes(`--${name}`) ? rest[rest.indexOf(`--${name}`) + 1] : undefined);
const readJson = (path) => JSON.parse(readFileSync(resolve(path), "utf8"));

if (command === "validate") {
  const path = resolve(positional[0] ?? DEFAULT_ASL);
  const report = { definition: path, ...validateDefinition(readJson(path)) };
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.valid ? 0 : 1);
} else if (command === "run") {
  console.log(JSON.stringify(await run(), null, 2));
} else {
  console.error("usage: stepfunctions.mjs validate [<asl.json>] | run <asl.json> <input.json> --scenario <s> --out <dir>");
  process.exit(2);
}

async function run() {
  const [aslPath, inputPath] = positional;
  const scenario = option("scenario") ?? "success";
  if (!aslPath || !inputPath || !SCENARIOS.includes(scenario)) {
    console.error(`run needs <asl.json> <input.json> and --scenario one of ${SCENARIOS.join(", ")}`);
    process.exit(2);
  }
  const definition = readJson(aslPath);
  const input = readJson(inputPath);
  if (option("job-timeout-seconds")) input.jobTimeoutSeconds = Number(option("job-timeout-seconds"));
  const outDir = resolve(option("out") ?? mkdtempSync(join(tmpdir(), "vw-sfn-")));
  return execute(definition, input, scenario, outDir);
}
