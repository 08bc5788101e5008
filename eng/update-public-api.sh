#!/usr/bin/env bash
# Regenerates .PublicAPI/PublicAPI.Unshipped.txt of each package (all four, or the projects named, e.g. Nvidia.Dra.Core)
# from the code, with the PublicApiAnalyzers code fixes: the file is reset, then RS0016 (API missing from the files)
# adds every public symbol that is not in PublicAPI.Shipped.txt, and RS0017 handles shipped API that no longer exists.
# PublicAPI.Shipped.txt is only changed by hand at a release (move the Unshipped lines there).
# Run it after merging branches that change public API, then review the diff: it is the API change.
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  projects=(Nvidia.Dra.Cdi Nvidia.Dra.Vfio Nvidia.Dra.Nvml Nvidia.Dra.Core)
fi

for project in "${projects[@]}"; do
  csproj="src/$project/$project.csproj"
  api="src/$project/.PublicAPI"
  mkdir -p "$api"
  [ -f "$api/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$api/PublicAPI.Shipped.txt"
  printf '#nullable enable\n' > "$api/PublicAPI.Unshipped.txt"
  dotnet restore "$csproj" --verbosity quiet
  dotnet format analyzers "$csproj" --no-restore --diagnostics RS0016 RS0017 --severity warn --verbosity quiet
  # Stable order (the code fix appends): the #nullable header first, then the entries sorted ordinally.
  { head -n 1 "$api/PublicAPI.Unshipped.txt"; tail -n +2 "$api/PublicAPI.Unshipped.txt" | grep -v '^$' | LC_ALL=C sort -u; } > "$api/PublicAPI.Unshipped.txt.tmp"
  mv "$api/PublicAPI.Unshipped.txt.tmp" "$api/PublicAPI.Unshipped.txt"
  echo "$project: $(($(wc -l < "$api/PublicAPI.Unshipped.txt") - 1)) unshipped API lines"
done
