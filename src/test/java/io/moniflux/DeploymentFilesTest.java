package io.moniflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Docker and Kubernetes do not run here, so the deployment files are checked by construction: parsed
 * with a YAML library and held against the application — its port, its probe paths, the environment
 * variables it really reads (Spring's configuration metadata, relaxed binding), its shutdown timeout.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String IMAGE = "ghcr.io/moniflux/moniflux";
    /** Variables read by name rather than through a property (see GoServiceEnvironment, AdminBootstrap, SecretCipher). */
    static final Set<String> READ_BY_NAME = Set.of("MONGO_URI", "MONGO_DB", "PORT", "LOG_LEVEL", "MONIFLUX_ADMIN_TOKEN",
            "MONIFLUX_SECRET_KEY", "JAVA_TOOL_OPTIONS");

    static Set<String> properties;
    static Map<String, Object> application;

    @BeforeAll
    static void readTheApplication() throws IOException {
        properties = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(DeploymentFilesTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    properties.add(canonical(property.path("name").asString()));
                }
            }
        }
        for (URL url : Collections.list(DeploymentFilesTest.class.getClassLoader().getResources("META-INF/additional-spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    properties.add(canonical(property.path("name").asString()));
                }
            }
        }
        application = yaml(ROOT.resolve("src/main/resources/application.yaml")).getFirst();
    }

    /** Relaxed binding: MONIFLUX_LIMITS_MAX_RATE and moniflux.limits.max-rate are one name. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    static void assertReadByTheApplication(String source, Iterable<String> variables) {
        for (String variable : variables) {
            assertThat(READ_BY_NAME.contains(variable) || properties.contains(canonical(variable)))
                    .as("%s sets %s, which MoniFlux does not read", source, variable).isTrue();
        }
    }

    @Test
    void theEnvExampleListsOnlyAndAllTheVariablesTheServiceReads() throws IOException {
        Map<String, String> documented = envExample(true);
        assertReadByTheApplication(".env.example", documented.keySet());
        assertThat(documented).containsKeys("MONGO_URI", "MONGO_DB", "PORT", "LOG_LEVEL", "MONIFLUX_ADMIN_TOKEN",
                "MONIFLUX_SECURITY_SECRET_KEY");
        Set<String> moniflux = new HashSet<>();
        for (String property : metadata()) {
            if (property.startsWith("moniflux.") && !property.startsWith("moniflux.security.admin-token")) {
                moniflux.add(property);
            }
        }
        Set<String> listed = new HashSet<>();
        documented.keySet().forEach(name -> listed.add(canonical(name)));
        for (String property : moniflux) {
            assertThat(listed).as(".env.example lacks the variable of %s", property).contains(canonical(property));
        }
    }

    @Test
    void composeRunsMongoMonifluxAndACollectorTheRightWay() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml")).getFirst();
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsKeys("mongo", "moniflux", "otel-collector");

        Map<String, Object> mongo = map(services, "mongo");
        assertThat((String) mongo.get("image")).matches("mongo:[0-9]+\\.[0-9]+");
        assertThat(mongo).containsKey("healthcheck");
        assertThat(list(mongo, "volumes")).anySatisfy(volume -> assertThat(volume).asString().endsWith(":/data/db"));

        Map<String, Object> moniflux = map(services, "moniflux");
        assertThat(moniflux.get("image")).isEqualTo(IMAGE + ":0.1.0");
        assertThat(map(map(moniflux, "depends_on"), "mongo")).containsEntry("condition", "service_healthy");
        assertThat(list(moniflux, "env_file")).containsExactly(".env");
        assertReadByTheApplication("docker-compose.yml", map(moniflux, "environment").keySet());
        assertThat((String) map(moniflux, "environment").get("MONGO_URI")).isEqualTo("mongodb://mongo:27017");
        assertThat(list(moniflux, "ports")).containsExactly(appPort() + ":" + appPort());
        assertThat(moniflux).containsEntry("read_only", true);
        assertThat(map(moniflux, "healthcheck").get("test").toString()).contains("/actuator/health/readiness");

        Map<String, Object> collector = map(services, "otel-collector");
        assertThat(list(collector, "ports")).contains("4317:4317", "4318:4318");
        String mounted = list(collector, "volumes").getFirst().toString().split(":")[0];
        Map<String, Object> config = yaml(ROOT.resolve(mounted)).getFirst();
        assertThat(map(map(config, "receivers"), "otlp")).containsKey("protocols");
        assertThat(map(config, "exporters")).containsKey("debug");
        assertThat(map(map(config, "service"), "pipelines")).containsKeys("logs", "metrics", "traces");
    }

    @Test
    void theDeploymentIsSafeProbedAndShutsDownGracefully() throws IOException {
        Map<String, Map<String, Object>> k8s = manifests(ROOT.resolve("k8s"));
        Map<String, Object> deployment = k8s.get("Deployment");
        assertThat(map(deployment, "spec")).containsEntry("replicas", 3);
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> container = listOfMaps(pod, "containers").getFirst();

        assertThat(container.get("image")).isEqualTo(IMAGE + ":0.1.0");
        assertThat(listOfMaps(container, "ports").getFirst()).containsEntry("containerPort", appPort()).containsEntry("name", "http");
        assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness");
        assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/actuator/health/readiness");
        assertThat(map(map(container, "startupProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness");
        assertThat(map(map(map(application, "management"), "endpoint"), "health")).containsKey("probes");

        assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(map(container, "resources"), "limits")).containsKeys("cpu", "memory");
        Map<String, Object> security = map(container, "securityContext");
        assertThat(security).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(list(map(security, "capabilities"), "drop")).containsExactly("ALL");
        assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(list(pod, "topologySpreadConstraints")).hasSize(2);
        assertThat(listOfMaps(container, "volumeMounts")).extracting(m -> m.get("mountPath")).contains("/tmp/moniflux", "/data");

        Duration shutdown = DurationStyle.detectAndParse(String.valueOf(map(map(application, "spring"), "lifecycle")
                .get("timeout-per-shutdown-phase")));
        int preStop = (Integer) map(map(map(container, "lifecycle"), "preStop"), "sleep").get("seconds");
        assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
                .as("time to stop routing, persist and hand over run parts").isGreaterThan(preStop + (int) shutdown.toSeconds());

        List<String> variables = new ArrayList<>();
        listOfMaps(container, "env").forEach(variable -> variables.add((String) variable.get("name")));
        assertReadByTheApplication("deployment.yaml", variables);
        assertReadByTheApplication("configmap.yaml", map(k8s.get("ConfigMap"), "data").keySet());
        assertReadByTheApplication("secret.yaml", map(k8s.get("Secret"), "stringData").keySet());
        assertThat(map(k8s.get("Secret"), "stringData").values()).allSatisfy(value -> assertThat(value).asString().startsWith("REPLACE-"));
    }

    @Test
    void theServiceBudgetAutoscalerAndPolicyPointAtTheDeployment() throws IOException {
        Map<String, Map<String, Object>> k8s = manifests(ROOT.resolve("k8s"));
        Map<String, Object> podLabels = map(map(map(map(k8s.get("Deployment"), "spec"), "template"), "metadata"), "labels");
        Map<String, Object> service = map(k8s.get("Service"), "spec");
        assertThat(service).containsEntry("type", "LoadBalancer");
        assertThat(podLabels).containsAllEntriesOf(map(service, "selector"));
        assertThat(listOfMaps(service, "ports").getFirst()).containsEntry("targetPort", "http");
        assertThat(podLabels).containsAllEntriesOf(map(map(map(k8s.get("PodDisruptionBudget"), "spec"), "selector"), "matchLabels"));
        assertThat(map(map(k8s.get("HorizontalPodAutoscaler"), "spec"), "scaleTargetRef"))
                .containsEntry("name", map(k8s.get("Deployment"), "metadata").get("name"));
        Map<String, Object> policy = map(k8s.get("NetworkPolicy"), "spec");
        assertThat(podLabels).containsAllEntriesOf(map(map(policy, "podSelector"), "matchLabels"));
        assertThat(listOfMaps(listOfMaps(policy, "ingress").getFirst(), "ports").getFirst()).containsEntry("port", appPort());
        assertThat(policy.toString()).contains("169.254.0.0/16");
        Map<String, Object> kustomization = yaml(ROOT.resolve("k8s/kustomization.yaml")).getFirst();
        assertThat(listOfMaps(kustomization, "images").getFirst()).containsEntry("name", IMAGE);
        for (Object resource : list(kustomization, "resources")) {
            assertThat(ROOT.resolve("k8s").resolve(resource.toString())).exists();
        }
        assertThat(ROOT.resolve("k8s/mongodb/README.md")).exists();
    }

    @Test
    void kustomizeRendersBothKustomizations() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"),
                "kubectl is not installed here, so `kubectl kustomize` rendering is not checked (apt-get install kubernetes-client)");
        for (String folder : List.of("k8s", "k8s/mongodb")) {
            Process kustomize = new ProcessBuilder("kubectl", "kustomize", folder).directory(ROOT.toFile()).redirectErrorStream(false).start();
            String rendered = new String(kustomize.getInputStream().readAllBytes());
            String errors = new String(kustomize.getErrorStream().readAllBytes());
            assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kustomize.exitValue()).as(errors).isZero();
            assertThat(rendered).contains("namespace: moniflux");
        }
    }

    @Test
    void theImageIsMultiStageNonRootLayeredAndHealthChecked() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:25-jdk AS build$")
                .containsPattern("(?m)^FROM eclipse-temurin:25-jre$")
                .contains("./mvnw").contains("-Djarmode=tools").contains("extract --layers")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^EXPOSE " + appPort() + "$")
                .contains("HEALTHCHECK").contains("/actuator/health/liveness")
                .contains("MaxRAMPercentage").contains("MONIFLUX_SECURITY_DESTINATIONS_ALLOW_LOOPBACK=false");
        Matcher env = Pattern.compile("(?m)^\\s+([A-Z_]+)=").matcher(dockerfile.substring(dockerfile.indexOf("ENV ")));
        List<String> variables = new ArrayList<>(List.of("JAVA_TOOL_OPTIONS"));
        while (env.find()) {
            variables.add(env.group(1));
        }
        assertReadByTheApplication("Dockerfile", variables);
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("target/", ".git/", ".env");
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).startsWith("MIT License");
    }

    // --- helpers ---------------------------------------------------------------------------------

    static int appPort() {
        return (Integer) map(application, "server").get("port");
    }

    static Map<String, String> envExample(boolean withCommented) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        Pattern line = Pattern.compile(withCommented ? "^#?\\s?([A-Z][A-Z0-9_]+)=(.*)$" : "^([A-Z][A-Z0-9_]+)=(.*)$");
        for (String text : Files.readAllLines(ROOT.resolve(".env.example"))) {
            Matcher matcher = line.matcher(text);
            if (matcher.matches()) {
                variables.put(matcher.group(1), matcher.group(2));
            }
        }
        return variables;
    }

    static List<String> metadata() throws IOException {
        JsonNode json = JsonMapper.builder().build().readTree(ROOT.resolve("target/classes/META-INF/spring-configuration-metadata.json").toFile());
        List<String> names = new ArrayList<>();
        json.path("properties").forEach(property -> names.add(property.path("name").asString()));
        return names;
    }

    static Map<String, Map<String, Object>> manifests(Path folder) throws IOException {
        Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).toList()) {
                for (Map<String, Object> document : yaml(file)) {
                    byKind.put((String) document.get("kind"), document);
                }
            }
        }
        return byKind;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s in %s", key, parent.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s in %s", key, parent.keySet()).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listOfMaps(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) (List<?>) list(parent, key);
    }

    static boolean onPath(String command) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return false;
    }
}
