package io.modelrunner.conformance.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.adapter.AdapterHttp.LifecycleCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateTransitionsTest {
  private final List<LifecycleCall> calls = new ArrayList<>();

  @Test
  void aRunThatSkipsStatesBetweenTwoAnswersFollowsTheMachine() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("initialize", "r1", 200, "READY");
    answer("run", "r1", 200, "SUCCEEDED");
    answer("status", "r1", 200, "SUCCEEDED");

    assertThat(judge().outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void aRunThatGoesBackFails() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("initialize", "r1", 200, "READY");
    answer("run", "r1", 200, "RUNNING");
    answer("status", "r1", 200, "ACCEPTED");

    Finding finding = judge();

    assertThat(finding.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(finding.detail())
        .contains("run r1 went from RUNNING to ACCEPTED")
        .contains("ACCEPTED (request), READY (initialize), RUNNING (run), ACCEPTED (status)");
    assertThat(finding.evidence().sent()).contains("/model/status/r1");
  }

  @Test
  void aFinishedRunThatRunsAgainFails() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("status", "r1", 200, "ERROR");
    answer("status", "r1", 200, "RUNNING");

    assertThat(judge().detail()).contains("from ERROR to RUNNING");
  }

  @Test
  void readyOnResultsOfAStartedRunIsTheSeedTextsSucceeded() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("initialize", "r1", 200, "READY");
    answer("run", "r1", 200, "RUNNING");
    answer("status", "r1", 200, "SUCCEEDED");
    answer("results", "r1", 200, "READY");

    assertThat(judge().outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void aPendingRunThatIsAdmittedFollowsTheMachine() {
    answer("request", "r1", 200, "PENDING");
    answer("status", "r1", 200, "PENDING");
    answer("status", "r1", 200, "ACCEPTED");

    assertThat(judge().outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void errorAnswersAndWhatRemoveDoesAreNotStatesOfTheRun() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("run", "r1", 409, "ERROR");
    answer("initialize", "r1", 200, "READY");
    answer("remove", "r1", 200, "UNKNOWN");
    answer("status", "r1", 200, "SUCCEEDED");

    assertThat(judge().outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void aRunForgottenWhileInUseCannotComeBack() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("status", "r1", 200, "UNKNOWN");
    answer("initialize", "r1", 200, "READY");

    assertThat(judge().detail()).contains("from UNKNOWN to READY");
  }

  @Test
  void aStateThatIsNotALifecycleStateFails() {
    answer("request", "r1", 200, "ACCEPTED");
    answer("status", "r1", 200, "DONE");

    assertThat(judge().detail()).contains("'DONE', not a lifecycle state");
  }

  @Test
  void runsTheCheckDidNotCreateAreNotJudged() {
    answer("status", "someone-elses", 200, "SUCCEEDED");
    answer("status", "someone-elses", 200, "ACCEPTED");

    assertThat(judge().outcome()).isEqualTo(Outcome.SKIP);
  }

  private Finding judge() {
    return StateTransitions.judge(calls);
  }

  private void answer(String endpoint, String runId, int status, String state) {
    String body =
        "{\"model_run_id\":\""
            + runId
            + "\",\"state\":\""
            + state
            + "\",\"reason\":null,\"result\":null}";
    Exchange exchange =
        new Exchange(
            "GET",
            "http://adapter/model/" + endpoint + "/" + runId,
            "",
            status,
            "application/json",
            body,
            Optional.of(parse(body)));
    Optional<String> path = endpoint.equals("request") ? Optional.empty() : Optional.of(runId);
    calls.add(new LifecycleCall(endpoint, path, exchange));
  }

  private static JsonNode parse(String body) {
    try {
      return JsonMappers.standard().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
