package io.moniflux.loadtest.web;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.moniflux.loadtest.InvalidTestException;
import io.moniflux.loadtest.LiveRates;
import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunSnapshots;
import io.moniflux.loadtest.Schedule;
import io.moniflux.loadtest.Schedules;
import io.moniflux.loadtest.TestDeletion;
import io.moniflux.loadtest.TestDraft;
import io.moniflux.loadtest.TestFilter;
import io.moniflux.loadtest.TestLifecycle;
import io.moniflux.loadtest.TestPage;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.results.TimelinePoint;
import io.moniflux.security.Audit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The Go service's API, path for path and field for field, and the run history beside it. */
@RestController
@Tag(name = "Load tests", description = "Create, start, restart, schedule and cancel load tests")
class LoadTestController {

    static final String TOTAL_COUNT = "X-Total-Count";
    private static final int MAX_PAGE_SIZE = 500;

    private final TestLifecycle lifecycle;
    private final LiveRates liveRates;
    private final TestQueries queries;
    private final RunSnapshots snapshots;
    private final TestDeletion deletion;
    private final Access access;
    private final Clock clock;

    LoadTestController(TestLifecycle lifecycle, LiveRates liveRates, TestQueries queries, RunSnapshots snapshots,
            TestDeletion deletion, Access access, Clock clock) {
        this.deletion = deletion;
        this.lifecycle = lifecycle;
        this.liveRates = liveRates;
        this.queries = queries;
        this.snapshots = snapshots;
        this.access = access;
        this.clock = clock;
    }

