package io.dhcpfailover.node.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A file held in memory, for replaying journal images fast: positional reads, {@link #truncate}
 * and {@link #force}, which is what {@link JournalReader} uses; like a real channel opened
 * read-only it refuses to truncate when {@code writable} is false. Other operations are not
 * supported.
 */
final class InMemoryFileChannel extends FileChannel {
  private final boolean writable;
  private byte[] data;
  private int truncations;

  InMemoryFileChannel(byte[] data, boolean writable) {
    this.data = data.clone();
    this.writable = writable;
  }

  /** The current contents. */
  byte[] contents() {
    return data.clone();
  }

  /** How many times the file was truncated. */
  int truncations() {
    return truncations;
  }

  @Override
  public int read(ByteBuffer dst, long position) {
    if (position >= data.length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), data.length - position);
    dst.put(data, (int) position, n);
    return n;
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public FileChannel truncate(long size) {
    if (!writable) {
      throw new NonWritableChannelException();
    }
    if (size < data.length) {
      data = Arrays.copyOf(data, (int) size);
      truncations++;
    }
    return this;
  }

  @Override
  public void force(boolean metaData) {}

  @Override
  public int read(ByteBuffer dst) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int write(ByteBuffer src) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long position() {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileChannel position(long newPosition) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() throws IOException {}
}
