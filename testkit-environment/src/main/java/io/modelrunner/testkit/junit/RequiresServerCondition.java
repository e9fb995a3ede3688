package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The condition behind {@link RequiresServer}: runs each named {@link ServerCheck} once per test
 * run (answers are kept in the root context's store).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RequiresServerCondition implements ExecutionCondition {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RequiresServerCondition.class);

  /** Made by JUnit, for {@link RequiresServer}. */
  public RequiresServerCondition() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    var annotations =
        context
            .getElement()
            .map(
                element ->
                    AnnotationSupport.findRepeatableAnnotations(element, RequiresServer.class))
            .orElse(java.util.List.of());
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    for (RequiresServer annotation : annotations) {
      Class<? extends ServerCheck> type = annotation.value();
      String missing = store.getOrComputeIfAbsent(type, key -> run(type).orElse(""), String.class);
      if (!missing.isEmpty()) {
        Requirements requirements = Requirements.forContext(context);
        if (requirements.required(Requirement.SERVER)) {
          throw requirements.unmet(Requirement.SERVER, missing);
        }
        return ConditionEvaluationResult.disabled("Skipped: " + missing);
      }
    }
    return ConditionEvaluationResult.enabled("the servers this test needs are there");
  }

  private static Optional<String> run(Class<? extends ServerCheck> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      ServerCheck check = constructor.newInstance();
      try {
        return check.missing();
      } catch (RuntimeException e) {
        return Optional.of(type.getSimpleName() + " failed: " + e);
      }
    } catch (InvocationTargetException e) {
      return Optional.of(type.getSimpleName() + " failed: " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          type.getName() + " needs a no-argument constructor to be used in @RequiresServer", e);
    }
  }
}
