package io.modelrunner.web.schemas;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Mutants of the repository's example requests, each judged by the service's validator (api's
 * {@link SchemaValidator}) and by the npm package's {@code validate}: the two must report the same
 * errors (pointer and message) for every one.
 */
final class ValidatorAgreement {
  /** Reads cases from argv[1], writes each case's errors ("pointer: message") to argv[2]. */
  static final String NODE_SCRIPT =
      """
      import { readFileSync, writeFileSync } from "node:fs";
      import { join } from "node:path";
      import { pathToFileURL } from "node:url";
      const { validate } = await import(pathToFileURL(join(process.cwd(), "dist/index.js")).href);
      const cases = JSON.parse(readFileSync(process.argv[1], "utf8"));
      const errors = cases.map((c) =>
        validate(c.schema, c.value).errors.map((e) => e.pointer + ": " + e.message));
      writeFileSync(process.argv[2], JSON.stringify(errors));
      """;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<JsonNode> REPLACEMENTS =
      List.of(
          NODES.booleanNode(true),
          NODES.textNode("text"),
          NODES.numberNode(7),
          NODES.numberNode(1.5),
          NODES.nullNode(),
          NODES.arrayNode(),
          NODES.objectNode());

  /** One value to judge against one built-in schema. */
  record Case(String name, String schema, JsonNode value) {}

  private final ObjectMapper mapper;
  private final List<Case> cases;

  private ValidatorAgreement(ObjectMapper mapper, List<Case> cases) {
    this.mapper = mapper;
    this.cases = List.copyOf(cases);
  }

  /** The examples/request.json mutants against runner and request, energy's against request. */
  static ValidatorAgreement ofExamples(Path repo) throws IOException {
    ObjectMapper mapper = JsonMappers.standard();
    JsonNode request = mapper.readTree(repo.resolve("examples/request.json").toFile());
    JsonNode energy = mapper.readTree(repo.resolve("examples/energy-request.json").toFile());
    List<Case> cases = new ArrayList<>();
    for (String schema : List.of("runner", "request")) {
      addMutants(cases, "examples/request.json", schema, request);
    }
    addMutants(cases, "examples/energy-request.json", "request", energy);
    return new ValidatorAgreement(mapper, cases);
  }

  List<Case> cases() {
    return cases;
  }

  void writeCases(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Case c : cases) {
      out.add(Map.of("schema", c.schema(), "value", c.value()));
    }
    Files.createDirectories(file.getParent());
    mapper.writeValue(file.toFile(), out);
  }

  /** The cases where the service's errors and the package's (read from {@code results}) differ. */
  List<String> disagreements(Path results) throws IOException {
    List<List<String>> fromNode = mapper.readValue(results.toFile(), new TypeReference<>() {});
    if (fromNode.size() != cases.size()) {
      return List.of("node judged " + fromNode.size() + " cases of " + cases.size());
    }
    SchemaValidator service = new SchemaValidator(mapper);
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      List<String> expected =
          service
              .schema(SchemaName.valueOf(c.schema().toUpperCase(Locale.ROOT)))
              .validate(c.value())
              .stream()
              .map(e -> e.pointer() + ": " + e.message())
              .toList();
      if (!expected.equals(fromNode.get(i))) {
        differ.add(
            "%s against %s: service %s, package %s"
                .formatted(c.name(), c.schema(), expected, fromNode.get(i)));
      }
    }
    return differ;
  }

  private static void addMutants(List<Case> cases, String source, String schema, JsonNode root) {
    cases.add(new Case(source, schema, root));
    Set<String> seen = new LinkedHashSet<>();
    for (String pointer : pointers(root, "")) {
      JsonNode target = pointer.isEmpty() ? root : root.at(pointer);
      if (target.isObject()) {
        Iterator<String> names = target.fieldNames();
        while (names.hasNext()) {
          String name = names.next();
          ObjectNode copy = root.deepCopy();
          ((ObjectNode) (pointer.isEmpty() ? copy : copy.at(pointer))).remove(name);
          add(cases, seen, source + " without " + pointer + "/" + name, schema, copy);
        }
        ObjectNode extra = root.deepCopy();
        ((ObjectNode) (pointer.isEmpty() ? extra : extra.at(pointer))).put("unexpected/~", 1);
        add(cases, seen, source + " with " + pointer + "/unexpected~1~0", schema, extra);
      }
      if (pointer.isEmpty()) {
        continue;
      }
      for (JsonNode replacement : REPLACEMENTS) {
        add(
            cases,
            seen,
            source + " with " + pointer + " = " + replacement,
            schema,
            replaced(root, pointer, replacement));
      }
    }
  }

  private static void add(
      List<Case> cases, Set<String> seen, String name, String schema, JsonNode value) {
    if (seen.add(value.toString())) {
      cases.add(new Case(name, schema, value));
    }
  }

  private static JsonNode replaced(JsonNode root, String pointer, JsonNode replacement) {
    JsonNode copy = root.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), replacement);
    } else {
      ((ObjectNode) parent).set(last, replacement);
    }
    return copy;
  }

  /** Every pointer in {@code node}, the node's own ({@code prefix}) first. */
  private static List<String> pointers(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>(List.of(prefix));
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  out.addAll(
                      pointers(
                          e.getValue(),
                          prefix + "/" + e.getKey().replace("~", "~0").replace("/", "~1"))));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.addAll(pointers(node.get(i), prefix + "/" + i));
      }
    }
    return out;
  }
}
