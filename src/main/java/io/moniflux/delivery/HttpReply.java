package io.moniflux.delivery;

/** An HTTP answer: the status and, when asked for, the body. */
record HttpReply(int status, byte[] body) {

    boolean success() {
        return status >= 200 && status < 300;
    }
}
