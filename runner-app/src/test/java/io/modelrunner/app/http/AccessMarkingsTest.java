package io.modelrunner.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.registry.RegistryResource;
import io.modelrunner.app.registry.StatusResource;
import io.modelrunner.app.web.ConsoleResource;
import io.modelrunner.app.web.ModelsResource;
import io.modelrunner.app.web.NodesResource;
import io.modelrunner.app.web.OperationsResource;
import io.modelrunner.app.web.RunsResource;
import io.modelrunner.app.web.SchemasResource;
import jakarta.ws.rs.HttpMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every resource method says who may call it — on itself or its class — so that opening an endpoint
 * is a decision someone wrote down; {@link AuthFilter} would make an unmarked one need the API
 * token anyway. The table is the documented access of docs/operations.md.
 */
class AccessMarkingsTest {
  private static final List<Class<?>> RESOURCES =
      List.of(
          RunsResource.class,
          NodesResource.class,
          SchemasResource.class,
          ModelsResource.class,
          OperationsResource.class,
          RegistryResource.class,
          StatusResource.class,
          ConsoleResource.class);

  @Test
  void everyResourceMethodIsMarkedAndTheMarkingsAreTheDocumentedOnes() {
    Map<String, Access.Level> levels = new LinkedHashMap<>();
    List<String> unmarked = new ArrayList<>();
    for (Class<?> resource : RESOURCES) {
      for (Method method : resource.getDeclaredMethods()) {
        String httpMethod = httpMethod(method);
        if (httpMethod == null) {
          continue;
        }
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
          access = resource.getAnnotation(Access.class);
        }
        String name = resource.getSimpleName() + "." + method.getName() + " " + httpMethod;
        if (access == null) {
          unmarked.add(name);
        } else {
          levels.put(name, access.value());
        }
      }
    }
    assertThat(unmarked).isEmpty();
    assertThat(levels)
        .containsEntry("RunsResource.dispatch POST", Access.Level.API_TOKEN)
        .containsEntry("RunsResource.dispatchEvent POST", Access.Level.API_TOKEN)
        .containsEntry("RunsResource.list GET", Access.Level.API_TOKEN)
        .containsEntry("RunsResource.get GET", Access.Level.API_TOKEN)
        .containsEntry("RunsResource.cancel POST", Access.Level.API_TOKEN)
        .containsEntry("RunsResource.log GET", Access.Level.API_TOKEN)
        .containsEntry("RunsResource.artifact GET", Access.Level.API_TOKEN)
        .containsEntry("NodesResource.list GET", Access.Level.API_TOKEN)
        .containsEntry("SchemasResource.index GET", Access.Level.OPEN)
        .containsEntry("SchemasResource.schema GET", Access.Level.OPEN)
        .containsEntry("SchemasResource.modelSchema GET", Access.Level.OPEN)
        .containsEntry("ModelsResource.list GET", Access.Level.API_TOKEN)
        .containsEntry("OperationsResource.health GET", Access.Level.OPEN)
        .containsEntry("OperationsResource.ready GET", Access.Level.OPEN)
        .containsEntry("OperationsResource.metrics GET", Access.Level.OPEN)
        .containsEntry("OperationsResource.openApi GET", Access.Level.OPEN)
        .containsEntry("RegistryResource.list GET", Access.Level.OPEN)
        .containsEntry("RegistryResource.get GET", Access.Level.OPEN)
        .containsEntry("RegistryResource.search POST", Access.Level.OPEN)
        .containsEntry("RegistryResource.liveness GET", Access.Level.OPEN)
        .containsEntry("StatusResource.status GET", Access.Level.OPEN)
        .containsEntry("RegistryResource.register POST", Access.Level.REGISTRY_WRITE)
        .containsEntry("RegistryResource.replace PUT", Access.Level.REGISTRY_WRITE)
        .containsEntry("RegistryResource.delete DELETE", Access.Level.REGISTRY_WRITE)
        .containsEntry("ConsoleResource.root GET", Access.Level.OPEN)
        .containsEntry("ConsoleResource.file GET", Access.Level.OPEN)
        .hasSize(26);
  }

  private static String httpMethod(Method method) {
    for (Annotation a : method.getAnnotations()) {
      HttpMethod m = a.annotationType().getAnnotation(HttpMethod.class);
      if (m != null) {
        return m.value();
      }
    }
    return null;
  }
}
