package io.modelrunner.conformance.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.apiguardian.api.API;

/**
 * The report as one JSON document: {@code subject}, {@code passed}, {@code counts} (by outcome) and
 * {@code findings} ({@code clause}, {@code severity}, {@code rule}, {@code anchor}, {@code
 * outcome}, {@code detail}, {@code evidence: {sent, received}}).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class JsonReportWriter {
  private final ObjectMapper mapper = JsonMappers.standard();

  /** A writer with the runner's JSON settings. */
  public JsonReportWriter() {}

  public ObjectNode toJson(CheckReport report) {
    ObjectNode root = mapper.createObjectNode();
    root.put("subject", report.subject());
    root.put("passed", report.passed());
    ObjectNode counts = root.putObject("counts");
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome.name(), report.count(outcome));
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : report.findings()) {
      ObjectNode node = findings.addObject();
      node.put("clause", finding.clause().id());
      node.put("severity", finding.clause().severity().name());
      node.put("rule", finding.clause().rule());
      node.put("anchor", finding.clause().anchor());
      node.put("outcome", finding.outcome().name());
      node.put("detail", finding.detail());
      ObjectNode evidence = node.putObject("evidence");
      evidence.put("sent", finding.evidence().sent());
      evidence.put("received", finding.evidence().received());
    }
    return root;
  }

  public void write(CheckReport report, PrintWriter out) {
    try {
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
