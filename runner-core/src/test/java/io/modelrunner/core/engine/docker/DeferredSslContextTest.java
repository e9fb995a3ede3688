package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyManagementException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class DeferredSslContextTest {

  @Test
  void theRealContextIsMadeOnFirstUseOnlyAndOnce() throws Exception {
    AtomicInteger made = new AtomicInteger();
    SSLContext real = SSLContext.getInstance("TLSv1.3");
    real.init(null, null, null);
    DeferredSslContext deferred =
        new DeferredSslContext(
            () -> {
              made.incrementAndGet();
              return real;
            });
    assertThat(made).hasValue(0);

    SSLEngine engine = deferred.createSSLEngine("docker.example", 2376);
    deferred.getDefaultSSLParameters();

    assertThat(made).hasValue(1);
    assertThat(engine.getPeerHost()).isEqualTo("docker.example");
    assertThat(engine.getEnabledProtocols())
        .containsExactly(real.createSSLEngine().getEnabledProtocols());
  }

  @Test
  void itCannotBeReinitialised() {
    DeferredSslContext deferred = DeferredSslContext.ofDefault();

    assertThatThrownBy(() -> deferred.init(null, null, null))
        .isInstanceOf(KeyManagementException.class)
        .hasMessageContaining("deferred");
  }

  @Test
  void onlyLocalSocketsGetTheDeferredContext() {
    assertThat(DockerClients.isLocalSocket(URI.create("unix:///var/run/docker.sock"))).isTrue();
    assertThat(DockerClients.isLocalSocket(URI.create("npipe:////./pipe/docker_engine"))).isTrue();
    assertThat(DockerClients.isLocalSocket(URI.create("tcp://docker.example:2376"))).isFalse();
    assertThat(DockerClients.isLocalSocket(URI.create("https://docker.example:2376"))).isFalse();
  }
}
