#!/bin/sh
# The training model of `bin/model-runner --create-cds-archive`: one log line, then a data.json
# built from the input (the process engine passes the folders in MODEL_*_DIR).
set -e
echo "cds-training: starting"
M='[0,1]'
printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \
  "$(cat "$MODEL_INPUT_DIR/inputFile.json")" "$M" "$M" "$M" "$M" "$M" "$M" "$M" "$M" "$M" "$M" "$M" >"$MODEL_OUTPUT_DIR/data.json"
