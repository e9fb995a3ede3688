package io.modelrunner.app.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The encoder of model-runner's log appender (logback.xml): each event as a line of {@code
 * pattern}, or as one JSON object ({@link JsonLogLine}), as {@link #setFormat} last said — so that
 * {@code serve} can switch to JSON once its configuration ({@code logging.format}) is read, without
 * restarting the appender.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
  private final PatternLayoutEncoder plain = new PatternLayoutEncoder();
  private final JsonLogLine json = new JsonLogLine();
  private volatile LogFormat format = LogFormat.PLAIN;

  /** The plain format's logback pattern. */
  public void setPattern(String pattern) {
    plain.setPattern(pattern);
  }

  /**
   * {@code plain} or {@code json} (any case); anything else is reported to logback's status and
   * keeps the format as it was.
   */
  public void setFormat(String text) {
    try {
      format = LogFormat.parse(text);
    } catch (IllegalArgumentException e) {
      addError("format " + e.getMessage() + "; keeping " + format.text());
    }
  }

  /** Switches the format of the lines encoded from now on. */
  public void use(LogFormat next) {
    format = next;
  }

  public LogFormat format() {
    return format;
  }

  @Override
  public void start() {
    plain.setContext(getContext());
    plain.start();
    super.start();
  }

  @Override
  public void stop() {
    plain.stop();
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return format == LogFormat.JSON ? json.encode(event) : plain.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
