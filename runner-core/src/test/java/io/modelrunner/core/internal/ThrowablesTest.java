package io.modelrunner.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ThrowablesTest {
  @Test
  void theRootMessageIsTheDeepestCausesOnOneLine() {
    Exception failure =
        new IllegalStateException(
            "outer", new IOException("middle", new UnknownHostException("db:  no\n such host")));

    assertThat(Throwables.rootCause(failure)).isInstanceOf(UnknownHostException.class);
    assertThat(Throwables.rootMessage(failure)).isEqualTo("db: no such host");
  }

  @Test
  void aCauseWithoutAMessageIsNamedByItsClass() {
    assertThat(Throwables.rootMessage(new RuntimeException("x", new NullPointerException())))
        .isEqualTo("NullPointerException");
  }
}
