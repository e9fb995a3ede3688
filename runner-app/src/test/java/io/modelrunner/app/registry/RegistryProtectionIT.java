package io.modelrunner.app.registry;

import static io.modelrunner.app.registry.RegistryHttp.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.adapter.Registration;
import io.modelrunner.app.http.Networks;
import io.modelrunner.app.testing.SocketHttp;
import io.modelrunner.app.testing.TestDatabases;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may change the registry, over real sockets from two client addresses: {@code 127.0.0.1}
 * registers; {@code 127.0.0.2} is another client on the same (trusted) network, or one outside the
 * trusted networks when they are narrowed to {@code 127.0.0.1/32}.
 */
class RegistryProtectionIT {
  private static final Duration TTL = Duration.ofSeconds(90);
  private static final String TOKEN = "registry-secret";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private RegistryServer server;
  private SocketHttp first;
  private SocketHttp second;

  private void start(String token, Networks trusted, AdapterHosts hosts) {
    server = new RegistryServer(TestDatabases.h2(dir), clock, TTL, token, trusted, hosts);
    first = SocketHttp.from(server.port(), 1);
    second = SocketHttp.from(server.port(), 2);
  }

  private void start() {
    start(null, RegistryServer.DEFAULT_TRUSTED, AdapterHosts.of(Set.of()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String register(SocketHttp client, String uri) throws Exception {
    SocketHttp.Answer a = client.post("/registry/", entry("seir", uri, "READY"));
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    return a.json().path("id").asText();
  }

  @Test
  void onlyTheRegisteringAddressChangesOrDeletesAnEntry() throws Exception {
    start();
    String id = register(first, "http://127.0.0.1:9001");
    String busy = entry("seir", "1.0.0", "http://127.0.0.1:9001", 2, 2, "epi-team", "BUSY");
    String hijack = entry("seir", "http://127.0.0.2:6666", "READY");

    SocketHttp.Answer put = second.put("/registry/" + id, hijack);
    assertThat(put.status()).as(put.toString()).isEqualTo(403);
    assertThat(put.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(put.json().path("detail").asText())
        .contains("registered from another address", "registry token");
    SocketHttp.Answer delete = second.delete("/registry/" + id);
    assertThat(delete.status()).as(delete.toString()).isEqualTo(403);
    SocketHttp.Answer again = second.post("/registry/", busy);
    assertThat(again.status()).as("re-POST of the same uri").isEqualTo(403);
    assertThat(again.pointers()).containsExactly("/uri");
    assertThat(again.json().path("detail").asText()).contains("registry.ttl");

    SocketHttp.Answer unchanged = second.get("/registry/" + id);
    assertThat(unchanged.status()).as("reads stay open").isEqualTo(200);
    assertThat(unchanged.json().path("uri").asText()).isEqualTo("http://127.0.0.1:9001");
    assertThat(unchanged.json().path("status").asText()).isEqualTo("READY");

    // Another client may register entries of its own, and owns those.
    String other = register(second, "http://127.0.0.2:9002");
    assertThat(first.put("/registry/" + other, entry("seir", "http://x:1", null)).status())
        .isEqualTo(403);

    // The registering client heartbeats, re-registers and deletes as before.
    assertThat(first.put("/registry/" + id, busy).json().path("status").asText()).isEqualTo("BUSY");
    assertThat(first.post("/registry/", busy).json().path("id").asText()).isEqualTo(id);
    assertThat(first.delete("/registry/" + id).status()).isEqualTo(204);
    assertThat(first.get("/registry/" + id).status()).isEqualTo(404);
  }

  @Test
  void withTheRegistryTokenAnyoneChangesAnyEntryAndWithoutItNobodyWrites() throws Exception {
    start(TOKEN, Networks.parse(List.of("127.0.0.1/32")), AdapterHosts.of(Set.of()));
    SocketHttp firstWithToken =
        SocketHttp.from(server.port(), 1).header("Authorization", "Bearer " + TOKEN);
    SocketHttp secondWithToken =
        SocketHttp.from(server.port(), 2).header("Authorization", "Bearer " + TOKEN);
    String id = register(firstWithToken, "http://127.0.0.1:9001");

    assertThat(first.put("/registry/" + id, entry("seir", "http://h:1", null)).status())
        .as("no token, even from the registering address")
        .isEqualTo(401);
    assertThat(second.delete("/registry/" + id).status()).isEqualTo(401);

    // 127.0.0.2 is outside the trusted networks, but holds the token.
    SocketHttp.Answer put =
        secondWithToken.put(
            "/registry/" + id, entry("seir", "1.0.0", "http://127.0.0.1:9001", 2, 1, "o", "BUSY"));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(secondWithToken.post("/registry/", entry("seir", "http://127.0.0.1:9001", null)))
        .extracting(SocketHttp.Answer::status)
        .isEqualTo(200);
    assertThat(secondWithToken.delete("/registry/" + id).status()).isEqualTo(204);
  }

  @Test
  void outsideTheTrustedNetworksWritesAreRefusedReadsAndSearchAreNot() throws Exception {
    start(null, Networks.parse(List.of("127.0.0.1/32")), AdapterHosts.of(Set.of()));
    String id = register(first, "http://127.0.0.1:9001");
    String body = entry("seir", "http://127.0.0.2:9002", "READY");

    for (SocketHttp.Answer refused :
        List.of(
            second.post("/registry/", body),
            second.post("/registry", body),
            second.put("/registry/" + id, body),
            second.put("/registry/" + id + "/", body),
            second.delete("/registry/" + id),
            second.delete("/registry/999"))) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
      assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.json().path("detail").asText())
          .contains("registry.trusted-networks", "127.0.0.2");
    }
    assertThat(second.get("/registry/").json()).hasSize(1);
    assertThat(second.get("/registry/" + id).status()).isEqualTo(200);
    assertThat(second.post("/registry/search", "{\"name\":\"seir\"}").json()).hasSize(1);
    assertThat(second.post("/registry/search/", "{}").status()).isEqualTo(200);
    assertThat(first.get("/registry/" + id).json().path("uri").asText())
        .isEqualTo("http://127.0.0.1:9001");
  }

  @Test
  void adapterUrisNamingLinkLocalUnspecifiedMulticastOrMetadataHostsAre422() throws Exception {
    start(
        null,
        RegistryServer.DEFAULT_TRUSTED,
        new AdapterHosts(
            Set.of(),
            host ->
                switch (host) {
                  case "rebound.test" ->
                      new InetAddress[] {InetAddress.getByName("169.254.169.254")};
                  case "fine.test" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
                  default -> InetAddress.getAllByName(host);
                }));
    for (String uri :
        List.of(
            "http://169.254.169.254",
            "http://169.254.169.254/latest/meta-data",
            "http://169.254.1.1:8080",
            "http://0.0.0.0:8080",
            "http://0.1.2.3",
            "http://[fe80::1]:8080",
            "http://[::]:8080",
            "http://[::ffff:169.254.169.254]",
            "http://[fd00:ec2::254]",
            "http://224.0.0.1:5000",
            "http://[ff02::1]",
            "http://255.255.255.255",
            "http://metadata.google.internal",
            "http://METADATA.google.internal.",
            "http://rebound.test:8080")) {
      SocketHttp.Answer a = first.post("/registry/", entry("seir", uri, null));
      assertThat(a.status()).as(uri + " -> " + a).isEqualTo(422);
      assertThat(a.pointers()).as(uri).containsExactly("/uri");
      String id = register(first, "http://127.0.0.1:9001");
      SocketHttp.Answer put = first.put("/registry/" + id, entry("seir", uri, null));
      assertThat(put.status()).as("PUT " + uri + " -> " + put).isEqualTo(422);
      assertThat(put.pointers()).containsExactly("/uri");
    }
    assertThat(first.get("/registry/").json()).hasSize(1);
    register(first, "http://fine.test:8080");
    register(first, "http://[::1]:8080");
    register(first, "http://project_seir_1:8080");
  }

  @Test
  void allowedAdapterHostsAdmitOnlyTheListedHosts() throws Exception {
    start(
        null,
        RegistryServer.DEFAULT_TRUSTED,
        new AdapterHosts(
            Set.of("127.0.0.1", ".models.example.org"),
            host -> new InetAddress[] {InetAddress.getByName("10.0.0.7")}));
    register(first, "http://127.0.0.1:9001");
    register(first, "http://seir.models.example.org:9001");
    for (String uri :
        List.of("http://models.example.org", "http://evil.example.org", "http://localhost:1")) {
      SocketHttp.Answer a = first.post("/registry/", entry("seir", uri, null));
      assertThat(a.status()).as(uri).isEqualTo(422);
      assertThat(a.json().path("detail").asText()).contains("registry.allowed-adapter-hosts");
    }
  }

  @Test
  void anEntryNotRefreshedForTheTtlCanBeRegisteredAgainFromANewAddress() throws Exception {
    start();
    String id = register(first, "http://127.0.0.1:9001");
    clock.advance(TTL.plusSeconds(1));
    SocketHttp.Answer again =
        second.post("/registry/", entry("seir", "http://127.0.0.1:9001", null));
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(id);
    assertThat(first.put("/registry/" + id, entry("seir", "http://127.0.0.1:9001", null)).status())
        .as("the new address owns it now")
        .isEqualTo(403);
    assertThat(second.delete("/registry/" + id).status()).isEqualTo(204);
  }

  @Test
  void entriesWithoutAnOwnerAreClaimedByTheirNextWriter() throws Exception {
    start();
    // as registered before owners were recorded (migration V6)
    String id =
        server
            .registry
            .register(new Registration("seir", "1", "http://127.0.0.1:9001", 1, 0, "o", null))
            .id();
    assertThat(second.put("/registry/" + id, entry("seir", "http://127.0.0.1:9001", null)).status())
        .isEqualTo(200);
    assertThat(first.put("/registry/" + id, entry("seir", "http://127.0.0.1:9001", null)).status())
        .isEqualTo(403);
    assertThat(second.delete("/registry/" + id).status()).isEqualTo(204);
  }
}
