package dev.relay.compliance.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.compliance.LockProbe;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Topics;
import dev.relay.testkit.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A restart: the app starts on a compliance.locks topic a previous run left behind and holds those locks. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(RestartTest.Profile.class)
class RestartTest {

  /** Its own app instance, started after {@link SeedLockState} wrote the previous run's state. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SeedLockState.class));
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "seed.live")
  String live;

  @ConfigProperty(name = "seed.stale")
  String stale;

  @ConfigProperty(name = "seed.released")
  String released;

  @ConfigProperty(name = "seed.garbage")
  String garbage;

  @ConfigProperty(name = "seed.cluster")
  String cluster;

  @ConfigProperty(name = "seed.acquired")
  String acquired;

  @Test
  void theLocksOfThePreviousRunAreHeldAfterTheRestart() {
    try (LockProbe locks = new LockProbe(bootstrap)) {
      JsonPath all = given().when().get("/locks").then().statusCode(200).extract().jsonPath();
      assertThat(all.getList("lockId", String.class)).contains(live, stale, garbage).doesNotContain(released);
      assertThat(all.getString("find { it.lockId == '" + live + "' }.kind")).isEqualTo("LEGAL_HOLD");
      assertThat(all.getString("find { it.lockId == '" + live + "' }.acquiredAt")).isEqualTo(acquired);
      assertThat(all.getBoolean("find { it.lockId == '" + stale + "' }.stale")).isTrue();
      assertThat(all.getString("find { it.lockId == '" + garbage + "' }.kind")).isEqualTo("UNREADABLE");
      assertThat(all.getString("find { it.lockId == '" + garbage + "' }.scope")).isEqualTo("*");
      List<String> forCluster = given().queryParam("scope", cluster).when().get("/locks").then().statusCode(200)
          .extract().jsonPath().getList("lockId");
      assertThat(forCluster).contains(live, stale, garbage);

      // the restored live lock is quiet: one stale-after after the restart it is alerted; the restored stale one
      // was alerted by the previous run and is not alerted again
      locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockStale.class, live);
      assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockStale.class, stale)).isEmpty();

      // the unreadable record is cleared by an operator, like any held lock
      given().contentType(ContentType.JSON).header("Authorization", "Bearer test-token")
          .body(Map.of("operator", "bob", "reason", "checked: garbage record")).when()
          .post("/locks/" + garbage + "/override").then().statusCode(200).body("kind", equalTo("UNREADABLE"));
      locks.awaitTombstone(garbage);
      for (String l : List.of(live, stale)) {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer test-token")
            .body(Map.of("operator", "test", "reason", "clean-up")).when().post("/locks/" + l + "/override")
            .then().statusCode(200);
      }
    }
  }
}
