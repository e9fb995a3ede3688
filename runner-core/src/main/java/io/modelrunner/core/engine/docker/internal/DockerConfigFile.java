package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.docker.DockerCredentialsException;
import io.modelrunner.core.engine.docker.RegistryAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The credential parts of a Docker {@code config.json}, keyed by registry host ({@link
 * RegistryHosts#host}); the rest of the file is ignored. An {@code auths} entry without {@code
 * auth} or {@code identitytoken} (as the Docker CLI writes with a {@code credsStore}) is no entry.
 *
 * @param file where it was read, for messages
 * @param credsStore the helper for every registry without a {@code credHelpers} entry, or null
 */
@API(status = INTERNAL, since = "0.1.0")
public record DockerConfigFile(
    Path file,
    Map<String, RegistryAuth> auths,
    Map<String, String> credHelpers,
    String credsStore) {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  public DockerConfigFile {
    auths = Map.copyOf(auths);
    credHelpers = Map.copyOf(credHelpers);
    if (credsStore != null && credsStore.isBlank()) {
      credsStore = null;
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws DockerCredentialsException when it cannot be read or is not a Docker config.json; the
   *     message names the file and the entry, never a credential
   */
  public static DockerConfigFile read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DockerCredentialsException("Docker config " + file + ": no such file", e);
    } catch (IOException e) {
      throw new DockerCredentialsException("Docker config " + file + " cannot be read: " + e, e);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      // not e's message: it may quote the file's text, credentials included
      JsonLocation at = e.getLocation();
      throw new DockerCredentialsException(
          "Docker config "
              + file
              + " is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new DockerCredentialsException("Docker config " + file + " cannot be read: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new DockerCredentialsException(
          "Docker config " + file + " is not a JSON object (a Docker config.json)");
    }
    return parse(file, root);
  }

  static DockerConfigFile parse(Path file, JsonNode root) {
    Map<String, RegistryAuth> auths = new LinkedHashMap<>();
    JsonNode authsNode = root.path("auths");
    for (Map.Entry<String, JsonNode> e :
        (Iterable<Map.Entry<String, JsonNode>>) authsNode::fields) {
      String host = RegistryHosts.host(e.getKey());
      RegistryAuth auth = auth(file, e.getKey(), host, e.getValue());
      if (auth != null) {
        auths.putIfAbsent(host, auth);
      }
    }
    Map<String, String> helpers = new LinkedHashMap<>();
    JsonNode helpersNode = root.path("credHelpers");
    for (Map.Entry<String, JsonNode> e :
        (Iterable<Map.Entry<String, JsonNode>>) helpersNode::fields) {
      if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
        throw new DockerCredentialsException(
            "Docker config " + file + ": credHelpers." + e.getKey() + " must name a helper");
      }
      helpers.put(RegistryHosts.host(e.getKey()), e.getValue().asText().strip());
    }
    JsonNode store = root.path("credsStore");
    if (!store.isMissingNode() && !store.isNull() && !store.isTextual()) {
      throw new DockerCredentialsException(
          "Docker config " + file + ": credsStore must name a helper");
    }
    return new DockerConfigFile(file, auths, helpers, store.isTextual() ? store.asText() : null);
  }

  /** The entry's credentials, or null when it holds none. */
  private static RegistryAuth auth(Path file, String key, String host, JsonNode entry) {
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    String encoded = entry.path("auth").asText("");
    if (!encoded.isBlank()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new DockerCredentialsException(
            "Docker config " + file + ": auths." + key + ".auth is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new DockerCredentialsException(
            "Docker config " + file + ": auths." + key + ".auth is not base64 of user:password");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    String token = entry.path("identitytoken").asText("");
    if (!token.isEmpty()) {
      return new RegistryAuth(host, username, "", token);
    }
    if (username.isEmpty() && password.isEmpty()) {
      return null;
    }
    return new RegistryAuth(host, username, password);
  }

  @Override
  public String toString() {
    return "DockerConfigFile["
        + file
        + ", auths "
        + auths.keySet()
        + ", credHelpers "
        + credHelpers
        + ", credsStore "
        + credsStore
        + "]";
  }
}
