package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.net.URI;
import org.apiguardian.api.API;

/**
 * The one way a docker-java client is made for an engine configuration: the engine's host (and TLS
 * settings from the environment, as docker-java reads them), its connect timeout, and the Apache
 * HTTP client 5 transport. The engine, the conformance check, the test kit and the benchmarks all
 * use it, so they talk to the same engine the same way.
 *
 * <p>For a local socket ({@code unix://}, {@code npipe://}) the transport gets a {@link
 * DeferredSslContext}: it builds its TLS support eagerly, and the JDK's default TLS context would
 * otherwise be initialised at every start for a connection that never uses it. (docker-java's
 * "zerodep" transport is the same Apache client, shaded, and does the same.)
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DockerClients {
  private DockerClients() {}

  /**
   * A client for {@code config}'s engine with at most {@code maxConnections} connections at once.
   * Close it after use.
   */
  public static DockerClient create(DockerEngineConfig config, int maxConnections) {
    DefaultDockerClientConfig clientConfig =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(config.dockerHost())
            .build();
    URI host = URI.create(config.dockerHost());
    SSLConfig tls = clientConfig.getSSLConfig();
    if (tls == null && isLocalSocket(host)) {
      DeferredSslContext deferred = DeferredSslContext.ofDefault();
      tls = () -> deferred;
    }
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(host)
            .sslConfig(tls)
            .maxConnections(maxConnections)
            .connectionTimeout(config.connectTimeout())
            .build();
    return DockerClientImpl.getInstance(clientConfig, http);
  }

  /** Whether {@code host} is a local socket, which never speaks TLS. */
  static boolean isLocalSocket(URI host) {
    String scheme = host.getScheme();
    return "unix".equalsIgnoreCase(scheme) || "npipe".equalsIgnoreCase(scheme);
  }
}
