package io.moniflux.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of destination options that several protocols share. */
final class Options {

    /** HTTP's token characters: what a header name may be made of. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers the protocol itself sets: a user value would corrupt the request or smuggle another. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "content-encoding",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection");

    private Options() {
    }

    static List<DestinationProblem> check(Destination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination.headers().size() > 32) {
            problems.add(new DestinationProblem("destination.headers", "at most 32 extra headers"));
        }
        for (Map.Entry<String, String> header : destination.headerValues().entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                problems.add(new DestinationProblem("destination.headers", "header name '" + printable(name)
                        + "' is not a valid HTTP header name"));
            } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add(new DestinationProblem("destination.headers." + name, name + " is set by MoniFlux itself"));
            } else if (value == null || value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f || c > 0xff)) {
                problems.add(new DestinationProblem("destination.headers." + name,
                        "header values must be at most 4096 characters, without line breaks or control characters"));
            }
        }
        if (destination.compression() != null && !Set.of("gzip", "none").contains(destination.compression())) {
            problems.add(new DestinationProblem("destination.compression", "compression must be gzip or none"));
        }
        Destination.Tls tls = destination.tls();
        if (tls != null && tls.caCertificate() != null) {
            if (tls.insecure()) {
                problems.add(new DestinationProblem("destination.tls", "give either caCertificate or insecureSkipVerify, not both"));
            } else {
                try {
                    certificates(tls.caCertificate());
                } catch (IllegalArgumentException e) {
                    problems.add(new DestinationProblem("destination.tls.caCertificate", e.getMessage()));
                }
            }
        }
        return problems;
    }

    /** The X.509 certificates of a PEM text. */
    static List<java.security.cert.Certificate> certificates(String pem) {
        if (pem.length() > 64 * 1024) {
            throw new IllegalArgumentException("caCertificate is larger than 64 KiB");
        }
        try {
            List<java.security.cert.Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("caCertificate holds no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("caCertificate is not a PEM X.509 certificate");
        }
    }

    private static String printable(String text) {
        return text == null ? "" : text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
