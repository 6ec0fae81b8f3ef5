package org.medcloud.inference.monai;

/** What /infer/{model}?output=all returned: the result JSON exactly as sent, and the mask file. */
public record InferReply(String resultJson, byte[] mask, String maskFileName) {
}
