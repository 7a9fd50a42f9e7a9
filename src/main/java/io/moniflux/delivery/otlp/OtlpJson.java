package io.moniflux.delivery.otlp;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * OTLP/JSON: protobuf's own JSON mapping (lowerCamelCase names, 64-bit integers as strings) with the
 * two deviations the OTLP specification makes — enums as integers, and trace and span ids as hex
 * instead of base64.
 */
final class OtlpJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().printingEnumsAsInts()
            .omittingInsignificantWhitespace();
    private static final Pattern IDS = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");

    private OtlpJson() {
    }

    static String print(Message message) {
        try {
            String json = PRINTER.print(message);
            Matcher ids = IDS.matcher(json);
            return ids.replaceAll(match -> "\"" + match.group(1) + "\":\""
                    + HexFormat.of().formatHex(Base64.getDecoder().decode(match.group(2))) + "\"");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print an OTLP message as JSON", e);
        }
    }
}
