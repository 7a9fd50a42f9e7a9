package io.moniflux.results;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.stereotype.Component;

import io.moniflux.config.StoredTypes;

/**
 * How results' typed values are stored. End reasons are small documents tagged by {@code kind}
 * ({@code {"kind": "threshold-aborted", "threshold": ..., "value": ..., "second": ...}}), so that stored
 * runs do not depend on class names. Runs written before reasons and verification statuses were typed
 * kept them as text, which is read back too.
 */
@Component
class ResultsStorage implements StoredTypes {

    private static final Pattern BREACH = Pattern.compile("threshold breached: (.*) was (\\S+) at second (\\d+)");

    @Override
    public List<Object> converters() {
        return List.of(new Writing(), new Reading(), new ReadingText(), new ReadingStatus());
    }

    @WritingConverter
    static final class Writing implements Converter<EndReason, Document> {
        @Override
        public Document convert(EndReason reason) {
            return switch (reason) {
                case EndReason.Completed r -> kind("completed");
                case EndReason.CapacityFound r -> kind("capacity-found");
                case EndReason.Cancelled r -> kind("cancelled");
                case EndReason.Restarted r -> kind("restarted");
                case EndReason.Shutdown r -> kind("shutdown");
                case EndReason.LeaseLost r -> kind("lease-lost");
                case EndReason.Failed r -> kind("failed").append("cause", r.cause());
                case EndReason.ThresholdsFailed r -> kind("thresholds-failed").append("failed", r.failed());
                case EndReason.ThresholdAborted r -> kind("threshold-aborted").append("threshold", r.threshold())
                        .append("value", r.value()).append("second", r.second());
            };
        }

        private static Document kind(String kind) {
            return new Document("kind", kind);
        }
    }

    @ReadingConverter
    static final class Reading implements Converter<Document, EndReason> {
        @Override
        public EndReason convert(Document stored) {
            String kind = stored.getString("kind");
            return switch (kind == null ? "" : kind) {
                case "completed" -> EndReason.COMPLETED;
                case "capacity-found" -> EndReason.CAPACITY_FOUND;
                case "cancelled" -> EndReason.CANCELLED;
                case "restarted" -> EndReason.RESTARTED;
                case "shutdown" -> EndReason.SHUTDOWN;
                case "lease-lost" -> EndReason.LEASE_LOST;
                case "thresholds-failed" -> new EndReason.ThresholdsFailed(new ArrayList<>(stored.getList("failed", String.class)));
                case "threshold-aborted" -> new EndReason.ThresholdAborted(stored.getString("threshold"),
                        ((Number) stored.get("value")).doubleValue(), ((Number) stored.get("second")).longValue());
                default -> new EndReason.Failed(String.valueOf(stored.getString("cause")));
            };
        }
    }

    /** A reason stored as text, before reasons were typed. */
    @ReadingConverter
    static final class ReadingText implements Converter<String, EndReason> {
        @Override
        public EndReason convert(String text) {
            Matcher breach = BREACH.matcher(text);
            if (breach.matches()) {
                return new EndReason.ThresholdAborted(breach.group(1), Double.parseDouble(breach.group(2)),
                        Long.parseLong(breach.group(3)));
            }
            return switch (text) {
                case "cancelled", "stopped" -> EndReason.CANCELLED;
                case "restarted" -> EndReason.RESTARTED;
                case "capacity search finished" -> EndReason.CAPACITY_FOUND;
                case "shutdown" -> EndReason.SHUTDOWN;
                case "lease-lost" -> EndReason.LEASE_LOST;
                default -> text.startsWith("thresholds failed: ")
                        ? new EndReason.ThresholdsFailed(List.of(text.substring("thresholds failed: ".length()).split("; ")))
                        : new EndReason.Failed(text.startsWith("failed: ") ? text.substring("failed: ".length()) : text);
            };
        }
    }

    /** A verification status by its constant's name, or by the text statuses had before they were typed. */
    @ReadingConverter
    static final class ReadingStatus implements Converter<String, Verification.Status> {
        @Override
        public Verification.Status convert(String text) {
            for (Verification.Status status : Verification.Status.values()) {
                if (status.name().equals(text) || status.key().equals(text)) {
                    return status;
                }
            }
            return Verification.Status.NOT_VERIFIABLE; // partly-verified, which said too little to map
        }
    }
}
