package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.RunRequest;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.callback.CallbackUrls;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule and bound of {@link DispatchRules}, every bound exactly at and one past its limit, and
 * seeded random documents (replay with {@code -Ddispatchrules.seed=N}): whatever the document, the
 * check answers (never throws) in plain words, and whatever it accepts maps onto everything the
 * later stages use.
 */
class DispatchRulesTest {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> LOOPBACK = Set.of("localhost:*", "127.0.0.1:*", "[::1]:*");

  /** What a message for a person must not hold: Java class names, exception names, traces. */
  private static final Pattern JAVA =
      Pattern.compile("Exception|\\bat [a-z]+\\.|com\\.fasterxml|java\\.|io\\.modelrunner");

  @TempDir static Path dir;
  static JsonSchema runner;
  static ModelsCatalog catalog;
  static DispatchRules rules;

  @BeforeAll
  static void load() throws Exception {
    runner = new SchemaValidator(MAPPER).schema(SchemaName.REQUEST);
    Path file =
        Files.writeString(
            dir.resolve("models.json"),
            """
            {"models": {
              "catalogued": {"image": "registry.example.org/models/seir:1"},
              "process-only": {"command": ["python3", "model.py"]},
              "energy": {"command": ["energy.sh"], "inputSchema": "energy-input.json"}
            }}
            """);
    Files.writeString(
        dir.resolve("energy-input.json"),
        "{\"type\":\"object\",\"required\":[\"hours\"],\"additionalProperties\":false,"
            + "\"properties\":{\"hours\":{\"type\":\"integer\"}}}");
    catalog = ModelsCatalog.load(file);
    rules = new DispatchRules(runner, catalog, List.of(), LOOPBACK);
  }

  /** A valid request: one model, no callback. */
  static ObjectNode valid() {
    ObjectNode doc = NODES.objectNode();
    doc.put("id", "req-1");
    doc.putArray("models").addObject().put("slug", "m").put("imageURL", "local/model:1");
    ObjectNode parameters =
        doc.putObject("configuration").put("region", "US").putObject("parameters");
    parameters.put("calibrationDate", "2020-04-18");
    parameters.put("calibrationCaseCount", 1400);
    parameters.put("calibrationDeathCount", 200);
    parameters.putNull("r0");
    parameters
        .putArray("interventionPeriods")
        .addObject()
        .put("startDate", "2020-04-19")
        .put("reductionPopulationContact", 38.5);
    doc.putNull("callbackURL");
    return doc;
  }

  static ObjectNode with(Consumer<ObjectNode> change) {
    ObjectNode doc = valid();
    change.accept(doc);
    return doc;
  }

  static ObjectNode parameters(ObjectNode doc) {
    return (ObjectNode) doc.path("configuration").path("parameters");
  }

  static ObjectNode model(ObjectNode doc, int i) {
    return (ObjectNode) doc.path("models").get(i);
  }

  static List<ValidationError> check(JsonNode document) {
    return check(rules, document);
  }

  static List<ValidationError> check(DispatchRules rules, JsonNode document) {
    List<ValidationError> errors = rules.check(document);
    for (ValidationError e : errors) {
      assertThat(e.message()).as(e.toString()).doesNotContainPattern(JAVA).isNotBlank();
      assertThat(e.pointer()).as(e.toString()).matches("(/[^/]*)*");
    }
    return errors;
  }

  /** The single problem of {@code document}: its pointer and message. */
  static ValidationError only(JsonNode document) {
    List<ValidationError> errors = check(document);
    assertThat(errors).as(document.toString()).hasSize(1);
    return errors.get(0);
  }

  // --- what passes ---

  @Test
  void aValidRequestPasses() {
    assertThat(check(valid())).isEmpty();
    assertThat(check(with(d -> d.put("id", 42)))).isEmpty();
    assertThat(check(with(d -> d.put("callbackURL", "http://127.0.0.1:8080/cb/")))).isEmpty();
    assertThat(check(with(d -> model(d, 0).put("slug", "catalogued").put("imageURL", ""))))
        .as("the catalog's image runs")
        .isEmpty();
  }

  // --- the schema, then the rules, then the bounds ---

  @Test
  void schemaProblemsComeFirstThenTheRulesThenTheBounds() {
    ObjectNode doc = valid();
    doc.remove("configuration");
    ArrayNode models = (ArrayNode) doc.path("models");
    models.addObject().put("slug", "m").put("imageURL", "local/model:1");
    doc.put("id", "x".repeat(DispatchRules.MAX_ID_LENGTH + 1));

    assertThat(check(doc))
        .extracting(ValidationError::pointer)
        .containsExactly("/configuration", "/models/1/slug", "/id");
  }

