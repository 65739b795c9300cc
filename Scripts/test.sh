#!/usr/bin/env bash
# Installs what the tests need when missing, checks the dataset file and formatting, and runs
# every test (Swift Testing). This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-dependencies.sh --test
python3 Scripts/build-dataset.py --check
python3 -m unittest discover -s Tests/Reference -p 'test_*.py'
python3 -m unittest discover -s Tests/Data -p 'test_*.py'
swift format lint --strict --recursive Sources Tests Examples Plugins Benchmarks
swift build --build-tests
swift test --skip-build
# Again with OpenBLAS's generic SSE3 kernels: another CPU picks other kernels (and other last
# bits), and no test may depend on them (golden numbers are compared to a relative 1e-12).
if [[ "$(uname -m)" == "x86_64" ]]; then
    echo "Running the tests again with OPENBLAS_CORETYPE=Prescott (other BLAS kernels)…" >&2
    OPENBLAS_CORETYPE=Prescott MILEX_FUZZ_SECONDS=5 swift test --skip-build
fi
