package io.moniflux.config;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Every error answer is an RFC 9457 problem with a code, also those that never reach a controller:
 * the container's error dispatch ({@code /error}: what Spring Security's firewall refuses, say) is
 * answered here instead of Boot's default JSON, and what Tomcat refuses before any servlet runs
 * ({@code /tests/%00}, an encoded slash) gets a problem from Tomcat's error valve instead of its HTML page.
 */
final class ProblemErrorPages {

    private ProblemErrorPages() {
    }

    @RestController
    static class ErrorDispatch implements ErrorController {

        @RequestMapping("/error")
        ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer value ? value : 500;
            HttpStatusCode statusCode = HttpStatusCode.valueOf(status);
            HttpStatus known = HttpStatus.resolve(status);
            ProblemDetail problem = ApiProblems.of(statusCode, ApiProblems.codeFor(status), known == null ? "The request failed."
                    : "The request was refused: " + known.getReasonPhrase().toLowerCase(Locale.ROOT) + ".");
            return ResponseEntity.status(statusCode).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
    }

    @Component
    static class TomcatErrorValve implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemValve.class.getName());
                }
            });
        }
    }

    /** Tomcat's error report as a problem, for requests refused before any servlet ran. */
    public static class ProblemValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    String code = ApiProblems.codeFor(status);
                    writer.write("{\"type\":\"" + ApiProblems.TYPE_PREFIX + code + "\",\"title\":\"Bad request\",\"status\":" + status
                            + ",\"detail\":\"The request line could not be accepted (an encoded slash, a NUL, or another character "
                            + "a URL may not carry).\",\"code\":\"" + code + "\"}");
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is going away; nothing more to tell
            }
        }
    }
}
