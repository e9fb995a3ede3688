#!/usr/bin/env bash
# Sets the project's version everywhere it is written, for a release or the next development cycle:
#   - every pom.xml of the reactor (the root's <version>, every module's <parent><version>), with
#     versions-maven-plugin, which also moves project.build.outputTimestamp to now when the version
#     changes (reproducible builds: a release's jars carry the release's time);
#   - the npm package web/schemas (package.json and package-lock.json), whose version follows Maven's
#     (node checks the result).
# Then checks that no pom of the reactor still names the old version.
#
# Usage: scripts/set-version.sh NEW_VERSION      e.g. 0.1.0, then 0.2.0-SNAPSHOT
# See docs/releasing.md.
set -euo pipefail

usage() {
  echo "usage: $0 NEW_VERSION   (e.g. 0.1.0 or 0.2.0-SNAPSHOT)" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
new_version=$1
if [[ ! $new_version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-SNAPSHOT)?$ ]]; then
  echo "set-version: '$new_version' is not MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# The version of the root pom: the <version> right after <artifactId>model-runner-parent</artifactId>.
root_version() {
  sed -n '/<artifactId>model-runner-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml
}

old_version=$(root_version)
if [[ -z $old_version ]]; then
  echo "set-version: cannot read the version of model-runner-parent in $root/pom.xml" >&2
  exit 1
fi
echo "set-version: $old_version -> $new_version"

# Every module of the reactor, and every module's parent reference. Offline: the plugin is in the
# local repository after one online build (run './mvnw versions:help' once if it is not).
# Full coordinates, not the versions: prefix: the BOM has no parent, so no pluginManagement to
# resolve a prefix from offline. The plugin's version is the root pom's versions-plugin.version.
plugin_version=$(sed -n 's:.*<versions-plugin.version>\(.*\)</versions-plugin.version>.*:\1:p' pom.xml)
./mvnw -o -q -ntp "org.codehaus.mojo:versions-maven-plugin:${plugin_version}:set" \
  -DnewVersion="$new_version" -DgenerateBackupPoms=false -DprocessAllModules=true

# The npm package: only the version lines change (npm version would reformat package.json). In
# package.json the top-level "version"; in package-lock.json the top-level one and the first one at
# the next depth, which is the root package's (packages[""]).
if [[ -f web/schemas/package.json ]]; then
  sed -i -E '0,/^  "version": "[^"]*"/s//  "version": "'"$new_version"'"/' web/schemas/package.json
  if [[ -f web/schemas/package-lock.json ]]; then
    sed -i -E -e '0,/^  "version": "[^"]*"/s//  "version": "'"$new_version"'"/' \
      -e '0,/^      "version": "[^"]*"/s//      "version": "'"$new_version"'"/' \
      web/schemas/package-lock.json
  fi
fi

# Check: the root and every <parent> of ours name the new version.
failed=0
[[ $(root_version) == "$new_version" ]] || {
  echo "set-version: pom.xml still has version $(root_version)" >&2
  failed=1
}
while IFS= read -r pom; do
  parent_version=$(awk '
    /<parent>/ { in_parent = 1 }
    in_parent && /<artifactId>model-runner-parent<\/artifactId>/ { ours = 1 }
    in_parent && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); version = $0 }
    /<\/parent>/ { if (ours) print version; exit }
  ' "$pom")
  if [[ -n $parent_version && $parent_version != "$new_version" ]]; then
    echo "set-version: $pom still names parent version $parent_version" >&2
    failed=1
  fi
done < <(git ls-files -- 'pom.xml' '*/pom.xml' ':!:**/archetype-resources/**')
if [[ -f web/schemas/package.json ]]; then
  npm_versions=$(cd web/schemas && node -e '
    const fs = require("fs");
    const versions = [JSON.parse(fs.readFileSync("package.json")).version];
    if (fs.existsSync("package-lock.json")) {
      const lock = JSON.parse(fs.readFileSync("package-lock.json"));
      versions.push(lock.version, lock.packages[""].version);
    }
    console.log([...new Set(versions)].join(" "));')
  if [[ $npm_versions != "$new_version" ]]; then
    echo "set-version: web/schemas/package.json or package-lock.json has version $npm_versions" >&2
    failed=1
  fi
fi
if [[ $failed -ne 0 ]]; then
  exit 1
fi
echo "set-version: every pom and web/schemas now say $new_version; review with 'git diff'"
