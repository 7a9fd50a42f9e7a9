package io.moniflux.loadtest.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.moniflux.config.ApiProblems;
import io.moniflux.loadtest.InvalidTestException;
import io.moniflux.loadtest.RunNotFoundException;
import io.moniflux.loadtest.TestConflictException;
import io.moniflux.loadtest.TestNotFoundException;

/** Problem details for the load test lifecycle's own refusals. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LoadTestProblemAdvice {

    @ExceptionHandler
    ProblemDetail notFound(TestNotFoundException e) {
        ProblemDetail problem = ApiProblems.of(HttpStatus.NOT_FOUND, "test-not-found", e.getMessage());
        problem.setTitle("Test not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail runNotFound(RunNotFoundException e) {
        ProblemDetail problem = ApiProblems.of(HttpStatus.NOT_FOUND, "run-not-found", e.getMessage());
        problem.setTitle("Run not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidTestException e) {
        List<Map<String, String>> errors = e.violations().stream()
                .map(v -> ApiProblems.error(v.field(), v.code(), v.message())).toList();
        String code = e.violations().size() == 1 ? e.violations().getFirst().code() : "invalid-test";
        return ApiProblems.invalid(HttpStatus.BAD_REQUEST, code, e.getMessage(), errors);
    }

    @ExceptionHandler
    ProblemDetail conflict(TestConflictException e) {
        ProblemDetail problem = ApiProblems.of(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
        problem.setTitle("Not allowed in the test's current state");
        return problem;
    }
}
