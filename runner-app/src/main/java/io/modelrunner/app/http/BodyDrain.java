package io.modelrunner.app.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads and drops what is left of a request's body, up to a budget, then runs the answer; waits for
 * bytes through Jetty's demand, so it holds no thread (the body deadlines bound a client that sends
 * slowly). Why: after refusing a request Jetty closes the connection, and closing a socket with
 * unread bytes makes the kernel reset it, destroying the answer still in flight — a client that was
 * still sending its body saw no answer at all.
 */
final class BodyDrain implements Runnable {
  private final Request request;
  private final Runnable answer;
  private long budget;

  BodyDrain(Request request, long budget, Runnable answer) {
    this.request = request;
    this.budget = budget;
    this.answer = answer;
  }

  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk;
      try {
        chunk = request.read();
      } catch (RuntimeException e) {
        answer.run(); // no readable body (a request Jetty could not parse): answer at once
        return;
      }
      if (chunk == null) {
        request.demand(this);
        return;
      }
      boolean done = chunk.isLast() || Content.Chunk.isFailure(chunk);
      budget -= chunk.remaining();
      chunk.release();
      if (done || budget < 0) {
        answer.run();
        return;
      }
    }
  }
}
