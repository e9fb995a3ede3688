package io.modelrunner.core.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Scheduling;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Which image or command a model slug maps to, with per-model limits. A JSON file (see
 * docs/models-catalog.md):
 *
 * <pre>{@code
 * {
 *   "models": {
 *     "seir": {
 *       "image": "model-runner/seir-connector:1.0",
 *       "command": ["python3", "./seir/model.py"],
 *       "environment": {"SEIR_STEPS": "200"},
 *       "limits": {"deadline": "PT30M", "memoryBytes": 1073741824, "nanoCpus": 2000000000,
 *                  "pidsLimit": 128, "logCapBytes": 10485760, "tmpfsBytes": 67108864,
 *                  "network": false, "readOnlyRootFs": true, "user": "1000:1000"},
 *       "inputSchema": "./seir/input.schema.json",
 *       "outputSchema": "output",
 *       "timeAxis": "/time/timestamps"
 *     }
 *   }
 * }
 * }</pre>
 *
 * Command elements that start with {@code ./} or {@code ../} are resolved against the catalog
 * file's folder. A slug the catalog does not know runs the request's {@code imageURL} with the
 * default limits (Docker only: the process engine needs a command).
 *
 * <p>{@code inputSchema} and {@code outputSchema} give the model's {@link ModelContract}: a
 * built-in name ({@code input}, {@code output}), {@value ContractSchema#NONE}, a URL ({@code
 * http:}, {@code https:}, {@code file:}), or a file path (relative paths resolve against the
 * catalog file's folder). They are loaded and compiled with the catalog. A model without them gets
 * the defaults of its {@link CatalogSchemas}. {@code timeAxis} ({@link TimeAxisPointer}) says where
 * the time axis of its {@code data.json} is, for charts. Immutable and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ModelsCatalog {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final Set<String> ENTRY_KEYS =
      Set.of(
          "image",
          "command",
          "environment",
          "limits",
          "labels",
          "onNodeLoss",
          "slurm",
          "inputSchema",
          "outputSchema",
          "timeAxis");
  private static final Set<String> LIMIT_KEYS =
      Set.of(
          "deadline",
          "memoryBytes",
          "nanoCpus",
          "pidsLimit",
          "logCapBytes",
          "tmpfsBytes",
          "network",
          "readOnlyRootFs",
          "user");

  private final Map<String, Entry> entries;
  private final ExecutionLimits defaults;
  private final CatalogSchemas schemas;

  /**
   * A model of the file, with the schemas it declares (null: the default) and its time axis (null:
   * none declared).
   */
  private record Entry(
      ResolvedModel model, ContractSchema input, ContractSchema output, TimeAxisPointer timeAxis) {}

  private ModelsCatalog(
      Map<String, Entry> entries, ExecutionLimits defaults, CatalogSchemas schemas) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.defaults = defaults;
    this.schemas = schemas;
  }

  /**
   * A catalog that knows no model: every request's {@code imageURL} is used as is, with the
   * built-in schemas.
   */
  public static ModelsCatalog empty() {
    return empty(CatalogSchemas.builtIn(new SchemaValidator()));
  }

  /** A catalog that knows no model, whose models get the default contracts of {@code schemas}. */
  public static ModelsCatalog empty(CatalogSchemas schemas) {
    return new ModelsCatalog(
        Map.of(), ExecutionLimits.defaults(), Objects.requireNonNull(schemas, "schemas"));
  }

  /**
   * Reads a catalog file, with the built-in schemas as defaults.
   *
   * @throws CatalogException when it is missing, not JSON, or an entry is invalid
   */
  public static ModelsCatalog load(Path file) {
    return load(file, ExecutionLimits.defaults());
  }

  /** Reads a catalog file; entries override {@code defaults}. */
  public static ModelsCatalog load(Path file, ExecutionLimits defaults) {
    return load(file, defaults, CatalogSchemas.builtIn(new SchemaValidator()));
  }

  /**
   * Reads a catalog file; entries override {@code defaults}, and their schemas are loaded with
   * {@code schemas}, whose defaults models without schemas get.
   *
   * @throws CatalogException when it is missing, not JSON, or an entry is invalid (a schema that
   *     cannot be loaded or is not a JSON Schema included)
   */
  public static ModelsCatalog load(Path file, ExecutionLimits defaults, CatalogSchemas schemas) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(schemas, "schemas");
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      throw new CatalogException("models catalog not found: " + file, e);
    } catch (IOException e) {
      throw new CatalogException("models catalog " + file + " is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.path("models").isObject()) {
      throw new CatalogException(
          "models catalog " + file + " must be an object with a \"models\" object", null);
    }
    Path folder = file.toAbsolutePath().normalize().getParent();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("models").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = "models catalog " + file + ", model \"" + entry.getKey() + "\"";
      entries.put(
          entry.getKey(),
          parseEntry(entry.getKey(), entry.getValue(), folder, defaults, schemas, where));
    }
    return new ModelsCatalog(entries, defaults, schemas);
  }

  /** The slugs the catalog knows, in the file's order. */
  public Set<String> slugs() {
    return entries.keySet();
  }

  /**
   * The catalog's entry for {@code slug}, as a request naming no image would resolve it; empty when
   * the catalog does not know it.
   */
  public Optional<ResolvedModel> entry(String slug) {
    Entry known = entries.get(slug);
    return known == null ? Optional.empty() : Optional.of(withContract(known, known.model()));
  }

  /**
   * The time axis the catalog declares for {@code slug}'s {@code data.json} ({@code timeAxis});
   * empty when it declares none or does not know the slug.
   */
  public Optional<TimeAxisPointer> timeAxis(String slug) {
    Entry known = entries.get(slug);
    return known == null ? Optional.empty() : Optional.ofNullable(known.timeAxis());
  }

  /** How to run {@code model}: the catalog's entry, else its {@code imageURL} with the defaults. */
  public ResolvedModel resolve(ModelRef model) {
    Entry known = entries.get(model.slug());
    if (known != null) {
      ResolvedModel m = known.model();
      if (m.launch().image() == null && !model.imageURL().isBlank()) {
        ModelLaunch l = m.launch();
        m =
            new ResolvedModel(
                new ModelLaunch(
                    l.slug(), model.imageURL(), l.command(), l.environment(), l.scheduling()),
                m.limits(),
                true,
                m.requiredLabels(),
                m.onNodeLoss(),
                m.contract());
      }
      return withContract(known, m);
    }
    return new ResolvedModel(
        ModelLaunch.image(model.slug(), model.imageURL()),
        defaults,
        false,
        Set.of(),
        ResolvedModel.NodeLossPolicy.FAIL,
        schemas.defaultContract(model.imageURL()));
  }

  /** {@code m} with the contract of {@code known}: what it declares, else the image's default. */
  private ResolvedModel withContract(Entry known, ResolvedModel m) {
    ModelContract fallback = schemas.defaultContract(m.launch().image());
    ModelContract contract =
        new ModelContract(
            known.input() != null ? known.input() : fallback.input(),
            known.output() != null ? known.output() : fallback.output());
    return new ResolvedModel(
        m.launch(), m.limits(), m.fromCatalog(), m.requiredLabels(), m.onNodeLoss(), contract);
  }

  private static Entry parseEntry(
      String slug,
      JsonNode node,
      Path folder,
      ExecutionLimits defaults,
      CatalogSchemas schemas,
      String where) {
    if (!node.isObject()) {
      throw new CatalogException(where + ": must be an object", null);
    }
    requireKnownKeys(node, ENTRY_KEYS, where);
    String image = node.hasNonNull("image") ? text(node.get("image"), where + ", image") : null;
    List<String> command = new ArrayList<>();
    if (node.has("command")) {
      if (!node.get("command").isArray()) {
        throw new CatalogException(where + ": \"command\" must be an array of strings", null);
      }
      for (JsonNode part : node.get("command")) {
        command.add(resolveRelative(text(part, where + ", command"), folder));
      }
    }
    if (image == null && command.isEmpty()) {
      throw new CatalogException(where + ": needs an \"image\" or a \"command\"", null);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    if (node.has("environment")) {
      if (!node.get("environment").isObject()) {
        throw new CatalogException(where + ": \"environment\" must be an object of strings", null);
      }
      node.get("environment")
          .fields()
          .forEachRemaining(
              e -> environment.put(e.getKey(), text(e.getValue(), where + ", environment")));
    }
    ExecutionLimits limits = parseLimits(node.path("limits"), defaults, where + ", limits");
    Set<String> labels = new java.util.TreeSet<>();
    if (node.has("labels")) {
      if (!node.get("labels").isArray()) {
        throw new CatalogException(where + ": \"labels\" must be an array of strings", null);
      }
      for (JsonNode label : node.get("labels")) {
        String value = text(label, where + ", labels");
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9_.=/-]{0,62}")) {
          throw new CatalogException(
              where + ": label \"" + value + "\" must be letters, digits and _ . = / -", null);
        }
        labels.add(value);
      }
    }
    ResolvedModel.NodeLossPolicy onNodeLoss = ResolvedModel.NodeLossPolicy.FAIL;
    if (node.has("onNodeLoss")) {
      String policy = text(node.get("onNodeLoss"), where + ", onNodeLoss");
      switch (policy) {
        case "fail" -> onNodeLoss = ResolvedModel.NodeLossPolicy.FAIL;
        case "rerun" -> onNodeLoss = ResolvedModel.NodeLossPolicy.RERUN;
        default ->
            throw new CatalogException(
                where + ": \"onNodeLoss\" must be \"fail\" or \"rerun\", not " + policy, null);
      }
    }
    Map<String, String> slurm = new LinkedHashMap<>();
    if (node.has("slurm")) {
      if (!node.get("slurm").isObject()) {
        throw new CatalogException(
            where + ": \"slurm\" must be an object of strings (partition, account, qos, ...)",
            null);
      }
      node.get("slurm")
          .fields()
          .forEachRemaining(e -> slurm.put(e.getKey(), text(e.getValue(), where + ", slurm")));
    }
    ContractSchema input = contractSchema(node, "inputSchema", folder, schemas, where);
    ContractSchema output = contractSchema(node, "outputSchema", folder, schemas, where);
    ModelLaunch launch =
        new ModelLaunch(
            slug,
            image,
            command,
            environment,
            new Scheduling(slurm, onNodeLoss == ResolvedModel.NodeLossPolicy.RERUN));
    ResolvedModel model =
        new ResolvedModel(launch, limits, true, labels, onNodeLoss, schemas.defaultContract(image));
    return new Entry(model, input, output, timeAxis(node, where));
  }

  /** The entry's {@code timeAxis}, checked; null when it declares none. */
  private static TimeAxisPointer timeAxis(JsonNode node, String where) {
    if (!node.has("timeAxis") || node.get("timeAxis").isNull()) {
      return null;
    }
    String value = text(node.get("timeAxis"), where + ", timeAxis");
    try {
      return new TimeAxisPointer(value);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": \"timeAxis\" " + e.getMessage(), e);
    }
  }

  /** The schema {@code key} declares, loaded and compiled; null when the entry has no such key. */
  private static ContractSchema contractSchema(
      JsonNode node, String key, Path folder, CatalogSchemas schemas, String where) {
    if (!node.has(key)) {
      return null;
    }
    String value = text(node.get(key), where + ", " + key);
    if (value.isBlank()) {
      throw new CatalogException(
          where
              + ": \""
              + key
              + "\" must be a built-in schema name (input, output), \"none\", a URL or a file",
          null);
    }
    if (ContractSchema.NONE.equals(value)) {
      return ContractSchema.none();
    }
    try {
      if (SchemaName.fromId(value).isPresent()) {
        return ContractSchema.of(value, schemas.validator().resolve(value));
      }
      if (value.matches("(?i)^(https?|file):.*")) {
        return ContractSchema.of(value, schemas.validator().load(URI.create(value)));
      }
      Path file = folder.resolve(value).normalize();
      return ContractSchema.of(file.toString(), schemas.validator().load(file));
    } catch (SchemaLoadException | IllegalArgumentException e) {
      throw new CatalogException(where + ": \"" + key + "\" " + value + ": " + e.getMessage(), e);
    }
  }

  private static ExecutionLimits parseLimits(JsonNode node, ExecutionLimits d, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return d;
    }
    if (!node.isObject()) {
      throw new CatalogException(where + ": must be an object", null);
    }
    requireKnownKeys(node, LIMIT_KEYS, where);
    try {
      Duration deadline =
          node.has("deadline") ? Duration.parse(text(node.get("deadline"), where)) : d.deadline();
      return new ExecutionLimits(
          deadline,
          number(node, "memoryBytes", d.memoryBytes(), where),
          number(node, "nanoCpus", d.nanoCpus(), where),
          number(node, "pidsLimit", d.pidsLimit(), where),
          number(node, "logCapBytes", d.logCapBytes(), where),
          number(node, "tmpfsBytes", d.tmpfsBytes(), where),
          bool(node, "network", d.network(), where),
          bool(node, "readOnlyRootFs", d.readOnlyRootFs(), where),
          node.hasNonNull("user") ? text(node.get("user"), where + ", user") : d.user());
    } catch (DateTimeParseException e) {
      throw new CatalogException(
          where + ": deadline must be an ISO-8601 duration such as PT30M or PT90S", e);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": " + e.getMessage(), e);
    }
  }

  private static long number(JsonNode node, String key, long fallback, String where) {
    if (!node.has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new CatalogException(where + ": \"" + key + "\" must be a whole number", null);
    }
    return value.longValue();
  }

  private static boolean bool(JsonNode node, String key, boolean fallback, String where) {
    if (!node.has(key)) {
      return fallback;
    }
    if (!node.get(key).isBoolean()) {
      throw new CatalogException(where + ": \"" + key + "\" must be true or false", null);
    }
    return node.get(key).booleanValue();
  }

  private static String text(JsonNode node, String where) {
    if (!node.isTextual()) {
      throw new CatalogException(where + ": must be a string, not " + node, null);
    }
    return node.textValue();
  }

  private static void requireKnownKeys(JsonNode node, Set<String> known, String where) {
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                throw new CatalogException(
                    where + ": unknown property \"" + key + "\" (known: " + known + ")", null);
              }
            });
  }

  private static String resolveRelative(String part, Path folder) {
    if (part.startsWith("./") || part.startsWith("../")) {
      return folder.resolve(part).normalize().toString();
    }
    return part;
  }
}
