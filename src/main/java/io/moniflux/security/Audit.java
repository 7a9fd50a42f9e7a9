package io.moniflux.security;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** What a controller tells the audit trail about the request it handles. */
public final class Audit {

    private Audit() {
    }

    /** Names the test the current request acts on. */
    public static void testID(String testID) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && testID != null) {
            request.setAttribute(AuditFilter.TEST_ID, testID, RequestAttributes.SCOPE_REQUEST);
        }
    }
}
