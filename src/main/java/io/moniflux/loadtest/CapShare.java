package io.moniflux.loadtest;

import org.bson.Document;
import org.springframework.data.mongodb.core.mapping.event.BeforeSaveCallback;
import org.springframework.stereotype.Component;

/**
 * What a running run takes of the caps, in two fields every write of a run stamps on its document:
 * {@code capRate}, the events per second it counts for ({@link Caps#rate}), and whether it counts at
 * all ({@code capHeld}: running, and not asked to stop). Each start checks the caps against every run
 * that holds a share; reading those two fields raw is what keeps a start cheap at 1,000 running tests,
 * where mapping 1,000 whole runs per start was the largest cost of the requests' threads in a profile.
 */
@Component
class CapShare implements BeforeSaveCallback<TestRun> {

    static final String RATE = "capRate";
    static final String HELD = "capHeld";

    @Override
    public TestRun onBeforeSave(TestRun run, Document document, String collection) {
        document.put(RATE, Caps.rate(run));
        document.put(HELD, run.status() == RunStatus.Running && run.stopRequest() == null);
        return run;
    }

    /** One run's share, as read back. */
    record Held(String testID, String userID, double rate) {
    }
}
