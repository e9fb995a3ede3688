package io.modelrunner.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * model-runner's logging configuration, the same as {@code logback.xml}'s, made in code: logback
 * finds it first (a service) and then skips its XML configurator, whose parser and reflection cost
 * a cold CLI run more than anything else logback does. It steps aside, leaving the choice to
 * logback, when {@code -Dlogback.configurationFile} names another configuration or a {@code
 * logback-test.xml} is on the class path.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** The plain format's pattern (logback.xml's). */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  /** Loggers quieter than the root (logback.xml's). */
  static final Map<String, Level> QUIET =
      Map.of(
          "com.github.dockerjava", Level.WARN,
          "org.apache.hc", Level.WARN,
          "org.eclipse.jetty", Level.WARN);

  private final UnaryOperator<String> variables;
  private final BooleanSupplier testConfiguration;

  /** Reads variables as logback.xml's {@code ${NAME}} does: system properties, then environment. */
  public LogConfigurator() {
    this(
        name -> System.getProperty(name, System.getenv(name)),
        () -> LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null);
  }

  LogConfigurator(UnaryOperator<String> variables, BooleanSupplier testConfiguration) {
    this.variables = variables;
    this.testConfiguration = testConfiguration;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (variables.apply("logback.configurationFile") != null || testConfiguration.getAsBoolean()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    context.addListener(propagator);
    propagator.start();

    LogLineEncoder encoder = new LogLineEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setFormat(variable("MODEL_RUNNER_LOGGING_FORMAT", "plain"));
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();

    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(variable("MODEL_RUNNER_LOG_LEVEL", "INFO")));
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private String variable(String name, String fallback) {
    String value = variables.apply(name);
    return value == null ? fallback : value;
  }
}
