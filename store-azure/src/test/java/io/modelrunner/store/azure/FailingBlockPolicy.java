package io.modelrunner.store.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import reactor.core.publisher.Mono;

/**
 * Fails every {@code Put Block} request for the block at {@code index} as a lost connection would,
 * so that a test can inject one fault into otherwise real traffic with Azurite.
 */
final class FailingBlockPolicy implements HttpPipelinePolicy {
  private final String suffix;

  FailingBlockPolicy(int index) {
    this.suffix = String.format("-%06d", index);
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    if (failing(context)) {
      return Mono.error(injected());
    }
    return next.process();
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    if (failing(context)) {
      throw injected();
    }
    return next.processSync();
  }

  private boolean failing(HttpPipelineCallContext context) {
    String query = context.getHttpRequest().getUrl().getQuery();
    if (query == null || !query.contains("comp=block&") && !query.endsWith("comp=block")) {
      return false;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("blockid=")) {
        String id = URLDecoder.decode(parameter.substring(8), StandardCharsets.UTF_8);
        return new String(Base64.getDecoder().decode(id), StandardCharsets.US_ASCII)
            .endsWith(suffix);
      }
    }
    return false;
  }

  private static UncheckedIOException injected() {
    return new UncheckedIOException(new java.io.IOException("connection reset (injected)"));
  }
}
