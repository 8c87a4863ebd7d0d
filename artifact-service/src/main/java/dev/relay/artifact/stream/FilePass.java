package dev.relay.artifact.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads an artifact once and feeds every sink all its bytes, in order, each sink on its own thread while the caller
 * reads: SHA-256 and the signature's own hash run side by side on two cores, and reading overlaps hashing. Memory is
 * flat: {@value #CHUNKS} buffers of {@value #CHUNK_BYTES} bytes whatever the file size. A pass that makes no progress
 * for {@value #STALL_SECONDS} s fails with that reason.
 */
public final class FilePass {

  public static final int CHUNK_BYTES = 1 << 20;
  public static final int CHUNKS = 4;
  static final long STALL_SECONDS = 60;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "artifact-hash-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private FilePass() {}

  /** Streams a file through the sinks; returns its size. */
  public static long run(Path file, List<? extends ByteSink> sinks) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return run(ch, sinks);
    }
  }

  /** Streams a channel to its end through the sinks; returns the number of bytes. */
  public static long run(ReadableByteChannel in, List<? extends ByteSink> sinks) throws IOException {
    BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new Chunk(CHUNK_BYTES));
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<BlockingQueue<Chunk>> queues = new ArrayList<>();
    List<Future<?>> workers = new ArrayList<>();
    for (ByteSink sink : sinks) {
      BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS + 1);
      queues.add(queue);
      workers.add(POOL.submit(() -> {
        drain(sink, queue, free, failure);
        return null;
      }));
    }
    long total = 0;
    try {
      while (failure.get() == null) {
        Chunk c = free.poll(STALL_SECONDS, TimeUnit.SECONDS);
        if (c == null) {
          throw new IOException("hashing stalled: no buffer was freed within " + STALL_SECONDS + " s");
        }
        int n = fill(in, c.buffer);
        if (n <= 0) {
          break;
        }
        c.length = n;
        c.pending.set(queues.size());
        total += n;
        for (BlockingQueue<Chunk> q : queues) {
          q.add(c);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the artifact");
    } finally {
      for (BlockingQueue<Chunk> q : queues) {
        q.add(Chunk.END);
      }
      awaitAll(workers);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new IOException("hashing failed: " + t, t);
    }
    return total;
  }

  private static void drain(ByteSink sink, BlockingQueue<Chunk> queue, BlockingQueue<Chunk> free,
      AtomicReference<Throwable> failure) throws InterruptedException {
    while (true) {
      Chunk c = queue.take();
      if (c == Chunk.END) {
        return;
      }
      if (failure.get() == null) {
        try {
          sink.update(c.buffer, 0, c.length);
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        }
      }
      if (c.pending.decrementAndGet() == 0) {
        free.add(c);
      }
    }
  }

  private static void awaitAll(List<Future<?>> workers) throws IOException {
    for (Future<?> w : workers) {
      try {
        w.get(STALL_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        w.cancel(true);
        throw new IOException("hashing stalled: a hashing thread did not finish within " + STALL_SECONDS + " s");
      } catch (ExecutionException e) {
        throw new IOException("hashing failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while hashing");
      }
    }
  }

  /** Reads until the buffer is full or the channel ends; -1 at the end. */
  private static int fill(ReadableByteChannel in, byte[] buffer) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buffer);
    while (bb.hasRemaining()) {
      if (in.read(bb) < 0) {
        break;
      }
    }
    return bb.position() == 0 ? -1 : bb.position();
  }

  private static final class Chunk {
    static final Chunk END = new Chunk(0);
    final byte[] buffer;
    final AtomicInteger pending = new AtomicInteger();
    int length;

    Chunk(int size) {
      buffer = new byte[size];
    }
  }
}
