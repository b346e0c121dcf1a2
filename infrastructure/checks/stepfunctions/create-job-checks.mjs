// What the stub insists on in a CreateJob body before it pretends to run the job: the fields the backend must get
// right (Role, Queue, UserMetadata naming this execution's asset, Settings shaped the way vw-media-hls-v3 asks:
// H.264 VBR/CBR with peak and VBV, closed 2 s GOPs, no scene-change keyframes, CMAF groups under the asset's folder
// with one segment length, AAC 128 kbit/s as its own output). Returns every problem found, not just the first.
const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/;
const QUEUE = /^arn:aws[a-z-]*:mediaconvert:[a-z0-9-]+:\d{12}:queues\/.+/;

export function createJobProblems(body, execution) {
  const problems = [];
  const need = (ok, message) => ok || problems.push(message);
  need(ROLE.test(body.Role ?? ""), `Role must be an IAM role ARN, was ${JSON.stringify(body.Role)}`);
  need(QUEUE.test(body.Queue ?? ""), `Queue must be a MediaConvert queue ARN, was ${JSON.stringify(body.Queue)}`);
  need(typeof body.ClientRequestToken === "string" && body.ClientRequestToken.length <= 64,
    "ClientRequestToken must be a string of at most 64 characters");
  const meta = body.UserMetadata ?? {};
  need(meta.assetId === execution.assetId, `UserMetadata.assetId must be ${execution.assetId}, was ${meta.assetId}`);
  need(meta.correlationId === execution.correlationId,
    `UserMetadata.correlationId must be ${execution.correlationId}, was ${meta.correlationId}`);
  need(Object.values(meta).every((v) => typeof v === "string"), "UserMetadata values must be strings");

  const settings = body.Settings ?? {};
  // MediaConvert reads s3:// and http(s):// inputs; vw-media's uploads usually carry pre-signed https URLs
  need(settings.Inputs?.length === 1 && /^(s3|https?):\/\//.test(settings.Inputs[0].FileInput ?? ""),
    "Settings.Inputs must be one s3:// or https:// FileInput");
  const groups = settings.OutputGroups ?? [];
  need(groups.length > 0, "Settings.OutputGroups is empty");
  const segmentLengths = new Set();
  let audioOutputs = 0;
  for (const [g, group] of groups.entries()) {
    const at = `OutputGroups[${g}] (${group.Name})`;
    const ogs = group.OutputGroupSettings ?? {};
    need(ogs.Type === "CMAF_GROUP_SETTINGS", `${at}: Type must be CMAF_GROUP_SETTINGS, was ${ogs.Type}`);
    const cmaf = ogs.CmafGroupSettings ?? {};
    need((cmaf.Destination ?? "").includes(`/assets/${execution.assetId}/`),
      `${at}: Destination must be under assets/${execution.assetId}/, was ${cmaf.Destination}`);
    segmentLengths.add(cmaf.SegmentLength);
    for (const [o, output] of (group.Outputs ?? []).entries()) {
      const oat = `${at}.Outputs[${o}]`;
      need(output.ContainerSettings?.Container === "CMFC", `${oat}: Container must be CMFC`);
      const video = output.VideoDescription;
      if (video) {
        const h = video.CodecSettings?.H264Settings ?? {};
        need(video.CodecSettings?.Codec === "H_264", `${oat}: Codec must be H_264`);
        need(["VBR", "CBR"].includes(h.RateControlMode), `${oat}: RateControlMode must be VBR or CBR (not QVBR), was ${h.RateControlMode}`);
        need(h.Bitrate > 0 && h.MaxBitrate >= h.Bitrate && h.HrdBufferSize > 0, `${oat}: Bitrate, MaxBitrate >= Bitrate and HrdBufferSize are required`);
        need(h.GopSize === 2 && h.GopSizeUnits === "SECONDS", `${oat}: GOPs must be 2 SECONDS, was ${h.GopSize} ${h.GopSizeUnits}`);
        need(h.GopClosedCadence === 1, `${oat}: GOPs must be closed (GopClosedCadence 1)`);
        need(h.SceneChangeDetect === "DISABLED", `${oat}: SceneChangeDetect must be DISABLED`);
        need(Number.isInteger(video.Width) && Number.isInteger(video.Height), `${oat}: Width and Height are required`);
      } else {
        const aac = output.AudioDescriptions?.[0]?.CodecSettings;
        need(output.AudioDescriptions?.length === 1 && aac?.Codec === "AAC" && aac.AacSettings?.Bitrate === 128000,
          `${oat}: an audio-only output must be one AAC description at 128000 bit/s`);
        audioOutputs++;
      }
    }
  }
  need(segmentLengths.size === 1, `every CMAF group must have the same SegmentLength, were ${[...segmentLengths]}`);
  need(audioOutputs === 1, `expected AAC as exactly one output of its own, found ${audioOutputs}`);
  return problems;
}
