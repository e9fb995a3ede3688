package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.connector.BrokenConnectorImages.Breakage;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code java -jar model-runner.jar check connector IMAGE}, run as a real process. */
@RequiresDocker(images = {TestDocker.BUSYBOX, TestDocker.PYTHON})
class CheckConnectorCommandIT {
  private static final String SEIR = "model-runner/seir-connector:latest";

  @TempDir Path dir;

  @Test
  void theSeirConnectorImagePassesWithExitZero() throws Exception {
    Path module = Path.of("..", "adapter-example-python-model");
    Process build =
        new ProcessBuilder("sh", "build-image.sh")
            .directory(module.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(build.getInputStream().readAllBytes());
    assertThat(build.waitFor(15, TimeUnit.MINUTES) && build.exitValue() == 0).as(log).isTrue();
    Path junit = dir.resolve("seir.xml");

    var result = JarProcess.run("check", "connector", SEIR, "--junit", junit.toString());

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).contains("PASSED: 12 passed, 0 failed, 0 warned, 0 skipped");
    assertThat(junitSuite(junit).getAttribute("failures")).isEqualTo("0");
  }

  @Test
  void aBrokenImageExitsOneWithTheClauseInTheJunitReport() throws Exception {
    String image;
    try (TestDocker docker = new TestDocker()) {
      image = Breakage.NEEDS_AN_ARGUMENT.image(docker);
    }
    Path junit = dir.resolve("broken.xml");

    var result =
        JarProcess.run(
            "check", "connector", image, "--output-schema", "none", "--junit", junit.toString());

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
    assertThat(result.stdout()).contains("FAIL  C-ARGS-1", "usage: model.sh INPUT");
    Element suite = junitSuite(junit);
    assertThat(suite.getAttribute("tests")).isEqualTo("12");
    assertThat(Integer.parseInt(suite.getAttribute("failures"))).isPositive();
  }

  private static Element junitSuite(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(file.toFile())
        .getDocumentElement();
  }
}
