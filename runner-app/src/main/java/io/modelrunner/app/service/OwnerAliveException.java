package io.modelrunner.app.service;

/** The owner of a picked run is alive: leave the run to it and look again later. */
final class OwnerAliveException extends RuntimeException {
  OwnerAliveException(String message) {
    super(message, null, false, false);
  }
}
