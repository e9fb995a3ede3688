package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.testing.NodeFetch;
import io.modelrunner.testkit.junit.RequiresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framing of streamed answers: an artifact download (larger than Jersey's 8 KiB buffer, so
 * streamed), the export zip, the log tail and the run view carry exactly one of {@code
 * Content-Length} and {@code Transfer-Encoding: chunked} — on the JDK's HTTP server the service
 * used to send both for artifacts, which HTTP/1.1 forbids (RFC 9112 §6.3) and Node's fetch refuses
 * — and Node's fetch downloads every artifact to the bytes the run view's SHA-256 names.
 */
class DownloadFramingIT {
  @TempDir static Path dir;
  static RunnerServer server;
  static Api api;
  static JsonNode run;

  @BeforeAll
  static void start() throws Exception {
    Path script = dir.resolve("writer.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        set -e
        head -c 3000000 /dev/zero | tr '\\0' 'a' > "$MODEL_LOG_DIR/big.txt"
        head -c 2000000 /dev/urandom > "$MODEL_OUTPUT_DIR/noise.bin"
        printf '{"total": 6}' > "$MODEL_OUTPUT_DIR/data.json"
        echo done
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"writer\": {\"command\": [\""
                + script.toAbsolutePath()
                + "\"], \"inputSchema\": \"none\", \"outputSchema\": \"none\"}}}");
    server =
        RunnerServer.start(
            ServiceConfig.load(
                null,
                Map.of(),
                Map.of(
                    "server.port",
                    "0",
                    "data.dir",
                    dir.resolve("data").toString(),
                    "engine",
                    "process",
                    "models.catalog",
                    catalog.toString())),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
    Api.Answer dispatched =
        api.post(
            "/api/runs",
            "{\"id\":\"framing\",\"models\":[{\"slug\":\"writer\",\"imageURL\":\"x\"}],"
                + "\"configuration\":{},\"callbackURL\":null}");
    assertThat(dispatched.status()).as(dispatched.text()).isEqualTo(202);
    String runId = dispatched.json().path("runs").get(0).path("runId").asText();
    run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(120));
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @RequiresServer(NodeFetch.class)
  void nodeFetchDownloadsEveryArtifactToItsStoredBytes() throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode artifact : run.path("artifacts")) {
      names.add(artifact.path("name").asText());
      NodeFetch.Download download =
          NodeFetch.download(
              server.baseUri().resolve(artifact.path("href").asText()), server.apiToken());
      assertThat(download.failed()).as(artifact + ": " + download.result()).isFalse();
      assertThat(download.status()).isEqualTo(200);
      assertThat(download.bytes()).isEqualTo(artifact.path("size").asLong());
      assertThat(download.sha256()).isEqualTo(artifact.path("sha256").asText());
    }
    assertThat(names).contains("data.json", "export.zip", "log/big.txt", "log/container.log");
  }

  @Test
  void anArtifactWhoseStoredCopyWasReplacedIsRefusedInsteadOfLeavingTheClientWaiting()
      throws Exception {
    Api.Answer dispatched =
        api.post(
            "/api/runs",
            "{\"id\":\"replaced\",\"models\":[{\"slug\":\"writer\",\"imageURL\":\"x\"}],"
                + "\"configuration\":{},\"callbackURL\":null}");
    JsonNode other =
        api.awaitRun(
            dispatched.json().path("runs").get(0).path("runId").asText(),
            Api::ended,
            Duration.ofSeconds(120));
    JsonNode data = null;
    for (JsonNode artifact : other.path("artifacts")) {
      if (artifact.path("name").asText().equals("data.json")) {
        data = artifact;
      }
    }
    assertThat(data).as(other.toString()).isNotNull();
    Path stored = Path.of(java.net.URI.create(data.path("location").asText()));

    for (String replacement : List.of("{}", "{\"total\": 6, \"replaced\": true}")) {
      Files.writeString(stored, replacement);

      Api.Answer answer = api.get(data.path("href").asText());

      assertThat(answer.status()).as(answer.text()).isEqualTo(409);
      assertThat(answer.json().path("detail").asText())
          .contains(
              "data.json",
              replacement.length() + " bytes",
              "stored " + data.path("size").asLong(),
              "replaced after the run");
    }
  }

  @Test
  void everyStreamedAnswerHasExactlyOneOfContentLengthAndChunked() throws Exception {
    String runId = run.path("runId").asText();
    List<String> paths = new ArrayList<>();
    run.path("artifacts").forEach(a -> paths.add(a.path("href").asText()));
    paths.addAll(List.of("/api/runs/" + runId + "/log", "/api/runs/" + runId, "/openapi.yaml"));
    for (String path : paths) {
      Raw answer = Raw.get(server.port(), path, server.apiToken());
      assertThat(answer.status()).as(path).isEqualTo(200);
      List<String> lengths = answer.values("content-length");
      List<String> codings = answer.values("transfer-encoding");
      assertThat(lengths.size() + codings.size())
          .as(path + " must carry exactly one of Content-Length, Transfer-Encoding: " + answer)
          .isEqualTo(1);
      if (lengths.size() == 1) {
        assertThat(Long.parseLong(lengths.get(0))).as(path).isEqualTo(answer.body().length);
      }
    }
    JsonNode big = artifact("log/big.txt");
    Raw download = Raw.get(server.port(), big.path("href").asText(), server.apiToken());
    assertThat(download.values("content-length")).containsExactly(big.path("size").asText());
    assertThat(sha256(download.body())).isEqualTo(big.path("sha256").asText());
  }

  private static JsonNode artifact(String name) {
    for (JsonNode a : run.path("artifacts")) {
      if (a.path("name").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no artifact " + name + " in " + run);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /**
   * One answer read off a raw socket: its header lines as sent (repeats kept) and the bytes after
   * them to the end of the connection, undecoded.
   */
  private record Raw(int status, List<String> headerLines, byte[] body) {
    static Raw get(int port, String path, String token) throws IOException {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("GET "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nAuthorization: Bearer "
                    + token
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] all = readAll(socket.getInputStream());
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(end).as("the end of the headers of " + path).isPositive();
        List<String> lines =
            List.of(new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n"));
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        return new Raw(
            Integer.parseInt(lines.get(0).split(" ")[1]), lines.subList(1, lines.size()), body);
      }
    }

    /** Every value of the header {@code name}, in order. */
    List<String> values(String name) {
      List<String> values = new ArrayList<>();
      for (String line : headerLines) {
        int colon = line.indexOf(':');
        if (line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
          values.add(line.substring(colon + 1).trim());
        }
      }
      return values;
    }

    private static byte[] readAll(InputStream in) throws IOException {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
      outer:
      for (int i = 0; i + pattern.length <= data.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (data[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    @Override
    public String toString() {
      return status + " " + headerLines;
    }
  }
}
