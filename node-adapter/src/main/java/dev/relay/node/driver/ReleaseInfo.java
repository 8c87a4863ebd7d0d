package dev.relay.node.driver;

/**
 * A release on a node, as its driver knows it.
 *
 * @param version the release's version
 * @param digest {@code sha256:<hex>} of the archive it came from
 * @param location where the driver keeps it (for the sandbox: the release folder)
 */
public record ReleaseInfo(String version, String digest, String location) {}