    @PostMapping("/create-test")
    @Operation(summary = "Create a test in status Pending (or Scheduled when schedule is given)")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "Invalid definition, or a test with this testID exists")
    ResponseEntity<TestView> create(@RequestBody TestRequest request) {
        Schedule schedule = request.hasSchedule() ? scheduleOf(request) : null;
        Audit.testID(request.testID());
        TestView created = TestView.of(lifecycle.create(access.owned(request.draft()), schedule));
        return ResponseEntity.created(URI.create("/tests/" + created.testID())).body(created);
    }

    @PostMapping("/start-test")
    @Operation(summary = "Create or update a test, then start a new run of it")
    @ApiResponse(responseCode = "200", description = "Started")
    @ApiResponse(responseCode = "400", description = "Invalid definition, or the test is already running")
    TestView start(@RequestBody TestRequest request) {
        refuseSchedule(request, "start-test");
        access.ifExists(request.testID());
        TestDraft draft = request.testID() != null && lifecycle.exists(request.testID())
                ? withUser(request.draft(), access.test(request.testID())) : request.draft();
        return TestView.of(lifecycle.start(access.owned(draft)));
    }

    @PostMapping("/restart-test")
    @Operation(summary = "Stop the current run if any and start a new run with the fields given")
    @ApiResponse(responseCode = "200", description = "Restarted")
    @ApiResponse(responseCode = "400", description = "Invalid fields, or the test cannot be restarted")
    @ApiResponse(responseCode = "404", description = "No such test")
    TestView restart(@RequestBody TestRequest request) {
        requireTestId(request.testID());
        refuseSchedule(request, "restart-test");
        LoadTest test = access.test(request.testID());
        return TestView.of(lifecycle.restart(access.owned(withUser(request.draft(), test))));
    }

    @PostMapping("/schedule-test")
    @Operation(summary = "Schedule a test at a future instant, or on a cron expression")
    @ApiResponse(responseCode = "200", description = "Scheduled")
    @ApiResponse(responseCode = "400", description = "Invalid or past schedule, or the test is running")
    TestView schedule(@RequestBody TestRequest request) {
        requireTestId(request.testID());
        Schedule schedule = scheduleOf(request);
        access.ifExists(request.testID());
        TestDraft draft = lifecycle.exists(request.testID()) ? withUser(request.draft(), access.test(request.testID())) : request.draft();
        return TestView.of(lifecycle.schedule(access.owned(draft), schedule));
    }

    @PostMapping("/cancel-test")
    @Operation(summary = "Stop a running test, keeping its partial results, or call off a scheduled one")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    @ApiResponse(responseCode = "400", description = "The test is neither running nor scheduled")
    @ApiResponse(responseCode = "404", description = "No such test")
    TestView cancel(@RequestBody CancelRequest request) {
        requireTestId(request.testID());
        access.test(request.testID());
        return TestView.of(lifecycle.cancel(request.testID()));
    }

    @GetMapping("/tests")
    @Operation(summary = "List tests, newest first; the total is in the X-Total-Count header")
    ResponseEntity<List<TestView>> list(
            @Parameter(description = "Pending, Scheduled, Running, Completed, Cancelled or Failed") @RequestParam(required = false) String status,
            @RequestParam(required = false) String userID,
            @Parameter(description = "Only tests whose id contains this text, case-insensitively") @RequestParam(required = false) String idContains,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") String page,
            @Parameter(description = "Tests per page, at most 500") @RequestParam(defaultValue = "50") String size) {
        int pageNumber = number("page", page, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = number("size", size, 1, MAX_PAGE_SIZE);
        TestStatus wanted = status(status);
        if (!access.mayList(blankToNull(userID))) {
            return ResponseEntity.ok().header(TOTAL_COUNT, "0").body(List.of());
        }
        String contains = blankToNull(idContains);
        if (contains != null && (contains.length() > 128 || contains.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidTestException("idContains", "invalid-parameter", "idContains must be at most 128 characters without control characters");
        }
        TestPage result = queries.list(new TestFilter(wanted, access.listedUser(blankToNull(userID)), contains), pageNumber, pageSize);
        return ResponseEntity.status(HttpStatus.OK)
                .header(TOTAL_COUNT, Long.toString(result.total()))
                .body(result.tests().stream().map(TestView::of).toList());
    }

    @GetMapping("/tests/{testID}")
    @Operation(summary = "One test, with the live progress of its current run and a summary of its runs")
    @ApiResponse(responseCode = "404", description = "No such test")
    TestDetailsView get(@PathVariable String testID) {
        LoadTest test = access.test(testID);
        List<RunSnapshot> runs = snapshots.of(queries.runs(testID));
        RunView progress = runs.stream().filter(run -> run.run().runID().equals(test.currentRunId())).findFirst()
                .map(RunView::of).orElse(null);
        return new TestDetailsView(TestView.of(test), progress, runs.stream().map(RunSummaryView::of).toList());
    }

    @GetMapping("/tests/{testID}/runs")
    @Operation(summary = "The runs of a test, newest first, with their results")
    List<RunView> runs(@PathVariable String testID) {
        access.test(testID);
        return snapshots.of(queries.runs(testID)).stream().map(RunView::of).toList();
    }

    @GetMapping("/tests/{testID}/runs/{runID}")
    @Operation(summary = "One run of a test with its results")
    RunView run(@PathVariable String testID, @PathVariable String runID) {
        access.test(testID);
        return RunView.of(snapshots.of(queries.run(testID, runID)));
    }

    @GetMapping("/tests/{testID}/runs/{runID}/timeline")
    @Operation(summary = "Per-second timeline of a run: target, attempted, sent, failed, missed and latency per signal")
    List<TimelinePoint> timeline(@PathVariable String testID, @PathVariable String runID) {
        access.test(testID);
        return queries.timeline(testID, runID);
    }

    @DeleteMapping("/tests/{testID}")
    @Operation(summary = "Delete a test with its runs and timelines; not while it runs or is scheduled (cancel it first)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "The test is running or scheduled")
    @ApiResponse(responseCode = "404", description = "No such test")
    ResponseEntity<Void> delete(@PathVariable String testID) {
        access.test(testID);
        deletion.delete(testID);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/tests/{testID}/rates")
    @Operation(summary = "Change the rates of a running test without restarting it: each rate given holds from now "
            + "to the end of the run, replacing what remains of its stages; the stored definition does not change")
    @ApiResponse(responseCode = "200", description = "Changed; the owner applies them within a second")
    @ApiResponse(responseCode = "400", description = "Invalid rate, or the test is not running")
    RunView changeRates(@PathVariable String testID, @RequestBody RatesRequest request) {
        access.test(testID);
        TestRun run = liveRates.change(testID, request.logRate(), request.metricsRate(), request.traceRate());
        return RunView.of(snapshots.of(run));
    }

    private Schedule scheduleOf(TestRequest request) {
        String instant = request.schedule();
        String alias = request.scheduleAt();
        if (instant != null && !instant.isBlank() && alias != null && !alias.isBlank() && !instant.equals(alias)) {
            throw new InvalidTestException("scheduleAt", "ambiguous-schedule", "schedule and scheduleAt differ; give one of them");
        }
        if (instant == null || instant.isBlank()) {
            instant = alias;
        }
        return Schedules.parse(instant, request.cron(), request.timeZone(), clock.instant());
    }

    /** A draft for an existing test keeps the test's owner unless it names one. */
    private static TestDraft withUser(TestDraft draft, LoadTest test) {
        if (draft.userID() != null) {
            return draft;
        }
        return draft.withUser(test.userID());
    }

    private static void refuseSchedule(TestRequest request, String endpoint) {
        if (request.hasSchedule() || request.timeZone() != null) {
            throw new InvalidTestException("schedule", "unexpected-field",
                    endpoint + " starts a test now; use schedule-test to start it later");
        }
    }

    private static void requireTestId(String testID) {
        if (testID == null || testID.isBlank()) {
            throw new InvalidTestException("testID", "required", "testID is required");
        }
    }

    private static TestStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        for (TestStatus candidate : TestStatus.values()) {
            if (candidate.name().equalsIgnoreCase(status.strip())) {
                return candidate;
            }
        }
        throw new InvalidTestException("status", "invalid-status",
                "status must be one of Pending, Scheduled, Running, Completed, Cancelled, Failed; got '" + status + "'");
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidTestException(name, "invalid-parameter",
                name + " must be a whole number from " + min + " to " + max + "; got '" + value + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
