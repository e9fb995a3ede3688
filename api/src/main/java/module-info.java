/**
 * Model-runner's wire types (run requests, results, callbacks, the adapter lifecycle), the shared
 * Jackson configuration ({@link io.modelrunner.api.json.JsonMappers}) and the JSON Schemas with
 * their validator ({@link io.modelrunner.api.schema.SchemaValidator}).
 *
 * <p>The schemas are resources under {@code model-runner/schemas/} (for example {@code
 * model-runner/schemas/runner.schema.json}). That folder is not a Java package (its name has a
 * hyphen), so the module system does not encapsulate it: any module, and the class path, can read
 * the schemas with {@code ClassLoader.getResource}.
 */
module io.modelrunner.api {
  // ObjectMapper and JsonNode appear in exported signatures; databind brings jackson-core and
  // jackson-annotations transitively (the records' annotations).
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.networknt.schema;
  // @API on the public types: needed to compile against this module, optional at run time.
  requires static transitive org.apiguardian.api;

  exports io.modelrunner.api;
  exports io.modelrunner.api.adapter;
  exports io.modelrunner.api.json;
  exports io.modelrunner.api.schema;

  // The wire records are read and written by Jackson through reflection.
  opens io.modelrunner.api to
      com.fasterxml.jackson.databind;
  opens io.modelrunner.api.adapter to
      com.fasterxml.jackson.databind;
}
