package io.vwmedia.aws.mediaconvert;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.storage.AssetLayout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.mediaconvert.model.AacCodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.AacCodingMode;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodec;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioDefaultSelection;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioSelector;
import software.amazon.awssdk.services.mediaconvert.model.CmafGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.CmafSegmentControl;
import software.amazon.awssdk.services.mediaconvert.model.CmafSegmentLengthControl;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteDASHManifest;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteHLSManifest;
import software.amazon.awssdk.services.mediaconvert.model.ContainerSettings;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.InputTimecodeSource;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.TimecodeConfig;
import software.amazon.awssdk.services.mediaconvert.model.TimecodeSource;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

/**
 * The AWS Elemental MediaConvert job that encodes an asset's planned rungs the way our own workers do, built with the
 * SDK's model classes so every field and enum is the service's own. One CMAF output group per rung, named after it
 * and writing into the rung's staging folder ({@code assets/<assetId>/mediaconvert-a<attempt>/<rung>/cmaf...}), from
 * which the workers store it in our layout as they store their own segments: H.264 with the rung's size, frame rate, average / peak / VBV
 * ({@link H264Rung}), or AAC-LC as its own output. MediaConvert's own HLS and DASH manifests (its defaults) land
 * beside the segments and are not published; ours are written under {@code manifests/} as for every asset.
 *
 * <p>What MediaConvert cannot do like our workers: a first segment shorter than the others (CMAF segment length is
 * one whole number of seconds for every segment, so the 1 s first segment of the template is dropped on this leg,
 * and with it the earlier first playable manifest), and fractional segment lengths.
 */
public final class MediaConvertJobs {

  /** Input audio selector every audio output reads: the source's default track. */
  static final String AUDIO_SELECTOR = "Audio Selector 1";

  /**
   * Where the job runs and writes.
   *
   * @param roleArn the role MediaConvert assumes to read the source and write the outputs
   * @param queueArn the queue the job waits in
   * @param outputs {@code s3://bucket/prefix/} of the storage, as {@code vw.storage.uri} names it
   */
  public record Target(String roleArn, String queueArn, String outputs) {
    public Target {
      if (!outputs.startsWith("s3://")) {
        throw new IllegalArgumentException("MediaConvert writes to S3: the outputs must be s3://bucket/prefix, were " + outputs);
      }
      outputs = outputs.endsWith("/") ? outputs : outputs + "/";
    }
  }

  private MediaConvertJobs() {}

  /** MediaConvert keeps a request token for a while and answers a second CreateJob with it by the first job. */
  static final int MAX_TOKEN = 64;

  /**
   * The job for one asset's tasks (all of one asset and one attempt: the rungs the planner made, audio included). Its
   * {@code ClientRequestToken} is the asset and attempt, so a CreateJob sent twice makes one job.
   */
  public static CreateJobRequest createJob(List<RenditionTask> tasks, Target target) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no rung to encode");
    }
    RenditionTask first = tasks.get(0);
    for (RenditionTask t : tasks) {
      if (!t.getAssetId().equals(first.getAssetId()) || t.getAttempt() != first.getAttempt()) {
        throw new IllegalArgumentException("one job is one asset's attempt: " + t.getAssetId() + " attempt " + t.getAttempt());
      }
    }
    RungSpec timing = tasks.stream().map(RenditionTask::getRung).filter(r -> r.getKind() == RungKind.VIDEO)
        .findFirst().orElse(first.getRung());
    boolean audio = tasks.stream().anyMatch(t -> t.getRung().getKind() == RungKind.AUDIO);
    return CreateJobRequest.builder()
        .role(target.roleArn())
        .queue(target.queueArn())
        .clientRequestToken(JobNames.of(first.getAssetId(), first.getAttempt(), MAX_TOKEN))
        .userMetadata(new TreeMap<>(Map.of("assetId", first.getAssetId(), "correlationId", first.getCorrelationId(),
            "attempt", Integer.toString(first.getAttempt()))))
        .settings(JobSettings.builder()
            .timecodeConfig(TimecodeConfig.builder().source(TimecodeSource.ZEROBASED).build())
            .inputs(input(first.getSourceUri(), audio))
            .outputGroups(tasks.stream().map(t -> OutputGroup.builder()
                .name(t.getRung().getName()) // the state machine reports the rungs by these names
                .outputGroupSettings(OutputGroupSettings.builder()
                    .type(OutputGroupType.CMAF_GROUP_SETTINGS)
                    .cmafGroupSettings(cmafGroup(destination(target, t), timing))
                    .build())
                .outputs(output(t.getRung()))
                .build()).toList())
            .build())
        .build();
  }

  /**
   * Where a rung's files go, and their name stem: {@code <outputs>assets/<id>/mediaconvert-a<attempt>/<rung>/cmaf},
   * the rung's staging folder ({@link #stagingPrefix}), from which the workers store it under the task's own prefix.
   */
  public static String destination(Target target, RenditionTask task) {
    return target.outputs() + stagingPrefix(task) + "cmaf";
  }

  /** The storage prefix of a rung's staging folder, below the storage's own prefix. */
  public static String stagingPrefix(RenditionTask task) {
    return AssetLayout.managedStagingPrefix(task.getAssetId(), task.getAttempt(), task.getRung().getName());
  }

  private static Input input(String sourceUri, boolean audio) {
    Input.Builder in = Input.builder().fileInput(sourceUri).timecodeSource(InputTimecodeSource.ZEROBASED);
    if (audio) {
      in.audioSelectors(Map.of(AUDIO_SELECTOR, AudioSelector.builder().defaultSelection(AudioDefaultSelection.DEFAULT).build()));
    }
    return in.build();
  }

  private static CmafGroupSettings cmafGroup(String destination, RungSpec timing) {
    return CmafGroupSettings.builder()
        .destination(destination)
        .segmentControl(CmafSegmentControl.SEGMENTED_FILES)
        .segmentLength((int) Math.round(timing.getSegmentSeconds()))
        .segmentLengthControl(CmafSegmentLengthControl.GOP_MULTIPLE) // segments end on our closed GOPs
        .fragmentLength((int) Math.round(timing.getGopSeconds()))
        .writeHlsManifest(CmafWriteHLSManifest.ENABLED)
        .writeDashManifest(CmafWriteDASHManifest.ENABLED)
        .build();
  }

  private static Output output(RungSpec rung) {
    Output.Builder out = Output.builder()
        .nameModifier("_" + rung.getName())
        .containerSettings(ContainerSettings.builder().container(ContainerType.CMFC).build());
    if (rung.getKind() == RungKind.AUDIO) {
      return out.audioDescriptions(AudioDescription.builder()
          .audioSourceName(AUDIO_SELECTOR)
          .codecSettings(AudioCodecSettings.builder().codec(AudioCodec.AAC).aacSettings(AacSettings.builder()
              .codecProfile(AacCodecProfile.LC)
              .codingMode(rung.getAudioChannels() == 1 ? AacCodingMode.CODING_MODE_1_0 : AacCodingMode.CODING_MODE_2_0)
              .bitrate(rung.getBitrateKbps() * 1000)
              .sampleRate(rung.getAudioSampleRate())
              .build()).build())
          .build()).build();
    }
    return out.videoDescription(VideoDescription.builder()
        .width(rung.getWidth())
        .height(rung.getHeight())
        .codecSettings(H264Rung.codecSettings(rung))
        .build()).build();
  }
}