  @Test
  void aSlugRunsOncePerRequest() {
    ObjectNode doc = valid();
    ((ArrayNode) doc.path("models")).addObject().put("slug", "m").put("imageURL", "other:1");

    assertThat(only(doc))
        .isEqualTo(
            new ValidationError(
                "/models/1/slug", "appears twice in this request; each model runs once"));
  }

  @Test
  void theImageThatWouldRunMustHaveAnAllowedPrefix() {
    DispatchRules prefixed =
        new DispatchRules(runner, catalog, List.of("registry.example.org/models/"), LOOPBACK);

    List<ValidationError> errors = check(prefixed, valid());
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "/models/0/imageURL",
                "image local/model:1 is not allowed here (images.allowed-prefixes:"
                    + " registry.example.org/models/)"));
    assertThat(
            check(
                prefixed,
                with(d -> model(d, 0).put("slug", "catalogued").put("imageURL", "evil:1"))))
        .as("the catalog's image is the one that runs, and the one checked")
        .isEmpty();
  }

  @Test
  void aModelMustNameAnImageUnlessTheCatalogRunsIt() {
    assertThat(only(with(d -> model(d, 0).put("imageURL", " "))))
        .isEqualTo(
            new ValidationError(
                "/models/0/imageURL",
                "must name the model's image: model m has no image in the models catalog"));
    assertThat(check(with(d -> model(d, 0).put("slug", "process-only").put("imageURL", ""))))
        .isEmpty();
  }

  @Test
  void aCallbackUrlMustBeWellFormedAndOnAnAllowedHostAndPort() {
    assertThat(only(with(d -> d.put("callbackURL", "http://127.0.0.1:9/q?x="))))
        .satisfies(e -> assertThat(e.pointer()).isEqualTo("/callbackURL"))
        .satisfies(e -> assertThat(e.message()).startsWith("must not have a query"));
    assertThat(only(with(d -> d.put("callbackURL", "http://127.0.0.1:9/#x"))).message())
        .isEqualTo("must not have a fragment (#…)");
    assertThat(only(with(d -> d.put("callbackURL", "http://me@127.0.0.1:9/"))).message())
        .isEqualTo("must not carry a user name or password (user@host)");
    assertThat(only(with(d -> d.put("callbackURL", "file:///etc/passwd"))).message())
        .isEqualTo("must start with http:// or https://");
    assertThat(only(with(d -> d.put("callbackURL", "http://127.0.0.1:0/"))).message())
        .isEqualTo("must have a port from 1 to 65535, not 0");
    assertThat(only(with(d -> d.put("callbackURL", "https://evil.example.org/hook"))))
        .isEqualTo(
            new ValidationError(
                "/callbackURL",
                "host evil.example.org on port 443 is not an allowed callback host and port"
                    + " (callbacks.allowed-hosts)"));

    DispatchRules webApp =
        new DispatchRules(runner, catalog, List.of(), Set.of("webapp.example.org"));
    assertThat(check(webApp, with(d -> d.put("callbackURL", "https://webapp.example.org/"))))
        .isEmpty();
    assertThat(check(webApp, with(d -> d.put("callbackURL", "https://webapp.example.org:8443/"))))
        .containsExactly(
            new ValidationError(
                "/callbackURL",
                "host webapp.example.org on port 8443 is not an allowed callback host and port"
                    + " (callbacks.allowed-hosts)"));
    DispatchRules any = new DispatchRules(runner, catalog, List.of(), Set.of("*"));
    assertThat(check(any, with(d -> d.put("callbackURL", "https://anywhere.example:1/"))))
        .isEmpty();
    assertThat(check(any, with(d -> d.put("callbackURL", "https://anywhere.example/?q"))))
        .as("* allows any host, not any shape")
        .hasSize(1);
  }

  // --- the bounds, at and one past each limit ---

  @Test
  void atLeastOneModelAndAtMost64() {
    assertThat(only(with(d -> d.putArray("models"))))
        .isEqualTo(new ValidationError("/models", "must list at least one model"));
    assertThat(check(withModels(DispatchRules.MAX_MODELS))).isEmpty();
    assertThat(only(withModels(DispatchRules.MAX_MODELS + 1)))
        .isEqualTo(new ValidationError("/models", "must list at most 64 models, not 65"));
  }

  private static ObjectNode withModels(int n) {
    ObjectNode doc = valid();
    ArrayNode models = doc.putArray("models");
    for (int i = 0; i < n; i++) {
      models.addObject().put("slug", "m" + i).put("imageURL", "local/model:1");
    }
    return doc;
  }

  @Test
  void theIdIsBoundedAsTheServiceStoresIt() {
    int max = DispatchRules.MAX_ID_LENGTH;
    assertThat(check(with(d -> d.put("id", "i".repeat(max))))).isEmpty();
    assertThat(only(with(d -> d.put("id", "i".repeat(max + 1)))))
        .isEqualTo(new ValidationError("/id", "must be at most 200 characters long, not 201"));
    // a number id is stored as its plain decimal form: 1e199 is 200 characters, 1e200 201
    assertThat(check(with(d -> d.set("id", decimal("1e199"))))).isEmpty();
    assertThat(only(with(d -> d.set("id", decimal("1e200")))))
        .isEqualTo(new ValidationError("/id", "must be at most 200 characters long, not 201"));
    assertThat(only(with(d -> d.set("id", decimal("1e1000")))).pointer()).isEqualTo("/id");
    assertThat(only(with(d -> d.put("id", ""))))
        .isEqualTo(new ValidationError("/id", "must not be empty"));
    assertThat(only(with(d -> d.put("id", "a\u0000b"))))
        .isEqualTo(new ValidationError("/id", "must not contain control characters"));
  }

  @Test
  void slugAndImageAreBounded() {
    int slug = DispatchRules.MAX_SLUG_LENGTH;
    assertThat(check(with(d -> model(d, 0).put("slug", "s".repeat(slug))))).isEmpty();
    assertThat(only(with(d -> model(d, 0).put("slug", "s".repeat(slug + 1)))))
        .isEqualTo(
            new ValidationError("/models/0/slug", "must be at most 100 characters long, not 101"));
    assertThat(only(with(d -> model(d, 0).put("slug", "s".repeat(5000)))).message())
        .as("the field's own limit, not the general one")
        .isEqualTo("must be at most 100 characters long, not 5000");
    assertThat(only(with(d -> model(d, 0).put("slug", ""))))
        .isEqualTo(new ValidationError("/models/0/slug", "must not be empty"));
    assertThat(only(with(d -> model(d, 0).put("slug", "a\nb"))).message())
        .isEqualTo("must not contain control characters");

    int image = DispatchRules.MAX_IMAGE_LENGTH;
    String atLimit = "local/" + "i".repeat(image - 6);
    assertThat(check(with(d -> model(d, 0).put("imageURL", atLimit)))).isEmpty();
    assertThat(only(with(d -> model(d, 0).put("imageURL", atLimit + "i"))))
        .isEqualTo(
            new ValidationError(
                "/models/0/imageURL", "must be at most 512 characters long, not 513"));
  }

  @Test
  void theCallbackUrlIsBounded() {
    String base = "http://127.0.0.1:9/";
    String atLimit = base + "p".repeat(DispatchRules.MAX_CALLBACK_URL_LENGTH - base.length());
    assertThat(check(with(d -> d.put("callbackURL", atLimit)))).isEmpty();
    assertThat(only(with(d -> d.put("callbackURL", atLimit + "p"))))
        .isEqualTo(
            new ValidationError("/callbackURL", "must be at most 1000 characters long, not 1001"));
  }

  @Test
  void everyOtherStringIsBounded() {
    int max = DispatchRules.MAX_STRING_LENGTH;
    assertThat(
            check(with(d -> ((ObjectNode) d.path("configuration")).put("region", "r".repeat(max)))))
        .isEmpty();
    assertThat(
            only(
                with(
                    d ->
                        ((ObjectNode) d.path("configuration")).put("region", "r".repeat(max + 1)))))
        .isEqualTo(
            new ValidationError(
                "/configuration/region", "must be at most 1000 characters long, not 1001"));
    assertThat(only(with(d -> parameters(d).put("calibrationDate", "d".repeat(max + 1)))).pointer())
        .isEqualTo("/configuration/parameters/calibrationDate");
  }

  @Test
  void interventionPeriodsAreBounded() {
    ObjectNode doc = valid();
    ArrayNode periods = parameters(doc).putArray("interventionPeriods");
    for (int i = 0; i < DispatchRules.MAX_INTERVENTION_PERIODS; i++) {
      periods.addObject().put("startDate", "2020-04-19").put("reductionPopulationContact", i);
    }
    assertThat(check(doc)).isEmpty();
    periods.addObject().put("startDate", "2020-04-19").put("reductionPopulationContact", 1);
    assertThat(only(doc))
        .isEqualTo(
            new ValidationError(
                "/configuration/parameters/interventionPeriods",
                "must have at most 1000 items, has 1001"));
  }

  @Test
  void numbersMustBeFiniteDoublesAndNotTooLong() {
    String at = "/configuration/parameters/calibrationCaseCount";
    for (String fine :
        List.of(
            "0",
            "-0.0",
            "1e308",
            "1.7976931348623157e308",
            "-1.7976931348623157e308",
            "4.9e-324",
            "2.2250738585072014e-308",
            "123456789012345678901234567890")) {
      assertThat(check(with(d -> parameters(d).set("calibrationCaseCount", decimal(fine)))))
          .as(fine)
          .isEmpty();
    }
    for (String outOfRange : List.of("1.8e308", "1e309", "1e1000", "1e10000", "-1e999999999")) {
      assertThat(only(with(d -> parameters(d).set("calibrationCaseCount", decimal(outOfRange)))))
          .as(outOfRange)
          .isEqualTo(
              new ValidationError(
                  at,
                  "is out of range: a number must be finite and at most 1.7976931348623157E308 in"
                      + " magnitude (the largest double)"));
    }
    for (String tiny : List.of("1e-400", "2e-324", "1e-999999999")) {
      assertThat(
              only(with(d -> parameters(d).set("calibrationCaseCount", decimal(tiny)))).message())
          .as(tiny)
          .startsWith("is too close to 0");
    }
    // written out in full: 400 characters pass, 401 do not
    String digits400 = "1." + "1".repeat(DispatchRules.MAX_NUMBER_CHARS - 2);
    assertThat(new BigDecimal(digits400).toPlainString()).hasSize(400);
    assertThat(check(with(d -> parameters(d).set("calibrationCaseCount", decimal(digits400)))))
        .isEmpty();
    assertThat(only(with(d -> parameters(d).set("calibrationCaseCount", decimal(digits400 + "1")))))
        .isEqualTo(
            new ValidationError(
                at,
                "has too many digits: written out in full it would be 401 characters long; at most"
                    + " 400"));
    assertThat(
            only(with(d -> parameters(d).set("calibrationCaseCount", decimal("0e-999999999"))))
                .message())
        .startsWith("has too many digits");
    assertThat(
            only(with(
                    d ->
                        parameters(d)
                            .set(
                                "calibrationCaseCount", NODES.numberNode(BigInteger.TEN.pow(400)))))
                .message())
        .startsWith("is out of range");
    assertThat(only(with(d -> parameters(d).set("r0", DoubleNode.valueOf(Double.NaN)))).pointer())
        .isEqualTo("/configuration/parameters/r0");
    assertThat(
            only(with(
                    d ->
                        ((ObjectNode) parameters(d).path("interventionPeriods").get(0))
                            .set("reductionPopulationContact", decimal("1e400"))))
                .pointer())
        .isEqualTo("/configuration/parameters/interventionPeriods/0/reductionPopulationContact");
  }

  @Test
  void textMustBeValidUnicode() {
    assertThat(check(with(d -> ((ObjectNode) d.path("configuration")).put("region", "🇺🇸 ü"))))
        .isEmpty();
    assertThat(only(with(d -> ((ObjectNode) d.path("configuration")).put("region", "a\ud800b"))))
        .isEqualTo(
            new ValidationError(
                "/configuration/region",
                "is not valid Unicode text (unpaired surrogate at character 1)"));
    assertThat(only(with(d -> model(d, 0).put("slug", "\udc00"))).pointer())
        .isEqualTo("/models/0/slug");
    List<ValidationError> errors = check(with(d -> d.put("x\ud800", 1)));
    assertThat(errors)
        .extracting(ValidationError::pointer)
        .as("an unknown property, named in writable text")
        .contains("/x\ufffd");
    assertThat(errors).extracting(ValidationError::message).anyMatch(m -> m.contains("Unicode"));
  }

  @Test
  void problemsAreListedUpToTheCapAndMessagesAreBounded() {
    ObjectNode doc = valid();
    ArrayNode periods = parameters(doc).putArray("interventionPeriods");
    for (int i = 0; i < 300; i++) {
      periods
          .addObject()
          .put("startDate", "2020-04-19")
          .set("reductionPopulationContact", decimal("1e999"));
    }
    List<ValidationError> errors = check(doc);
    assertThat(errors).hasSize(DispatchRules.MAX_ERRORS + 1);
    assertThat(errors.get(DispatchRules.MAX_ERRORS).message())
        .matches("and \\d+ more problem\\(s\\) not listed");

    List<ValidationError> echoed =
        check(
            with(
                d ->
                    ((ObjectNode) parameters(d).path("interventionPeriods").get(0))
                        .put("socialDistancing", "x".repeat(900))));
    assertThat(echoed)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.message().length()).isLessThanOrEqualTo(301));
  }

  @Test
  void anythingThatIsNotARequestObjectIsRefusedNotThrown() {
    for (JsonNode odd :
        List.of(
            NODES.arrayNode(),
            NODES.textNode("x"),
            NODES.nullNode(),
            NODES.numberNode(1),
            NODES.objectNode(),
            NODES.missingNode())) {
      assertThat(check(odd)).as(odd.toString()).isNotEmpty();
    }
    assertThat(check(null))
        .containsExactly(new ValidationError("", "a run request object is required"));
  }

  // --- seeded random documents ---

  /**
   * 3000 seeded random mutations of valid requests: the check always answers, in plain words; and
   * every document it accepts maps onto the typed request, survives being stored and read back,
   * makes a valid run id and {@link RunJob} for each model and a callback endpoint — nothing
   * accepted can fail later for its shape or size.
   */
  @Test
  void randomDocumentsAreAnsweredAndWhatIsAcceptedMapsOntoEveryLaterStage() throws Exception {
    long seed = Long.getLong("dispatchrules.seed", System.nanoTime());
    System.out.println("DispatchRulesTest seed: " + seed);
    Random random = new Random(seed);
    int accepted = 0;
    for (int i = 0; i < 3000; i++) {
      ObjectNode doc = valid();
      if (random.nextBoolean()) {
        doc.put("callbackURL", "http://127.0.0.1:" + (1 + random.nextInt(65535)) + "/cb");
      }
      int mutations = random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        mutate(random, doc);
      }
      String context = "seed " + seed + ", document " + i + ": " + abbreviated(doc);
      List<ValidationError> errors;
      try {
        errors = check(doc);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(context, e);
      }
      if (errors.isEmpty()) {
        accepted++;
        assertThatCode(() -> laterStages(doc)).as(context).doesNotThrowAnyException();
      }
    }
    System.out.println("DispatchRulesTest: " + accepted + " of 3000 random documents accepted");
    assertThat(accepted).as("seed " + seed + ": some random documents are valid").isPositive();
  }

  /** What the service and the pipeline do with an accepted request, as they do it. */
  private static void laterStages(ObjectNode doc) throws Exception {
    RunRequest typed = MAPPER.treeToValue(doc, RunRequest.class);
    assertThat(Double.isFinite(typed.configuration().parameters().calibrationCaseCount())).isTrue();
    String stored = MAPPER.writeValueAsString(doc);
    JsonNode back = MAPPER.readTree(stored);
    JsonMappers.canonical().writeValueAsBytes(back);
    MAPPER.writeValueAsBytes(back.path("configuration")); // inputFile.json
    RunRequestDocument request = RunRequestDocument.of(back);
    assertThat(request.id().length()).isLessThanOrEqualTo(500);
    for (ModelRef model : request.models()) {
      assertThat(model.slug().length()).isLessThanOrEqualTo(200);
      assertThat(model.imageURL().length()).isLessThanOrEqualTo(1000);
      ResolvedModel resolved = catalog.resolve(model);
      String runId = RunJob.newRunId(request.id(), model.slug());
      assertThat(runId.length()).isLessThanOrEqualTo(128);
      new RunJob(request, model, resolved.launch(), resolved.limits(), new Cancellation(), runId);
    }
    if (request.callbackURL() != null) {
      assertThat(request.callbackURL().length()).isLessThanOrEqualTo(2000);
      assertThat(CallbackUrls.endpoint(request.callbackURL(), request.id()).getRawQuery()).isNull();
    }
  }

  private static void mutate(Random random, ObjectNode doc) {
    List<JsonNode[]> slots = new ArrayList<>(); // {container, key or index}
    collect(doc, slots);
    JsonNode[] slot = slots.get(random.nextInt(slots.size()));
    JsonNode value = randomValue(random, 0);
    if (slot[0] instanceof ObjectNode object) {
      String key = slot[1].asText();
      switch (random.nextInt(6)) {
        case 0 -> object.remove(key);
        case 1 -> object.set(randomText(random, 8), value);
        default -> object.set(key, value);
      }
    } else if (slot[0] instanceof ArrayNode array) {
      int index = slot[1].asInt();
      switch (random.nextInt(4)) {
        case 0 -> array.remove(index);
        case 1 -> array.add(value);
        default -> array.set(index, value);
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode[]> slots) {
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                slots.add(new JsonNode[] {node, NODES.textNode(name)});
                collect(node.get(name), slots);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        slots.add(new JsonNode[] {node, NODES.numberNode(i)});
        collect(node.get(i), slots);
      }
    }
  }

  /** A random value: numbers near and past every bound, odd text, nesting, nulls. */
  static JsonNode randomValue(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 4 : 7)) {
      case 0 -> decimal(randomNumber(random));
      case 1 -> NODES.textNode(randomText(random, randomLength(random)));
      case 2 -> NODES.nullNode();
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomValue(random, depth + 1));
        }
        yield array;
      }
      case 5 -> {
        JsonNode nested = NODES.numberNode(1);
        for (int i = random.nextInt(300); i > 0; i--) {
          nested = NODES.arrayNode().add(nested);
        }
        yield nested;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.set(randomText(random, 6), randomValue(random, depth + 1));
        }
        yield object;
      }
    };
  }

  static String randomNumber(Random random) {
    String[] mantissas = {"0", "1", "-1", "1.5", "9.999999999999999", "4.9", "17976931348623157"};
    int[] exponents = {
      0, 1, 199, 200, 307, 308, 309, -323, -324, -325, 400, 1000, 9999, 10000, -10000, 999999999
    };
    String number =
        mantissas[random.nextInt(mantissas.length)]
            + "e"
            + exponents[random.nextInt(exponents.length)];
    return random.nextInt(5) == 0 ? "1." + "3".repeat(random.nextInt(600)) : number;
  }

  static int randomLength(Random random) {
    int[] lengths = {0, 1, 5, 99, 100, 101, 199, 200, 201, 511, 512, 513, 999, 1000, 1001, 3000};
    return lengths[random.nextInt(lengths.length)];
  }

  static String randomText(Random random, int length) {
    String[] pieces = {
      "a",
      "Z",
      "0",
      "-",
      "/",
      "~",
      "?",
      "#",
      " ",
      "ü",
      "€",
      "🙂",
      "\u0000",
      "\n",
      "\ud800",
      "\udc00",
      "http://127.0.0.1:1/",
      "%2F",
      ".."
    };
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append(random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)] : "x");
    }
    return sb.length() > length ? sb.substring(0, length) : sb.toString();
  }

  static DecimalNode decimal(String text) {
    return DecimalNode.valueOf(new BigDecimal(text));
  }

  private static String abbreviated(JsonNode doc) {
    String text =
        new String(doc.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
  }

  @Test
  void anotherDomainsConfigurationIsCheckedAgainstItsModelsOwnInputSchemaOnly() {
    ObjectNode energy = NODES.objectNode();
    energy.put("id", "e-1");
    energy.putArray("models").addObject().put("slug", "energy").put("imageURL", "x");
    energy.putObject("configuration").put("hours", 24);
    energy.putNull("callbackURL");
    assertThat(check(energy)).isEmpty();

    ((ObjectNode) energy.path("configuration")).put("hours", "24").put("region", "US");
    assertThat(check(energy))
        .containsExactly(
            new ValidationError(
                "/configuration/hours",
                "must be an integer, not a string (input schema of model energy)",
                List.of("energy")),
            new ValidationError(
                "/configuration/region",
                "is not allowed here (unknown property) (input schema of model energy)",
                List.of("energy")));
  }

  @Test
  void anAdapterBackedModelTakesAnyConfigurationObject() {
    ObjectNode adapter = NODES.objectNode();
    adapter.put("id", "a-1");
    adapter.putArray("models").addObject().put("slug", "etm").put("imageURL", "adapter:etm");
    adapter.putObject("configuration").put("scenario_id", 42).putObject("extra").put("x", true);
    adapter.putNull("callbackURL");
    assertThat(check(adapter)).isEmpty();
    adapter.put("configuration", "not an object");
    assertThat(check(adapter))
        .extracting(ValidationError::toString)
        .containsExactly("/configuration: must be an object, not a string");
  }
}
