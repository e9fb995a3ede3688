package io.modelrunner.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.docker.DockerClients;
import io.modelrunner.engine.slurm.internal.Bundles;
import io.modelrunner.engine.slurm.internal.JobUser;
import io.modelrunner.engine.slurm.internal.SlurmJobs;
import io.modelrunner.engine.slurm.internal.SlurmRestV0038;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.engine.Capabilities;
import io.modelrunner.testkit.engine.Capability;
import io.modelrunner.testkit.engine.Conditions;
import io.modelrunner.testkit.engine.ModelBehaviour;
import io.modelrunner.testkit.engine.ModelEngineContract;
import io.modelrunner.testkit.engine.ShellContractModel;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link SlurmEngine} under the engine contract, on the real cluster of {@code .ci/slurm.sh}: the
 * contract model is {@link ShellContractModel}'s script as the entrypoint of a busybox image,
 * unpacked into a bundle and run by Slurm's OCI support with rootless runc. Released means: Slurm
 * no longer lists the job as running and no runc container of the job user is left.
 */
@RequiresDocker(images = TestDocker.BUSYBOX)
@RequiresServer(SlurmCluster.class)
class SlurmEngineContractIT extends ModelEngineContract {
  private final String runnerId =
      "it-slurm-contract-" + UUID.randomUUID().toString().substring(0, 8);
  private final TestSlurm slurm = TestSlurm.require();
  private TestDocker docker;
  private String image;

  @BeforeEach
  void buildModel() throws Exception {
    // The jobs run as the cluster's job user: the test's folders must let it in.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    docker = new TestDocker();
    image = ShellContractModel.image(docker);
  }

  @AfterEach
  void closeDocker() throws Exception {
    docker.close();
  }

  @Override
  protected ModelEngine newEngine() {
    return new SlurmEngine(slurm.config(runnerId));
  }

  @Override
  protected ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace) {
    return new ModelLaunch("contract", image, List.of(), ShellContractModel.environment(behaviour));
  }

  @Override
  protected Capabilities capabilities() {
    // Without cgroups (TaskPlugin=task/none, as on this cluster) Slurm enforces memory by
    // sampling every JobAcctGatherFrequency: the contract's short allocation can end before a
    // sample sees it. SlurmEngineIT holds memory until Slurm kills it instead.
    return Capabilities.all()
        .without(
            Capability.OUT_OF_MEMORY,
            "the test cluster enforces memory by sampling (jobacct_gather OverMemoryKill), which a"
                + " short allocation can escape; see SlurmEngineIT");
  }

  @Override
  protected UnrunnableModel unrunnableModel() {
    String missing = "localhost:1/model-runner-test/does-not-exist:1";
    return new UnrunnableModel(ModelLaunch.image("missing", missing), missing);
  }

  @Override
  protected void assertReleased(ModelExecution execution, ExecutionRequest request)
      throws Exception {
    String job = execution.id();
    Conditions.await(
        "Slurm job " + job + " and its runc container are gone",
        () -> {
          try {
            return slurm.runcContainers().stream().noneMatch(c -> c.contains("." + job + "."));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(slurm.jobStates(request.runId()))
        .allSatisfy(line -> assertThat(line).doesNotContain("RUNNING", "PENDING", "COMPLETING"));
  }

  @Override
  protected void startAsAStoppedRunner(ExecutionRequest request, ModelIdentity identity)
      throws Exception {
    // A runner that submitted the job and stopped: the engine's own job machinery, with a
    // supervisor executor that drops the supervisor.
    SlurmEngineConfig config = slurm.config(runnerId);
    JobUser user = JobUser.lookUp(config.user());
    try (DockerClient client = DockerClients.create(config.docker(), 2)) {
      new SlurmJobs(
              config,
              new SlurmRestV0038(config.url(), config.user(), config.token()),
              user,
              new Bundles(config.sharedDirectory(), user),
              new ObjectMapper(),
              client)
          .submit(request, identity, task -> {});
    }
  }
}
