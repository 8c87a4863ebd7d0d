package dev.relay.compliance.state;

import dev.relay.compliance.lock.HeldLock;
import java.util.List;

/**
 * What a read of compliance.locks found.
 *
 * @param locks the held locks (unreadable records included as global UNREADABLE locks)
 * @param records how many records were read, tombstones included
 * @param problems one line per unreadable record: partition, offset, key and reason
 */
public record RestoredState(List<HeldLock> locks, long records, List<String> problems) {}
