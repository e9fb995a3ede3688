package io.modelrunner.adapter.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an adapter said in an answer that is not its lifecycle JSON, as one bounded line of text:
 * the adapter's {@code reason}; a flask-smorest/webargs validation error ({@code
 * {"code":422,"status":"Unprocessable Entity","errors":{"json":{"field":["Unknown field."]}}}})
 * flattened to {@code /field: Unknown field.}, one JSON pointer per message; a problem's {@code
 * errors} ({@code [{"pointer", "message"}]}), else its {@code title} and {@code detail}; a {@code
 * message}; HTML reduced to its text; any other text as it is.
 */
final class ErrorBodies {
  /** The longest message taken from a body, in characters (longer ones end with "…"). */
  static final int MAX_MESSAGE = 500;

  private static final Pattern SCRIPTS =
      Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>|<!--.*?-->");
  private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private ErrorBodies() {}

  /** The adapter's message in {@code body}; {@code (empty body)} when there is none. */
  static String message(byte[] body, ObjectMapper mapper) {
    String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "(empty body)";
    }
    JsonNode json = parse(text, mapper);
    String message = json == null ? plain(text) : fromJson(json);
    return bounded(message);
  }

  /** {@code text} cut to {@link #MAX_MESSAGE} characters. */
  static String bounded(String text) {
    String oneLine = SPACES.matcher(text).replaceAll(" ").strip();
    if (oneLine.length() <= MAX_MESSAGE) {
      return oneLine;
    }
    return oneLine.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static JsonNode parse(String text, ObjectMapper mapper) {
    char first = text.charAt(0);
    if (first != '{' && first != '[' && first != '"') {
      return null;
    }
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String fromJson(JsonNode json) {
    if (json.isTextual()) {
      return json.asText();
    }
    if (!json.isObject()) {
      return json.toString();
    }
    String reason = text(json, "reason");
    if (reason != null) {
      return reason;
    }
    JsonNode errors = json.get("errors");
    if (errors != null && (errors.isObject() || errors.isArray())) {
      List<String> messages = new ArrayList<>();
      if (errors.isObject()) {
        // webargs keys errors by location (json, query, form...); the body is the usual one
        for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> location = it.next();
          String prefix = location.getKey().equals("json") ? "" : location.getKey() + ":";
          flatten(location.getValue(), prefix, messages);
        }
      } else {
        flatten(errors, "", messages);
      }
      if (!messages.isEmpty()) {
        return String.join("; ", messages);
      }
    }
    String detail = text(json, "detail");
    String title = text(json, "title");
    if (detail != null) {
      return title == null ? detail : title + ": " + detail;
    }
    for (String key : List.of("message", "error", "description", "title", "status")) {
      String value = text(json, key);
      if (value != null) {
        return value;
      }
    }
    return json.toString();
  }

  /** Marshmallow's nested error dict to {@code /a/b: message} lines. */
  private static void flatten(JsonNode node, String pointer, List<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        // marshmallow's schema-level errors belong to the object itself
        String child =
            key.equals("_schema")
                ? pointer
                : pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        flatten(field.getValue(), child, out);
      }
    } else if (node.isArray()) {
      List<String> texts = new ArrayList<>();
      for (JsonNode item : node) {
        if (item.isValueNode()) {
          texts.add(item.asText());
        } else if (item.isObject() && text(item, "message") != null) {
          // a problem's errors: [{"pointer": "/a", "message": "..."}]
          String at = text(item, "pointer") != null ? text(item, "pointer") : text(item, "field");
          out.add(label(at == null ? pointer : at) + text(item, "message"));
        } else {
          flatten(item, pointer, out);
        }
      }
      if (!texts.isEmpty()) {
        out.add(label(pointer) + String.join(" ", texts));
      }
    } else if (!node.isNull()) {
      out.add(label(pointer) + node.asText());
    }
  }

  private static String label(String pointer) {
    return pointer.isEmpty() ? "" : pointer + ": ";
  }

  private static String text(JsonNode json, String key) {
    JsonNode value = json.get(key);
    if (value == null || !value.isValueNode() || value.isNull()) {
      return null;
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }

  private static String plain(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("<") || lower.contains("<html") || lower.contains("<body"))) {
      return text;
    }
    String stripped = TAGS.matcher(SCRIPTS.matcher(text).replaceAll(" ")).replaceAll(" ");
    return stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
  }
}
