package io.modelrunner.web.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds the npm package {@code @model-runner/schemas} once ({@code npm run build}: schemas copied
 * from the api module, types generated, {@code tsc}), then runs its tests ({@code npm test}:
 * validator, type-level and version tests), packs it ({@code npm pack} into {@code target/}) and
 * checks its validator against the service's, so that {@code mvn verify} fails when any of them
 * does. Needs {@code node_modules} from {@code npm ci --prefix web/schemas} ({@code .ci/run} runs
 * it). Skipped without Node.js and npm on a laptop; a failure in CI ({@code
 * MODEL_RUNNER_REQUIRE_SERVERS=true}).
 */
@RequiresServer(NpmInstalled.class)
class NpmPackageTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path SCHEMA_HOME =
      MODULE.resolve("../../api/src/main/resources/model-runner/schemas").normalize();

  /** A guard against shipping what a web application does not need (sources, node_modules). */
  private static final long MAX_PACKED_BYTES = 100 * 1024;

  private static final Npm NPM = new Npm(MODULE, TARGET, environment(), Duration.ofMinutes(5));

  @BeforeAll
  static void buildThePackage() throws IOException, InterruptedException {
    Path installed = MODULE.resolve("node_modules/.package-lock.json");
    if (!Files.exists(installed)
        || Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(MODULE.resolve("package-lock.json")))
            < 0) {
      // A fresh clone (README's test command): install the locked tool chain from the npm
      // registry; .ci/run does it before the build, so CI only pays for it once.
      Npm.Result install = NPM.run("ci", "ci", "--no-audit", "--no-fund");
      assertThat(install.succeeded())
          .as("`npm ci` in web/schemas (needs the npm registry): %s", install.describe())
          .isTrue();
    }
    Npm.Result build = NPM.run("build", "run", "build");
    assertThat(build.succeeded()).as(build.describe()).isTrue();
  }

  @Test
  void theNodeTestsPass() throws IOException, InterruptedException {
    Npm.Result test = NPM.run("test", "test");
    assertThat(test.succeeded()).as(test.describe()).isTrue();
    assertThat(test.output())
        .as("node ran the tests")
        .contains("# pass")
        .doesNotContain("# pass 0\n")
        .contains("# fail 0");
  }

  @Test
  void theTarballHoldsTheSchemasTypesAndValidatorOnlyAndInstallsInAnotherProject()
      throws IOException, InterruptedException {
    Path tarball = pack(NPM);
    List<TarEntries.Entry> entries = TarEntries.of(tarball);
    List<String> paths = entries.stream().map(TarEntries.Entry::path).sorted().toList();
    assertThat(paths)
        .as("the files of %s", tarball)
        .containsAll(shippedSchemas())
        .contains(
            "package/package.json",
            "package/README.md",
            "package/LICENSE",
            "package/dist/index.js",
            "package/dist/index.d.ts",
            "package/dist/validate.js",
            "package/dist/validate.d.ts",
            "package/dist/generated/documents.js",
            "package/dist/generated/runner.d.ts",
            "package/dist/generated/request.d.ts",
            "package/dist/generated/input.d.ts",
            "package/dist/generated/output.d.ts",
            "package/dist/generated/runner-api.d.ts",
            "package/dist/generated/adapter-api.d.ts")
        .allSatisfy(
            path ->
                assertThat(path)
                    .matches("package/(package\\.json|README\\.md|LICENSE|dist/.+|schemas/.+)"));
    long packed = Files.size(tarball);
    Files.writeString(
        TARGET.resolve("npm-pack-summary.txt"),
        "%s: %d bytes packed, %d files, %d bytes unpacked%n"
            .formatted(
                tarball.getFileName(),
                packed,
                entries.size(),
                entries.stream().mapToLong(TarEntries.Entry::size).sum()),
        StandardCharsets.UTF_8);
    assertThat(packed).as("the packed size of %s", tarball).isLessThan(MAX_PACKED_BYTES);

    installsAndImportsInAFreshProject(tarball);
  }

  /**
   * Installs the tarball into a project of its own and uses it there as a web application's code
   * would. Its dependencies come from npm's cache where they are there ({@code npm ci} filled it
   * with their tarballs); their metadata, which {@code npm ci} does not cache, may come from the
   * registry ({@code --prefer-offline}: with {@code --offline} the install failed on a machine
   * whose cache held only what {@code npm ci} put there).
   */
  private static void installsAndImportsInAFreshProject(Path tarball)
      throws IOException, InterruptedException {
    Path consumer = TARGET.resolve("consumer");
    deleteTree(consumer);
    Files.createDirectories(consumer);
    Files.writeString(
        consumer.resolve("package.json"),
        "{\"name\": \"consumer\", \"private\": true, \"type\": \"module\"}\n");
    Files.writeString(
        consumer.resolve("check.mjs"),
        """
        import { readFileSync } from "node:fs";
        import { validate, runnerSchema } from "@model-runner/schemas";
        import runner from "@model-runner/schemas/schemas/runner.schema.json" with { type: "json" };
        const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
        const good = validate("runner", request);
        delete request.configuration.region;
        const bad = validate(runner.$id, request);
        console.log(JSON.stringify({ good, bad, same: runner.$id === runnerSchema.$id }));
        """);
    Npm.Result install =
        NPM.run(
            "install-consumer",
            "install",
            "--prefer-offline",
            "--no-package-lock",
            "--prefix",
            consumer.toString(),
            tarball.toString());
    assertThat(install.succeeded()).as(install.describe()).isTrue();
    Npm.Result use =
        NPM.node(
            "consumer",
            consumer.resolve("check.mjs").toString(),
            MODULE.resolve("../../examples/request.json").normalize().toString());
    assertThat(use.succeeded()).as(use.describe()).isTrue();
    assertThat(use.output())
        .as("what the installed package said")
        .contains(
            "{\"good\":{\"valid\":true,\"errors\":[]},\"bad\":{\"valid\":false,\"errors\":"
                + "[{\"pointer\":\"/configuration/region\",\"message\":\"is required\","
                + "\"keyword\":\"required\"}]},\"same\":true}");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void theValidatorReportsWhatTheServiceReportsForEveryMutantOfTheExamples()
      throws IOException, InterruptedException {
    ValidatorAgreement agreement =
        ValidatorAgreement.ofExamples(MODULE.resolve("../..").normalize());
    assertThat(agreement.cases()).as("mutants of the examples").hasSizeGreaterThan(200);
    Path cases = TARGET.resolve("validator-cases.json");
    Path results = TARGET.resolve("validator-results.json");
    agreement.writeCases(cases);
    Npm.Result node =
        NPM.node(
            "validator-cases",
            "--input-type=module",
            "-e",
            ValidatorAgreement.NODE_SCRIPT,
            cases.toString(),
            results.toString());
    assertThat(node.succeeded()).as(node.describe()).isTrue();
    List<String> disagreements = agreement.disagreements(results);
    assertThat(disagreements)
        .as(
            "cases where the package's validator and the service's disagree (of %d)",
            agreement.cases().size())
        .isEmpty();
  }

  /** Packs into target/ without running prepack (the build just ran); returns the tarball. */
  private static Path pack(Npm npm) throws IOException, InterruptedException {
    Files.createDirectories(TARGET);
    try (Stream<Path> old = Files.list(TARGET)) {
      for (Path tgz : old.filter(p -> p.toString().endsWith(".tgz")).toList()) {
        Files.delete(tgz);
      }
    }
    Npm.Result pack = npm.run("pack", "pack", "--ignore-scripts", "--pack-destination", "target");
    assertThat(pack.succeeded()).as(pack.describe()).isTrue();
    try (Stream<Path> packed = Files.list(TARGET)) {
      List<Path> tarballs = packed.filter(p -> p.toString().endsWith(".tgz")).toList();
      assertThat(tarballs).as("npm pack wrote one tarball into target/").hasSize(1);
      return tarballs.get(0);
    }
  }

  /** Every schema of the api module, where the tarball must hold it. */
  private static List<String> shippedSchemas() throws IOException {
    try (Stream<Path> files = Files.list(SCHEMA_HOME)) {
      List<String> schemas =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".schema.json"))
              .map(name -> "package/schemas/" + name)
              .sorted()
              .toList();
      assertThat(schemas).as("the schemas in %s", SCHEMA_HOME).isNotEmpty();
      return schemas;
    }
  }

  /** The reference examples' directory for the npm tests, when Maven names one. */
  private static Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    String reference = System.getProperty("reference.dir", "");
    if (!reference.isBlank()) {
      environment.put("MODEL_RUNNER_REFERENCE_DIR", reference);
    }
    return environment;
  }
}
