package io.modelrunner.core.pipeline.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.util.Objects;

/** Sends a callback when the request has a {@code callbackURL}; records it either way. */
public final class CallbackStep {
  private final CallbackClient client;

  public CallbackStep(CallbackClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Never throws: a failed delivery is in the returned record (and logged by the client). */
  public CallbackDelivery send(String event, RunRequestDocument request, ObjectNode body) {
    String url = request.callbackURL();
    if (url == null) {
      return CallbackDelivery.notSent(event, "the request has no callbackURL");
    }
    return client.post(event, url, request.id(), body);
  }
}
