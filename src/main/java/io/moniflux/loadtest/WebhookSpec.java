package io.moniflux.loadtest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.delivery.Secret;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where to say that a run ended.
 *
 * @param url    the webhook, POSTed a JSON summary; a secret (a Slack webhook's path is its key): stored
 *               encrypted and shown as ****
 * @param format json (the summary) or slack (a Slack-compatible {"text": ...} body)
 * @param events which ends to report: run.completed, run.failed, run.aborted, run.cancelled,
 *               capacity.finished; all but run.cancelled when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A webhook called when a run ends")
public record WebhookSpec(
        @Schema(type = "string", example = "https://hooks.slack.com/services/T000/B000/XXXX") Secret url,
        @Schema(example = "slack") String format,
        List<String> events) {

    public static final List<String> EVENTS = List.of("run.completed", "run.failed", "run.aborted", "run.cancelled",
            "capacity.finished");
    public static final List<String> DEFAULT_EVENTS = List.of("run.completed", "run.failed", "run.aborted", "capacity.finished");

    public List<String> wanted() {
        return events == null || events.isEmpty() ? DEFAULT_EVENTS : events;
    }

    public boolean slack() {
        return "slack".equalsIgnoreCase(format);
    }
}
