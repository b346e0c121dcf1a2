package io.vwmedia.launcher.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console of every command, as the shipped logback.xml sets it up, and the broker's restart race. */
class RetriedControllerRequestFilterTest {

  private Appender<ILoggingEvent> console;
  private LoggerContext context;

  @BeforeEach
  void theShippedConfiguration() throws Exception {
    context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    console = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
  }

  @Test
  void theControllersRefusalOfARegistrationItRetriesIsNotPrinted() {
    // as ControllerApis logs it: the refusal wrapped in the future's CompletionException
    var refused = new CompletionException(new NotControllerException("The active controller appears to be node 1."));

    assertThat(decision(RetriedControllerRequestFilter.LOGGER, Level.ERROR, refused)).isEqualTo(FilterReply.DENY);
  }

  @Test
  void everyOtherErrorIsPrinted() {
    assertThat(decision(RetriedControllerRequestFilter.LOGGER, Level.ERROR, new TimeoutException("no answer")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(decision(RetriedControllerRequestFilter.LOGGER, Level.ERROR, null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decision("kafka.server.BrokerServer", Level.ERROR, new NotControllerException("elsewhere")))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decision(String logger, Level level, Throwable thrown) {
    LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger(logger), level,
        "Unexpected error handling request", thrown, null);
    return console.getFilterChainDecision(event);
  }
}
