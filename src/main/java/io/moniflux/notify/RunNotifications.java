package io.moniflux.notify;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.moniflux.coordination.LiveReplicas;
import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.DestinationRefusedException;
import io.moniflux.delivery.GuardedHttp;
import io.moniflux.delivery.Secret;
import io.moniflux.loadtest.FollowUp;
import io.moniflux.loadtest.RunEnded;
import io.moniflux.loadtest.RunFollowUps;
import io.moniflux.loadtest.RunNotification;
import io.moniflux.loadtest.RunSnapshots;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.WebhookSpec;
import io.moniflux.verify.RunVerified;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a run's webhook when it ends — after its verification when it asked for one, so that the
 * summary holds it — retrying failed calls with backoff, and records every attempt on the run. The
 * replica that ended (or verified) the run calls; when that replica is gone before the call is
 * recorded, another makes it.
 */
@Component
class RunNotifications {

    private static final Logger log = LoggerFactory.getLogger(RunNotifications.class);

    private final TestQueries queries;
    private final RunFollowUps followUps;
    private final RunSnapshots snapshots;
    private final DeliveryCatalog catalog;
    private final NotifyProperties properties;
    private final LiveReplicas replicas;
    private final JsonMapper json;
    private final Clock clock;
    private final GuardedHttp http;

    RunNotifications(TestQueries queries, RunFollowUps followUps, RunSnapshots snapshots, DeliveryCatalog catalog,
            NotifyProperties properties, LiveReplicas replicas, JsonMapper json, Clock clock, GuardedHttp http) {
        this.queries = queries;
        this.followUps = followUps;
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.properties = properties;
        this.replicas = replicas;
        this.json = json;
        this.clock = clock;
        this.http = http;
    }

    @EventListener
    void onRunEnded(RunEnded ended) {
        TestRun run = queries.run(ended.testID(), ended.runID());
        if (call(run).isEmpty()) {
            return;
        }
        followUps.expect(run.runID(), FollowUp.NOTIFY, replicas.worker());
        if (run.spec().verify() == null) {
            notify(run);
        }
    }

    /** The verification is recorded (here): the call is this replica's now, wherever the run ended. */
    @EventListener
    void onRunVerified(RunVerified verified) {
        TestRun run = queries.run(verified.testID(), verified.runID());
        run.followUp(FollowUp.NOTIFY).ifPresent(worker -> {
            if (worker.equals(replicas.worker()) || followUps.takeOver(run.runID(), FollowUp.NOTIFY, worker, replicas.worker())) {
                notify(run);
            }
        });
    }

    /** Makes the calls that a replica which is gone left unmade, once the run's verification is done. */
    @Scheduled(fixedDelayString = "${moniflux.coordination.follow-up-interval:10s}")
    void takeOverOrphans() {
        try {
            replicas.takeOverOrphans(FollowUp.NOTIFY, run -> run.verification() == null || !run.verification().pending())
                    .forEach(this::notify);
        } catch (RuntimeException e) {
            log.warn("Could not look for webhook calls left unmade", e);
        }
    }

    /** The webhook to call about this run's end, if it has one that wants this event. */
    private Optional<WebhookSpec> call(TestRun run) {
        String event = RunSummary.event(run);
        return webhook(run).filter(webhook -> webhook.wanted().contains(event));
    }

    private void notify(TestRun ended) {
        Thread.ofVirtual().name("moniflux-notify-" + ended.runID()).start(() -> {
            try {
                TestRun run = queries.run(ended.testID(), ended.runID());
                Optional<WebhookSpec> webhook = call(run);
                if (webhook.isPresent()) {
                    followUps.recordNotification(run.runID(), deliver(webhook.get(), RunSummary.of(snapshots.of(run))));
                } else {
                    giveUp(run.runID()); // the default webhook was configured away meanwhile
                }
            } catch (RuntimeException e) {
                log.warn("Notifying about run {} failed", ended.runID(), e);
                giveUp(ended.runID()); // another replica would fail the same way
            }
        });
    }

    private void giveUp(String runID) {
        try {
            followUps.drop(runID, FollowUp.NOTIFY);
        } catch (RuntimeException e) {
            log.warn("Could not give up the webhook call about run {}; another replica may try it", runID, e);
        }
    }

    private Optional<WebhookSpec> webhook(TestRun run) {
        if (run.spec().webhook() != null) {
            return Optional.of(run.spec().webhook());
        }
        if (properties.defaultWebhook() == null || properties.defaultWebhook().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookSpec(Secret.of(properties.defaultWebhook()),
                properties.defaultFormat(), null));
    }

    RunNotification deliver(WebhookSpec webhook, RunSummary summary) {
        URI uri = URI.create(webhook.url().value());
        String body = json.writeValueAsString(webhook.slack() ? Map.of("text", summary.slackText()) : summary);
        List<RunNotification.Attempt> attempts = new ArrayList<>();
        Duration wait = properties.backoff();
        boolean delivered = false;
        for (int attempt = 1; attempt <= properties.maxAttempts() && !delivered; attempt++) {
            if (attempt > 1) {
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
            long started = System.nanoTime();
            Optional<DestinationProblem> refused = catalog.checkUrl("webhook.url", uri.toString());
            if (refused.isPresent()) {
                attempts.add(new RunNotification.Attempt(clock.instant(), null, refused.get().message(), 0));
                break; // the address policy will not change its mind
            }
            try {
                GuardedHttp.Answer answer = http.call(GuardedHttp.Call.post(uri, Map.of(), "application/json", body, null,
                        properties.timeout()));
                delivered = answer.success();
                attempts.add(new RunNotification.Attempt(clock.instant(), answer.status(), null, millis(started)));
            } catch (DestinationRefusedException e) {
                attempts.add(new RunNotification.Attempt(clock.instant(), null, e.getMessage(), millis(started)));
                break; // refused at connect time: the name resolves to an address the policy refuses now
            } catch (IOException e) {
                attempts.add(new RunNotification.Attempt(clock.instant(), null,
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), millis(started)));
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        log.info("Webhook for {} of {}: {} after {} attempt(s)", summary.event(), summary.runID(),
                delivered ? "delivered" : "not delivered", attempts.size());
        return new RunNotification(summary.event(), uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""),
                webhook.slack() ? "slack" : "json", delivered, attempts);
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
