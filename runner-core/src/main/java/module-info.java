/**
 * The runner: the run pipeline ({@link io.modelrunner.core.pipeline.RunPipeline}), the engine
 * contract ({@link io.modelrunner.core.engine.ModelEngine}) with the Docker, process and fake
 * engines, the models catalog, callbacks, and the result store contract ({@link
 * io.modelrunner.core.store.ResultStore}) with the filesystem store.
 *
 * <p>Store modules provide {@link io.modelrunner.core.store.spi.ResultStoreProvider}s as services;
 * {@link io.modelrunner.core.store.spi.ResultStores} finds them on the module path ({@code
 * provides}) and on the class path ({@code META-INF/services}).
 *
 * <p>The {@code internal} packages are no API. {@code io.modelrunner.core.internal} is exported
 * only to model-runner's own modules that share its helpers; runner-app, model-runner's own
 * application shipped as one shaded jar, runs on the class path and is the one consumer that may
 * use internals beyond that.
 */
@SuppressWarnings({"module", "requires-automatic", "requires-transitive-automatic"})
module io.modelrunner.core {
  // RunRequest, JsonSchema, ValidationError and JsonNode appear in exported signatures.
  requires transitive io.modelrunner.api;
  requires transitive com.fasterxml.jackson.databind;
  // docker-java has no module-info, but stable names (Automatic-Module-Name in its manifests).
  // DockerClients hands out a com.github.dockerjava.api.DockerClient. It is optional (static, and
  // not transitive: javac would then look for it when compiling every module that reads this one):
  // the store modules use this module without docker-java (their poms exclude it); an application
  // that runs the Docker engine on the module path requires docker-java itself (or --add-modules).
  requires static com.github.dockerjava.api;
  requires static com.github.dockerjava.core;
  requires static com.github.dockerjava.transport;
  requires static com.github.dockerjava.transport.httpclient5;
  requires org.apache.commons.compress;
  requires org.slf4j;
  requires java.net.http;
  // @API on the public types: needed to compile against this module, optional at run time.
  requires static transitive org.apiguardian.api;

  exports io.modelrunner.core.callback;
  exports io.modelrunner.core.catalog;
  exports io.modelrunner.core.engine;
  exports io.modelrunner.core.engine.docker;
  exports io.modelrunner.core.engine.fake;
  exports io.modelrunner.core.engine.process;
  exports io.modelrunner.core.logging;
  exports io.modelrunner.core.pipeline;
  exports io.modelrunner.core.store;
  exports io.modelrunner.core.store.filesystem;
  exports io.modelrunner.core.store.spi;

  // Shared helpers (CappedLog, Hashing, FileTrees, Throwables, LogTail) of our own modules.
  // Not exported: io.modelrunner.core.engine.docker.internal,
  // io.modelrunner.core.pipeline.internal.
  exports io.modelrunner.core.internal to
      io.modelrunner.engine.slurm,
      io.modelrunner.store.s3,
      io.modelrunner.store.azure,
      io.modelrunner.testkit;

  uses io.modelrunner.core.store.spi.ResultStoreProvider;

  provides io.modelrunner.core.store.spi.ResultStoreProvider with
      io.modelrunner.core.store.filesystem.FileSystemStoreProvider;
}
