/**
 * The JUnit 5 test kit. For model authors: {@code ConnectorConformance} and {@code
 * AdapterConformance} run the conformance clauses inside a model's own build. For engine and store
 * authors: {@code ModelEngineContract} and {@code ResultStoreContract}, the contracts every engine
 * and store extends. Brings {@code io.modelrunner.testkit.environment} ({@code @RequiresDocker},
 * {@code @RequiresServer}).
 *
 * <p>The kit's packages are open to JUnit, which calls the (package-private) test methods that a
 * test class inherits from them.
 */
module io.modelrunner.testkit {
  requires transitive io.modelrunner.api;
  requires transitive io.modelrunner.core;
  requires transitive io.modelrunner.conformance;
  requires transitive io.modelrunner.testkit.environment;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires transitive org.apiguardian.api;
  requires java.net.http;

  exports io.modelrunner.testkit;
  exports io.modelrunner.testkit.engine;
  exports io.modelrunner.testkit.store;

  opens io.modelrunner.testkit to
      org.junit.platform.commons;
  opens io.modelrunner.testkit.engine to
      org.junit.platform.commons;
  opens io.modelrunner.testkit.store to
      org.junit.platform.commons;
}
