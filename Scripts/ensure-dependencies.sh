#!/usr/bin/env bash
# Installs what milex needs on a Debian machine with Swift, when it is missing.
#   Scripts/ensure-dependencies.sh          the build dependency (OpenBLAS)
#   Scripts/ensure-dependencies.sh --test   plus what the tests use: Python's jsonschema and
#                                           openpyxl, a headless Chromium, LaTeX with booktabs
set -euo pipefail

need_apt=()
if ! pkg-config --exists openblas 2>/dev/null; then need_apt+=(libopenblas-dev pkg-config); fi
if [[ "${1:-}" == "--test" ]]; then
    command -v chromium-headless-shell >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1 || need_apt+=(chromium-headless-shell fonts-dejavu-core)
    command -v pdflatex >/dev/null 2>&1 || need_apt+=(texlive-latex-base texlive-latex-recommended)
    # Latin Modern for the LaTeX output (Debian's lmodern package; not a recommends of the above).
    { command -v kpsewhich >/dev/null 2>&1 && kpsewhich lmodern.sty >/dev/null 2>&1; } || need_apt+=(lmodern)
fi
if ((${#need_apt[@]})); then
    echo "Installing ${need_apt[*]} (apt-get)…" >&2
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if [[ "${1:-}" == "--test" ]]; then
    for module in jsonschema openpyxl; do
        if ! python3 -c "import $module" 2>/dev/null; then
            echo "Installing Python's $module…" >&2
            # pip where Python is the user's own (pyenv, venv); Debian's package where the
            # system Python refuses pip (PEP 668, "externally managed").
            if ! python3 -m pip install --quiet "$module" 2>/dev/null; then
                SUDO=""
                if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
                $SUDO apt-get update -qq
                DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "python3-$module" >/dev/null
            fi
        fi
    done
fi
