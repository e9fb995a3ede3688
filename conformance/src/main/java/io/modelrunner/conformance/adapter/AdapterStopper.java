package io.modelrunner.conformance.adapter;

/**
 * Stops the adapter under check, for a caller that controls its lifecycle (a test that started it),
 * so that {@link AdapterClauses#DEREGISTERED} can be judged. Returns once the adapter has stopped.
 */
@FunctionalInterface
public interface AdapterStopper {
  void stop() throws Exception;
}
