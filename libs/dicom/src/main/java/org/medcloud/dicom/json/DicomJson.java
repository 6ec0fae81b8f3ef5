package org.medcloud.dicom.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.medcloud.dicom.DicomElement;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Fragments;
import org.medcloud.dicom.Tags;
import org.medcloud.dicom.VR;
import org.medcloud.dicom.Values;

/** DICOM JSON Model writer (PS3.18 Annex F), streaming. */
public final class DicomJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private DicomJson() {}

    /** Writes one data set as a JSON object (group lengths and file meta are omitted). The stream is not closed. */
    public static void write(DicomObject o, OutputStream out, BulkDataPolicy policy) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeObject(g, o, policy, new int[0]);
        }
    }

    /** Writes a JSON array of data sets (a QIDO/WADO metadata response). The stream is not closed. */
    public static void writeArray(List<DicomObject> objects, OutputStream out, BulkDataPolicy policy) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartArray();
            for (DicomObject o : objects) writeObject(g, o, policy, new int[0]);
            g.writeEndArray();
        }
    }

    /** Writes to an existing generator (for embedding in a larger document). */
    public static void writeObject(JsonGenerator g, DicomObject o, BulkDataPolicy policy, int[] path) throws IOException {
        g.writeStartObject();
        for (DicomElement e : o) {
            if ((e.tag() & 0xFFFF) == 0 || (e.tag() >>> 16) == 0x0002) continue;
            int[] p = Arrays.copyOf(path, path.length + 1);
            p[path.length] = e.tag();
            g.writeFieldName(Tags.toHex(e.tag()));
            writeElement(g, e, o, policy, p);
        }
        g.writeEndObject();
    }

    private static void writeElement(JsonGenerator g, DicomElement e, DicomObject owner, BulkDataPolicy policy, int[] path) throws IOException {
        g.writeStartObject();
        VR vr = e.vr();
        g.writeStringField("vr", vr.name());
        if (e.isSequence()) {
            if (!e.items().isEmpty()) {
                g.writeArrayFieldStart("Value");
                int i = 0;
                for (DicomObject item : e.items()) {
                    int[] p = Arrays.copyOf(path, path.length + 1);
                    p[path.length] = i++;
                    writeObject(g, item, policy, p);
                }
                g.writeEndArray();
            }
        } else if (e.fragments() != null || e.bytes() == null || vr.isBulk()) {
            String uri = policy.bulkDataUri(e, path);
            if (uri != null) {
                g.writeStringField("BulkDataURI", uri);
            } else if (e.bytes() != null && e.bytes().length > 0) {
                g.writeFieldName("InlineBinary");
                byte[] le = littleEndian(e);
                g.writeBinary(le);
            } else if (e.fragments() != null) {
                Fragments f = e.fragments();
                int n = 0;
                for (byte[] b : f.fragments()) n += b.length;
                byte[] all = new byte[n];
                int k = 0;
                for (byte[] b : f.fragments()) { System.arraycopy(b, 0, all, k, b.length); k += b.length; }
                g.writeFieldName("InlineBinary");
                g.writeBinary(all);
            }
        } else if (e.bytes().length > 0) {
            writeValues(g, e, owner);
        }
        g.writeEndObject();
    }

    private static byte[] littleEndian(DicomElement e) {
        byte[] b = e.bytes();
        int w = e.vr().binaryWidth();
        if (!e.isBigEndian() || w <= 1) return b;
        byte[] r = b.clone();
        for (int i = 0; i + w <= r.length; i += w) {
            for (int j = 0; j < w / 2; j++) {
                byte t = r[i + j];
                r[i + j] = r[i + w - 1 - j];
                r[i + w - 1 - j] = t;
            }
        }
        return r;
    }

    private static void writeValues(JsonGenerator g, DicomElement e, DicomObject owner) throws IOException {
        VR vr = e.vr();
        g.writeArrayFieldStart("Value");
        switch (vr) {
            case PN:
                for (String v : Values.strings(e, owner)) {
                    if (v.isEmpty()) { g.writeNull(); continue; }
                    String[] groups = v.split("=", -1);
                    g.writeStartObject();
                    String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
                    for (int i = 0; i < groups.length && i < 3; i++) {
                        String s = groups[i];
                        if (!s.isEmpty()) g.writeStringField(names[i], s);
                    }
                    g.writeEndObject();
                }
                break;
            case IS: case DS:
                for (String v : Values.strings(e, owner)) {
                    String t = v.trim();
                    if (t.isEmpty()) { g.writeNull(); continue; }
                    try {
                        if (vr == VR.IS) g.writeNumber(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
                        else g.writeNumber(new BigDecimal(t.startsWith("+") ? t.substring(1) : t));
                    } catch (NumberFormatException nfe) {
                        g.writeString(t); // not a number: keep the text rather than lose it
                    }
                }
                break;
            case FL: case FD: {
                ByteBuffer bb = ByteBuffer.wrap(e.bytes()).order(e.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                int n = e.bytes().length / (vr == VR.FL ? 4 : 8);
                for (int i = 0; i < n; i++) {
                    double d = vr == VR.FL ? bb.getFloat() : bb.getDouble();
                    if (Double.isNaN(d) || Double.isInfinite(d)) g.writeString(Double.toString(d));
                    else if (vr == VR.FL) g.writeNumber(Float.toString((float) d));
                    else g.writeNumber(d);
                }
                break;
            }
            case SS: case US: case SL: case UL: case SV: case UV:
                for (String v : Values.strings(e, owner)) g.writeNumber(new java.math.BigInteger(v));
                break;
            case AT:
                for (String v : Values.strings(e, owner)) g.writeString(v);
                break;
            default:
                for (String v : Values.strings(e, owner)) {
                    if (v.isEmpty()) g.writeNull();
                    else g.writeString(v);
                }
        }
        g.writeEndArray();
    }
}
