package dev.relay.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Samples the summed resident memory (VmRSS from /proc) of a set of processes; keeps the peak. */
public final class MemorySampler implements AutoCloseable {

  private final Supplier<List<Long>> pids;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakKb;
  private volatile int peakProcesses;

  public MemorySampler(Supplier<List<Long>> pids) {
    this.pids = pids;
    this.thread = new Thread(this::loop, "memory-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      List<Long> all = pids.get();
      long sum = rssKb(ProcessHandle.current().pid());
      for (long pid : all) {
        sum += rssKb(pid);
      }
      if (sum > peakKb) {
        peakKb = sum;
        peakProcesses = all.size() + 1;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // process gone
    }
    return 0;
  }

  public long peakMb() {
    return peakKb / 1024;
  }

  public int peakProcesses() {
    return peakProcesses;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
