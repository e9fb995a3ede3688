package io.modelrunner.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our schemas must accept and reject exactly what the web application's reference schemas accept
 * and reject. Besides the reference examples, a seeded random mutator derives thousands of
 * documents from valid ones and checks that both schemas give the same verdict on each.
 */
class ReferenceCompatibilityTest {
  private static final long SEED = Long.getLong("compat.seed", 20261123L);
  private static final int MUTANTS_PER_SEED_DOCUMENT = 1500;

  private final SchemaValidator validator = new SchemaValidator();

  @Test
  void everyReferenceExampleRequestIsValid() throws IOException {
    Path dir = Fixtures.referenceDir();
    List<Path> examples;
    try (Stream<Path> files = Files.list(dir)) {
      examples =
          files.filter(p -> p.getFileName().toString().startsWith("test-job")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
    for (Path example : examples) {
      JsonNode request = Fixtures.read(example);
      assertThat(validator.schema(SchemaName.RUNNER).validate(request))
          .as(example.toString())
          .isEmpty();
      assertThat(validator.schema(SchemaName.INPUT).validate(request.get("configuration")))
          .as(example + " configuration")
          .isEmpty();
    }
  }

  @Test
  void referenceValidOutputIsValid() {
    JsonNode output = Fixtures.read(Fixtures.referenceDir().resolve("valid-output.json"));
    assertThat(validator.schema(SchemaName.OUTPUT).validate(output)).isEmpty();
  }

  @Test
  void emptyObjectIsRejectedByEverySchema() {
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    for (SchemaName name : SchemaName.values()) {
      assertThat(validator.schema(name).validate(empty)).as(name.id()).isNotEmpty();
    }
  }

  @Test
  void randomMutantsGetTheSameVerdictAsTheReferenceSchemas() {
    Path dir = Fixtures.referenceDir();
    Map<SchemaName, JsonNode> seeds =
        Map.of(
            SchemaName.RUNNER, Fixtures.read(dir.resolve("test-job-matrix.json")),
            SchemaName.INPUT, Fixtures.read(dir.resolve("test-job-mc19.json")).get("configuration"),
            SchemaName.OUTPUT, shortened(Fixtures.read(dir.resolve("valid-output.json"))));
    Random random = new Random(SEED);
    int accepted = 0;
    int rejected = 0;
    // the web application's reference schemas; request.schema.json is model-runner's own
    for (SchemaName name : List.of(SchemaName.RUNNER, SchemaName.INPUT, SchemaName.OUTPUT)) {
      JsonSchema ours = validator.schema(name);
      JsonSchema reference = validator.load(dir.resolve(name.id() + ".schema.json"));
      for (int i = 0; i < MUTANTS_PER_SEED_DOCUMENT; i++) {
        JsonNode mutant = seeds.get(name).deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
          mutant = mutate(mutant, random);
        }
        boolean oursValid = ours.validate(mutant).isEmpty();
        boolean referenceValid = reference.validate(mutant).isEmpty();
        assertThat(oursValid)
            .as("seed %d, %s schema, verdict on %s", SEED, name.id(), mutant)
            .isEqualTo(referenceValid);
        if (oursValid) {
          accepted++;
        } else {
          rejected++;
        }
      }
    }
    // The mutator must exercise both verdicts, or the comparison proves little.
    assertThat(accepted).isGreaterThan(100);
    assertThat(rejected).isGreaterThan(1000);
  }

  /** The reference output with its series cut to a few values, so mutants validate quickly. */
  private static JsonNode shortened(JsonNode output) {
    ObjectNode copy = output.deepCopy();
    truncateArrays(copy, 4);
    return copy;
  }

  private static void truncateArrays(JsonNode node, int keep) {
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      while (array.size() > keep && array.size() > 2) {
        array.remove(array.size() - 1);
      }
    }
    node.forEach(child -> truncateArrays(child, keep));
  }

  /** Applies one random structural or type change somewhere in the document. */
  static JsonNode mutate(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    if (target.isObject()) {
      ObjectNode object = (ObjectNode) target;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      int op = random.nextInt(5);
      if (op == 0 || names.isEmpty()) {
        object.set(
            random.nextBoolean() || names.isEmpty()
                ? "extra" + random.nextInt(3)
                : pick(names, random) + "X",
            randomValue(random));
      } else if (op == 1) {
        object.remove(pick(names, random));
      } else {
        object.set(pick(names, random), randomValue(random));
      }
    } else {
      ArrayNode array = (ArrayNode) target;
      int op = random.nextInt(4);
      if (op == 0 && !array.isEmpty()) {
        array.remove(random.nextInt(array.size()));
      } else if (op == 1 && !array.isEmpty()) {
        array.add(array.get(random.nextInt(array.size())).deepCopy());
      } else if (op == 2 && !array.isEmpty()) {
        array.set(random.nextInt(array.size()), randomValue(random));
      } else {
        array.add(randomValue(random));
      }
    }
    return root;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collectContainers(it.next(), out);
      }
    }
  }

  private static String pick(List<String> names, Random random) {
    return names.get(random.nextInt(names.size()));
  }

  private static JsonNode randomValue(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(10)) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextInt(1000));
      case 3 -> f.numberNode(random.nextDouble() * 100);
      case 4 -> f.textNode("2020-0" + (1 + random.nextInt(9)) + "-01");
      case 5 ->
          f.textNode(new String[] {"mild", "moderate", "aggressive", "severe"}[random.nextInt(4)]);
      case 6 -> f.arrayNode().add(random.nextInt(10)).add(random.nextInt(10));
      case 7 -> f.arrayNode();
      case 8 -> f.objectNode().put("startDate", "2020-05-01").put("reductionPopulationContact", 10);
      default -> f.objectNode();
    };
  }
}
