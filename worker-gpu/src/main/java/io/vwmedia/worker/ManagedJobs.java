package io.vwmedia.worker;

import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.RenditionTask;

/**
 * The managed leg as the workers see it: runs one asset's job to its end (in AWS: a Step Functions execution of
 * MediaConvert) and says where it left each rung's CMAF. Running the same asset and attempt twice must run one job:
 * a redelivered task finds the first.
 */
public interface ManagedJobs {

  /** How an asset's job ended. */
  enum Ending {
    /** Every rung's CMAF is in its staging folder. */
    SUCCEEDED,
    /** The job ran and failed (MediaConvert's error code and message): the same input fails the same way. */
    JOB_FAILED,
    /** The job ran out of its time. */
    TIMED_OUT,
    /** The service failed around the job (throttled past its retries, refused, stopped): a new attempt may pass. */
    SERVICE_FAILED
  }

  /**
   * @param code MediaConvert's error code (e.g. {@code 1010}) or the service's error name; null on success
   * @param message what went wrong, for the rung's error and the alert; null on success
   * @param job where to look (the execution ARN)
   */
  record Outcome(Ending ending, String code, String message, String job) {
    public static Outcome succeeded(String job) {
      return new Outcome(Ending.SUCCEEDED, null, null, job);
    }
  }

  Outcome run(ManagedEncodeTask task) throws InterruptedException;

  /** The storage prefix the job writes {@code rung}'s files under. */
  String stagingPrefix(ManagedEncodeTask task, RenditionTask rung);

  /** Who encodes, for the results' encoder field: e.g. {@code mediaconvert}. */
  String encoderName();
}
