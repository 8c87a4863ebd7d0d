package dev.relay.node.traffic;

/**
 * One server's line of HAProxy's {@code show stat}: its status as HAProxy decides it and the counters Tier 2 reads.
 *
 * @param name the server name (= node id)
 * @param status "UP", "UP 1/2" (failing checks), "DOWN", "DOWN 1/2" (passing checks), "DRAIN", "MAINT", "no check"
 * @param checkStatus the last health check's result ("L7OK", "L4CON", "INI" before the first check, "" when none;
 *     HAProxy's "* " prefix for a check in progress is dropped)
 * @param scur current sessions
 * @param stot total sessions
 * @param responses HTTP responses (hrsp_1xx..hrsp_5xx and other)
 * @param hrsp5xx HTTP 5xx responses
 * @param econ connection errors to the server
 * @param eresp response errors (the server closed or failed mid-response)
 */
public record ServerStat(String name, String status, String checkStatus, long scur, long stot, long responses,
    long hrsp5xx, long econ, long eresp) {

  /** HAProxy prefixes the last result with "* " while the next check runs ("* L7OK"): that is still the result. */
  public ServerStat {
    checkStatus = checkStatus == null ? "" : checkStatus.startsWith("* ") ? checkStatus.substring(2) : checkStatus;
  }

  /** UP with its last check passed (or no check configured): HAProxy sends it new requests. */
  public boolean serving() {
    if (status.equals("no check")) {
      return true;
    }
    return status.equals("UP") && (checkStatus.startsWith("L7OK") || checkStatus.startsWith("L6OK")
        || checkStatus.startsWith("L4OK"));
  }

  /** Its own status is clean ("UP" or "DRAIN", not going down) and its last check passed. */
  public boolean checkPassed() {
    return (status.equals("UP") || status.equals("DRAIN")) && (checkStatus.startsWith("L7OK")
        || checkStatus.startsWith("L6OK") || checkStatus.startsWith("L4OK"));
  }

  public boolean maint() {
    return status.startsWith("MAINT");
  }

  public boolean drain() {
    return status.startsWith("DRAIN");
  }

  /** Errors Tier 2 counts against stability: 5xx answers, connection errors and response errors. */
  public long errors() {
    return hrsp5xx + econ + eresp;
  }

  public String describe() {
    return name + " " + status + (checkStatus.isEmpty() ? "" : " (" + checkStatus + ")") + ", " + scur + " sessions";
  }
}
