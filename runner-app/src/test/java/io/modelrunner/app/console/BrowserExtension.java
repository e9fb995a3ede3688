package io.modelrunner.app.console;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test method a fresh {@link Browser} (a parameter), and after the test: a screenshot
 * {@code failed-<class>-<method>} when it failed, a failure when the page logged an error it did
 * not expect ({@link Browser#unexpectedErrors}: script errors, Content-Security-Policy refusals,
 * failed requests), then closes the browser.
 */
final class BrowserExtension
    implements ParameterResolver, TestExecutionExceptionHandler, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BrowserExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Browser.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    BrowserPaths paths =
        BrowserPaths.find()
            .orElseThrow(() -> new IllegalStateException(BrowserPaths.howToGetThem()));
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Browser.class, key -> Browser.start(paths), Browser.class);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Browser browser = context.getStore(NAMESPACE).get(Browser.class, Browser.class);
    if (browser != null) {
      try {
        browser.screenshot("failed-" + name(context));
        List<String> log = browser.consoleLog().stream().map(Object::toString).toList();
        if (!log.isEmpty()) {
          failure.addSuppressed(
              new AssertionError("the page's console log:\n  " + String.join("\n  ", log)));
        }
        List<String> pending = browser.pendingRequests();
        if (!pending.isEmpty()) {
          failure.addSuppressed(
              new AssertionError("requests without an answer:\n  " + String.join("\n  ", pending)));
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Browser browser = context.getStore(NAMESPACE).remove(Browser.class, Browser.class);
    if (browser == null) {
      return;
    }
    try {
      List<String> errors = browser.unexpectedErrors();
      if (!errors.isEmpty() && context.getExecutionException().isEmpty()) {
        browser.screenshot("failed-" + name(context));
        throw new AssertionError("the page logged errors:\n  " + String.join("\n  ", errors));
      }
    } finally {
      browser.close();
    }
  }

  private static String name(ExtensionContext context) {
    return context.getRequiredTestClass().getSimpleName()
        + "-"
        + context.getRequiredTestMethod().getName();
  }
}
