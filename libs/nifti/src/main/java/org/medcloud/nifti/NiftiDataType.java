package org.medcloud.nifti;

/** NIfTI-1 voxel data types this library reads and writes. */
public enum NiftiDataType {
    UINT8(2, 8), INT16(4, 16), INT32(8, 32), FLOAT32(16, 32), FLOAT64(64, 64), INT8(256, 8), UINT16(512, 16),
    UINT32(768, 32);

    public final int code;
    public final int bitpix;

    NiftiDataType(int code, int bitpix) {
        this.code = code;
        this.bitpix = bitpix;
    }

    public int bytes() {
        return bitpix / 8;
    }

    public static NiftiDataType ofCode(int code) {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new NiftiException("unsupported NIfTI datatype " + code);
    }

    /** numpy dtype names as MONAI Label's {@code result_dtype} uses them. */
    public static NiftiDataType ofNumpyName(String name) {
        switch (name) {
            case "uint8": return UINT8;
            case "int8": return INT8;
            case "int16": return INT16;
            case "uint16": return UINT16;
            case "int32": return INT32;
            case "uint32": return UINT32;
            case "float32": return FLOAT32;
            case "float64": return FLOAT64;
            default: throw new NiftiException("unsupported dtype " + name);
        }
    }
}
