package dev.relay.compliance.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.compliance.LockProbe;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Topics;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RestTest {

  private static final String TOKEN = "Bearer test-token";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private LockProbe locks;

  @BeforeEach
  void open() {
    locks = new LockProbe(bootstrap);
  }

  @AfterEach
  void close() {
    locks.close();
  }

  private static Map<String, String> signal(String lockId, String kind, String action, String scope) {
    return Map.of("lockId", lockId, "kind", kind, "action", action, "scope", scope);
  }

  @Test
  void signalsOverRestNeedTheTokenAndTakeTheKafkaPath() {
    String lock = "rest-" + UUID.randomUUID();
    String cluster = "c-" + UUID.randomUUID();
    given().contentType(ContentType.JSON).body(signal(lock, "LEGAL_HOLD", "START", cluster))
        .when().post("/signals").then().statusCode(401);
    given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong")
        .body(signal(lock, "LEGAL_HOLD", "START", cluster)).when().post("/signals").then().statusCode(401);
    given().contentType(ContentType.JSON).header("Authorization", TOKEN)
        .body(signal(lock, "PARTY", "START", cluster)).when().post("/signals")
        .then().statusCode(400).body("error", containsString("unknown kind 'PARTY'"));
    given().contentType(ContentType.JSON).header("Authorization", TOKEN)
        .body(Map.of("lockId", lock, "kind", "LEGAL_HOLD", "action", "START")).when().post("/signals")
        .then().statusCode(400).body("error", containsString("no scope"));

    String eventId = given().contentType(ContentType.JSON).header("Authorization", TOKEN)
        .body(signal(lock, "LEGAL_HOLD", "START", cluster)).when().post("/signals")
        .then().statusCode(202).body("lockId", equalTo(lock)).extract().path("eventId");
    TopicProbe.Seen state = locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, lock);
    assertThat(state.key()).isEqualTo(lock);
    assertThat(state.envelope().causationId()).as("caused by the signal published on compliance.signals")
        .isEqualTo(eventId);
    assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockAcquired.class, lock)).as("refused signals did nothing")
        .hasSize(1);

    given().contentType(ContentType.JSON).header("Authorization", TOKEN)
        .body(signal(lock, "LEGAL_HOLD", "END", cluster)).when().post("/signals").then().statusCode(202);
    locks.awaitTombstone(lock);
  }

  @Test
  void locksOfAClusterAreItsOwnAndTheGlobalOnes() {
    String c1 = "c1-" + UUID.randomUUID();
    String c2 = "c2-" + UUID.randomUUID();
    String own = "own-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    String global = "global-" + UUID.randomUUID();
    locks.signal(own, "LEGAL_HOLD", "START", c1);
    locks.signal(other, "LEGAL_HOLD", "START", c2);
    locks.signal(global, "AUDIT_EXPORT", "START", "*");
    for (String l : List.of(own, other, global)) {
      locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, l);
    }
    List<String> ids = given().queryParam("scope", c1).when().get("/locks").then().statusCode(200)
        .extract().jsonPath().getList("lockId");
    assertThat(ids).contains(own, global).doesNotContain(other);
    List<Map<String, Object>> all = given().when().get("/locks").then().statusCode(200).extract().jsonPath()
        .getList("findAll { it.lockId == '" + own + "' }");
    assertThat(all).singleElement().satisfies(l -> assertThat(l).containsKeys("kind", "scope", "acquiredAt",
        "lastSignalAt", "stale").containsEntry("kind", "LEGAL_HOLD").containsEntry("scope", c1));
    given().queryParam("scope", " ").when().get("/locks").then().statusCode(400);
    for (String l : List.of(own, other, global)) {
      given().contentType(ContentType.JSON).header("Authorization", TOKEN)
          .body(Map.of("operator", "test", "reason", "clean-up")).when().post("/locks/" + l + "/override")
          .then().statusCode(200);
    }
  }

  @Test
  void anOperatorOverrideReleasesAHeldLockAndIsRecorded() {
    String lock = "stuck-" + UUID.randomUUID();
    String cluster = "c-" + UUID.randomUUID();
    locks.signal(lock, "AUDIT_EXPORT", "START", cluster);
    locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, lock);
    Map<String, String> body = Map.of("operator", "alice", "reason", "export worker died, ticket OPS-12");

    given().contentType(ContentType.JSON).body(body).when().post("/locks/" + lock + "/override")
        .then().statusCode(401);
    given().contentType(ContentType.JSON).header("Authorization", TOKEN).body(Map.of("operator", "alice"))
        .when().post("/locks/" + lock + "/override").then().statusCode(400).body("error", containsString("reason"));
    given().contentType(ContentType.JSON).header("Authorization", TOKEN).body(body)
        .when().post("/locks/unknown-" + UUID.randomUUID() + "/override").then().statusCode(404);
    assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockReleased.class, lock)).isEmpty();

    given().contentType(ContentType.JSON).header("Authorization", TOKEN).body(body)
        .when().post("/locks/" + lock + "/override").then().statusCode(200)
        .body("releasedBy", equalTo("override by alice: export worker died, ticket OPS-12"));
    TopicProbe.Seen released = locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockReleased.class, lock);
    assertThat(released.key()).isEqualTo(cluster);
    assertThat(released.envelope().payload()).isEqualTo(new Fact.ComplianceLockReleased(lock, "AUDIT_EXPORT",
        cluster, "override by alice: export worker died, ticket OPS-12"));
    locks.awaitTombstone(lock);
    List<String> held = given().when().get("/locks").then().statusCode(200).extract().jsonPath().getList("lockId");
    assertThat(held).doesNotContain(lock);
    given().contentType(ContentType.JSON).header("Authorization", TOKEN).body(body)
        .when().post("/locks/" + lock + "/override").then().statusCode(404);
  }
}
