package io.vwmedia.aws.mediaconvert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vwmedia.events.RenditionTask;
import java.util.List;

/**
 * The input of one execution of the state machine {@code infrastructure/stepfunctions/media-transcode-orchestrator}:
 * who the asset is, its source, how long the job may take, and the CreateJob request ({@link MediaConvertJobs}) in
 * the API's member names. {@code infrastructure/stepfunctions/*.sample-input.json} is this, for a 10-minute 1080p
 * source (a test keeps the two equal).
 */
public final class ExecutionInput {

  /** A job gets a quarter of an hour to start, then six times the source's duration; Step Functions allows two days. */
  static final long BASE_SECONDS = 900;
  static final double PER_SOURCE_SECOND = 6;
  static final long MAX_SECONDS = 172_800;

  private ExecutionInput() {}

  public static ObjectNode of(List<RenditionTask> tasks, MediaConvertJobs.Target target) {
    RenditionTask first = tasks.get(0);
    ObjectNode input = JsonNodeFactory.instance.objectNode()
        .put("assetId", first.getAssetId())
        .put("correlationId", first.getCorrelationId())
        .put("attempt", first.getAttempt());
    input.putObject("source").put("uri", first.getSourceUri()).put("durationSeconds", first.getSourceDurationSeconds());
    input.put("jobTimeoutSeconds", jobTimeoutSeconds(first.getSourceDurationSeconds()));
    input.set("createJob", ServiceJson.of(MediaConvertJobs.createJob(tasks, target)));
    return input;
  }

  static long jobTimeoutSeconds(double sourceSeconds) {
    return Math.min(MAX_SECONDS, (long) Math.ceil(BASE_SECONDS + PER_SOURCE_SECOND * sourceSeconds));
  }
}
