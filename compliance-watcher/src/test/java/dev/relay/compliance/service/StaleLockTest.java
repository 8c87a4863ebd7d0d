package dev.relay.compliance.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.compliance.LockProbe;
import dev.relay.compliance.lock.HeldLock;
import dev.relay.compliance.state.LockStateReader;
import dev.relay.compliance.state.RestoredState;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Topics;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The situation: an Audit Export's worker dies and its heartbeats stop (stale-after is 2 s in tests). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class StaleLockTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "relay.compliance.stale-after")
  Duration staleAfter;

  private LockProbe locks;

  @BeforeEach
  void open() {
    locks = new LockProbe(bootstrap);
  }

  @AfterEach
  void close() {
    locks.close();
  }

  @Test
  void anAuditExportWhoseWorkerDiesIsReportedStaleOnceAndStaysHeldUntilItsEnd() throws Exception {
    String lock = "export-" + UUID.randomUUID();
    String cluster = "c-" + UUID.randomUUID();
    locks.signal(lock, "AUDIT_EXPORT", "START", cluster);
    locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, lock);

    // the worker is alive: heartbeats for 1.5 x stale-after keep the lock live
    long beats = staleAfter.multipliedBy(3).dividedBy(2).toMillis() / 250;
    for (int i = 0; i < beats; i++) {
      locks.signal(lock, "AUDIT_EXPORT", "HEARTBEAT", cluster);
      Thread.sleep(250);
    }
    assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockStale.class, lock)).as("heartbeats keep it live")
        .isEmpty();
    assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockAcquired.class, lock))
        .as("the heartbeats of a live lock publish nothing").hasSize(1);

    // the worker dies
    TopicProbe.Seen alert = locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockStale.class, lock);
    assertThat(alert.key()).isEqualTo(cluster);
    Fact.ComplianceLockStale stale = (Fact.ComplianceLockStale) alert.envelope().payload();
    assertThat(stale.kind()).isEqualTo("AUDIT_EXPORT");
    assertThat(stale.scope()).isEqualTo(cluster);
    TopicProbe.Seen state = locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockStale.class, lock);
    assertThat(state.key()).isEqualTo(lock);

    Thread.sleep(staleAfter.multipliedBy(2).toMillis());
    assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockStale.class, lock)).as("alerted once").hasSize(1);
    assertThat(locks.facts(Topics.EVENTS, Fact.ComplianceLockReleased.class, lock)).as("never released by time")
        .isEmpty();
    JsonPath held = given().queryParam("scope", cluster).when().get("/locks").then().statusCode(200).extract()
        .jsonPath();
    assertThat(held.getList("findAll { it.lockId == '" + lock + "' }.stale", Boolean.class)).containsExactly(true);

    // a restart keeps it held and stale: a fresh reader of compliance.locks
    RestoredState restored = new LockStateReader(bootstrap, Topics.COMPLIANCE_LOCKS)
        .read(Duration.ofSeconds(30), Instant.now());
    assertThat(restored.locks()).filteredOn(l -> l.lockId().equals(lock)).singleElement().satisfies(l -> {
      assertThat(l.stale()).isTrue();
      assertThat(l.kind()).isEqualTo("AUDIT_EXPORT");
      assertThat(l.scope()).isEqualTo(cluster);
    });

    // the worker comes back: live again (announced again), then quiet again: a second alert
    locks.signal(lock, "AUDIT_EXPORT", "HEARTBEAT", cluster);
    locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, lock, 2);
    locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockStale.class, lock, 2);

    // only its END releases it
    locks.signal(lock, "AUDIT_EXPORT", "END", cluster);
    TopicProbe.Seen released = locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockReleased.class, lock);
    assertThat(((Fact.ComplianceLockReleased) released.envelope().payload()).releasedBy()).isEqualTo("END signal");
    locks.awaitTombstone(lock);
    assertThat(new LockStateReader(bootstrap, Topics.COMPLIANCE_LOCKS).read(Duration.ofSeconds(30), Instant.now())
        .locks()).extracting(HeldLock::lockId).doesNotContain(lock);
  }
}
