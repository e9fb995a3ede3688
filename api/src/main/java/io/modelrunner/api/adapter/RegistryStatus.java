package io.modelrunner.api.adapter;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What an adapter says of itself in the model registry, the values of the deployed Model-Registry
 * ({@code ModelAdapterState}, serialised by name): {@link #READY} takes work, {@link #BUSY} does
 * not. Whether an entry is still refreshed by its adapter is not a status: a registry reports it
 * apart (see docs/adapter-api.md, "Liveness").
 */
@API(status = STABLE, since = "0.1.0")
public enum RegistryStatus {
  READY,
  BUSY
}
