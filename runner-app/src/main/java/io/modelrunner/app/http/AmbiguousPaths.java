package io.modelrunner.app.http;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, with a 400 before routing, every request whose URI breaks {@code rules} (Jetty's {@link
 * UriCompliance#DEFAULT}: an encoded {@code /} or {@code .}, {@code ..} segments, empty segments,
 * suspicious characters…), so that no resource ever sees an ambiguous path. The connector itself is
 * set to let such URIs through to here: refused by Jetty while it parses the request, their body
 * could not be read, and the connection closed under a client still sending it lost the answer (8
 * of 500 bad-path requests with a 70 KB body on a loaded machine); refused here, the body is
 * drained first ({@link BodyDrain}).
 */
final class AmbiguousPaths extends Handler.Wrapper {
  private final UriCompliance rules;
  private final JettyErrors errors;

  AmbiguousPaths(Handler next, UriCompliance rules, JettyErrors errors) {
    super(next);
    this.rules = rules;
    this.errors = errors;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (UriCompliance.checkUriCompliance(rules, request.getHttpURI(), null) == null) {
      return super.handle(request, response, callback);
    }
    errors.answer(request, response, callback, 400);
    return true;
  }
}
