package org.medcloud.k8s;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Static checks of the container files (they cannot be built here: no Docker engine). */
class DockerfilesTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

    static List<Path> dockerfiles() {
        Path root = Chart.repoRoot();
        List<Path> files = new ArrayList<>();
        for (String svc : List.of("search-service", "download-service", "viewer-service", "inference-gateway")) {
            files.add(root.resolve(svc).resolve("src/main/docker/Dockerfile.jvm"));
            files.add(root.resolve(svc).resolve("src/main/docker/Dockerfile.native"));
        }
        files.add(root.resolve("k8s/docker/web-ui.Dockerfile"));
        files.add(root.resolve("k8s/docker/quarkus-dev-tool.Dockerfile"));
        return files;
    }

    @Test
    void baseImagesArePinnedAndTheUserIsNotRoot() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Path f : dockerfiles()) {
            if (!Files.isRegularFile(f)) {
                problems.add(f + " missing");
                continue;
            }
            String text = Files.readString(f);
            List<String> stages = new ArrayList<>();
            Matcher m = FROM.matcher(text);
            String lastImage = null;
            while (m.find()) {
                String image = m.group(1);
                lastImage = image;
                if (m.group(2) != null) {
                    stages.add(m.group(2));
                }
                boolean stageRef = image.equals("scratch") || stages.contains(image) || image.contains("${");
                String last = image.substring(image.lastIndexOf('/') + 1);
                if (!stageRef && (!last.contains(":") || last.endsWith(":latest"))) {
                    problems.add(f + ": base image not pinned: " + image);
                }
            }
            Matcher u = USER.matcher(text);
            String user = null;
            while (u.find()) {
                user = u.group(1);
            }
            if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:")) {
                problems.add(f + ": last USER must be a non-root uid, is " + user);
            }
            if (lastImage == null) {
                problems.add(f + ": no FROM");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void imagesMatchTheBriefsBases() throws Exception {
        Path root = Chart.repoRoot();
        for (String svc : List.of("search-service", "download-service", "viewer-service", "inference-gateway")) {
            String jvm = Files.readString(root.resolve(svc).resolve("src/main/docker/Dockerfile.jvm"));
            assertTrue(jvm.contains("FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:"), svc);
            assertTrue(jvm.contains("target/quarkus-app/"), svc);
            String nat = Files.readString(root.resolve(svc).resolve("src/main/docker/Dockerfile.native"));
            assertTrue(nat.contains("FROM quay.io/quarkus/ubi9-quarkus-micro-image:"), svc);
        }
        String ui = Files.readString(root.resolve("k8s/docker/web-ui.Dockerfile"));
        assertTrue(ui.contains("nginxinc/nginx-unprivileged:"));
        assertTrue(ui.contains("dist/web/browser"));
        String conf = Files.readString(root.resolve("k8s/docker/web-ui.nginx.conf"));
        assertTrue(conf.contains("try_files $uri $uri/ /index.html"), "SPA fallback");
        assertTrue(conf.contains("location = /healthz"), "the chart's probes GET /healthz");
        // the headers live in one snippet (the chart mounts its own over it at the same path)
        String include = "include /etc/nginx/medcloud/security-headers.conf;";
        assertTrue(ui.contains("k8s/docker/web-ui.security-headers.conf /etc/nginx/medcloud/security-headers.conf"),
                "the image must carry the default security headers where web-ui.nginx.conf includes them");
        String snippet = Files.readString(root.resolve("k8s/docker/web-ui.security-headers.conf"));
        for (String header : List.of("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy", "Permissions-Policy")) {
            assertTrue(snippet.contains("add_header " + header + " "), header);
        }
        assertFalse(snippet.contains("add_header Strict-Transport-Security"), "the image cannot know whether it is served over TLS");
        // nginx drops inherited add_header directives in a block with its own: each such block includes the snippet
        String server = conf.substring(conf.indexOf("server {"));
        String serverLevel = server.replaceAll("(?s)location[^{]*\\{[^}]*}", "");
        assertTrue(serverLevel.contains(include), "server block must include the security headers");
        Matcher loc = Pattern.compile("(?s)location([^{]*)\\{([^}]*)}").matcher(server);
        List<String> missing = new ArrayList<>();
        while (loc.find()) {
            if (loc.group(2).contains("add_header") && !loc.group(2).contains(include)) {
                missing.add("location" + loc.group(1).stripTrailing());
            }
        }
        assertEquals(List.of(), missing, "locations with their own add_header but without the security headers");
    }
}
