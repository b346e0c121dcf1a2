// A local Step Functions (not AWS): an HTTP endpoint speaking the Step Functions JSON 1.0 protocol for
// StartExecution and DescribeExecution, which the real AWS SDK client is pointed at (endpointOverride). Each
// execution runs vw-media's state machine in the local interpreter (stepfunctions/execute.mjs) with the MediaConvert
// Task answered by the stub, writing its CMAF outputs under --out (s3://<bucket>/<key> -> <out>/<key>).
//
//   node infrastructure/checks/stepfunctions-endpoint.mjs --asl <asl.json> --out <dir>
//
// Prints {"port": N} on its first line, then serves until killed. The stub's scenario follows the asset id:
// "fail-..." the job ends in ERROR, "throttle-..." CreateJob is throttled once, anything else succeeds. As Step
// Functions does, a second StartExecution under a name already used answers with the same execution when the input
// is the same and it still runs, and ExecutionAlreadyExists otherwise. GET /executions lists the executions started.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { execute } from "./stepfunctions/execute.mjs";

const args = process.argv.slice(2);
const option = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
if (!option("asl") || !option("out")) {
  console.error("usage: stepfunctions-endpoint.mjs --asl <asl.json> --out <dir>");
  process.exit(2);
}
const definition = JSON.parse(readFileSync(resolve(option("asl")), "utf8"));
const outDir = resolve(option("out"));
const executions = new Map(); // arn -> {name, input, status, output, error, cause, startDate, stopDate}

const scenarioOf = (assetId) =>
  assetId?.startsWith("fail-") ? "job-error" : assetId?.startsWith("throttle-") ? "throttle" : "success";

function startExecution({ stateMachineArn, name, input }) {
  const arn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
  const known = executions.get(arn);
  if (known) {
    if (known.input === input && known.status === "RUNNING") return [200, { executionArn: arn, startDate: known.startDate }];
    return [400, { __type: "ExecutionAlreadyExists", message: `Execution Already Exists: '${arn}'` }];
  }
  const parsed = JSON.parse(input ?? "{}");
  const record = { name, stateMachineArn, input, status: "RUNNING", startDate: Date.now() / 1000 };
  executions.set(arn, record);
  execute(definition, parsed, scenarioOf(parsed.assetId), outDir).then((report) => {
    Object.assign(record, { status: report.status, stopDate: Date.now() / 1000 });
    if (report.status === "SUCCEEDED") record.output = JSON.stringify(report.output);
    else Object.assign(record, { error: report.error, cause: report.cause });
  }, (e) => Object.assign(record, { status: "FAILED", error: "States.Runtime", cause: String(e) }));
  return [200, { executionArn: arn, startDate: record.startDate }];
}

function describeExecution({ executionArn }) {
  const r = executions.get(executionArn);
  if (!r) return [400, { __type: "ExecutionDoesNotExist", message: `Execution Does Not Exist: '${executionArn}'` }];
  const d = { executionArn, stateMachineArn: r.stateMachineArn, name: r.name, status: r.status, startDate: r.startDate, input: r.input };
  for (const key of ["stopDate", "output", "error", "cause"]) if (r[key] !== undefined) d[key] = r[key];
  return [200, d];
}

const operations = { "AWSStepFunctions.StartExecution": startExecution, "AWSStepFunctions.DescribeExecution": describeExecution };

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    let status, answer;
    if (req.method === "GET" && req.url === "/executions") {
      [status, answer] = [200, [...executions.values()].map(({ name, status: s }) => ({ name, status: s }))];
    } else {
      const operation = operations[req.headers["x-amz-target"]];
      [status, answer] = operation ? operation(JSON.parse(body || "{}"))
        : [400, { __type: "UnknownOperationException", message: String(req.headers["x-amz-target"]) }];
    }
    res.writeHead(status, { "Content-Type": "application/x-amz-json-1.0" });
    res.end(JSON.stringify(answer));
  });
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
