package dev.relay.gate.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.gate.table.GateTable;
import dev.relay.gate.table.GateTableException;
import dev.relay.gate.table.GateTableLoader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTableHolderTest {

  private final GateTable shipped =
      GateTableLoader.load(Path.of(System.getProperty("relay.gates-file", "infra-gates.csv")));

  @Test
  void builtinGatesWithoutUpstreamUrlsRefuseToStart() {
    GateSettings none = new GateSettings();
    none.nodeAdapterUrl = Optional.empty();
    none.artifactServiceUrl = Optional.of("http://localhost:1");
    assertThatThrownBy(() -> GateTableHolder.check(shipped, none))
        .isInstanceOf(GateTableException.class)
        .hasMessageContaining("Gate_ID cluster-health").hasMessageContaining("relay.node-adapter.url");
  }

  @Test
  void configuredUpstreamsAreAccepted() {
    GateSettings s = new GateSettings();
    s.nodeAdapterUrl = Optional.of("http://localhost:1");
    s.artifactServiceUrl = Optional.of("http://localhost:2");
    assertThatCode(() -> GateTableHolder.check(shipped, s)).doesNotThrowAnyException();
  }

  @Test
  void theTwelveGateTableNamesEverySettingItLacks() {
    GateSettings s = new GateSettings();
    s.nodeAdapterUrl = Optional.of("http://localhost:1");
    GateTable twelve = GateTableLoader.load(Path.of("infra-gates.csv"), GateTableHolder.rules(s));
    assertThatThrownBy(() -> GateTableHolder.check(twelve, s))
        .isInstanceOf(GateTableException.class)
        .hasMessageContaining("Gate_ID artifact-signature) needs relay.artifact-service.url")
        .hasMessageContaining("Gate_ID key-persistence) needs relay.company-key.fingerprint")
        .hasMessageContaining("Gate_ID message-bus) needs kafka.bootstrap.servers")
        .hasMessageContaining("Gate_ID compliance-lock) needs relay.compliance-watcher.url");
  }

  @Test
  void theTwelveGateTableRefusesToLoadWithoutTheNodeAdapterUrlItsHttpGateUses() {
    GateSettings s = new GateSettings();
    assertThatThrownBy(() -> GateTableLoader.load(Path.of("infra-gates.csv"), GateTableHolder.rules(s)))
        .isInstanceOf(GateTableException.class)
        .hasMessageContaining("Gate_ID version-converged").hasMessageContaining("relay.node-adapter.url is not configured");
  }
}
