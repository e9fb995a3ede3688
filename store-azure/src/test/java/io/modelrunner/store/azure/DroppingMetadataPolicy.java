package io.modelrunner.store.azure;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * Removes every {@code x-ms-meta-*} header before the request is signed, as a proxy or a store that
 * does not keep user metadata would: the blob is stored, its SHA-256 is not.
 */
final class DroppingMetadataPolicy implements HttpPipelinePolicy {
  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL; // before the shared-key signature
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    strip(context);
    return next.process();
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    strip(context);
    return next.processSync();
  }

  private static void strip(HttpPipelineCallContext context) {
    HttpHeaders headers = context.getHttpRequest().getHeaders();
    List<String> names = new ArrayList<>();
    for (HttpHeader header : headers) {
      if (header.getName().toLowerCase(Locale.ROOT).startsWith("x-ms-meta-")) {
        names.add(header.getName());
      }
    }
    names.forEach(headers::remove);
  }
}
