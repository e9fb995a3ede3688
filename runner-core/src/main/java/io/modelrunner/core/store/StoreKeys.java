package io.modelrunner.core.store;

/** Checks on {@link ResultStore} keys, shared by every implementation. */
public final class StoreKeys {
  private StoreKeys() {}

  /**
   * Returns {@code key} when it is a valid relative key; throws otherwise.
   *
   * @throws IllegalArgumentException for a null or empty key, a leading or trailing {@code /}, an
   *     empty, {@code .} or {@code ..} segment, a backslash or a control character
   */
  public static String requireValid(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("store key must not be empty");
    }
    if (key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("store key must not start or end with '/': " + key);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("store key contains a forbidden character: " + key);
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("store key has an empty, '.' or '..' segment: " + key);
      }
    }
    return key;
  }
}
