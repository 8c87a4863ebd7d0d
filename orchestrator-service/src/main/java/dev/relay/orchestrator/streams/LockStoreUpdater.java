package dev.relay.orchestrator.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global lock store equal to compliance.locks: a value holds the lock, a tombstone releases it. */
final class LockStoreUpdater implements Processor<String, String, Void, Void> {

  private KeyValueStore<String, String> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(SagaStores.LOCKS);
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
