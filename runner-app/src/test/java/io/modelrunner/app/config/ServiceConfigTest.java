package io.modelrunner.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsNeedNothing() {
    ServiceConfig config = ServiceConfig.load(null, Map.of(), Map.of());
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.database().url()).isEmpty();
    assertThat(config.callbacks().allowedHosts())
        .containsExactly("localhost:*", "127.0.0.1:*", "[::1]:*");
    assertThat(config.runs().workDir()).isEqualTo(config.dataDir().resolve("work"));
  }

  @Test
  void fileThenEnvironmentThenCommandLine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("s.properties"),
            "server.port=9000\nruns.max-concurrent=3\ndeadlines.queued=PT5M\nnode.labels=gpu,highmem\n");
    ServiceConfig config =
        ServiceConfig.load(
            file,
            Map.of("MODEL_RUNNER_RUNS_MAX_CONCURRENT", "4", "RUNNER_API_TOKEN", "t0k3n"),
            Map.of("server.port", "9100"));
    assertThat(config.server().port()).isEqualTo(9100);
    assertThat(config.runs().maxConcurrent()).isEqualTo(4);
    assertThat(config.runs().deadlines().queued()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.apiToken()).isEqualTo("t0k3n");
    assertThat(config.pool().nodeLabels()).containsExactly("gpu", "highmem");
    assertThat(config.toString()).doesNotContain("t0k3n");
  }

  @Test
  void everyProblemIsReportedWithItsKeyAndSource() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.properties"), "server.prot=1\nruns.max-concurrent=zero\n");
    assertThatThrownBy(
            () ->
                ServiceConfig.load(
                    file,
                    Map.of("MODEL_RUNNER_DEADLINES_QUEUED", "an hour"),
                    Map.of("engine", "kubernetes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'server.prot'")
        .hasMessageContaining("runs.max-concurrent (from " + file + ")")
        .hasMessageContaining("deadlines.queued (from $MODEL_RUNNER_DEADLINES_QUEUED)")
        .hasMessageContaining("engine (from the command line)");
  }

  @Test
  void runsAreKeptThirtyDaysByDefaultForeverWhenEmptyAndAZeroRetentionIsRefused() {
    assertThat(ServiceConfig.load(null, Map.of(), Map.of()).runs().retention())
        .isEqualTo(Duration.ofDays(30));
    assertThat(
            ServiceConfig.load(null, Map.of("MODEL_RUNNER_RUNS_RETENTION", ""), Map.of())
                .runs()
                .retention())
        .isNull();
    assertThatThrownBy(() -> ServiceConfig.load(null, Map.of(), Map.of("runs.retention", "PT0S")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("runs.retention (from the command line): must be positive");
  }

  @Test
  void callbackHostsTakePortsAndAMalformedEntryStopsTheStart() {
    assertThat(
            ServiceConfig.load(
                    null,
                    Map.of(),
                    Map.of(
                        "callbacks.allowed-hosts", "webapp.example.org, .example.net:8443,[::1]:*"))
                .callbacks()
                .allowedHosts())
        .containsExactly("webapp.example.org", ".example.net:8443", "[::1]:*");
    assertThatThrownBy(
            () ->
                ServiceConfig.load(
                    null,
                    Map.of(
                        "MODEL_RUNNER_CALLBACKS_ALLOWED_HOSTS",
                        "webapp.example.org:0,ok.example.org"),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "callbacks.allowed-hosts (from $MODEL_RUNNER_CALLBACKS_ALLOWED_HOSTS):"
                + " 'webapp.example.org:0' is not host, host:port or host:*");
  }

  @Test
  void theHttpEdgeIsLimitedByDefaultAndEachLimitCanBeSet() throws Exception {
    ServiceConfig defaults = ServiceConfig.load(null, Map.of(), Map.of());
    assertThat(defaults.server().httpLimits())
        .isEqualTo(
            new io.modelrunner.app.http.HttpLimits(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                8192,
                8192,
                1000,
                64));
    assertThat(defaults.server().httpLimits())
        .isEqualTo(io.modelrunner.app.http.HttpLimits.defaults());
    ServiceConfig set =
        ServiceConfig.load(
            null,
            Map.of("MODEL_RUNNER_SERVER_MAX_CONNECTIONS_PER_CLIENT", "0"),
            Map.of(
                "server.header-timeout", "PT3S",
                "server.idle-timeout", "PT1M",
                "server.body-timeout", "PT5S",
                "server.body-min-rate", "0",
                "server.max-header-bytes", "16384",
                "server.max-connections", "50"));
    assertThat(set.server().httpLimits())
        .isEqualTo(
            new io.modelrunner.app.http.HttpLimits(
                Duration.ofSeconds(3),
                Duration.ofMinutes(1),
                Duration.ofSeconds(5),
                0,
                16384,
                50,
                0));
    assertThatThrownBy(
            () ->
                ServiceConfig.load(
                    null,
                    Map.of(),
                    Map.of(
                        "server.header-timeout", "PT0S",
                        "server.max-header-bytes", "100",
                        "server.max-connections", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.header-timeout (from the command line): must be positive")
        .hasMessageContaining("server.max-header-bytes (from the command line)")
        .hasMessageContaining("server.max-connections (from the command line)");
  }

  @Test
  void registryWritesComeFromPrivateNetworksByDefaultAndBadRangesAreRefused() throws Exception {
    ServiceConfig defaults = ServiceConfig.load(null, Map.of(), Map.of());
    assertThat(defaults.registry().trustedNetworks().toString())
        .isEqualTo("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7");
    assertThat(
            defaults
                .registry()
                .trustedNetworks()
                .contains(java.net.InetAddress.getByName("8.8.8.8")))
        .isFalse();
    assertThat(defaults.engine().allowedAdapterHosts()).isEmpty();
    ServiceConfig narrowed =
        ServiceConfig.load(
            null,
            Map.of(
                "MODEL_RUNNER_REGISTRY_TRUSTED_NETWORKS", "10.20.0.0/16",
                "MODEL_RUNNER_REGISTRY_ALLOWED_ADAPTER_HOSTS", ".models.example.org,seir"),
            Map.of());
    assertThat(
            narrowed
                .registry()
                .trustedNetworks()
                .contains(java.net.InetAddress.getByName("127.0.0.1")))
        .isFalse();
    assertThat(narrowed.engine().allowedAdapterHosts())
        .containsExactly(".models.example.org", "seir");
    assertThat(
            ServiceConfig.load(null, Map.of("MODEL_RUNNER_REGISTRY_TRUSTED_NETWORKS", ""), Map.of())
                .registry()
                .trustedNetworks()
                .isEmpty())
        .isTrue();
    assertThatThrownBy(
            () ->
                ServiceConfig.load(
                    null, Map.of(), Map.of("registry.trusted-networks", "10.0.0.0/8,intranet")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.trusted-networks (from the command line): 'intranet'");
  }

  @Test
  void eachSectionHoldsItsKeysAndNoSectionPrintsASecret() {
    ServiceConfig config =
        ServiceConfig.load(
            null,
            Map.of(
                "RUNNER_API_TOKEN", "api-secret-1",
                "RUNNER_ADAPTERS_TOKEN", "registry-secret-2",
                "API_SHARED_SECRET", "callback-secret-3",
                "RUNNER_CALLBACK_SIGNING_KEY", "signing-secret-4",
                "MODEL_RUNNER_DATABASE_PASSWORD", "db-secret-5"),
            Map.of(
                "database.url", "jdbc:postgresql://runner:url-secret-6@db/runs",
                "store", "s3://bucket/prefix",
                "store.options", "endpoint=http://127.0.0.1:9000,secret-key=store-secret-7",
                "engine", "process",
                "pool.heartbeat", "PT3S",
                "pool.missed-heartbeats", "4"));
    assertThat(config.engine().engine()).isEqualTo(io.modelrunner.app.engine.EngineChoice.process);
    assertThat(config.pool().lease()).isEqualTo(Duration.ofSeconds(12));
    assertThat(config.callbacks().effectiveSigningKey()).isEqualTo("signing-secret-4");
    assertThat(config.store().options()).containsEntry("endpoint", "http://127.0.0.1:9000");
    assertThat(config.database().embedded()).isFalse();
    for (Object printed :
        new Object[] {
          config,
          config.describe(),
          config.database(),
          config.callbacks(),
          config.registry(),
          config.store()
        }) {
      assertThat(printed.toString())
          .doesNotContain(
              "api-secret-1",
              "registry-secret-2",
              "callback-secret-3",
              "signing-secret-4",
              "db-secret-5",
              "url-secret-6",
              "store-secret-7");
    }
  }

  @Test
  void eachSectionChecksItsOwnRulesAndEveryProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                ServiceConfig.load(
                    null,
                    Map.of(),
                    Map.of(
                        "database.url", "mysql://db",
                        "registry.adapter-base-path", "model",
                        "node.labels", "gpu,no spaces")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.url (from the command line): use jdbc:postgresql://")
        .hasMessageContaining("registry.adapter-base-path: must start with / (or be empty)")
        .hasMessageContaining("node.labels: 'no spaces' must be letters, digits and _ . = / -");
  }

  @Test
  void everyKeyIsDocumentedInConfigurationMd() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKeys.Key key : ConfigKeys.ALL) {
      assertThat(doc).as(key.name()).contains("| `" + key.name() + "` |");
    }
  }
}
