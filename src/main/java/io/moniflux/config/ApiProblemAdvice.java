package io.moniflux.config;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.annotation.JsonTypeName;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Problem details for what goes wrong before a controller runs: unreadable or mistyped JSON, unknown
 * fields, wrong method or media type, unknown paths, and anything unexpected. Messages are written
 * here rather than passed through from Jackson, which may quote the input (and an input may be a
 * secret).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = unreadable(ex.getCause());
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Every problem this handler builds, Spring's own included, gets a code. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            String code = ApiProblems.codeFor(statusCode.value());
            problem.setType(URI.create(ApiProblems.TYPE_PREFIX + code));
            problem.setProperty("code", code);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        if (ex instanceof ErrorResponse response) {
            return ApiProblems.of(response.getStatusCode(), "bad-request", response.getBody().getDetail());
        }
        log.error("Unexpected error while handling a request", ex);
        return ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "The request failed on the server; see the service log for details.");
    }

    private static ProblemDetail unreadable(Throwable cause) {
        if (cause instanceof InvalidTypeIdException typeId) {
            String field = path(typeId).isEmpty() ? "type" : path(typeId) + ".type";
            String message = typeId.getOriginalMessage();
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "unknown-type", message,
                    List.of(ApiProblems.error(field, "unknown-type", message)));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            JsonTypeName typed = unknown.getReferringClass() == null ? null : unknown.getReferringClass().getAnnotation(JsonTypeName.class);
            String message = typed != null && field.contains(".")
                    // a field of one type of a polymorphic object (a destination): it may belong to another type
                    ? unknown.getPropertyName() + " does not apply to " + field.substring(0, field.lastIndexOf('.')).replaceAll(".*\\.", "")
                            + " type '" + typed.value() + "'; it takes " + known
                    : "unknown field '" + field + "'" + (known.isEmpty() ? "" : "; known fields here: " + known);
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "unknown-field", message,
                    List.of(ApiProblems.error(field, "unknown-field", message)));
        }
        if (cause instanceof BoundedLists.TooManyItemsException tooMany) {
            String field = path(tooMany);
            String message = (field.isEmpty() ? "the body" : field) + " has more than " + tooMany.max()
                    + " entries; the cap is " + tooMany.max() + " per list or map (MONIFLUX_LIMITS_MAX_LIST_ITEMS)";
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "cap-exceeded", message,
                    List.of(ApiProblems.error(field, "cap-exceeded", message)));
        }
        if (cause instanceof InvalidNullException nullValue) {
            String field = path(nullValue);
            String message = field + " must not be null";
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "invalid-type", message,
                    List.of(ApiProblems.error(field, "invalid-type", message)));
        }
        if (cause instanceof ValueInstantiationException instantiation) {
            String field = path(instantiation);
            String reason = instantiation.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : "invalid value";
            String message = (field.isEmpty() ? "" : field + ": ") + reason;
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "invalid-value", message,
                    List.of(ApiProblems.error(field, "invalid-value", message)));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String message = field + " must be " + describe(mismatch.getTargetType());
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "invalid-type", message,
                    List.of(ApiProblems.error(field, "invalid-type", message)));
        }
        if (cause instanceof MismatchedInputException mismatch && String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
            return ApiProblems.of(HttpStatus.BAD_REQUEST, "malformed-json", "The request body has content after its JSON object.");
        }
        if (cause instanceof MismatchedInputException) {
            return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-body", "The request body must be a JSON object.");
        }
        if (cause instanceof StreamReadException duplicate && String.valueOf(duplicate.getOriginalMessage()).startsWith("Duplicate")) {
            return ApiProblems.of(HttpStatus.BAD_REQUEST, "duplicate-field", "The request body gives a field twice.");
        }
        if (cause instanceof InputCoercionException range) {
            String field = path(range);
            String message = (field.isEmpty() ? "a number" : field) + " is out of range";
            return ApiProblems.invalid(HttpStatus.BAD_REQUEST, "out-of-range", message,
                    List.of(ApiProblems.error(field, "out-of-range", message)));
        }
        if (cause instanceof StreamConstraintsException limits) {
            return ApiProblems.of(HttpStatus.BAD_REQUEST, "too-complex", "The request body is nested too deep or holds a value too long.");
        }
        if (cause instanceof StreamReadException read) {
            String where = read.getLocation() == null ? "" : " at line " + read.getLocation().getLineNr()
                    + ", column " + read.getLocation().getColumnNr();
            return ApiProblems.of(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not valid JSON" + where + ".");
        }
        if (cause == null) {
            return ApiProblems.of(HttpStatus.BAD_REQUEST, "missing-body", "The request needs a JSON body.");
        }
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "malformed-json", "The request body could not be read as JSON.");
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        // a value type over one string (a secret) is written as that string
        if (type == String.class || type.isRecord() && type.getRecordComponents().length == 1
                && type.getRecordComponents()[0].getType() == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
