package io.modelrunner.app.server;

import io.modelrunner.adapter.ModelAdapter;

/** Hands the package-private {@link EchoAdapter} to tests in other packages. */
public final class EchoAdapterAccess {
  private EchoAdapterAccess() {}

  public static ModelAdapter<?> echoAdapter() {
    return new EchoAdapter();
  }
}
