/**
 * The adapter SDK: extend {@link io.modelrunner.adapter.ModelAdapter} and start it with {@link
 * io.modelrunner.adapter.AdapterServer} to serve a model through the adapter REST lifecycle.
 *
 * <p>Only {@code io.modelrunner.adapter} is exported; {@code io.modelrunner.adapter.internal} is
 * the server's machinery and may change in any release. A configuration type read by Jackson must
 * be readable by it: put it in an exported package or one opened to {@code
 * com.fasterxml.jackson.databind} (records on the class path need nothing).
 */
module io.modelrunner.adapter {
  // ModelRunState (AdapterConfig) appears in exported signatures; api brings Jackson databind.
  requires transitive io.modelrunner.api;
  requires com.fasterxml.jackson.databind;
  requires jdk.httpserver;
  requires java.net.http;
  requires org.slf4j;
  // @API on the public types: needed to compile against this module, optional at run time.
  requires static transitive org.apiguardian.api;

  exports io.modelrunner.adapter;

  // /status and the lifecycle answers are written by Jackson through reflection.
  opens io.modelrunner.adapter.internal to
      com.fasterxml.jackson.databind;
}
