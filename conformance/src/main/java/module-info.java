/**
 * The conformance checks of docs/connector-contract.md and docs/adapter-api.md: clauses with stable
 * ids, findings with evidence, and the table, JSON and JUnit XML reports. Used by {@code
 * model-runner check} and by the testkit's JUnit bases.
 */
@SuppressWarnings("requires-automatic") // docker-java has only an Automatic-Module-Name
module io.modelrunner.conformance {
  requires transitive io.modelrunner.api;
  requires transitive io.modelrunner.core;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive org.apiguardian.api;
  requires transitive java.net.http;
  requires com.github.dockerjava.api;
  requires java.xml;

  exports io.modelrunner.conformance;
  exports io.modelrunner.conformance.adapter;
  exports io.modelrunner.conformance.connector;
  exports io.modelrunner.conformance.report;
}
