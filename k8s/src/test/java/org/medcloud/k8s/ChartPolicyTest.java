package org.medcloud.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Policy checks on every workload rendered with every values file (emulators on and off):
 * resources, non-root, no privilege escalation, read-only root filesystem, capabilities dropped,
 * probes, images pinned by tag; and the wiring between Services, Ingress, HPAs and PDBs.
 */
class ChartPolicyTest {

    /** repository[:port]/path:tag (or @sha256:...), tag not "latest". */
    private static final Pattern PINNED = Pattern.compile("^[^:@\\s]+(:[0-9]+)?(/[^:@\\s]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$");

    static Stream<String[]> cases() {
        return Chart.VALUES_FILES.stream().flatMap(v -> Stream.of(new String[]{v, "emulators off"}, new String[]{v, "emulators on"},
                new String[]{v, "basic auth, service TLS"}));
    }

    /** Basic auth (users file mounted) and the services serving TLS (certificate, trust bundle, HTTPS ports). */
    static Map<String, Object> basicAuthServiceTls() {
        Map<String, Object> sets = new java.util.LinkedHashMap<>();
        sets.put("config.auth.mode", "basic");
        sets.put("config.auth.basic.usersSecret", "medcloud-users");
        sets.put("config.auth.basic.serviceUser", "svc");
        sets.put("serviceTls.enabled", true);
        sets.put("serviceTls.secretName", "medcloud-services-tls");
        sets.put("serviceTls.trustBundle.configMap", "medcloud-trust");
        sets.put("metrics.serviceMonitor.requireCrd", false);
        sets.put("metrics.prometheusRule.requireCrd", false);
        return sets;
    }

    private static Chart.Rendered render(String valuesFile, String variant) {
        return switch (variant) {
            case "emulators on" -> Chart.render(valuesFile, Map.of("emulators.enabled", true, "monaiLabel.enabled", false));
            case "basic auth, service TLS" -> Chart.render(valuesFile, basicAuthServiceTls());
            default -> Chart.renderAll(valuesFile);
        };
    }

