package dev.rats.evidence.tdx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Takes a parsed quote apart and puts it together again with some parts replaced, recomputing every
 * length field (tdx.md §1.4). The unsigned parts (signature data) of a real quote can be changed
 * this way without a private key: its real signatures still verify as long as what they cover is
 * unchanged, which lets the binding and chain checks be exercised on real Intel data.
 */
final class QuoteSurgery {

    byte[] signed;
    byte[] signature;
    byte[] attestationKey;
    int certificationType = QuoteSignatureData.QE_REPORT_CERTIFICATION_DATA;
    byte[] qeReport;
    byte[] qeReportSignature;
    byte[] authData;
    int innerType = QuoteSignatureData.PCK_CERT_CHAIN;
    byte[] pem;
    byte[] trailing = new byte[0];

    static QuoteSurgery of(TdxQuote q) {
        QuoteSurgery s = new QuoteSurgery();
        QuoteSignatureData sd = q.signatureData();
        s.signed = q.signedBytes().toByteArray();
        s.signature = sd.signature().toByteArray();
        s.attestationKey = sd.attestationKey().toByteArray();
        s.qeReport = sd.qeReport().raw().toByteArray();
        s.qeReportSignature = sd.qeReportSignature().toByteArray();
        s.authData = sd.qeAuthData().toByteArray();
        s.pem = sd.pckChainPem().toByteArray();
        return s;
    }

    /**
     * The v4 quote {@code q} as a v5 quote with the given body type and declared size: header with
     * version 5, the 6-byte descriptor, the TD report 1.0 body and {@code extraBody}. The quote
     * signature no longer covers these bytes; for parser tests.
     */
    static QuoteSurgery v5(TdxQuote q, int bodyType, long declaredSize, byte[] extraBody) {
        QuoteSurgery s = of(q);
        byte[] header = q.header().raw().toByteArray();
        header[0] = 5;
        header[1] = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(u16(bodyType));
        out.writeBytes(u32(declaredSize));
        out.writeBytes(q.body().raw().toByteArray());
        out.writeBytes(extraBody);
        s.signed = out.toByteArray();
        return s;
    }

    byte[] build() {
        ByteArrayOutputStream qe = new ByteArrayOutputStream();
        qe.writeBytes(qeReport);
        qe.writeBytes(qeReportSignature);
        qe.writeBytes(u16(authData.length));
        qe.writeBytes(authData);
        qe.writeBytes(u16(innerType));
        qe.writeBytes(u32(pem.length));
        qe.writeBytes(pem);
        byte[] certification = qe.toByteArray();

        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        sig.writeBytes(signature);
        sig.writeBytes(attestationKey);
        sig.writeBytes(u16(certificationType));
        sig.writeBytes(u32(certification.length));
        sig.writeBytes(certification);
        byte[] signatureData = sig.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(signed);
        out.writeBytes(u32(signatureData.length));
        out.writeBytes(signatureData);
        out.writeBytes(trailing);
        return out.toByteArray();
    }

    static byte[] u16(int v) {
        return Arrays.copyOf(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array(), 2);
    }

    static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }
}
