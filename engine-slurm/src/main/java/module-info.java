/**
 * A {@code ModelEngine} that runs each model as a Slurm job over slurmrestd: in a container through
 * Slurm's own OCI support (the image unpacked to a bundle on a shared directory), or as the
 * catalog's command. Start from {@code SlurmEngine} and {@code SlurmEngineConfig}.
 */
@SuppressWarnings("requires-automatic") // docker-java has only an Automatic-Module-Name
module io.modelrunner.engine.slurm {
  requires transitive io.modelrunner.core;
  requires transitive org.apiguardian.api;
  requires com.fasterxml.jackson.databind;
  requires com.github.dockerjava.api;
  requires java.net.http;
  requires org.apache.commons.compress;
  requires org.slf4j;

  exports io.modelrunner.engine.slurm;

  // image.json is read into ImageConfig (a record) by Jackson.
  opens io.modelrunner.engine.slurm.internal to
      com.fasterxml.jackson.databind;
}
