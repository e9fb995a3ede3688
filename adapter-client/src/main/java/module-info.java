/**
 * The adapter client: {@link io.modelrunner.adapter.client.AdapterClient} drives any model adapter
 * (the SDK's or another ecosystem's) through its REST lifecycle.
 */
module io.modelrunner.adapter.client {
  // ModelRunInfo and JsonNode (through api) and HttpClient appear in exported signatures.
  requires transitive io.modelrunner.api;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive java.net.http;
  requires org.slf4j;
  // @API on the public types: needed to compile against this module, optional at run time.
  requires static transitive org.apiguardian.api;

  exports io.modelrunner.adapter.client;
}
