package io.modelrunner.engine.slurm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlesTest {
  @TempDir Path temp;

  @Test
  void anImageArchiveIsExtractedWithItsLinksAndModes() throws Exception {
    byte[] tar =
        tar(
            out -> {
              dir(out, "bin/");
              file(out, "bin/busybox", "#!", 0755);
              symlink(out, "bin/sh", "/bin/busybox");
              hardlink(out, "bin/ls", "bin/busybox");
              file(out, "etc/passwd", "root:x:0:0", 0644);
            });
    Path rootfs = temp.resolve("rootfs");

    Bundles.extract(new ByteArrayInputStream(tar), rootfs);

    assertThat(rootfs.resolve("bin/busybox")).hasContent("#!").isExecutable();
    assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
    assertThat(Files.isSameFile(rootfs.resolve("bin/ls"), rootfs.resolve("bin/busybox"))).isTrue();
    assertThat(Files.exists(rootfs.resolve("etc/passwd"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void anEntryOutsideTheRootIsRefused() throws Exception {
    byte[] tar = tar(out -> file(out, "../escape", "x", 0644));

    assertThatThrownBy(() -> Bundles.extract(new ByteArrayInputStream(tar), temp.resolve("r")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside its root");
    assertThat(temp.resolve("escape")).doesNotExist();
  }

  @Test
  void aHardLinkOutsideTheRootIsRefused() throws Exception {
    byte[] tar = tar(out -> hardlink(out, "passwd", "../../etc/passwd"));

    assertThatThrownBy(() -> Bundles.extract(new ByteArrayInputStream(tar), temp.resolve("r")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside its root");
  }

  private interface Writer {
    void write(TarArchiveOutputStream out) throws IOException;
  }

  private static byte[] tar(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      writer.write(out);
    }
    return bytes.toByteArray();
  }

  private static void dir(TarArchiveOutputStream out, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream out, String name, String content, int mode)
      throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setMode(0100000 | mode);
    out.putArchiveEntry(entry);
    out.write(data);
    out.closeArchiveEntry();
  }

  private static void symlink(TarArchiveOutputStream out, String name, String target)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
    entry.setLinkName(target);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }

  private static void hardlink(TarArchiveOutputStream out, String name, String target)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
    entry.setLinkName(target);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }
}
