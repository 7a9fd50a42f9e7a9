package io.moniflux.loadtest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A webhook call about a run, with every attempt it took.
 *
 * @param event     run.completed, run.failed, run.aborted, run.cancelled or capacity.finished
 * @param target    the webhook's host (its full URL is a secret)
 * @param delivered whether an attempt got a 2xx answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunNotification(String event, String target, String format, boolean delivered, List<Attempt> attempts) {

    /** One try: when, and the status it got or why it failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(Instant at, Integer status, String error, long millis) {
    }
}
