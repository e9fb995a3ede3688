package io.modelrunner.core.engine.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Receives the container's exit from the engine's wait call. Has its own latch: docker-java's timed
 * {@code awaitCompletion} closes the stream when it times out.
 */
final class WaitCallback extends ResultCallback.Adapter<WaitResponse> {
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Integer statusCode;
  private volatile Throwable failure;

  @Override
  public void onNext(WaitResponse response) {
    statusCode = response.getStatusCode();
  }

  @Override
  public void onComplete() {
    ended.countDown();
    super.onComplete();
  }

  @Override
  public void onError(Throwable throwable) {
    if (statusCode == null) {
      failure = throwable;
    }
    ended.countDown();
    try {
      close();
    } catch (IOException ignored) {
      // closing the stream only
    }
  }

  /** Records an exit already known (the container had exited before anyone waited for it). */
  void exited(int code) {
    statusCode = code;
    ended.countDown();
  }

  /** Waits for the container to exit (or the wait to fail); true when it did within the time. */
  boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
    return ended.await(Math.max(0, timeout), unit);
  }

  Integer statusCode() {
    return statusCode;
  }

  Throwable failure() {
    return failure;
  }
}
