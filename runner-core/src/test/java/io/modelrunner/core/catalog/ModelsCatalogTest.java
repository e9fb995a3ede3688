package io.modelrunner.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.ModelRef;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.Scheduling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCatalogTest {
  @TempDir Path dir;

  @Test
  void entryGivesImageCommandEnvironmentAndLimitOverrides() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("catalog.json"),
            """
            {"models": {"seir": {
              "image": "model-runner/seir:1.0",
              "command": ["python3", "./seir/model.py", "--fast"],
              "environment": {"STEPS": "200"},
              "limits": {"deadline": "PT30M", "memoryBytes": 1073741824, "network": true}
            }}}
            """);
    ResolvedModel seir = ModelsCatalog.load(file).resolve(new ModelRef("seir", "ignored:latest"));

    assertThat(seir.fromCatalog()).isTrue();
    assertThat(seir.launch().image()).isEqualTo("model-runner/seir:1.0");
    assertThat(seir.launch().command())
        .containsExactly(
            "python3", dir.resolve("seir/model.py").toAbsolutePath().toString(), "--fast");
    assertThat(seir.launch().environment()).isEqualTo(Map.of("STEPS", "200"));
    assertThat(seir.limits().deadline()).isEqualTo(Duration.ofMinutes(30));
    assertThat(seir.limits().memoryBytes()).isEqualTo(1L << 30);
    assertThat(seir.limits().network()).isTrue();
    assertThat(seir.limits().pidsLimit()).isEqualTo(ExecutionLimits.DEFAULT_PIDS_LIMIT);
    assertThat(seir.limits().readOnlyRootFs()).isTrue();
  }

  @Test
  void entryNamesTheNodeLabelsItNeedsAndWhatToDoWhenItsNodeIsLost() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("labels.json"),
            """
            {"models": {
              "gpu-model": {"image": "m:1", "labels": ["gpu", "arch=arm64"], "onNodeLoss": "rerun"},
              "plain": {"image": "p:1"}
            }}
            """);
    ModelsCatalog catalog = ModelsCatalog.load(file);
    ResolvedModel gpu = catalog.resolve(new ModelRef("gpu-model", "x"));
    assertThat(gpu.requiredLabels()).containsExactly("arch=arm64", "gpu");
    assertThat(gpu.onNodeLoss()).isEqualTo(ResolvedModel.NodeLossPolicy.RERUN);
    ResolvedModel plain = catalog.resolve(new ModelRef("plain", "x"));
    assertThat(plain.requiredLabels()).isEmpty();
    assertThat(plain.onNodeLoss()).isEqualTo(ResolvedModel.NodeLossPolicy.FAIL);
    assertThat(ModelsCatalog.empty().resolve(new ModelRef("o", "o:1")).requiredLabels()).isEmpty();

    Path bad =
        Files.writeString(
            dir.resolve("bad-labels.json"),
            "{\"models\":{\"m\":{\"image\":\"m:1\",\"onNodeLoss\":\"retry\"}}}");
    assertThatThrownBy(() -> ModelsCatalog.load(bad))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("onNodeLoss");
  }

  @Test
  void entryNamesWhereABatchSchedulerPlacesItsJobs() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("slurm.json"),
            """
            {"models": {
              "climate": {"image": "c:1", "onNodeLoss": "rerun",
                          "slurm": {"partition": "long", "account": "climate", "qos": "low"}},
              "plain": {"image": "p:1"}
            }}
            """);
    ModelsCatalog catalog = ModelsCatalog.load(file);

    Scheduling climate = catalog.resolve(new ModelRef("climate", "x")).launch().scheduling();
    assertThat(climate.options())
        .containsExactly(
            Map.entry("account", "climate"),
            Map.entry("partition", "long"),
            Map.entry("qos", "low"));
    assertThat(climate.rerunOnNodeLoss()).isTrue();
    assertThat(catalog.resolve(new ModelRef("plain", "x")).launch().scheduling())
        .isEqualTo(Scheduling.none());

    Path bad =
        Files.writeString(
            dir.resolve("bad-slurm.json"),
            "{\"models\":{\"m\":{\"image\":\"m:1\",\"slurm\":{\"partition\":3}}}}");
    assertThatThrownBy(() -> ModelsCatalog.load(bad))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("slurm");
  }

  @Test
  void unknownSlugUsesTheRequestsImageWithSecureDefaults() {
    ResolvedModel other =
        ModelsCatalog.empty().resolve(new ModelRef("other", "registry.example/other:2"));
    assertThat(other.fromCatalog()).isFalse();
    assertThat(other.launch().image()).isEqualTo("registry.example/other:2");
    assertThat(other.launch().command()).isEmpty();
    assertThat(other.limits()).isEqualTo(ExecutionLimits.defaults());
  }

  @Test
  void commandOnlyEntryTakesTheImageFromTheRequest() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("c.json"), "{\"models\":{\"m\":{\"command\":[\"./run.sh\"]}}}");
    ResolvedModel m = ModelsCatalog.load(file).resolve(new ModelRef("m", "local/m:1"));
    assertThat(m.launch().image()).isEqualTo("local/m:1");
    assertThat(m.launch().command()).isEqualTo(List.of(dir.resolve("run.sh").toString()));
  }

  @Test
  void invalidCatalogsFailWithWhereAndWhat() throws Exception {
    assertThatThrownBy(() -> ModelsCatalog.load(dir.resolve("missing.json")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("models catalog not found");
    Path typo =
        Files.writeString(
            dir.resolve("typo.json"), "{\"models\":{\"m\":{\"image\":\"i\",\"comand\":[]}}}");
    assertThatThrownBy(() -> ModelsCatalog.load(typo))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model \"m\"")
        .hasMessageContaining("unknown property \"comand\"");
    Path badDeadline =
        Files.writeString(
            dir.resolve("d.json"),
            "{\"models\":{\"m\":{\"image\":\"i\",\"limits\":{\"deadline\":\"30s\"}}}}");
    assertThatThrownBy(() -> ModelsCatalog.load(badDeadline))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("ISO-8601 duration");
    Path empty = Files.writeString(dir.resolve("e.json"), "{\"models\":{\"m\":{}}}");
    assertThatThrownBy(() -> ModelsCatalog.load(empty))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("needs an \"image\" or a \"command\"");
  }

  @Test
  void entryDeclaresTheTimeAxisOfItsOutputAsAJsonPointer() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("axis.json"),
            """
            {"models": {
              "energy": {"image": "local/energy:1", "timeAxis": "/hours/*/hour"},
              "series": {"image": "local/series:1", "timeAxis": "/time/timestamps"},
              "plain": {"image": "local/plain:1"}
            }}
            """);
    ModelsCatalog catalog = ModelsCatalog.load(file);
    assertThat(catalog.timeAxis("energy")).contains(new TimeAxisPointer("/hours/*/hour"));
    assertThat(catalog.timeAxis("energy").orElseThrow().segments())
        .containsExactly("hours", "*", "hour");
    assertThat(catalog.timeAxis("series").map(TimeAxisPointer::pointer))
        .contains("/time/timestamps");
    assertThat(catalog.timeAxis("plain")).isEmpty();
    assertThat(catalog.timeAxis("unknown")).isEmpty();
  }

  @Test
  void aTimeAxisThatIsNotAPointerOrHasTwoStarsFailsTheCatalogNamingTheKey() throws Exception {
    Map<String, String> refused =
        Map.of(
            "\"time/timestamps\"", "starting with '/'",
            "\"\"", "starting with '/'",
            "\"/a/*/b/*/c\"", "at most one may stand for the elements",
            "\"/a~2b\"", "'~' must be followed by 0 or 1",
            "\"/a~\"", "'~' must be followed by 0 or 1",
            "3", "must be a string");
    for (Map.Entry<String, String> axis : refused.entrySet()) {
      Path file =
          Files.writeString(
              dir.resolve("bad-axis.json"),
              "{\"models\":{\"m\":{\"image\":\"i\",\"timeAxis\":" + axis.getKey() + "}}}");
      assertThatThrownBy(() -> ModelsCatalog.load(file))
          .as(axis.getKey())
          .isInstanceOf(CatalogException.class)
          .hasMessageContaining("model \"m\"")
          .hasMessageContaining("timeAxis")
          .hasMessageContaining(axis.getValue());
    }
    assertThat(new TimeAxisPointer("/a~0b/~1c/*").segments()).containsExactly("a~0b", "~1c", "*");
  }
}
