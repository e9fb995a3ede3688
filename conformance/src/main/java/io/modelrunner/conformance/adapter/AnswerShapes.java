package io.modelrunner.conformance.adapter;

import static io.modelrunner.conformance.adapter.AdapterClauses.CONTENT_TYPE;
import static io.modelrunner.conformance.adapter.AdapterClauses.ERROR_BODY;
import static io.modelrunner.conformance.adapter.AdapterClauses.FOUR_KEYS;

import io.modelrunner.conformance.Evidence;
import io.modelrunner.conformance.Finding;
import java.util.List;

/** The clauses about every lifecycle answer, judged over all the exchanges of a check. */
final class AnswerShapes {
  private AnswerShapes() {}

  static Finding contentType(List<Exchange> exchanges) {
    return exchanges.stream()
        .filter(e -> !"application/json".equals(e.contentType()))
        .findFirst()
        .map(
            e ->
                Finding.broken(
                    CONTENT_TYPE,
                    "Content-Type was '" + e.contentType() + "', not exactly application/json",
                    e.evidence()))
        .orElseGet(() -> Finding.pass(CONTENT_TYPE, Evidence.NONE));
  }

  static Finding fourKeys(List<Exchange> exchanges) {
    return exchanges.stream()
        .filter(Exchange::isSuccess)
        .filter(e -> !e.missingKeys().isEmpty())
        .findFirst()
        .map(
            e ->
                Finding.broken(
                    FOUR_KEYS,
                    e.json().isEmpty()
                        ? "the answer is not a JSON object"
                        : "the answer lacks " + e.missingKeys(),
                    e.evidence()))
        .orElseGet(() -> Finding.pass(FOUR_KEYS, Evidence.NONE));
  }

  static Finding errorBodies(List<Exchange> exchanges) {
    List<Exchange> errors = exchanges.stream().filter(e -> e.status() >= 400).toList();
    if (errors.isEmpty()) {
      return Finding.skip(ERROR_BODY, "the adapter gave no error answer to judge");
    }
    for (Exchange e : errors) {
      String problem =
          e.json().isEmpty()
              ? "the error answer is not a JSON object"
              : !e.missingKeys().isEmpty()
                  ? "the error answer lacks " + e.missingKeys()
                  : !"ERROR".equals(e.state())
                      ? "the error answer's state is " + e.state() + ", not ERROR"
                      : e.reason().isEmpty() ? "the error answer has no reason" : "";
      if (!problem.isEmpty()) {
        return Finding.broken(ERROR_BODY, problem, e.evidence());
      }
    }
    return Finding.pass(ERROR_BODY, Evidence.NONE);
  }
}
