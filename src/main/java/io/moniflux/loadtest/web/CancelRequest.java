package io.moniflux.loadtest.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of cancel-test. */
record CancelRequest(@Schema(example = "checkout-pipeline") String testID, @Schema(example = "user123") String userID) {
}
