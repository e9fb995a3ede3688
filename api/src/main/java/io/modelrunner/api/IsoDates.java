package io.modelrunner.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Parses the date part of the ISO-8601 strings of the wire format. */
final class IsoDates {
  private IsoDates() {}

  static LocalDate parseDatePart(String iso, String field) {
    String datePart = iso.length() > 10 ? iso.substring(0, 10) : iso;
    try {
      return LocalDate.parse(datePart);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " is not an ISO-8601 date (yyyy-mm-dd...): '" + iso + "'", e);
    }
  }
}
