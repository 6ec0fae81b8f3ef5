#!/usr/bin/env bash
# Builds libs/dicom and these benchmarks, then runs JMH. Extra arguments go to JMH (e.g. -f 1 -wi 3 -i 5 Header).
# Usage from the repository root: bash benchmarks/dicom-jmh/run.sh [JMH options]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mvn -q -o -N install -f "$root/pom.xml" 2>/dev/null || mvn -q -N install -f "$root/pom.xml"
mvn -q -f "$root/libs/dicom/pom.xml" install -DskipTests
mvn -q -f "$root/benchmarks/dicom-jmh/pom.xml" package
cd "$root"
java -Dmedcloud.testdata="$root/../shared/testdata/dicom" -jar benchmarks/dicom-jmh/target/benchmarks.jar "$@"
