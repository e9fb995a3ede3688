package io.modelrunner.app.service;

import java.time.Instant;

/** One stage a run went through; {@code leftAt} is null while it is in it (or crashed in it). */
public record StageEntry(String stage, Instant enteredAt, Instant leftAt) {}
