package io.modelrunner.benchmarks.service;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A load generator's HTTP/1.1 client: one keep-alive connection, one request at a time, nothing
 * else (no pooling, no TLS, no redirects, no HTTP/2 upgrade), so that the harness spends as little
 * of the machine's CPU per request as the tools people load services with ({@code wrk}) and leaves
 * the rest to the service under test. Reads {@code Content-Length} and chunked bodies. Not
 * thread-safe: one per client thread.
 */
final class LeanHttp implements AutoCloseable {
  /** An answer: the status and the body's bytes. */
  record Answer(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final URI base;
  private final String authorization;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  LeanHttp(URI base, String bearerToken) {
    this.base = base;
    this.authorization = "Bearer " + bearerToken;
  }

  Answer get(String path) throws IOException {
    return exchange("GET", path, null);
  }

  Answer postJson(String path, String json) throws IOException {
    return exchange("POST", path, json.getBytes(StandardCharsets.UTF_8));
  }

  private Answer exchange(String method, String path, byte[] body) throws IOException {
    StringBuilder head =
        new StringBuilder(256)
            .append(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: ")
            .append(base.getHost())
            .append(':')
            .append(base.getPort())
            .append("\r\nAuthorization: ")
            .append(authorization)
            .append("\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    connect();
    try {
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    if (socket != null) {
      return;
    }
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
  }

  private Answer read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String h; !(h = line()).isEmpty(); ) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closing = value.equalsIgnoreCase("close");
        default -> {
          // not needed
        }
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
        all.write(exactly(size));
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
      body = all.toByteArray();
    } else {
      body = length > 0 ? exactly((int) length) : new byte[0];
    }
    if (closing) {
      close();
    }
    return new Answer(code, body);
  }

  private byte[] exactly(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("the connection closed in a body");
    }
    return b;
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("the connection closed in an answer");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
