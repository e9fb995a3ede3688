package io.modelrunner.app.config;

import io.modelrunner.app.http.CorsOrigins;
import io.modelrunner.app.http.HttpLimits;

/** {@code server.*}: where the HTTP API listens and what it accepts. */
public record ServerSection(
    String host,
    int port,
    int threads,
    long maxBodyBytes,
    HttpLimits httpLimits,
    CorsOrigins cors) {

  static ServerSection parse(ConfigValues v) {
    return new ServerSection(
        v.text("server.host"),
        v.integer("server.port", 0, 65535),
        v.integer("server.threads", 1, 1024),
        v.longValue("server.max-body-bytes", 1024, 1L << 30),
        new HttpLimits(
            v.duration("server.header-timeout"),
            v.duration("server.idle-timeout"),
            v.duration("server.body-timeout"),
            v.longValue("server.body-min-rate", 0, 1L << 40),
            v.integer("server.max-header-bytes", 1024, 1 << 20),
            v.integer("server.max-connections", 1, 1_000_000),
            v.integer("server.max-connections-per-client", 0, 1_000_000)),
        cors(v));
  }

  private static CorsOrigins cors(ConfigValues v) {
    try {
      return CorsOrigins.parse(v.list("server.cors.allowed-origins"));
    } catch (IllegalArgumentException e) {
      v.problem("server.cors.allowed-origins", e.getMessage());
      return CorsOrigins.none();
    }
  }
}
