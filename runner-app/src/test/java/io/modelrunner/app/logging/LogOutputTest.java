package io.modelrunner.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Against runner-app's own logback.xml (the test classpath holds other modules' logback-test.xml,
 * which logback would prefer).
 */
class LogOutputTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @BeforeAll
  static void configureFromTheShippedLogbackXml() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    int before = context.getStatusManager().getCopyOfStatusList().size();
    configurator.doConfigure(Path.of("target", "classes", "logback.xml").toFile());
    List<Status> statuses = context.getStatusManager().getCopyOfStatusList();
    assertThat(statuses.subList(before, statuses.size()))
        .noneMatch(s -> s.getLevel() >= Status.WARN);
  }

  @AfterEach
  void backToPlain() {
    LogOutput.use(LogFormat.PLAIN);
  }

  @Test
  void theAppenderOfLogbackXmlSwitchesFormat() {
    assertThat(LogOutput.current()).isEqualTo(LogFormat.PLAIN);
    assertThat(LogOutput.use(LogFormat.JSON)).isTrue();
    assertThat(LogOutput.current()).isEqualTo(LogFormat.JSON);
    assertThat(LogOutput.use(LogFormat.PLAIN)).isTrue();
    assertThat(LogOutput.current()).isEqualTo(LogFormat.PLAIN);
  }

  @Test
  void javaUtilLoggingGoesThroughSlf4jWithItsMessageFormatted() {
    Logger target = context.getLogger("io.modelrunner.test.jul");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    target.addAppender(seen);
    try {
      LogOutput.bridgeJavaUtilLogging();
      LogOutput.bridgeJavaUtilLogging(); // once per process, however often called
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.modelrunner.test.jul");
      jul.log(java.util.logging.Level.WARNING, "provider {0} not found", "DataSource");
      assertThat(seen.list).hasSize(1);
      ILoggingEvent event = seen.list.get(0);
      assertThat(event.getLevel().toString()).isEqualTo("WARN");
      assertThat(event.getFormattedMessage()).isEqualTo("provider DataSource not found");
      java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
      assertThat(Arrays.stream(root.getHandlers()))
          .as("no JUL handler prints to stderr itself")
          .noneMatch(h -> h instanceof ConsoleHandler)
          .hasSize(1);
    } finally {
      target.detachAppender(seen);
    }
  }

  @Test
  void linesWrittenForTheUserGoThroughWhilePlainAndAreLoggedWhileJson() throws Exception {
    Logger target = context.getLogger("io.modelrunner.test.user");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    target.addAppender(seen);
    try {
      StringWriter plain = new StringWriter();
      LogLineWriter writer = new LogLineWriter(plain, LoggerFactory.getLogger(target.getName()));
      writer.write("[seir] execute (+0.1 s)\n");
      writer.flush();
      assertThat(plain).hasToString("[seir] execute (+0.1 s)" + System.lineSeparator());
      assertThat(seen.list).isEmpty();
      LogOutput.use(LogFormat.JSON);
      writer.write("[seir] complete in 0.2 s\r\n[seir] war");
      writer.flush();
      writer.write("ning: x\n");
      assertThat(seen.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("[seir] complete in 0.2 s", "[seir] warning: x");
      assertThat(plain).hasToString("[seir] execute (+0.1 s)" + System.lineSeparator());
    } finally {
      target.detachAppender(seen);
    }
  }
}
