package io.modelrunner.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

  @Test
  void configuresWhatLogbackXmlDoesAndSkipsTheXmlConfigurator() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new LogConfigurator(name -> null, () -> false).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(root.getAppender("STDERR"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            appender -> {
              assertThat(appender.getTarget()).isEqualTo("System.err");
              assertThat(appender.isStarted()).isTrue();
              assertThat(appender.getEncoder())
                  .isInstanceOfSatisfying(
                      LogLineEncoder.class, e -> assertThat(e.format()).isEqualTo(LogFormat.PLAIN));
            });
    assertThat(context.getLogger("com.github.dockerjava").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.apache.hc").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getCopyOfListenerList())
        .anySatisfy(l -> assertThat(l).isInstanceOf(LevelChangePropagator.class));
  }

  @Test
  void takesTheFormatAndRootLevelFromTheVariablesLogbackXmlReads() {
    LoggerContext context = new LoggerContext();
    Map<String, String> variables =
        Map.of("MODEL_RUNNER_LOGGING_FORMAT", "json", "MODEL_RUNNER_LOG_LEVEL", "DEBUG");

    new LogConfigurator(variables::get, () -> false).configure(context);

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getEncoder())
        .isInstanceOfSatisfying(
            LogLineEncoder.class, e -> assertThat(e.format()).isEqualTo(LogFormat.JSON));
  }

  @Test
  void leavesALogbackTestXmlToLogback() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new LogConfigurator(name -> null, () -> true).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }

  @Test
  void leavesAnExplicitConfigurationFileToLogback() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status =
        new LogConfigurator(
                Map.of("logback.configurationFile", "/etc/my-logback.xml")::get, () -> false)
            .configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
        .isExhausted();
  }
}
