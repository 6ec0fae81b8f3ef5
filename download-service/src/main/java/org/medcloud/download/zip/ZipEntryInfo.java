package org.medcloud.download.zip;

/**
 * Where one entry lies in the archive and what it holds, as read from the stream.
 *
 * @param localHeaderOffset offset of the local file header signature in the archive
 * @param dataOffset        offset of the first (compressed) data byte, just after the local header
 * @param method            0 stored, 8 deflated
 * @param crc32             CRC-32 of the uncompressed data (computed, and checked against the archive)
 */
public record ZipEntryInfo(String name, long localHeaderOffset, long dataOffset, long compressedSize,
                           long uncompressedSize, int method, long crc32) {
}
