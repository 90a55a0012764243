#!/usr/bin/env bash
# Builds target/scg-neo4j-launcher.jar (+ target/lib/) with Maven, only when it is
# missing or older than pom.xml or any source file. Silent on success.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v java >/dev/null 2>&1 || { echo "ERROR: java not found: install a Java 17 JDK" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "ERROR: mvn not found: install Maven" >&2; exit 1; }

jar=target/scg-neo4j-launcher.jar
stale=0
if [[ ! -f "$jar" || ! -d target/lib ]]; then
  stale=1
elif [[ pom.xml -nt "$jar" ]]; then
  stale=1
elif [[ -n "$(find src -type f -newer "$jar" -print -quit)" ]]; then
  stale=1
fi

if [[ "$stale" == 1 ]]; then
  if ! out=$(mvn -q -B package -DskipTests 2>&1); then
    printf '%s\n' "$out" >&2
    echo "ERROR: mvn package failed in $(pwd)" >&2
    exit 1
  fi
  # Maven keeps the jar's old mtime when nothing changed inside it; mark it fresh.
  touch "$jar"
fi
