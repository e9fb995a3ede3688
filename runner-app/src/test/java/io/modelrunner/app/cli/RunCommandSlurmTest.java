package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code model-runner run --engine slurm} when the Slurm engine cannot be used: exit 2 and one
 * message naming the key to fix, never a stack trace or the token, and nothing run.
 */
class RunCommandSlurmTest {
  @TempDir Path dir;
  private Path shared;
  private Path request;

  @BeforeEach
  void files() throws Exception {
    shared = Files.createDirectory(dir.resolve("shared"));
    request =
        Files.copy(
            Path.of(System.getProperty("examples.dir", "../examples"), "request.json"),
            dir.resolve("request.json"));
  }

  private Path config(String... lines) throws Exception {
    return Files.writeString(dir.resolve("slurm.properties"), String.join("\n", lines));
  }

  @Test
  void missingSlurmKeysAreEachNamed() throws Exception {
    Result result = run(config("slurm.url=http://127.0.0.1:1"));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains(
            "--engine slurm: slurm.user is not set",
            "--engine slurm: neither slurm.token nor slurm.token-file is set",
            "--engine slurm: slurm.shared-directory is not set")
        .doesNotContain("slurm.url is not set")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aWorkDirectoryOutsideTheSharedDirectoryIsRefused() throws Exception {
    Result result =
        run(complete("http://127.0.0.1:1"), "--work-dir", dir.resolve("work").toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains("--work-dir: with --engine slurm, ")
        .contains("is not under slurm.shared-directory (" + shared + ")")
        .doesNotContain("\tat ");
  }

  @Test
  void aSlurmrestdThatDoesNotAnswerIsNamedWithoutTheToken() throws Exception {
    Result result = run(complete("http://127.0.0.1:1"));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains("--engine slurm: slurmrestd at http://127.0.0.1:1 (slurm.url)")
        .contains("mrunner (slurm.user")
        .doesNotContain("secret-jwt-value")
        .doesNotContain("\tat ");
  }

  private Path complete(String url) throws Exception {
    return config(
        "slurm.url=" + url,
        "slurm.user=mrunner",
        "slurm.token=secret-jwt-value",
        "slurm.shared-directory=" + shared);
  }

  private Result run(Path config, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                request.toString(),
                "--engine",
                "slurm",
                "--config",
                config.toString(),
                "--store",
                dir.resolve("store").toString()));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private record Result(int exitCode, String out, String err) {}
}
