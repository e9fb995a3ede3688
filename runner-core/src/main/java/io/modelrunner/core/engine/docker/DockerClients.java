package io.modelrunner.core.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;

/**
 * The one way a docker-java client is made for an engine configuration: the engine's host (and TLS
 * settings from the environment, as docker-java reads them), its connect timeout, and the Apache
 * HTTP client 5 transport. The engine, the conformance check, the test kit and the benchmarks all
 * use it, so they talk to the same engine the same way.
 */
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
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(URI.create(config.dockerHost()))
            .sslConfig(clientConfig.getSSLConfig())
            .maxConnections(maxConnections)
            .connectionTimeout(config.connectTimeout())
            .build();
    return DockerClientImpl.getInstance(clientConfig, http);
  }
}