    @ParameterizedTest(name = "pod policies with {0}, {1}")
    @MethodSource("cases")
    void workloadsFollowThePodPolicies(String valuesFile, String variant) {
        List<String> violations = new ArrayList<>();
        List<Chart.Manifest> deployments = render(valuesFile, variant).ofKind("Deployment");
        for (Chart.Manifest m : deployments) {
            Deployment d = (Deployment) StrictModel.bind(m);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            PodSecurityContext psc = pod.getSecurityContext();
            String where = "Deployment/" + d.getMetadata().getName();
            if (psc == null || !Boolean.TRUE.equals(psc.getRunAsNonRoot())) {
                violations.add(where + ": pod securityContext.runAsNonRoot is not true");
            }
            if (psc == null || psc.getRunAsUser() == null || psc.getRunAsUser() == 0) {
                violations.add(where + ": pod securityContext.runAsUser must be a non-zero uid");
            }
            if (psc == null || psc.getSeccompProfile() == null || !"RuntimeDefault".equals(psc.getSeccompProfile().getType())) {
                violations.add(where + ": seccompProfile RuntimeDefault missing");
            }
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container c : all) {
                boolean init = pod.getInitContainers() != null && pod.getInitContainers().contains(c);
                String cw = where + " container " + c.getName();
                if (!PINNED.matcher(c.getImage()).matches() || c.getImage().endsWith(":latest")) {
                    violations.add(cw + ": image not pinned by tag: " + c.getImage());
                }
                var res = c.getResources();
                for (String kind : List.of("cpu", "memory")) {
                    if (res == null || res.getRequests() == null || res.getRequests().get(kind) == null) {
                        violations.add(cw + ": resources.requests." + kind + " missing");
                    }
                    if (res == null || res.getLimits() == null || res.getLimits().get(kind) == null) {
                        violations.add(cw + ": resources.limits." + kind + " missing");
                    }
                }
                if (res != null && res.getRequests() != null && res.getLimits() != null) {
                    for (String kind : List.of("cpu", "memory")) {
                        Quantity r = res.getRequests().get(kind);
                        Quantity l = res.getLimits().get(kind);
                        if (r != null && l != null && r.getNumericalAmount().compareTo(l.getNumericalAmount()) > 0) {
                            violations.add(cw + ": request " + kind + " " + r + " above limit " + l);
                        }
                    }
                }
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    violations.add(cw + ": securityContext missing");
                    continue;
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    violations.add(cw + ": allowPrivilegeEscalation is not false");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    violations.add(cw + ": readOnlyRootFilesystem is not true");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    violations.add(cw + ": privileged");
                }
                if (!Boolean.TRUE.equals(sc.getRunAsNonRoot()) && (psc == null || !Boolean.TRUE.equals(psc.getRunAsNonRoot()))) {
                    violations.add(cw + ": runAsNonRoot not set");
                }
                if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")
                        || (sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty())) {
                    violations.add(cw + ": capabilities must drop ALL and add none");
                }
                if (c.getVolumeMounts() == null || c.getVolumeMounts().stream().map(VolumeMount::getMountPath).noneMatch("/tmp"::equals)) {
                    violations.add(cw + ": no writable /tmp (emptyDir) for a read-only root filesystem");
                }
                if (!init) {
                    if (c.getLivenessProbe() == null) {
                        violations.add(cw + ": livenessProbe missing");
                    }
                    if (c.getReadinessProbe() == null) {
                        violations.add(cw + ": readinessProbe missing");
                    }
                }
                boolean quarkus = c.getImage().contains("/medcloud") && !c.getName().equals("web-ui");
                if (quarkus && !init) {
                    expectHttpProbe(violations, cw, "liveness", c.getLivenessProbe(), "/q/health/live");
                    expectHttpProbe(violations, cw, "readiness", c.getReadinessProbe(), "/q/health/ready");
                }
                // every Secret or ConfigMap mounted into a container is mounted read-only
                if (c.getVolumeMounts() != null) {
                    for (VolumeMount vm : c.getVolumeMounts()) {
                        boolean fromApi = pod.getVolumes().stream().anyMatch(v -> v.getName().equals(vm.getName())
                                && (v.getSecret() != null || v.getConfigMap() != null));
                        if (fromApi && !Boolean.TRUE.equals(vm.getReadOnly())) {
                            violations.add(cw + ": Secret/ConfigMap volume " + vm.getName() + " not mounted read-only");
                        }
                    }
                }
            }
        }
        assertFalse(deployments.isEmpty());
        assertEquals(List.of(), violations, "policy violations with " + valuesFile + ", " + variant);
    }

    private static void expectHttpProbe(List<String> violations, String where, String what, Probe p, String path) {
        if (p == null || p.getHttpGet() == null || !path.equals(p.getHttpGet().getPath())) {
            violations.add(where + ": " + what + " probe must GET " + path);
        } else if (p.getHttpGet().getPort() == null || p.getHttpGet().getPort().getStrVal() == null) {
            violations.add(where + ": " + what + " probe must name its port");
        }
    }

    @ParameterizedTest(name = "wiring of Services, Ingress, HPA, PDB with {0}, {1}")
    @MethodSource("cases")
    void servicesIngressHpaAndPdbPointAtRealTargets(String valuesFile, String variant) {
        Chart.Rendered r = render(valuesFile, variant);
        List<Deployment> deployments = r.ofKind("Deployment").stream().map(m -> (Deployment) StrictModel.bind(m)).toList();
        List<String> problems = new ArrayList<>();
        List<Service> services = r.ofKind("Service").stream().map(m -> (Service) StrictModel.bind(m)).toList();
        for (Service s : services) {
            Map<String, String> sel = s.getSpec().getSelector();
            long matching = deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(sel.entrySet())).count();
            if (matching != 1) {
                problems.add("Service/" + s.getMetadata().getName() + " selects " + matching + " Deployments");
            }
            for (Deployment d : deployments) {
                if (d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(sel.entrySet())) {
                    for (var port : s.getSpec().getPorts()) {
                        String target = port.getTargetPort().getStrVal();
                        boolean found = d.getSpec().getTemplate().getSpec().getContainers().stream()
                                .flatMap(c -> c.getPorts().stream()).anyMatch(cp -> Objects.equals(cp.getName(), target));
                        if (!found) {
                            problems.add("Service/" + s.getMetadata().getName() + " targets port " + target + " that no container names");
                        }
                    }
                }
            }
        }
        for (Deployment d : deployments) {
            Map<String, String> sel = d.getSpec().getSelector().getMatchLabels();
            if (!d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(sel.entrySet())) {
                problems.add("Deployment/" + d.getMetadata().getName() + ": selector does not match its pod labels");
            }
        }
        for (Chart.Manifest m : r.ofKind("Ingress")) {
            Ingress ing = (Ingress) StrictModel.bind(m);
            for (IngressRule rule : ing.getSpec().getRules()) {
                rule.getHttp().getPaths().forEach(p -> {
                    String svc = p.getBackend().getService().getName();
                    String port = p.getBackend().getService().getPort().getName();
                    boolean ok = services.stream().anyMatch(s -> s.getMetadata().getName().equals(svc)
                            && s.getSpec().getPorts().stream().anyMatch(sp -> sp.getName().equals(port)));
                    if (!ok) {
                        problems.add("Ingress path " + p.getPath() + " -> missing Service/port " + svc + ":" + port);
                    }
                });
            }
        }
        for (Chart.Manifest m : r.ofKind("HorizontalPodAutoscaler")) {
            HorizontalPodAutoscaler h = (HorizontalPodAutoscaler) StrictModel.bind(m);
            String target = h.getSpec().getScaleTargetRef().getName();
            Deployment d = deployments.stream().filter(x -> x.getMetadata().getName().equals(target)).findFirst().orElse(null);
            if (d == null) {
                problems.add("HPA/" + h.getMetadata().getName() + " scales missing Deployment " + target);
            } else if (d.getSpec().getReplicas() != null) {
                problems.add("Deployment/" + target + " sets replicas although an HPA scales it");
            }
            if (h.getSpec().getMinReplicas() > h.getSpec().getMaxReplicas()) {
                problems.add("HPA/" + h.getMetadata().getName() + ": minReplicas > maxReplicas");
            }
        }
        for (Chart.Manifest m : r.ofKind("PodDisruptionBudget")) {
            PodDisruptionBudget pdb = (PodDisruptionBudget) StrictModel.bind(m);
            Map<String, String> sel = pdb.getSpec().getSelector().getMatchLabels();
            List<Deployment> covered = deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(sel.entrySet())).toList();
            if (covered.size() != 1) {
                problems.add("PDB/" + pdb.getMetadata().getName() + " covers " + covered.size() + " Deployments");
            } else {
                Deployment d = covered.get(0);
                int replicas = d.getSpec().getReplicas() != null ? d.getSpec().getReplicas()
                        : r.ofKind("HorizontalPodAutoscaler").stream().map(x -> (HorizontalPodAutoscaler) StrictModel.bind(x))
                        .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(d.getMetadata().getName()))
                        .map(h -> h.getSpec().getMinReplicas()).findFirst().orElse(1);
                if (pdb.getSpec().getMinAvailable() != null && pdb.getSpec().getMinAvailable().getIntVal() != null
                        && pdb.getSpec().getMinAvailable().getIntVal() >= replicas) {
                    problems.add("PDB/" + pdb.getMetadata().getName() + " minAvailable " + pdb.getSpec().getMinAvailable().getIntVal()
                            + " >= replicas " + replicas + ": it would block every node drain");
                }
            }
        }
        assertEquals(List.of(), problems, "wiring problems with " + valuesFile + ", " + variant);
    }
}
