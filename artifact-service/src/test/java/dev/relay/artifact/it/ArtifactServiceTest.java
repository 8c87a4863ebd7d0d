package dev.relay.artifact.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.relay.artifact.testing.Minisign;
import dev.relay.artifact.testing.TarGz;
import dev.relay.contracts.Command;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Topics;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole service: REST upload and reads, and VerifyArtifact commands over a real Kafka broker. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(RegistryTestResource.class)
class ArtifactServiceTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TOKEN = "Bearer test-token";

  static TopicProbe probe;

  @BeforeAll
  static void probe() {
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    probe = new TopicProbe(bootstrap, Topics.EVENTS, Topics.dlq(Topics.ARTIFACT_COMMANDS));
  }

  @AfterAll
  static void closeProbe() {
    probe.close();
  }

  static Minisign.KeyPair key() throws Exception {
    return Minisign.load(Path.of(ConfigProvider.getConfig().getValue("relay.test.keys", String.class)),
        RegistryTestResource.KEY_NAME);
  }

  static Path signedRelease(String version) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "upload");
    Path file = TarGz.release(dir.resolve("sandbox-node-" + version + ".tar.gz"), version);
    Minisign.sign(key(), file, "relay-artifact name=sandbox-node version=" + version, false);
    return file;
  }

  static Path sig(Path file) {
    return file.resolveSibling(file.getFileName() + ".minisig");
  }

  @Test
  void uploadNeedsTheTokenAndStoredBytesComeBackIdentical() throws Exception {
    Path file = signedRelease("1.1.0");
    String digest = "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    given().multiPart("file", file.toFile(), "application/gzip")
        .multiPart("signature", sig(file).toFile(), "application/octet-stream")
        .when().post("/artifacts")
        .then().statusCode(401);
    given().header("Authorization", "Bearer wrong")
        .multiPart("file", file.toFile(), "application/gzip")
        .multiPart("signature", sig(file).toFile(), "application/octet-stream")
        .when().post("/artifacts")
        .then().statusCode(401);
    given().get("/artifacts/sandbox-node/1.1.0").then().statusCode(404);

    given().header("Authorization", TOKEN)
        .multiPart("file", file.toFile(), "application/gzip")
        .multiPart("signature", sig(file).toFile(), "application/octet-stream")
        .multiPart("version", "1.1.0")
        .when().post("/artifacts")
        .then().statusCode(201)
        .body("name", equalTo("sandbox-node"))
        .body("version", equalTo("1.1.0"))
        .body("digest", equalTo(digest))
        .body("keyId", equalTo(key().keyIdFromComment()))
        .body("signatureFormat", equalTo("minisign"));

    given().get("/artifacts/sandbox-node/1.1.0").then().statusCode(200).body("digest", equalTo(digest));
    given().get("/artifacts").then().statusCode(200).body("digest", hasItem(digest));

    Response blob = given().get("/blobs/" + digest);
    assertThat(blob.statusCode()).isEqualTo(200);
    assertThat(blob.contentType()).startsWith("application/octet-stream");
    assertThat(blob.asByteArray()).isEqualTo(Files.readAllBytes(file));
    given().get("/blobs/sha256:" + "0".repeat(64)).then().statusCode(404);

    given().post("/artifacts/sandbox-node/1.1.0/verify").then().statusCode(200)
        .body("verified", equalTo(true))
        .body("digest", equalTo(digest))
        .body("keyId", equalTo(key().keyIdFromComment()));
    given().post("/artifacts/sandbox-node/9.9.9/verify").then().statusCode(404)
        .body("verified", equalTo(false))
        .body("reason", startsWith("unknown artifact sandbox-node 9.9.9"));

    String deployment = "dep-" + UUID.randomUUID();
    probe.send(Topics.ARTIFACT_COMMANDS,
        Envelope.of(deployment, "cluster-a", Instant.now(), new Command.VerifyArtifact("sandbox-node", "1.1.0")));
    Fact.ArtifactVerified verified = probe.awaitPayload(deployment, Fact.ArtifactVerified.class, WAIT);
    assertThat(verified).isEqualTo(new Fact.ArtifactVerified("sandbox-node", "1.1.0", digest,
        Files.size(file), key().keyIdFromComment()));
    TopicProbe.Seen seen = probe.await(s -> s.envelope() != null && deployment.equals(s.envelope().deploymentId()),
        WAIT);
    assertThat(seen.topic()).isEqualTo(Topics.EVENTS);
    assertThat(seen.key()).isEqualTo("cluster-a");
    assertThat(seen.envelope().causationId()).isNotNull();
  }

  @Test
  void uploadOfAnOpensslSignatureWithItsStatementAndAPublicReferenceRefused() throws Exception {
    Path keys = Path.of(ConfigProvider.getConfig().getValue("relay.test.keys", String.class));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "upload");
    Path file = TarGz.release(dir.resolve("sandbox-node-2.0.0.tar.gz"), "2.0.0");
    Path pem = keys.resolve(RegistryTestResource.HSM_ID + ".pem");
    dev.relay.artifact.testing.Tool.opensslSign(pem, file, Path.of(file + ".ed25519"));
    dev.relay.artifact.testing.Tool.run(dir, "bash", Path.of("sign-statement.sh").toAbsolutePath().toString(),
        file.toString(), "sandbox-node", "2.0.0", RegistryTestResource.HSM_ID, pem.toString());

    given().header("Authorization", TOKEN)
        .multiPart("file", file.toFile(), "application/gzip")
        .multiPart("ed25519", Path.of(file + ".ed25519").toFile(), "application/octet-stream")
        .multiPart("statement", Path.of(file + ".statement").toFile(), "text/plain")
        .multiPart("statementSignature", Path.of(file + ".statement.sig").toFile(), "application/octet-stream")
        .post("/artifacts").then().statusCode(201)
        .body("signatureFormat", equalTo("openssl"))
        .body("keyId", equalTo(RegistryTestResource.HSM_ID))
        .body("statement", equalTo(Files.readString(Path.of(file + ".statement"))));
    given().post("/artifacts/sandbox-node/2.0.0/verify").then().statusCode(200).body("verified", equalTo(true))
        .body("keyId", equalTo(RegistryTestResource.HSM_ID));

    String deployment = "dep-" + UUID.randomUUID();
    probe.send(Topics.ARTIFACT_COMMANDS, Envelope.of(deployment, "cluster-a", Instant.now(),
        new Command.VerifyArtifact("docker.io/library/sandbox-node", "2.0.0")));
    Fact.ArtifactRejected rejected = probe.awaitPayload(deployment, Fact.ArtifactRejected.class, WAIT);
    assertThat(rejected.reason()).startsWith("artifact 'docker.io/library/sandbox-node' names registry host"
        + " docker.io, a public registry,").contains("refused before any network call");
  }

  @Test
  void refusedUploadAnswers422WithTheReason() throws Exception {
    Path file = signedRelease("7.1.0");

    given().header("Authorization", TOKEN)
        .multiPart("file", file.toFile(), "application/gzip")
        .multiPart("signature", sig(file).toFile(), "application/octet-stream")
        .multiPart("name", "sandbox-node")
        .multiPart("version", "7.2.1")
        .when().post("/artifacts")
        .then().statusCode(422)
        .body("error", equalTo("trusted comment names version 7.1.0 but 7.2.1 was asked"));
    given().get("/artifacts/sandbox-node/7.2.1").then().statusCode(404);
    given().get("/artifacts/sandbox-node/7.1.0").then().statusCode(404);
  }

  @Test
  void theImportFolderWasImportedAtStartup() throws Exception {
    given().get("/artifacts/sandbox-node/1.0.0").then().statusCode(200)
        .body("keyId", equalTo(key().keyIdFromComment()));
    given().post("/artifacts/import-dir").then().statusCode(401);
    given().header("Authorization", TOKEN).post("/artifacts/import-dir").then().statusCode(200)
        .body("imported.size()", equalTo(0))
        .body("skipped", hasItem("sandbox-node-1.0.0.tar.gz"));
  }

  @Test
  void unknownVersionIsRejectedAndGarbageGoesToTheDeadLetterTopicWithoutStoppingConsumption() {
    String unknown = "dep-" + UUID.randomUUID();
    probe.send(Topics.ARTIFACT_COMMANDS,
        Envelope.of(unknown, "cluster-b", Instant.now(), new Command.VerifyArtifact("sandbox-node", "4.0.4")));
    Fact.ArtifactRejected rejected = probe.awaitPayload(unknown, Fact.ArtifactRejected.class, WAIT);
    assertThat(rejected.artifact()).isEqualTo("sandbox-node");
    assertThat(rejected.version()).isEqualTo("4.0.4");
    assertThat(rejected.reason()).startsWith("unknown artifact sandbox-node 4.0.4");

    String garbage = "not an envelope " + UUID.randomUUID();
    probe.sendRaw(Topics.ARTIFACT_COMMANDS, "cluster-b", garbage);
    String wrongType = "dep-" + UUID.randomUUID();
    probe.send(Topics.ARTIFACT_COMMANDS,
        Envelope.of(wrongType, "cluster-b", Instant.now(), new Fact.RebalanceComplete(100)));
    String after = "dep-" + UUID.randomUUID();
    probe.send(Topics.ARTIFACT_COMMANDS,
        Envelope.of(after, "cluster-b", Instant.now(), new Command.VerifyArtifact("sandbox-node", "1.0.0")));

    probe.await(s -> s.topic().equals(Topics.dlq(Topics.ARTIFACT_COMMANDS)) && s.raw().equals(garbage), WAIT);
    probe.await(s -> s.topic().equals(Topics.dlq(Topics.ARTIFACT_COMMANDS)) && s.envelope() != null
        && wrongType.equals(s.envelope().deploymentId()), WAIT);
    assertThat(DeadLetters.reasonOf(probe.bootstrap(), Topics.dlq(Topics.ARTIFACT_COMMANDS), garbage, WAIT))
        .contains("not a valid envelope");
    Fact.ArtifactVerified next = probe.awaitPayload(after, Fact.ArtifactVerified.class, WAIT);
    assertThat(next.version()).isEqualTo("1.0.0");
    assertThat(probe.envelopes(wrongType)).noneMatch(e -> e.payload() instanceof Fact.ArtifactVerified
        || e.payload() instanceof Fact.ArtifactRejected);
  }
}
