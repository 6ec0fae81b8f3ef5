package org.medcloud.storage.spi;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Argument checks and small helpers shared by the providers. */
public final class StorageSupport {

    private static final Pattern METADATA_KEY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_KEY_LENGTH = 1024;

    private StorageSupport() {
    }

    public static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("object key longer than " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    /**
     * Checks user metadata against the rules both providers accept: keys {@code [a-z][a-z0-9_]*}
     * (upper case is lower-cased), values printable US-ASCII. Returns a sorted copy.
     */
    public static Map<String, String> normalizeMetadata(Map<String, String> metadata) {
        Map<String, String> out = new TreeMap<>();
        if (metadata == null) {
            return out;
        }
        metadata.forEach((k, v) -> {
            String key = k == null ? "" : k.toLowerCase(Locale.ROOT);
            if (!METADATA_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("metadata key '" + k + "' must match [a-z][a-z0-9_]*");
            }
            if (v == null) {
                throw new IllegalArgumentException("metadata value for '" + k + "' is null");
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("metadata value for '" + k + "' must be printable US-ASCII");
                }
            }
            out.put(key, v);
        });
        return out;
    }

    /** Metadata as read back from a provider: keys lower-cased. */
    public static Map<String, String> lowerCaseKeys(Map<String, String> metadata) {
        Map<String, String> out = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return out;
    }

    public static void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("range offset must be >= 0, was " + offset);
        }
        if (length <= 0) {
            throw new IllegalArgumentException("range length must be > 0, was " + length);
        }
    }

    /** ETag without surrounding quotes. */
    public static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Walks the cause chain for an exception of the given type. */
    public static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** The root cause's message, for error messages. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
