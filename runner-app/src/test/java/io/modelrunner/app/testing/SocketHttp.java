package io.modelrunner.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain {@link Socket}, for requests the JDK's HttpClient will not send (paths with
 * {@code ;}, {@code //}, {@code ..}, any method) and from a chosen local address ({@code
 * 127.0.0.2}: Linux routes all of 127/8 to loopback). One request per connection ({@code
 * Connection: close}); the answer is read to the end of its connection.
 */
public final class SocketHttp {
  /** An answer; {@code body} is decoded from chunked transfer coding when it came so. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      try {
        return JsonMappers.standard().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The pointers of a problem's errors. */
    public List<String> pointers() {
      List<String> pointers = new ArrayList<>();
      json().path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
      return pointers;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final int port;
  private final InetAddress local;
  private final List<String> headers = new ArrayList<>();

  /**
   * @param local the client's address ({@code 127.0.0.2}, …), or null for any
   */
  public SocketHttp(int port, InetAddress local) {
    this.port = port;
    this.local = local;
  }

  /** A client at {@code 127.0.0.<last>}. */
  public static SocketHttp from(int port, int last) {
    try {
      return new SocketHttp(port, InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends this header with every request. */
  public SocketHttp header(String name, String value) {
    headers.add(name + ": " + value);
    return this;
  }

  /** A socket connected to the server from this client's address. */
  public Socket connect() throws IOException {
    Socket socket = new Socket();
    if (local != null) {
      socket.bind(new InetSocketAddress(local, 0));
    }
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  public Answer get(String path) throws IOException {
    return send("GET", path, null);
  }

  public Answer delete(String path) throws IOException {
    return send("DELETE", path, null);
  }

  public Answer post(String path, String json) throws IOException {
    return send("POST", path, json);
  }

  public Answer put(String path, String json) throws IOException {
    return send("PUT", path, json);
  }

  /**
   * Sends {@code method target} as written (no encoding, no normalization) with {@code body} as
   * JSON (null: none) and reads the answer.
   */
  public Answer send(String method, String target, String body) throws IOException {
    StringBuilder request =
        new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Type: application/json\r\n");
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      return read(socket.getInputStream(), method.equals("HEAD"));
    }
  }

  /** Reads one answer from {@code in}; the body up to Content-Length, chunked, or the end. */
  public static Answer read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the connection was closed before an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = line(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (!head && status != 204 && status != 304 && status >= 200) {
      String length = headers.get("content-length");
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        while (true) {
          String size = line(in);
          if (size == null) {
            break;
          }
          int n = Integer.parseInt(size.split(";")[0].trim(), 16);
          if (n == 0) {
            while ((line = line(in)) != null && !line.isEmpty()) {
              // trailers
            }
            break;
          }
          body.write(in.readNBytes(n));
          line(in);
        }
      } else if (length != null) {
        body.write(in.readNBytes(Integer.parseInt(length)));
      } else {
        in.transferTo(body);
      }
    }
    return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** A CRLF-terminated line without its CRLF; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] b = line.toByteArray();
        int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
