package io.modelrunner.app.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.Version;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.http.AuthFilter;
import io.modelrunner.app.http.BearerTokens;
import io.modelrunner.app.http.CorsFilter;
import io.modelrunner.app.http.JsonBodies;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.ProblemMapper;
import io.modelrunner.app.metrics.ServiceMetrics;
import io.modelrunner.app.registry.AdapterHosts;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.app.registry.RegistryResource;
import io.modelrunner.app.registry.StatusResource;
import io.modelrunner.app.service.RunService;
import io.modelrunner.app.web.ConsoleResource;
import io.modelrunner.app.web.ModelsResource;
import io.modelrunner.app.web.NodesResource;
import io.modelrunner.app.web.OperationsResource;
import io.modelrunner.app.web.RunsResource;
import io.modelrunner.app.web.SchemasResource;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.store.ResultStore;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The HTTP API of the service: the authentication filter, the problem mapper, the resources and the
 * web console.
 */
record ApiResources(
    ServiceConfig config,
    ObjectMapper mapper,
    SchemaValidator validator,
    JsonSchema outputSchema,
    ModelsCatalog catalog,
    String apiToken,
    RunService runs,
    ResultStore store,
    ModelRegistry registry,
    ServiceMetrics metrics,
    Map<String, BooleanSupplier> readiness) {

  ResourceConfig application() {
    JsonResponses responses = new JsonResponses(mapper);
    JsonBodies bodies = new JsonBodies(mapper, config.server().maxBodyBytes());
    ProblemMapper problems = new ProblemMapper(mapper);
    Map<String, JsonSchema> schemas =
        Map.of(
            "runner", validator.schema(SchemaName.RUNNER),
            "input", validator.schema(SchemaName.INPUT),
            "output", outputSchema,
            "request", validator.schema(SchemaName.REQUEST));
    String registryToken = config.registry().token();
    return new ResourceConfig()
        .registerInstances(
            new AuthFilter(
                new BearerTokens(apiToken),
                registryToken.isEmpty() ? null : new BearerTokens(registryToken),
                config.registry().trustedNetworks(),
                problems),
            new CorsFilter(config.server().cors()),
            problems,
            new RunsResource(
                runs,
                store,
                config.runs().workDir(),
                config.runs().logTailMaxLines(),
                config.runs().deadlines(),
                catalog,
                bodies,
                responses),
            new SchemasResource(schemas, catalog, responses),
            new ModelsResource(catalog, responses),
            new NodesResource(runs.queries(), config.pool().lease(), responses),
            new OperationsResource(readiness, metrics.registry(), responses, Version.current()),
            new RegistryResource(
                registry,
                bodies,
                responses,
                validator,
                AdapterHosts.of(config.engine().allowedAdapterHosts())),
            new StatusResource(),
            new ConsoleResource(problems));
  }
}
