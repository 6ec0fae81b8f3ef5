package org.medcloud.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** `helm lint --strict` on the chart, once per values file (merged into a copy's values.yaml). */
class ChartLintTest {

    static List<String> valuesFiles() {
        return Chart.VALUES_FILES;
    }

    @ParameterizedTest(name = "helm lint --strict with {0}")
    @MethodSource("valuesFiles")
    void lintStrict(String valuesFile, @TempDir Path tmp) throws Exception {
        // values.yaml: the defaults plus ci/default-values.yaml (the OIDC issuer the defaults lack)
        Path chart = Chart.chartCopyWithValues(valuesFile, tmp);
        LintResult result = new Helm(chart).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict failed with " + valuesFile + ":\n"
                + String.join("\n", result.getMessages()));
    }
}
