#!/usr/bin/env bash
# Runs a command with JAVA_HOME set to a JDK of version 21 or newer.
# Uses $JAVA_HOME when it already is one; otherwise the newest JDK found under /usr/lib/jvm,
# /usr/local/lib/jvm or /opt (Debian's default java may be 17 while a newer JDK sits beside it).
set -euo pipefail

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

pick_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
    echo "$JAVA_HOME"; return
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/*jdk* /opt/java/*; do
    [[ -x "$dir/bin/javac" ]] || continue
    major=$(java_major "$dir") || continue
    if (( major >= 21 && major > best_major )); then best="$dir"; best_major=$major; fi
  done
  if [[ -z "$best" ]]; then
    echo "error: no JDK 21 or newer found; install one or set JAVA_HOME" >&2
    exit 1
  fi
  echo "$best"
}

JAVA_HOME="$(pick_jdk)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
exec "$@"
