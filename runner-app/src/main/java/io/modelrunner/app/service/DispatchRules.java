package io.modelrunner.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.RunRequest;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.callback.CallbackUrls;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.RequestValidator;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a dispatched run request must be before the service stores it, so that nothing it accepts
 * can fail later for being too big or malformed. {@link #check} returns every problem of a
 * document, each as a JSON pointer and plain words:
 *
 * <ol>
 *   <li>the request's schemas ({@link RequestValidator}): the envelope (built-in {@code request}),
 *       then {@code configuration} against each requested model's input schema, each such error
 *       naming the models;
 *   <li>the service's rules: each model's {@code slug} at most once; each model resolvable in the
 *       models catalog (else by its {@code imageURL}) and naming an image or a command; the image
 *       that would run starting with one of the allowed image prefixes (when there are any); the
 *       {@code callbackURL}, when not null, a well-formed callback URL ({@link CallbackUrls}) whose
 *       host and port are allowed ({@link CallbackSettings#hostAllowed});
 *   <li>the bounds: 1 to {@value #MAX_MODELS} models, at most {@value #MAX_INTERVENTION_PERIODS}
 *       intervention periods; an {@code id} of 1 to {@value #MAX_ID_LENGTH} characters (a number id
 *       counted as its plain decimal form, as the service stores it), a {@code slug} of 1 to
 *       {@value #MAX_SLUG_LENGTH}, an {@code imageURL} of at most {@value #MAX_IMAGE_LENGTH}, none
 *       of them with control characters; every other string at most {@value #MAX_STRING_LENGTH}
 *       characters; every string and property name valid Unicode (no unpaired surrogate); every
 *       number finite and within the range of a double (not so small that it would become 0) and,
 *       written out in plain decimal notation as the service stores it, at most {@value
 *       #MAX_NUMBER_CHARS} characters;
 *   <li>when all that holds: the request maps onto what the later stages use — the typed {@link
 *       RunRequest} (numbers as doubles) when every model takes the built-in {@code input} schema,
 *       the stored JSON read back, its canonical form, each model's run id and {@link RunJob}, the
 *       callback endpoint. Should that still fail, the failure is reported on the nearest pointer,
 *       in plain words.
 * </ol>
 *
 * <p>The lengths keep within the database columns ({@code run.request_id} 500, {@code model_slug}
 * 200, {@code image} 1000, {@code callback_url} 2000 characters), the container labels and the
 * callback path; the run id, the container's run label and the workspace folder are derived from
 * the id and slug by {@link RunJob#newRunId}, which keeps them short and safe whatever the two
 * hold. At most {@value #MAX_ERRORS} problems are listed; the last entry then says how many more
 * there were. Immutable and thread-safe.
 */
public final class DispatchRules {
  /** Most models in one request. */
  public static final int MAX_MODELS = 64;

  /** Longest request id, in characters (a number: its plain decimal form). */
  public static final int MAX_ID_LENGTH = 200;

  /** Longest model slug, in characters. */
  public static final int MAX_SLUG_LENGTH = 100;

  /** Longest image reference, in characters (Docker's own limit on a name is 255). */
  public static final int MAX_IMAGE_LENGTH = 512;

  /** Longest callback URL, in characters. */
  public static final int MAX_CALLBACK_URL_LENGTH = CallbackUrls.MAX_LENGTH;

  /** Longest other string (region, dates, …), in characters. */
  public static final int MAX_STRING_LENGTH = 1000;

  /** Most intervention periods. */
  public static final int MAX_INTERVENTION_PERIODS = 1000;

  /**
   * Longest number, in characters, written out in plain decimal notation (as the service stores
   * it): every double written with up to 17 significant digits fits.
   */
  public static final int MAX_NUMBER_CHARS = 400;

  /** Most problems listed. */
  public static final int MAX_ERRORS = 100;

  private static final int MAX_MESSAGE_CHARS = 300;
  private static final int MAX_POINTER_CHARS = 1000;
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final ObjectMapper CANONICAL = JsonMappers.canonical();

  private final RequestValidator requestValidator;
  private final ModelsCatalog catalog;
  private final List<String> allowedImagePrefixes;
  private final Set<String> allowedCallbackHosts;

  /**
   * @param requestSchema the envelope schema of a run request (built-in {@code request}); the
   *     models' input schemas come from {@code catalog}
   * @param catalog the models catalog
   * @param allowedImagePrefixes the image reference prefixes that may run; empty allows any
   * @param allowedCallbackHosts the callback hosts and ports allowed ({@link
   *     CallbackSettings#hostAllowed}); empty, or holding {@code *}, allows any
   */
  public DispatchRules(
      JsonSchema requestSchema,
      ModelsCatalog catalog,
      List<String> allowedImagePrefixes,
      Set<String> allowedCallbackHosts) {
    this.requestValidator =
        new RequestValidator(Objects.requireNonNull(requestSchema, "requestSchema"));
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.allowedImagePrefixes = List.copyOf(allowedImagePrefixes);
    this.allowedCallbackHosts = Set.copyOf(allowedCallbackHosts);
  }

  /**
   * Every problem of {@code document} as a dispatched run request, in the order schema, rules,
   * bounds (then the mapping, when there is no other problem); empty when the service may store it.
   */
  public List<ValidationError> check(JsonNode document) {
    if (document == null || document.isMissingNode()) {
      return List.of(new ValidationError("", "a run request object is required"));
    }
    List<ValidationError> schema;
    try {
      schema = requestValidator.check(document, catalog);
    } catch (RuntimeException e) {
      schema = List.of(new ValidationError("", "cannot be checked against the request's schemas"));
    }
    List<ValidationError> rules = new ArrayList<>();
    List<ValidationError> bounds = new ArrayList<>();
    int[] unlisted = {0};
    Set<String> badPointers = walk(document, bounds, unlisted);
    checkId(document.path("id"), badPointers, bounds);
    checkModels(document.path("models"), badPointers, rules, bounds);
    checkCallbackUrl(document.path("callbackURL"), badPointers, rules);
    JsonNode periods =
        document.path("configuration").path("parameters").path("interventionPeriods");
    if (periods.isArray() && periods.size() > MAX_INTERVENTION_PERIODS) {
      bounds.add(
          new ValidationError(
              "/configuration/parameters/interventionPeriods",
              "must have at most " + MAX_INTERVENTION_PERIODS + " items, has " + periods.size()));
    }
    List<ValidationError> all = new ArrayList<>(schema);
    all.addAll(rules);
    all.addAll(bounds);
    if (all.isEmpty()) {
      mapping(document, all);
    }
    return finish(all, unlisted[0]);
  }

  // --- the fields ---

  private static void checkId(JsonNode id, Set<String> badPointers, List<ValidationError> out) {
    if (badPointers.contains("/id")) {
      return;
    }
    String text;
    if (id.isTextual()) {
      text = id.textValue();
    } else if (id.isNumber()) {
      if (numberProblem(id) != null) {
        return; // the walk reported it (or counted it past the cap); never expand such a number
      }
      text = id.decimalValue().toPlainString();
    } else {
      return; // the schema says what is wrong
    }
    if (text.isEmpty()) {
      out.add(new ValidationError("/id", "must not be empty"));
    } else if (text.length() > MAX_ID_LENGTH) {
      out.add(new ValidationError("/id", tooLong(MAX_ID_LENGTH, text.length())));
    } else if (hasControl(text)) {
      out.add(new ValidationError("/id", "must not contain control characters"));
    }
  }

  private void checkModels(
      JsonNode models,
      Set<String> badPointers,
      List<ValidationError> rules,
      List<ValidationError> bounds) {
    if (!models.isArray()) {
      return;
    }
    if (models.isEmpty()) {
      bounds.add(new ValidationError("/models", "must list at least one model"));
      return;
    }
    if (models.size() > MAX_MODELS) {
      bounds.add(
          new ValidationError(
              "/models", "must list at most " + MAX_MODELS + " models, not " + models.size()));
      return;
    }
    Set<String> slugs = new HashSet<>();
    for (int i = 0; i < models.size(); i++) {
      JsonNode model = models.get(i);
      String at = "/models/" + i;
      String slug =
          boundedText(model.path("slug"), at + "/slug", MAX_SLUG_LENGTH, badPointers, bounds);
      String image =
          boundedText(
              model.path("imageURL"), at + "/imageURL", MAX_IMAGE_LENGTH, badPointers, bounds);
      if (slug != null && slug.isEmpty()) {
        bounds.add(new ValidationError(at + "/slug", "must not be empty"));
        slug = null;
      }
      if (slug != null && !slugs.add(slug)) {
        rules.add(
            new ValidationError(
                at + "/slug", "appears twice in this request; each model runs once"));
      }
      if (slug == null || image == null) {
        continue; // nothing safe to resolve
      }
      ResolvedModel resolved;
      try {
        resolved = catalog.resolve(new ModelRef(slug, image));
      } catch (RuntimeException e) {
        rules.add(new ValidationError(at, "cannot be resolved: " + e.getMessage()));
        continue;
      }
      String catalogImage = resolved.launch().image();
      if ((catalogImage == null || catalogImage.isBlank())
          && resolved.launch().command().isEmpty()) {
        rules.add(
            new ValidationError(
                at + "/imageURL",
                "must name the model's image: model "
                    + slug
                    + " has no image in the models catalog"));
        continue;
      }
      String reference = catalogImage == null ? image : catalogImage;
      if (!imageAllowed(reference)) {
        rules.add(
            new ValidationError(
                at + "/imageURL",
                "image "
                    + reference
                    + " is not allowed here (images.allowed-prefixes: "
                    + String.join(", ", allowedImagePrefixes)
                    + ")"));
      }
    }
  }

  /**
   * The text of a string field that the walk found sound, within {@code max} characters and without
   * control characters; else null (a problem is added, or the schema reports it).
   */
  private static String boundedText(
      JsonNode node, String pointer, int max, Set<String> badPointers, List<ValidationError> out) {
    if (!node.isTextual() || badPointers.contains(pointer)) {
      return null;
    }
    String text = node.textValue();
    if (text.length() > max) {
      out.add(new ValidationError(pointer, tooLong(max, text.length())));
      return null;
    }
    if (hasControl(text)) {
      out.add(new ValidationError(pointer, "must not contain control characters"));
      return null;
    }
    return text;
  }

  private void checkCallbackUrl(
      JsonNode url, Set<String> badPointers, List<ValidationError> rules) {
    if (!url.isTextual() || badPointers.contains("/callbackURL")) {
      return;
    }
    List<String> problems = CallbackUrls.problems(url.textValue());
    if (!problems.isEmpty()) {
      problems.forEach(p -> rules.add(new ValidationError("/callbackURL", p)));
      return;
    }
    URI uri = URI.create(url.textValue());
    if (!CallbackSettings.hostAllowed(allowedCallbackHosts, uri)) {
      int port =
          uri.getPort() != -1
              ? uri.getPort()
              : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      rules.add(
          new ValidationError(
              "/callbackURL",
              "host "
                  + uri.getHost()
                  + " on port "
                  + port
                  + " is not an allowed callback host and port (callbacks.allowed-hosts)"));
    }
  }

  private boolean imageAllowed(String reference) {
    return allowedImagePrefixes.isEmpty()
        || allowedImagePrefixes.stream().anyMatch(reference::startsWith);
  }

  // --- every value ---

  /** A node met on the walk, with the way back to the root for its pointer. */
  private record Frame(JsonNode node, Frame parent, String token) {
    String pointer() {
      if (parent == null) {
        return "";
      }
      Deque<String> tokens = new ArrayDeque<>();
      for (Frame f = this; f.parent != null; f = f.parent) {
        tokens.push(f.token);
      }
      StringBuilder sb = new StringBuilder();
      for (String t : tokens) {
        sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
      }
      return sb.toString();
    }
  }

  /**
   * Checks every number, string and property name of {@code document}; returns the pointers of the
   * values found bad (so that the field checks do not report them twice).
   */
  private static Set<String> walk(JsonNode document, List<ValidationError> out, int[] unlisted) {
    Set<String> bad = new HashSet<>();
    Deque<Frame> todo = new ArrayDeque<>();
    todo.push(new Frame(document, null, null));
    while (!todo.isEmpty()) {
      Frame frame = todo.pop();
      JsonNode node = frame.node();
      String problem = null;
      if (node.isNumber()) {
        problem = numberProblem(node);
      } else if (node.isTextual()) {
        problem = textProblem(node.textValue(), !hasOwnLimit(frame));
      } else if (node.isObject()) {
        List<Frame> children = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          Frame child = new Frame(field.getValue(), frame, field.getKey());
          if (unpairedSurrogate(field.getKey()) >= 0) {
            report(
                child,
                "the name of this property is not valid Unicode text (unpaired surrogate)",
                out,
                bad,
                unlisted);
          } else {
            children.add(child);
          }
        }
        for (int i = children.size() - 1; i >= 0; i--) {
          todo.push(children.get(i));
        }
      } else if (node.isArray()) {
        for (int i = node.size() - 1; i >= 0; i--) {
          todo.push(new Frame(node.get(i), frame, Integer.toString(i)));
        }
      }
      if (problem != null) {
        report(frame, problem, out, bad, unlisted);
      }
    }
    return bad;
  }

  /**
   * Lists a problem of the walk; past {@link #MAX_ERRORS} only counts it (its pointer, which can be
   * long in a deep document, is not even made).
   */
  private static void report(
      Frame at, String problem, List<ValidationError> out, Set<String> bad, int[] unlisted) {
    if (out.size() >= MAX_ERRORS) {
      unlisted[0]++;
      return;
    }
    String pointer = at.pointer();
    out.add(new ValidationError(pointer, problem));
    bad.add(pointer);
  }

  /** What is wrong with a number, or null. */
  static String numberProblem(JsonNode node) {
    if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
      return Double.isFinite(node.doubleValue()) ? null : NOT_FINITE;
    }
    if (node.isInt() || node.isLong() || node.isShort()) {
      return null;
    }
    BigDecimal value;
    if (node.isBigInteger()) {
      BigInteger big = node.bigIntegerValue();
      if (big.bitLength() > 1100) {
        return NOT_FINITE;
      }
      value = new BigDecimal(big);
    } else {
      value = node.decimalValue();
    }
    // Decided on precision and scale first: never expand a number like 1e999999999.
    long precision = value.precision();
    long scale = value.scale();
    long magnitude = precision - scale; // digits before the point (negative: zeros after it)
    if (value.signum() != 0 && magnitude > 310) {
      return NOT_FINITE;
    }
    if (value.signum() != 0 && magnitude < -330) {
      return TOO_SMALL;
    }
    long plain = plainLength(precision, scale, value.signum() < 0);
    if (plain > MAX_NUMBER_CHARS) {
      return "has too many digits: written out in full it would be "
          + plain
          + " characters long; at most "
          + MAX_NUMBER_CHARS;
    }
    if (Double.isInfinite(value.doubleValue())) {
      return NOT_FINITE;
    }
    if (value.signum() != 0 && value.doubleValue() == 0.0) {
      return TOO_SMALL;
    }
    return null;
  }

  private static final String NOT_FINITE =
      "is out of range: a number must be finite and at most 1.7976931348623157E308 in magnitude"
          + " (the largest double)";
  private static final String TOO_SMALL =
      "is too close to 0: as a double it would become 0 (the smallest double is 4.9E-324)";

  /** The length of {@code BigDecimal.toPlainString()}, computed without making the string. */
  static long plainLength(long precision, long scale, boolean negative) {
    long digits;
    if (scale <= 0) {
      digits = precision - scale; // the digits, then -scale zeros
    } else if (scale >= precision) {
      digits = 2 + scale; // "0." then scale digits
    } else {
      digits = precision + 1; // a point among the digits
    }
    return digits + (negative ? 1 : 0);
  }

  /**
   * Whether {@code frame} is {@code /id}, {@code /callbackURL}, {@code /models/<i>/slug} or {@code
   * /models/<i>/imageURL}, whose lengths the field checks bound.
   */
  private static boolean hasOwnLimit(Frame frame) {
    Frame parent = frame.parent();
    if (parent == null) {
      return false;
    }
    if (parent.parent() == null) {
      return frame.token().equals("id") || frame.token().equals("callbackURL");
    }
    Frame array = parent.parent();
    return (frame.token().equals("slug") || frame.token().equals("imageURL"))
        && array.parent() != null
        && array.parent().parent() == null
        && array.token().equals("models")
        && array.node().isArray();
  }

  private static String textProblem(String text, boolean bounded) {
    int at = unpairedSurrogate(text);
    if (at >= 0) {
      return "is not valid Unicode text (unpaired surrogate at character " + at + ")";
    }
    if (bounded && text.length() > MAX_STRING_LENGTH) {
      return tooLong(MAX_STRING_LENGTH, text.length());
    }
    return null;
  }

  /** The index of the first unpaired surrogate of {@code text}, or -1. */
  static int unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String tooLong(int max, int length) {
    return "must be at most " + max + " characters long, not " + length;
  }

  // --- the mapping onto what the later stages use ---

  private void mapping(JsonNode document, List<ValidationError> out) {
    try {
      if (standardInput(RunRequestDocument.of(document))) {
        MAPPER.treeToValue(document, RunRequest.class);
      }
    } catch (JsonMappingException e) {
      out.add(new ValidationError(pointerOf(e), "is not a value the runner can use here"));
      return;
    } catch (JsonProcessingException | RuntimeException e) {
      out.add(new ValidationError("", "the run request cannot be read as one"));
      return;
    }
    try {
      JsonNode stored = MAPPER.readTree(MAPPER.writeValueAsString(document));
      CANONICAL.writeValueAsBytes(stored);
      CANONICAL.writeValueAsBytes(document);
    } catch (JsonProcessingException | RuntimeException e) {
      out.add(new ValidationError("", "the run request cannot be stored and read back unchanged"));
      return;
    }
    RunRequestDocument request = RunRequestDocument.of(document);
    List<ModelRef> models = request.models();
    for (int i = 0; i < models.size(); i++) {
      ModelRef model = models.get(i);
      try {
        ResolvedModel resolved = catalog.resolve(model);
        RunJob.of(
            request,
            model,
            resolved,
            new Cancellation(),
            RunJob.newRunId(request.id(), model.slug()));
      } catch (RuntimeException e) {
        out.add(new ValidationError("/models/" + i, "cannot be turned into a run of this service"));
      }
    }
    if (request.callbackURL() != null) {
      try {
        CallbackUrls.endpoint(request.callbackURL(), request.id());
      } catch (RuntimeException e) {
        out.add(new ValidationError("/callbackURL", "cannot be turned into a callback address"));
      }
    }
  }

  /**
   * Whether every requested model takes the built-in {@code input} schema: only then is {@code
   * configuration} the standard model input that the typed {@link RunRequest} holds. Another
   * model's configuration is passed on as received.
   */
  private boolean standardInput(RunRequestDocument request) {
    return request.models().stream()
        .allMatch(
            m ->
                catalog
                    .resolve(m)
                    .contract()
                    .input()
                    .builtIn()
                    .filter(n -> n == SchemaName.INPUT)
                    .isPresent());
  }

  private static String pointerOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      String token =
          ref.getFieldName() != null
              ? ref.getFieldName()
              : ref.getIndex() >= 0 ? Integer.toString(ref.getIndex()) : null;
      if (token != null) {
        sb.append('/').append(token.replace("~", "~0").replace("/", "~1"));
      }
    }
    return sb.toString();
  }

  // --- the answer ---

  /** At most {@link #MAX_ERRORS}, each writable as JSON and of bounded length. */
  private static List<ValidationError> finish(List<ValidationError> all, int unlisted) {
    List<ValidationError> out = new ArrayList<>();
    for (ValidationError e : all) {
      if (out.size() == MAX_ERRORS) {
        break;
      }
      out.add(
          new ValidationError(
              bounded(e.pointer(), MAX_POINTER_CHARS),
              bounded(e.message(), MAX_MESSAGE_CHARS),
              e.models()));
    }
    long more = (long) all.size() - out.size() + unlisted;
    if (more > 0) {
      out.add(new ValidationError("", "and " + more + " more problem(s) not listed"));
    }
    return List.copyOf(out);
  }

  /** {@code text} cut to {@code max} characters (marked with …), unpaired surrogates replaced. */
  private static String bounded(String text, int max) {
    String cut = text.length() > max ? text.substring(0, max) + "…" : text;
    if (unpairedSurrogate(cut) < 0) {
      return cut;
    }
    StringBuilder sb = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < cut.length()
          && Character.isLowSurrogate(cut.charAt(i + 1))) {
        sb.append(c).append(cut.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
