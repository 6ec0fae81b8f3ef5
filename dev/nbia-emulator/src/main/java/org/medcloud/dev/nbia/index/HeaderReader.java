package org.medcloud.dev.nbia.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Reads the header values the index needs (keyword -> string), never the pixel data. */
@FunctionalInterface
public interface HeaderReader {
    Map<String, String> read(Path file) throws IOException;
}
