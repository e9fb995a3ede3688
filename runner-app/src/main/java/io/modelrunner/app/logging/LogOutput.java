package io.modelrunner.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where the process's log lines go and how they look: {@link #use} switches the appenders of
 * logback.xml to a {@link LogFormat}; {@link #bridgeJavaUtilLogging} sends java.util.logging
 * (Jersey, parts of Jetty, the JDK's HTTP client) through SLF4J, so that those lines take the same
 * format (logback.xml's {@code LevelChangePropagator} keeps the JUL levels in step, so that
 * disabled JUL levels cost nothing).
 */
public final class LogOutput {
  private LogOutput() {}

  /**
   * Writes every line from now on in {@code format}.
   *
   * @return false when the logging configuration in use (another logback configuration file, or
   *     another SLF4J binding) has no {@link LogLineEncoder} to switch
   */
  public static boolean use(LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return false;
    }
    boolean switched = false;
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
          && appender.getEncoder() instanceof LogLineEncoder encoder) {
        encoder.use(format);
        switched = true;
      }
    }
    return switched;
  }

  /** The format of the lines written now: the first {@link LogLineEncoder}'s; plain without one. */
  public static LogFormat current() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
            && appender.getEncoder() instanceof LogLineEncoder encoder) {
          return encoder.format();
        }
      }
    }
    return LogFormat.PLAIN;
  }

  /** Replaces java.util.logging's console handler with the bridge to SLF4J; once per process. */
  public static void bridgeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
