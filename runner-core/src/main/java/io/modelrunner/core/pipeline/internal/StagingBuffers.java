package io.modelrunner.core.pipeline.internal;

import java.util.zip.Deflater;

/**
 * What one staging task works with, reused from entry to entry so that an export allocates no
 * buffer per entry: a level-6 raw deflater, a read buffer, a deflate output buffer and the
 * in-memory part of {@link DeflatedData}.
 */
final class StagingBuffers {
  final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  final byte[] input = new byte[EntryStager.SAMPLE];
  final byte[] output = new byte[EntryStager.SAMPLE];
  final byte[] memory = new byte[DeflatedData.IN_MEMORY];

  /** Frees the deflater's native memory. */
  void end() {
    deflater.end();
  }
}
