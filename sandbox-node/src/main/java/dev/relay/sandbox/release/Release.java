package dev.relay.sandbox.release;

import java.nio.file.Path;

/**
 * One unpacked release on a node's disk.
 *
 * @param version from its VERSION file
 * @param digest from its DIGEST file (null if the installer never wrote one)
 * @param dir the release folder ({@code releases/<version>-<hex12>})
 */
public record Release(String version, String digest, Path dir) {}
