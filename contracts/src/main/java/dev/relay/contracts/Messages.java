package dev.relay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes envelopes. The set of types is derived from the sealed hierarchy, so it cannot drift. */
public final class Messages {

  private static final Map<String, Class<? extends Message>> BY_NAME = new LinkedHashMap<>();

  static {
    collect(Message.class);
  }

  private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

  @SuppressWarnings("unchecked")
  private static void collect(Class<?> type) {
    if (type.isRecord()) {
      JsonTypeName name = type.getAnnotation(JsonTypeName.class);
      if (name == null) {
        throw new IllegalStateException(type + " has no @JsonTypeName: the wire needs a logical name");
      }
      Class<?> previous = BY_NAME.put(name.value(), (Class<? extends Message>) type);
      if (previous != null) {
        throw new IllegalStateException("two messages named " + name.value());
      }
      return;
    }
    for (Class<?> sub : type.getPermittedSubclasses()) {
      collect(sub);
    }
  }

  /** Registers every message type and the settings of the wire format on an existing mapper (e.g. Quarkus'). */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.registerModule(new JavaTimeModule());
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    BY_NAME.forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
    return mapper;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Every logical type name, in declaration order. */
  public static List<String> typeNames() {
    return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
  }

  public static Class<? extends Message> typeOf(String name) {
    return BY_NAME.get(name);
  }

  public static String typeName(Class<? extends Message> type) {
    JsonTypeName name = type.getAnnotation(JsonTypeName.class);
    return name == null ? type.getSimpleName() : name.value();
  }

  public static String write(Envelope envelope) {
    try {
      return MAPPER.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + envelope.type() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads an envelope, or says precisely what is wrong with it.
   *
   * @throws MalformedMessageException naming the problem
   */
  public static Envelope read(String json) {
    if (json == null || json.isBlank()) {
      throw new MalformedMessageException("empty record");
    }
    Envelope envelope;
    try {
      envelope = MAPPER.readValue(json, Envelope.class);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not a valid envelope: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      throw new MalformedMessageException("not a valid envelope: " + e.getMessage());
    }
    if (envelope.schemaVersion() > Envelope.SCHEMA_VERSION) {
      throw new MalformedMessageException(
          "schemaVersion " + envelope.schemaVersion() + " is newer than this service reads (" + Envelope.SCHEMA_VERSION + ")");
    }
    return envelope;
  }

  private Messages() {}
}
