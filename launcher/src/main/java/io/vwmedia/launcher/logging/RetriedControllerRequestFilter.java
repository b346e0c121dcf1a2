package io.vwmedia.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the one ERROR the embedded broker logs on an ordinary restart: as a KRaft node that is both controller and
 * broker starts on a data folder it has used before, its controller registration can reach the quorum controller a
 * moment before that controller knows it leads. Kafka's {@code ControllerApis} then logs the refusal
 * ({@code NotControllerException}) as an "Unexpected error" with a stack trace, although the registration is sent
 * again and succeeds, and the controller itself logs the same event at INFO. Every other event, from that logger too,
 * passes.
 */
public final class RetriedControllerRequestFilter extends Filter<ILoggingEvent> {

  static final String LOGGER = "kafka.server.ControllerApis";
  static final String REFUSAL = "org.apache.kafka.common.errors.NotControllerException";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (event.getLevel() != Level.ERROR || !LOGGER.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      if (REFUSAL.equals(t.getClassName())) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
