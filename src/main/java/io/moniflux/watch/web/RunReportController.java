package io.moniflux.watch.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.moniflux.loadtest.InvalidTestException;
import io.moniflux.loadtest.VisibleTests;
import io.moniflux.watch.RunComparison;
import io.moniflux.watch.RunComparisons;
import io.moniflux.watch.RunReport;
import io.moniflux.watch.RunReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Live progress and reports")
class RunReportController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    /** The page talks to nothing: its script and styles are inline, so they are all it may run. */
    static final String REPORT_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "img-src data:; base-uri 'none'; form-action 'none'";

    private final VisibleTests tests;
    private final RunReports reports;
    private final RunComparisons comparisons;

    RunReportController(VisibleTests tests, RunReports reports, RunComparisons comparisons) {
        this.tests = tests;
        this.reports = reports;
        this.comparisons = comparisons;
    }

    @GetMapping("/compare")
    @Operation(summary = "Two to ten runs side by side, the first the baseline: definition differences, per-signal figures "
            + "with deltas and ratios, timelines overlaid, thresholds, capacity and verification; JSON or a self-contained HTML page")
    ResponseEntity<?> compare(
            @Parameter(description = "testID/runID, once per run, the baseline first") @RequestParam(name = "run", required = false) List<String> runs,
            @Parameter(description = "html or json; by default the Accept header decides, HTML for a browser")
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        String problem = RunComparisons.problem(runs);
        if (problem != null) {
            throw new InvalidTestException("run", "invalid-comparison", problem);
        }
        String wanted = format(format, accept);
        if (wanted.equals("csv")) {
            throw new InvalidTestException("format", "invalid-format", "a comparison is html or json");
        }
        List<RunComparison.Key> keys = runs.stream().map(run -> new RunComparison.Key(run.substring(0, run.indexOf('/')),
                run.substring(run.indexOf('/') + 1))).toList();
        keys.forEach(key -> tests.get(key.testID())); // each run's test must be one the caller may see
        RunComparison comparison = comparisons.compare(keys);
        return wanted.equals("json") ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(comparison)
                : ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .header("Content-Security-Policy", REPORT_POLICY).body(comparisons.html(comparison));
    }

    @GetMapping("/tests/{testID}/runs/{runID}/report")
    @Operation(summary = "Report of a run: a self-contained HTML page (summary, rate and latency charts, status codes, "
            + "errors), or the same as JSON, or its timeline as CSV")
    ResponseEntity<?> report(@PathVariable String testID, @PathVariable String runID,
            @Parameter(description = "html, json or csv; by default the Accept header decides, HTML for a browser")
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        tests.get(testID);
        RunReport report = reports.report(testID, runID);
        return switch (format(format, accept)) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "csv" -> ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename(report.runID() + "-timeline.csv").build().toString())
                    .body(reports.csv(report));
            default -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .header("Content-Security-Policy", REPORT_POLICY)
                    .body(reports.html(report));
        };
    }

    private static String format(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String wanted = format.strip().toLowerCase(Locale.ROOT);
            if (!List.of("html", "json", "csv").contains(wanted)) {
                throw new InvalidTestException("format", "invalid-format", "format must be html, json or csv; got '" + format + "'");
            }
            return wanted;
        }
        if (accept == null) {
            return "html";
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        types = new ArrayList<>(types);
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : types) {
            if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
                return "html";
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return "json";
            }
            if (type.isCompatibleWith(CSV) && !type.isWildcardType()) {
                return "csv";
            }
        }
        return "html";
    }
}
