package dev.relay.artifact.stream;

/** Something fed the bytes of an artifact in order, once: a digest or a streaming signature check. */
public interface ByteSink {

  void update(byte[] buffer, int offset, int length);
}
