// Stands in for arn:aws:states:::mediaconvert:createJob.sync: what the Task sees is what Step Functions would
// surface after CreateJob and the job's end. Scenarios:
//   success          the job COMPLETEs: real CMAF outputs written with FFmpeg, GetJob's response returned
//   throttle         the first call fails MediaConvert.TooManyRequestsException, the next succeeds
//   throttle-forever every call is throttled (the Retry must give up and the Catch record it)
//   job-error        the job ends in ERROR: States.TaskFailed with the job's description as JSON in Cause
//   timeout          the job never ends (run it with a small jobTimeoutSeconds): States.Timeout
// Any scenario first checks the CreateJob body; a wrong body is refused as MediaConvert.BadRequestException.
import { createJobProblems } from "./create-job-checks.mjs";
import { writeCmafGroups } from "./cmaf-outputs.mjs";

export const SCENARIOS = ["success", "throttle", "throttle-forever", "job-error", "timeout"];

export const JOB_ERROR = { code: 1010, message: "Unable to open input file [s3://vw-media-sources-dev/source.mp4]: [Failed probe/open: [Failed to read data]]" };

export function mediaConvertStub({ scenario, execution, outDir }) {
  const calls = [];
  const handler = async (body) => {
    const call = { n: calls.length + 1, assetId: body.UserMetadata?.assetId, problems: createJobProblems(body, execution) };
    calls.push(call);
    if (call.problems.length) {
      call.outcome = "refused";
      throw serviceError("MediaConvert.BadRequestException", `stub refused the CreateJob body: ${call.problems.join("; ")}`);
    }
    if (scenario === "throttle-forever" || (scenario === "throttle" && call.n === 1)) {
      call.outcome = "throttled";
      throw serviceError("MediaConvert.TooManyRequestsException", "Too Many Requests (Service: MediaConvert, Status Code: 429)");
    }
    const job = { Id: `1767000000000-stub${String(call.n).padStart(2, "0")}`, Role: body.Role, Queue: body.Queue, UserMetadata: body.UserMetadata };
    if (scenario === "job-error") {
      call.outcome = "job-error";
      throw serviceError("States.TaskFailed", JSON.stringify({ Job: { ...job, Status: "ERROR", ErrorCode: JOB_ERROR.code, ErrorMessage: JOB_ERROR.message } }));
    }
    if (scenario === "timeout") {
      call.outcome = "never-ends";
      return new Promise((resolve) => setTimeout(resolve, 3_600_000).unref());
    }
    const { outputGroupDetails, files } = writeCmafGroups(outDir, body.Settings);
    call.outcome = "complete";
    call.files = files;
    return { Job: { ...job, Status: "COMPLETE", Settings: body.Settings, OutputGroupDetails: outputGroupDetails } };
  };
  return { handler, calls };
}

function serviceError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}
