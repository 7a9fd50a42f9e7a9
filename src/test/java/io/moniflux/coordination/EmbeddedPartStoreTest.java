package io.moniflux.coordination;

import io.moniflux.support.FullStackTest;

/** The lease and claim queries on the embedded database the service starts without a URI. */
@FullStackTest
class EmbeddedPartStoreTest extends PartStoreContract {
}
