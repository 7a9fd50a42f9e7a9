package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.moniflux.MonifluxApplication;
import io.moniflux.support.Api;

/** With no token in an empty database, an admin token is generated, printed once, and works. */
@ExtendWith(OutputCaptureExtension.class)
@Tag("full-stack")
class AdminBootstrapTest {

    @TempDir
    Path data;

    @Test
    void generatesPrintsOnceAndWorks(CapturedOutput output) {
        String file = data.resolve("db.mv").toString();
        String token;
        try (ConfigurableApplicationContext first = start(file)) {
            Matcher printed = Pattern.compile("\\s(mfx_[0-9a-f]{64})\\s").matcher(output.getAll());
            assertThat(printed.find()).as("the generated token is printed").isTrue();
            token = printed.group(1);
            assertThat(Api.withToken(port(first), token).get("/admin/tokens").status()).isEqualTo(200);
        }
        int printedBefore = count(output.getAll(), "shown only this once");
        try (ConfigurableApplicationContext second = start(file)) {
            assertThat(count(output.getAll(), "shown only this once")).as("printed once only").isEqualTo(printedBefore);
            assertThat(Api.withToken(port(second), token).get("/tests").status()).isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String file) {
        return new SpringApplicationBuilder(MonifluxApplication.class)
                .run("--server.port=0", "--moniflux.embedded-mongo.path=" + file, "--moniflux.security.admin-token=");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
