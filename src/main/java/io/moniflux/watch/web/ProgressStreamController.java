package io.moniflux.watch.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.moniflux.config.ApiProblems;
import io.moniflux.loadtest.VisibleTests;
import io.moniflux.watch.ProgressStreams;
import io.moniflux.security.Caller;
import io.moniflux.watch.TooManyStreamsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Live progress and reports")
class ProgressStreamController {

    private final VisibleTests tests;
    private final ProgressStreams streams;

    ProgressStreamController(VisibleTests tests, ProgressStreams streams) {
        this.tests = tests;
        this.streams = streams;
    }

    @GetMapping(path = "/tests/{testID}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: a 'progress' event a second while the test runs (per signal target and "
            + "achieved rate, sent, failed, missed, p50/p99 latency), 'waiting' before its run starts, and an 'end' "
            + "event with the final results, after which the stream closes")
    @ApiResponse(responseCode = "200", description = "The stream")
    @ApiResponse(responseCode = "404", description = "No such test")
    @ApiResponse(responseCode = "429", description = "The caller holds as many streams open as a user may (cap-exceeded)")
    @ApiResponse(responseCode = "503", description = "This replica serves as many streams as it may")
    SseEmitter stream(@PathVariable String testID) {
        tests.get(testID);
        return streams.open(testID, Caller.current().userID());
    }

    @ExceptionHandler
    ProblemDetail tooMany(TooManyStreamsException e) {
        if (e.perUser()) {
            return ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, "cap-exceeded", e.getMessage());
        }
        return ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", e.getMessage());
    }
}
