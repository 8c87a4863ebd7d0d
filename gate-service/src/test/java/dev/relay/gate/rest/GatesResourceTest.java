package dev.relay.gate.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.gate.FakeUpstreamsResource;
import dev.relay.gate.Upstreams;
import dev.relay.testkit.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeUpstreamsResource.class)
class GatesResourceTest {

  private static final String BODY =
      "{\"cluster\":\"c1\",\"tier\":1,\"phase\":\"PRE_FLIGHT\",\"artifact\":\"chat\",\"version\":\"1.2.3\"}";

  @ConfigProperty(name = "relay.node-adapter.url")
  String nodeAdapter;

  @Test
  void listsTheLoadedTable() {
    given().when().get("/gates").then().statusCode(200)
        .body("gateId", contains("cluster-health", "artifact-signature"))
        .body("[0].failAction", equalTo("ABORT"))
        .body("[1].deploymentTier", equalTo("ALL"));
  }

  @Test
  void evaluateWithoutOrWithAWrongTokenIs401() {
    given().contentType(ContentType.JSON).body(BODY).when().post("/gates/evaluate").then().statusCode(401);
    given().contentType(ContentType.JSON).header("Authorization", "Bearer nope").body(BODY)
        .when().post("/gates/evaluate").then().statusCode(401);
  }

  @Test
  void evaluateReportsEachGate() throws Exception {
    setHealth(97);
    given().contentType(ContentType.JSON).header("Authorization", "Bearer test-token").body(BODY)
        .when().post("/gates/evaluate").then().statusCode(200)
        .body("passed", equalTo(false))
        .body("results.gateId", contains("cluster-health", "artifact-signature"))
        .body("results[0].passed", equalTo(false))
        .body("results[0].text", containsString("97%"))
        .body("results[1].passed", equalTo(true));
    setHealth(100);
    given().contentType(ContentType.JSON).header("Authorization", "Bearer test-token").body(BODY)
        .when().post("/gates/evaluate").then().statusCode(200).body("passed", equalTo(true));
  }

  @Test
  void evaluateWithoutPhaseIs400() {
    given().contentType(ContentType.JSON).header("Authorization", "Bearer test-token").body("{\"tier\":1}")
        .when().post("/gates/evaluate").then().statusCode(400);
  }

  private void setHealth(int percent) throws Exception {
    Upstreams.setHealth(nodeAdapter, percent);
  }
}
