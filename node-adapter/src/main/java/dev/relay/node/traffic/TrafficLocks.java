package dev.relay.node.traffic;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One traffic change at a time per load balancer backend: a switch to blue that arrives while a switch to green runs
 * starts only when that one has ended (each still bounded by its own deadline). Two switchers interleaving could
 * drain both groups; serialized, each sees the other's end state.
 */
@ApplicationScoped
public class TrafficLocks {

  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

  public synchronized <T> CompletableFuture<T> serialize(String key, Supplier<CompletableFuture<T>> work) {
    CompletableFuture<Void> previous = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
    CompletableFuture<T> next = previous.thenCompose(v -> work.get());
    tails.put(key, next.handle((v, t) -> null));
    return next;
  }
}
