package io.modelrunner.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Maven as a model author has it, except that model-runner comes from this build's staging
 * repository: a settings.xml with its own local repository, the staging repository first (as a
 * repository and a plugin repository), then this machine's local repository as a read-only file
 * mirror of third-party artifacts (releases only, so no model-runner SNAPSHOT can come from it),
 * then Maven Central. Runs the repository's {@code mvnw} with it.
 *
 * @param mavenWrapper the repository's {@code mvnw}
 * @param stagingRepository the file repository the build staged the published modules in
 * @param localRepository the local repository of the builds it runs
 * @param thirdPartyMirror a local repository whose released artifacts are served as a file
 *     repository
 * @param settings where the settings.xml is written
 */
public record StagedMaven(
    Path mavenWrapper,
    Path stagingRepository,
    Path localRepository,
    Path thirdPartyMirror,
    Path settings) {

  /** The id of the staging repository, as {@code _remote.repositories} names it. */
  public static final String STAGING_ID = "model-runner-staging";

  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  public StagedMaven {
    Objects.requireNonNull(mavenWrapper, "mavenWrapper");
    Objects.requireNonNull(stagingRepository, "stagingRepository");
    Objects.requireNonNull(localRepository, "localRepository");
    Objects.requireNonNull(thirdPartyMirror, "thirdPartyMirror");
    Objects.requireNonNull(settings, "settings");
  }

  /** The one of this build, from the system properties consumer-it's pom gives failsafe. */
  public static StagedMaven ofThisBuild() {
    Path root = Path.of(property("maven.multiModuleProjectDirectory"));
    Path local = Path.of(property("consumer.local.repository"));
    return new StagedMaven(
        root.resolve("mvnw"),
        Path.of(property("staging.repository")),
        local,
        Path.of(property("third.party.repository")),
        local.resolveSibling("consumer-settings.xml"));
  }

  /**
   * Writes the settings and empties the local repository of model-runner's artifacts, so that the
   * next build resolves them again, from the staging repository (third-party ones are kept).
   */
  public StagedMaven prepare() throws IOException {
    Files.createDirectories(localRepository);
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, settingsXml(), StandardCharsets.UTF_8);
    TreeDeletion.delete(localRepository.resolve("io/modelrunner"));
    return this;
  }

  /**
   * Runs {@code mvnw -B -s SETTINGS ARGS} in {@code directory}, its output to {@code log}.
   *
   * @throws IllegalStateException when it runs past 15 minutes (it is killed)
   */
  public MavenRun run(Path directory, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(mavenWrapper.toString(), "-B", "-ntp"));
    command.add("-s");
    command.add(settings.toString());
    command.addAll(List.of(args));
    // An empty .mvn stops Maven's search for the project root here: the repository's own .mvn
    // (and its maven.config, if any) above it is not this project's.
    Files.createDirectories(directory.resolve(".mvn"));
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          String.join(" ", command) + " ran past " + TIMEOUT + "; its output is in " + log);
    }
    return new MavenRun(
        String.join(" ", command),
        process.exitValue(),
        log,
        Duration.ofNanos(System.nanoTime() - start));
  }

  String settingsXml() {
    return """
        <settings>
          <localRepository>%s</localRepository>
          <profiles>
            <profile>
              <id>staged</id>
              <repositories>%s%s
              </repositories>
              <pluginRepositories>%s%s
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles>
            <activeProfile>staged</activeProfile>
          </activeProfiles>
        </settings>
        """
        .formatted(
            localRepository,
            staging("repository"),
            mirror("repository"),
            staging("pluginRepository"),
            mirror("pluginRepository"));
  }

  private String staging(String element) {
    return """

                <%1$s>
                  <id>%2$s</id>
                  <url>%3$s</url>
                  <releases><enabled>true</enabled></releases>
                  <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>
                </%1$s>"""
        .formatted(element, STAGING_ID, stagingRepository.toUri());
  }

  private String mirror(String element) {
    // A local repository keeps no maven-metadata.xml: every plugin version is pinned in the
    // generated poms. Its checksum files are not always there: ignore them.
    return """

                <%1$s>
                  <id>third-party-mirror</id>
                  <url>%2$s</url>
                  <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots>
                </%1$s>"""
        .formatted(element, thirdPartyMirror.toUri());
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run this test through consumer-it's pom");
    }
    return value;
  }

  /**
   * One Maven run.
   *
   * @param command what was run
   * @param exitCode its exit code
   * @param log its output
   * @param took how long it took
   */
  public record MavenRun(String command, int exitCode, Path log, Duration took) {
    /** The last {@code lines} lines of its output, for a failure message. */
    public String tail(int lines) throws IOException {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
  }
}
