package io.modelrunner.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.ModelRef;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.engine.ExecutionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code inputSchema} and {@code outputSchema} of catalog entries: each model's contract. */
class ModelContractsCatalogTest {
  private static final String SCHEMA =
      "{\"type\":\"object\",\"required\":[\"kwh\"],\"properties\":{\"kwh\":{\"type\":\"number\"}}}";

  @TempDir Path dir;
  private final SchemaValidator validator = new SchemaValidator();

  @Test
  void entriesNameABuiltInSchemaARelativeFileAUrlOrNone() throws Exception {
    Path schemas = Files.createDirectories(dir.resolve("schemas"));
    Path input = Files.writeString(schemas.resolve("energy-input.json"), SCHEMA);
    Path output = Files.writeString(dir.resolve("energy-output.json"), SCHEMA);
    ModelsCatalog catalog =
        load(
            """
            {"models": {
              "relative": {"image": "e:1", "inputSchema": "./schemas/energy-input.json",
                           "outputSchema": "energy-output.json"},
              "url": {"image": "e:1", "inputSchema": "%s", "outputSchema": "output"},
              "none": {"image": "e:1", "inputSchema": "none", "outputSchema": "none"},
              "absolute": {"image": "e:1", "inputSchema": "%s"}
            }}
            """
                .formatted(input.toUri(), input.toAbsolutePath()));

    ModelContract relative = contract(catalog, "relative");
    assertThat(relative.input().schema().location()).isEqualTo(input.toUri());
    assertThat(relative.output().schema().location()).isEqualTo(output.toUri());
    assertThat(relative.input().builtIn()).isEmpty();

    ModelContract url = contract(catalog, "url");
    assertThat(url.input().schema().location()).isEqualTo(input.toUri());
    assertThat(url.output().builtIn()).contains(SchemaName.OUTPUT);
    assertThat(url.output().schema()).isSameAs(validator.schema(SchemaName.OUTPUT));

    ModelContract none = contract(catalog, "none");
    assertThat(none.input().isNone()).isTrue();
    assertThat(none.output().isNone()).isTrue();

    ModelContract absolute = contract(catalog, "absolute");
    assertThat(absolute.input().schema().location()).isEqualTo(input.toUri());
    assertThat(absolute.output().builtIn()).contains(SchemaName.OUTPUT);
  }

  @Test
  void modelsWithoutSchemasGetTodaysOnesAndAdapterBackedModelsNone() throws Exception {
    Path custom = Files.writeString(dir.resolve("runner-output.json"), SCHEMA);
    CatalogSchemas schemas = CatalogSchemas.builtIn(validator).withDefaultOutput(custom.toString());
    Path file =
        Files.writeString(
            dir.resolve("models.json"),
            """
            {"models": {
              "seir": {"command": ["./seir.sh"]},
              "etm": {"image": "adapter:etm-price-profile"},
              "etm-strict": {"image": "adapter:etm", "inputSchema": "input"}
            }}
            """);
    ModelsCatalog catalog = ModelsCatalog.load(file, ExecutionLimits.defaults(), schemas);

    ModelContract seir = catalog.resolve(new ModelRef("seir", "s:1")).contract();
    assertThat(seir.input().schema()).isSameAs(validator.schema(SchemaName.INPUT));
    assertThat(seir.output().schema().location()).isEqualTo(custom.toUri());

    ModelContract etm = catalog.resolve(new ModelRef("etm", "ignored")).contract();
    assertThat(etm.input().isNone()).isTrue();
    assertThat(etm.output().isNone()).isTrue();
    ModelContract strict = catalog.resolve(new ModelRef("etm-strict", "ignored")).contract();
    assertThat(strict.input().builtIn()).contains(SchemaName.INPUT);
    assertThat(strict.output().isNone()).isTrue();

    // slugs the catalog does not know: by their imageURL
    ModelContract unknownImage = catalog.resolve(new ModelRef("abm", "abm:2")).contract();
    assertThat(unknownImage.input().builtIn()).contains(SchemaName.INPUT);
    assertThat(unknownImage.output().schema().location()).isEqualTo(custom.toUri());
    ModelContract unknownAdapter =
        catalog.resolve(new ModelRef("other", "adapter:other")).contract();
    assertThat(unknownAdapter.input().isNone()).isTrue();
    assertThat(unknownAdapter.output().isNone()).isTrue();
  }

  @Test
  void anEntryWithoutAnImageTakesTheContractOfTheRequestsImage() throws Exception {
    ModelsCatalog catalog =
        load("{\"models\": {\"cmd\": {\"command\": [\"run.sh\"], \"outputSchema\": \"none\"}}}");
    ModelContract viaAdapter = catalog.resolve(new ModelRef("cmd", "adapter:cmd")).contract();
    assertThat(viaAdapter.input().isNone()).isTrue();
    assertThat(viaAdapter.output().isNone()).isTrue();
    ModelContract viaImage = catalog.resolve(new ModelRef("cmd", "cmd:1")).contract();
    assertThat(viaImage.input().builtIn()).contains(SchemaName.INPUT);
    assertThat(viaImage.output().isNone()).isTrue();
    assertThat(catalog.entry("cmd").orElseThrow().contract().input().builtIn())
        .contains(SchemaName.INPUT);
    assertThat(catalog.entry("nope")).isEmpty();
  }

  @Test
  void aMissingOrBrokenSchemaFailsTheCatalogNamingTheModelAndTheFile() throws Exception {
    assertThatThrownBy(
            () ->
                load("{\"models\": {\"m\": {\"image\": \"m:1\", \"inputSchema\": \"gone.json\"}}}"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model \"m\"")
        .hasMessageContaining("\"inputSchema\" gone.json")
        .hasMessageContaining("not found");

    Files.writeString(dir.resolve("broken.json"), "{\"type\": ");
    assertThatThrownBy(
            () ->
                load(
                    "{\"models\": {\"b\": {\"image\": \"b:1\", \"outputSchema\": \"broken.json\"}}}"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model \"b\"")
        .hasMessageContaining("broken.json")
        .hasMessageContaining("not JSON");

    Files.writeString(dir.resolve("array.json"), "[1]");
    assertThatThrownBy(
            () ->
                load(
                    "{\"models\": {\"a\": {\"image\": \"a:1\", \"inputSchema\": \"array.json\"}}}"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model \"a\"")
        .hasMessageContaining("not a JSON Schema");

    assertThatThrownBy(
            () -> load("{\"models\": {\"n\": {\"image\": \"n:1\", \"inputSchema\": 3}}}"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("inputSchema")
        .hasMessageContaining("must be a string");
  }

  private ModelsCatalog load(String json) throws Exception {
    Path file = Files.writeString(dir.resolve("catalog.json"), json);
    return ModelsCatalog.load(file, ExecutionLimits.defaults(), CatalogSchemas.builtIn(validator));
  }

  private static ModelContract contract(ModelsCatalog catalog, String slug) {
    return catalog.resolve(new ModelRef(slug, "ignored")).contract();
  }
}
