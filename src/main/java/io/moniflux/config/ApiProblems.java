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
