package dev.relay.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The installation's cluster profiles, read from a JSON file ({@code {"clusters":[...]}}) shared by the services
 * that need it. Checked on load: a profile without id, plan or nodes, or with a duplicate id, is refused by name.
 */
public record ClusterRegistry(List<ClusterProfile> clusters) {

  public ClusterRegistry {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    Set<String> ids = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < clusters.size(); i++) {
      ClusterProfile c = clusters.get(i);
      String where = "cluster #" + (i + 1) + (c.id() == null ? "" : " '" + c.id() + "'");
      if (c.id() == null || c.id().isBlank()) problems.add(where + ": missing id");
      else if (!ids.add(c.id())) problems.add(where + ": duplicate id");
      if (c.plan() == null || c.plan().isBlank()) problems.add(where + ": missing plan");
      if (c.nodes() == null || c.nodes().isEmpty()) problems.add(where + ": no nodes");
      else {
        Set<String> nodeIds = new HashSet<>();
        for (ClusterProfile.Node n : c.nodes()) {
          if (n.id() == null || n.id().isBlank()) problems.add(where + ": a node without id");
          else if (!nodeIds.add(n.id())) problems.add(where + ": duplicate node " + n.id());
          if (n.url() == null || n.url().isBlank()) problems.add(where + ": node " + n.id() + " has no url");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cluster profiles refused: " + String.join("; ", problems));
    }
  }

  public static ClusterRegistry load(Path file) {
    try {
      ObjectMapper mapper = Messages.mapper();
      return mapper.readValue(Files.readString(file), ClusterRegistry.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read cluster profiles from " + file + ": " + e.getMessage(), e);
    }
  }

  public void save(Path file) throws IOException {
    Files.writeString(file, Messages.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
  }

  public Optional<ClusterProfile> find(String id) {
    return clusters.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
