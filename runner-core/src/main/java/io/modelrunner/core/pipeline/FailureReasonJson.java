package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apiguardian.api.API;

/**
 * The one wire shape of a {@link FailureReason}, the same in the callbacks, the API and the command
 * line's {@code --json}: {@code {"kind", "message", "exitCode"?, "logTail": [...], "errors"?:
 * [...]}}. {@code exitCode} is omitted when the model did not exit, {@code errors} when there are
 * none; {@code logTail} is always there (empty when the model did not run).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class FailureReasonJson {
  private FailureReasonJson() {}

  public static ObjectNode write(FailureReason reason) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("kind", reason.kind().wireName());
    node.put("message", reason.message());
    if (reason.exitCode() != null) {
      node.put("exitCode", reason.exitCode());
    }
    ArrayNode tail = node.putArray("logTail");
    reason.logTail().forEach(tail::add);
    if (!reason.errors().isEmpty()) {
      ArrayNode errors = node.putArray("errors");
      reason.errors().forEach(errors::add);
    }
    return node;
  }
}
