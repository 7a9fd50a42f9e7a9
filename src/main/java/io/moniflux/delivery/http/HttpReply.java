package io.moniflux.delivery.http;

/** An HTTP answer: the status and, when asked for, the body. */
public record HttpReply(int status, byte[] body) {

    public boolean success() {
        return status >= 200 && status < 300;
    }
}
