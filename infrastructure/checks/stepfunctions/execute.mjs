// One execution of the state machine in a local Step Functions interpreter (npm aws-local-stepfunctions, not AWS),
// its MediaConvert Task answered by the stub (mediaconvert-stub.mjs) in the given scenario, retry pauses cut to 0 ms.
// Returns the report: status, output or error and cause (as Step Functions' DescribeExecution shows a Fail state's),
// the states entered, failed attempts, retries, catches and the stub's calls. Used by `stepfunctions.mjs run` and by
// the local endpoint (stepfunctions-endpoint.mjs).
import "./promise-with-resolvers.mjs";
import { StateMachine } from "aws-local-stepfunctions";
import { mediaConvertStub } from "./mediaconvert-stub.mjs";

const MEDIACONVERT_SYNC = "arn:aws:states:::mediaconvert:createJob.sync";

export async function execute(definition, input, scenario, outDir) {
  // the stub answers every Task on the MediaConvert integration, whatever the state is called
  const stub = mediaConvertStub({ scenario, execution: input, outDir });
  const mediaConvertStates = Object.entries(definition.States)
    .filter(([, s]) => s.Type === "Task" && s.Resource === MEDIACONVERT_SYNC)
    .map(([name]) => name);
  const overrides = {
    taskResourceLocalHandlers: Object.fromEntries(mediaConvertStates.map((n) => [n, stub.handler])),
    retryIntervalOverrides: Object.fromEntries(mediaConvertStates.map((n) => [n, 0])),
  };

  const machine = new StateMachine(definition);
  const execution = machine.run(input, { overrides });
  const events = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();

  const report = { scenario, outDir, mediaConvertStates };
  try {
    report.output = await execution.result;
    report.status = "SUCCEEDED";
  } catch (thrown) {
    // the interpreter wraps the Fail state's error in an ExecutionError; Step Functions' DescribeExecution would
    // show the Fail state's Error and Cause, so report those
    const error = thrown.cause instanceof Error ? thrown.cause : thrown;
    report.status = "FAILED";
    report.error = error.name;
    report.cause = error.message;
    try {
      report.causeJson = JSON.parse(error.message);
    } catch {
      // a plain-text cause stays as it is
    }
  }
  await collecting;
  report.states = events.filter((e) => e.type === "StateEntered").map((e) => e.state.name);
  report.failedAttempts = events.filter((e) => e.type === "StateFailed").map((e) => ({ state: e.state.name, error: e.Error }));
  report.retries = events.filter((e) => e.type === "StateRetried").map((e) => ({ state: e.state.name, attempt: e.retry.attempt, errorEquals: e.retry.retrier.ErrorEquals }));
  report.caught = events.filter((e) => e.type === "StateCaught").map((e) => ({ state: e.state.name, next: e.catch.catcher.Next }));
  report.stubCalls = stub.calls;
  return report;
}
