package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Stops the adapter under check, for a caller that controls its lifecycle (a test that started it),
 * so that {@link AdapterClauses#DEREGISTERED} can be judged. Returns once the adapter has stopped.
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface AdapterStopper {
  void stop() throws Exception;
}
