package io.moniflux.delivery.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.apache.hc.core5.http.NoHttpResponseException;

import io.moniflux.delivery.DestinationRefusedException;

/** Names the class of a failed request, for results that say why things failed. */
public final class Failures {

    private Failures() {
    }

    public static String classify(Throwable failure) {
        return switch (failure) {
            case ConnectTimeout timeout -> "connect-timeout";
            case SocketTimeoutException timeout -> "timeout";
            case ConnectException refused -> "connection-refused";
            case NoRouteToHostException unreachable -> "no-route-to-host";
            case UnknownHostException unknown -> "unknown-host";
            case SSLException tls -> "tls";
            case DestinationRefusedException refused -> "destination-refused";
            case NoHttpResponseException noResponse -> "connection-closed";
            case SocketException reset when String.valueOf(reset.getMessage()).toLowerCase(Locale.ROOT).contains("reset") -> "connection-reset";
            case SocketException other -> "connection-error";
            case IOException io -> "io-error";
            default -> "internal-error";
        };
    }

    /** A connect that did not complete in time, told apart from a read timeout. */
    public static final class ConnectTimeout extends SocketTimeoutException {
        public ConnectTimeout(String message) {
            super(message);
        }
    }
}
