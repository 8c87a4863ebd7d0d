package dev.relay.artifact.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes record files as JSON (ISO-8601 times). */
final class RecordJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static byte[] write(ArtifactRecord record) throws IOException {
    return MAPPER.writeValueAsBytes(record);
  }

  static ArtifactRecord read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), ArtifactRecord.class);
  }

  private RecordJson() {}
}
