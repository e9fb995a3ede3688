package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.pipeline.CallbackChannel;
import io.modelrunner.core.pipeline.RunRequestDocument;
import org.apiguardian.api.API;

/** Makes a job's callback events and sends the start event through the job's channel. */
@API(status = INTERNAL, since = "0.1.0")
public final class CallbackStep {

  /** Event {@code event} of run {@code runId}, to the request's {@code callbackURL} (or none). */
  public CallbackEvent event(
      String event, String runId, RunRequestDocument request, ObjectNode body) {
    return CallbackEvent.of(event, runId, request.id(), request.callbackURL(), body);
  }

  /**
   * Sends the start event; never throws: a failed delivery is in the returned record (and logged by
   * the channel). A request without {@code callbackURL} records the event as not sent.
   */
  public CallbackDelivery sendStart(
      CallbackChannel channel, String runId, RunRequestDocument request, ObjectNode body) {
    CallbackEvent event = event(CallbackEvent.START, runId, request, body);
    try {
      return channel.start(event);
    } catch (RuntimeException e) {
      return new CallbackDelivery(
          event.event(),
          CallbackDelivery.Status.FAILED,
          0,
          null,
          e.toString(),
          false,
          event.eventId());
    }
  }
}
