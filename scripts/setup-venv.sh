# Sourced by start.sh and test.sh: a project virtualenv with pinned dependencies (constraints.txt).
setup_venv() {
    local extras="$1"
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        -c constraints.txt -e ".${extras}"
}
