package io.moniflux.config;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with a stable machine-readable {@code code} beside the sentence a person
 * reads, so that clients switch on the code and people read the detail.
 */
public final class ApiProblems {

    public static final String TYPE_PREFIX = "https://moniflux.io/problems/";

    private ApiProblems() {
    }

    /** The code of a problem nothing more specific names: by its status alone. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> status >= 500 ? "server-error" : "bad-request";
        };
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setProperty("code", code);
        return problem;
    }

    /** A problem listing every field at fault: {@code errors: [{field, code, message}]}. */
    public static ProblemDetail invalid(HttpStatusCode status, String code, String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = of(status, code, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    public static Map<String, String> error(String field, String code, String message) {
        return Map.of("field", field, "code", code, "message", message);
    }
}
