package io.moniflux.coordination;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.moniflux.loadtest.PartProgress;
import io.moniflux.loadtest.RunParts;
import io.moniflux.loadtest.TestRun;

/** The parts of runs as coordination keeps them, for the lifecycle (a new run's parts) and the read model. */
@Component
class StoredRunParts implements RunParts {

    private final PartStore parts;
    private final Clock clock;

    StoredRunParts(PartStore parts, Clock clock) {
        this.parts = parts;
        this.clock = clock;
    }

    @Override
    public void forget(Collection<String> runIDs) {
        parts.deleteByRuns(runIDs);
    }

    @Override
    public void launch(TestRun run) {
        int workers = run.spec().workers();
        List<RunPart> ready = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            ready.add(RunPart.ready(run.runID(), run.testID(), i, workers, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }
        parts.insertAll(ready);
    }

    @Override
    public Map<String, List<PartProgress>> progress(Collection<TestRun> runs) {
        Map<String, List<PartProgress>> byRun = new LinkedHashMap<>();
        // looked up by id (run and index): the embedded server scans every part for a query by run
        List<String> ids = new ArrayList<>();
        for (TestRun run : runs) {
            for (int index = 0; index < run.spec().workers(); index++) {
                ids.add(RunPart.idOf(run.runID(), index));
            }
        }
        if (ids.isEmpty()) {
            return byRun;
        }
        parts.findByIds(ids).stream().sorted(Comparator.comparingInt(RunPart::index))
                .forEach(part -> byRun.computeIfAbsent(part.runID(), id -> new ArrayList<>()).add(part.progress()));
        return byRun;
    }
}
