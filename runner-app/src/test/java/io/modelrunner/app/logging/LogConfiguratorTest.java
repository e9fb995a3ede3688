package io.modelrunner.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
  void makesTheSameConfigurationAsTheShippedLogbackXml() throws Exception {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(Path.of("target", "classes", "logback.xml").toFile());
    LoggerContext fromCode = new LoggerContext();
    new LogConfigurator(name -> null, () -> false).configure(fromCode);

    assertThat(shape(fromCode)).isEqualTo(shape(fromXml));
  }

  /** What a configuration decides: levels, appenders, their target, pattern and format. */
  private static List<String> shape(LoggerContext context) {
    List<String> shape = new ArrayList<>();
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        shape.add(logger.getName() + "=" + logger.getLevel());
      }
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        String line = logger.getName() + " -> " + appender.getName() + " " + appender.getClass();
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
          line += " " + console.getTarget() + " " + console.getEncoder().getClass();
          if (console.getEncoder() instanceof LogLineEncoder encoder) {
            line += " " + encoder.format();
          }
        }
        shape.add(line);
      }
    }
    context.getCopyOfListenerList().forEach(l -> shape.add("listener " + l.getClass()));
    shape.sort(null);
    return shape;
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
