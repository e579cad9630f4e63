#!/usr/bin/env bash
# Installs what the Spark job needs, from nothing but this repo and the
# package registries: Java 17 (Debian), a Python virtual environment with
# PySpark, pyarrow and maturin (PyPI), and the `crosscheck` wheel built
# from python/. Idempotent; prints the environment's python.
#
#   bash spark/setup.sh            # into target/spark-venv
#   SPARK_VENV=/opt/cc bash spark/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${SPARK_VENV:-target/spark-venv}
if ! command -v java >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! command -v cc >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq gcc libc6-dev >/dev/null
fi
if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
    fi
fi
"$VENV/bin/pip" install -q -r spark/requirements.txt
rm -rf target/wheels
"$VENV/bin/maturin" build --release -q -m python/Cargo.toml -o target/wheels
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/wheels/crosscheck-*.whl
echo "$VENV/bin/python"
