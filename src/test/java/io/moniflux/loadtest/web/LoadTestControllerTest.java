package io.moniflux.loadtest.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.moniflux.loadtest.Fixtures;
import io.moniflux.loadtest.InvalidTestException;
import io.moniflux.loadtest.LiveRates;
import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.RunNotFoundException;
import io.moniflux.loadtest.RunSnapshots;
import io.moniflux.loadtest.TestDeletion;
import io.moniflux.loadtest.TestDraft;
import io.moniflux.loadtest.TestLifecycle;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.Violation;
import io.moniflux.loadtest.VisibleTests;

/**
 * The HTTP adapter alone: how requests map onto the lifecycle and how its refusals read, with the
 * services mocked. The security filters are left out here (SecurityTest covers them); the caller is a
 * mock user.
 */
@WebMvcTest(LoadTestController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({Access.class, VisibleTests.class, LoadTestControllerTest.FixedClock.class})
@WithMockUser(username = "ann")
class LoadTestControllerTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TestLifecycle lifecycle;

    @MockitoBean
    LiveRates liveRates;

    @MockitoBean
    TestQueries queries;

    @MockitoBean
    RunSnapshots snapshots;

    @MockitoBean
    TestDeletion deletion;

    @Test
    void createsATestAndSaysWhereItIs() throws Exception {
        given(lifecycle.create(any(TestDraft.class), isNull())).willReturn(test("t-1", "ann"));

        mvc.perform(post("/create-test").contentType(MediaType.APPLICATION_JSON)
                .content("{\"testID\": \"t-1\", \"logRate\": 10, \"duration\": 5, \"destination\": {\"endpoint\": \"http://127.0.0.1:9\"}}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/tests/t-1"))
                .andExpect(jsonPath("$.testID").value("t-1"))
                .andExpect(jsonPath("$.status").value("Pending"))
                .andExpect(jsonPath("$.destination.type").value("http"));
    }

    @Test
    void aMisspeltFieldIsRefusedBeforeTheLifecycleSeesIt() throws Exception {
        mvc.perform(post("/create-test").contentType(MediaType.APPLICATION_JSON).content("{\"testID\": \"t-2\", \"lograte\": 5}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("unknown-field"))
                .andExpect(jsonPath("$.errors[0].field").value("lograte"));
        verifyNoInteractions(lifecycle);
    }

    @Test
    void malformedJsonIsAProblem() throws Exception {
        mvc.perform(post("/start-test").contentType(MediaType.APPLICATION_JSON).content("{\"testID\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-json"));
        verifyNoInteractions(lifecycle);
    }

    @Test
    void theValidatorsViolationsBecomeTheProblemsErrors() throws Exception {
        given(lifecycle.create(any(TestDraft.class), isNull())).willThrow(new InvalidTestException(List.of(
                new Violation("logRate", "invalid-rate", "logRate must be 0 or more"),
                new Violation("duration", "required", "duration is required"))));

        mvc.perform(post("/create-test").contentType(MediaType.APPLICATION_JSON).content("{\"testID\": \"t-3\", \"logRate\": -1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-test"))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[1].code").value("required"));
    }

    @Test
    void someoneElsesTestAnswersAsIfItDidNotExist() throws Exception {
        given(queries.get("theirs")).willReturn(test("theirs", "bob"));
        given(queries.find("theirs")).willReturn(Optional.of(test("theirs", "bob")));

        mvc.perform(get("/tests/theirs"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("test-not-found"));
        mvc.perform(patch("/tests/theirs/rates").contentType(MediaType.APPLICATION_JSON).content("{\"logRate\": 5}"))
                .andExpect(status().isNotFound());
        verifyNoInteractions(liveRates);
    }

    @Test
    void deletingAnsweredNoContentAndSomeoneElsesTestIsNotFound() throws Exception {
        given(queries.get("mine")).willReturn(test("mine", "ann"));
        given(queries.get("theirs")).willReturn(test("theirs", "bob"));

        mvc.perform(delete("/tests/mine")).andExpect(status().isNoContent());
        mvc.perform(delete("/tests/theirs")).andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("test-not-found"));
        verify(deletion).delete("mine");
        verifyNoMoreInteractions(deletion);
    }

    @Test
    void anUnknownRunIsARunNotFound() throws Exception {
        given(queries.get("mine")).willReturn(test("mine", "ann"));
        given(queries.run("mine", "mine-run-9")).willThrow(new RunNotFoundException("mine", "mine-run-9"));

        mvc.perform(get("/tests/mine/runs/mine-run-9"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("run-not-found"));
    }

    @Test
    void aListPageSizeOutOfRangeIsRefused() throws Exception {
        mvc.perform(get("/tests").param("size", "100000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-parameter"));
        verifyNoInteractions(queries);
    }

    private static LoadTest test(String testID, String userID) {
        return Fixtures.pendingTest(testID, userID, NOW);
    }

    @TestConfiguration
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }
}
