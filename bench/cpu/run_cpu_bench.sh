#!/usr/bin/env bash
# CPU benchmark of the design-brief workloads (bench/groups): fuser's compiled
# CPU kernel (fuser-run --device=cpu --bench) against a hand-written C++ loop
# of the same computation (bench/cpu/cpu_loops.cpp, OpenMP over the outer
# loop), with the loop's outputs checked bit for bit against fuser's, and
# fuser's cold compile time per kernel. See bench/cpu/README.md.
#
# Usage: bench/cpu/run_cpu_bench.sh [WORKLOAD...]   (default: all nine)
#
# Environment:
#   FUSER_RUN          fuser-run binary (default: build/bin/fuser-run, else
#                      build-run/bin/fuser-run)
#   FUSER_NUM_THREADS  threads of fuser's pool and of OpenMP (default: the
#                      online CPUs, as fuser's default)
#   CXX_LIST           compilers to try (default: "clang++-22 clang++ g++");
#                      every one that builds an OpenMP program is used
#   ITERS, WARMUP      timed and warm-up runs (default 10 and 3)
#   ROUNDS             interleaved rounds of fuser and the loops; each column
#                      keeps its lowest median (default 1)
#   SCALE              divide the outer sizes by this (default 1: the sizes of
#                      bench/run_gpu_bench.sh, 64 Mi elements)
#   COMPILE_REPS       fresh fuser-run processes timed per compile (default 3)
#   ALLOC              1 (default): also time the first compiler's loop with
#                      outputs allocated inside each run, as runFusion does
#   WORK_DIR           scratch directory for the .npy files (default: a new
#                      one under $TMPDIR or /tmp); KEEP=1 keeps it
#   RESULTS            file to which the table is also written
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

if [[ -z ${FUSER_RUN:-} ]]; then
  for candidate in build/bin/fuser-run build-run/bin/fuser-run; do
    if [[ -x $candidate ]]; then FUSER_RUN=$candidate; break; fi
  done
fi
if [[ -z ${FUSER_RUN:-} || ! -x $FUSER_RUN ]]; then
  echo "run_cpu_bench: no fuser-run binary; set FUSER_RUN=path/to/fuser-run" >&2
  exit 2
fi

ITERS=${ITERS:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
SCALE=${SCALE:-1}
COMPILE_REPS=${COMPILE_REPS:-3}
ALLOC=${ALLOC:-1}
THREADS=${FUSER_NUM_THREADS:-$(getconf _NPROCESSORS_ONLN)}
export FUSER_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS

WORK=${WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/fuser-cpu-bench.XXXXXX")}
mkdir -p "$WORK/bin"
cleanup() { [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"; }
trap cleanup EXIT
LOG=$WORK/log.txt
: >"$LOG"

# ---------------------------------------------------------------- compilers
CXXFLAGS=(-std=c++17 -O3 -march=native -fopenmp -ffp-contract=off
          -I"$ROOT/include")
COMPILERS=()  # labels
BINS=()       # loop binaries, one per label
declare -A SEEN=()
for cxx in ${CXX_LIST:-clang++-22 clang++ g++}; do
  path=$(command -v "$cxx" 2>/dev/null) || continue
  real=$(readlink -f "$path")
  [[ -n ${SEEN[$real]:-} ]] && continue
  SEEN[$real]=1
  label=$(basename "$cxx")
  bin=$WORK/bin/cpu_loops.$label
  if ! "$cxx" "${CXXFLAGS[@]}" "$HERE/cpu_loops.cpp" -o "$bin" \
      >>"$LOG" 2>&1; then
    echo "run_cpu_bench: note: $cxx cannot build the loops with" \
         "${CXXFLAGS[*]} (see below); skipped" >&2
    tail -5 "$LOG" >&2
    continue
  fi
  COMPILERS+=("$label")
  BINS+=("$bin")
  echo "compiler $label: $("$cxx" --version | head -1)" >>"$LOG"
done
if [[ ${#COMPILERS[@]} == 0 ]]; then
  echo "run_cpu_bench: no C++ compiler with OpenMP found (tried:" \
       "${CXX_LIST:-clang++-22 clang++ g++})" >&2
  exit 2
fi
GEN=${BINS[0]}

# ---------------------------------------------------------------- workloads
# Sizes of bench/run_gpu_bench.sh (design.md section 5: 64 Mi elements, LSTM
# 4096 x 4096 hidden), divided by SCALE in the outer dimension.
M=$((4096 / SCALE)); H4=16384; N=$((64 * 1024 * 1024 / SCALE))
C=4096; R=$((N / C)); CR=$((8192 / SCALE)); CC=2048
# shapes NAME M H4 N C R CR CC
shapes() {
  local m=$2 h4=$3 n=$4 c=$5 r=$6 cr=$7 cc=$8
  case $1 in
  lstm_cell) echo "${m}x$h4 ${m}x$h4 $h4 $h4 ${m}x$((h4 / 4))" ;;
  milstm_cell) echo "${m}x$h4 ${m}x$h4 $h4 $h4 $h4 $h4 ${m}x$((h4 / 4))" ;;
  gelu_erf_f32 | gelu_erf_f16 | chain16) echo "$n" ;;
  bias_dropout_residual_f32 | bias_dropout_residual_f16)
    echo "${r}x$c $c ${r}x$c" ;;
  concat3) echo "${cr}x$cc ${cr}x$cc" ;;
  broadcast_bias_relu) echo "${r}x$c $c" ;;
  *) return 1 ;;
  esac
}
ALL="lstm_cell milstm_cell gelu_erf_f32 gelu_erf_f16 bias_dropout_residual_f32
     bias_dropout_residual_f16 concat3 chain16 broadcast_bias_relu"
WORKLOADS=${*:-$ALL}

# field KEY LINE: the value of KEY=... in a RESULT line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int(NR/2)+1]; else print "-"}'; }

declare -A ROW=()
for w in $WORKLOADS; do
  big=$(shapes "$w" "$M" "$H4" "$N" "$C" "$R" "$CR" "$CC") || {
    echo "run_cpu_bench: unknown workload $w (known: $ALL)" >&2; exit 2; }
  small=$(shapes "$w" 64 1024 65536 512 128 64 512)
  group=bench/groups/$w.mlir
  d=$WORK/$w
  mkdir -p "$d"
  rm -f "$d"/out*.npy
  echo "== $w ($big)" | tee -a "$LOG" >&2
  "$GEN" gen "$w" "$d" $big >>"$LOG" 2>&1 || {
    echo "run_cpu_bench: generating inputs of $w failed" >&2; exit 1; }

  inputs=()
  n_in=$(wc -w <<<"$big")
  for ((i = 0; i < n_in; i++)); do inputs+=(--input="$d/in$i.npy"); done

  # fuser: cold compile, in fresh processes on small inputs of the same
  # dtypes and layouts (kernels are specialised per argument spec, never per
  # size), so that the run time subtracted out is negligible. Each process
  # gets an empty on-disk kernel cache (FUSER_CACHE_DIR): it compiles (cold);
  # one more process then loads the kernel from the filled cache (cache-hit
  # ms; with a fuser-run without a disk cache it compiles again).
  small_args=()
  for s in $small; do small_args+=(--shape="$s"); done
  compile_once() { # cache dir
    FUSER_CACHE_DIR=$1 "$FUSER_RUN" "$group" --device=cpu --random \
      "${small_args[@]}" --bench --bench-iters=1 2>&1 | tee -a "$LOG" |
      sed -n 's/^compile_ms: \([0-9.]*\).*/\1/p'
  }
  compile_ms=$(for ((k = 0; k < COMPILE_REPS; k++)); do
      rm -rf "$WORK/cache.$k"; compile_once "$WORK/cache.$k"
    done | median)
  cache_ms=$(compile_once "$WORK/cache.0")
  rm -rf "$WORK"/cache.*

  # Timing rounds: fuser, then each compiler's loop (then the loop with
  # outputs allocated per run), interleaved so that a burst of load from
  # other processes hits one round rather than one side; each column keeps
  # its lowest median over the rounds.
  fuser_ms="" line=""
  declare -A MIN=()
  keep_min() { # key value
    [[ -z $2 ]] && return
    if [[ -z ${MIN[$1]:-} ]] || awk -v a="$2" -v b="${MIN[$1]}" \
        'BEGIN { exit !(a < b) }'; then MIN[$1]=$2; fi
  }
  for ((round = 1; round <= ROUNDS; round++)); do
    # fuser (round 1 also writes the outputs the loops are checked against).
    save=()
    [[ $round == 1 ]] && save=(--output="$d/out")
    out=$(FUSER_CACHE_DIR=$WORK/cache "$FUSER_RUN" "$group" --device=cpu \
          "${inputs[@]}" "${save[@]}" --bench --bench-iters="$ITERS" 2>&1)
    echo "round $round fuser: $out" >>"$LOG"
    if grep -q 'ran on kernel (cpu)' <<<"$out"; then
      keep_min fuser "$(sed -n 's/^bench: median \([0-9.]*\) ms.*/\1/p' \
                        <<<"$out")"
    elif [[ $round == 1 ]]; then
      echo "run_cpu_bench: $w did not run as a CPU kernel:" >&2
      echo "$out" | head -5 >&2
    fi
    [[ -f $d/out0.npy ]] || { echo "run_cpu_bench: $w: fuser-run wrote no" \
      "outputs:" >&2; echo "$out" | tail -5 >&2; break; }

    # The C++ loops.
    for ((k = 0; k < ${#BINS[@]}; k++)); do
      res=$("${BINS[$k]}" run "$w" "$d" --iters "$ITERS" --warmup "$WARMUP" \
            2>&1)
      echo "round $round ${COMPILERS[$k]}: $res" >>"$LOG"
      line=$(grep '^RESULT' <<<"$res")
      status=$(field status "$line")
      if [[ $status != ok ]]; then
        MIN[$k,bad]=1
        echo "run_cpu_bench: $w: the ${COMPILERS[$k]} loop does not match" \
             "fuser's output:" >&2
        echo "$res" | head -6 >&2
      fi
      keep_min "$k" "$(field ms "$line")"
    done
    if [[ $ALLOC == 1 ]]; then
      res=$("${BINS[0]}" run "$w" "$d" --iters "$ITERS" --warmup "$WARMUP" \
            --alloc-outputs 2>&1)
      echo "round $round ${COMPILERS[0]} --alloc-outputs: $res" >>"$LOG"
      aline=$(grep '^RESULT' <<<"$res")
      [[ $(field status "$aline") == ok ]] || MIN[alloc,bad]=1
      keep_min alloc "$(field ms "$aline")"
    fi
  done
  fuser_ms=${MIN[fuser]:-}
  for ((k = 0; k < ${#BINS[@]}; k++)); do
    ROW[$w,$k,ms]=${MIN[$k]:-}
    ROW[$w,$k,status]=ok
    [[ -n ${MIN[$k,bad]:-} || -z ${MIN[$k]:-} ]] && ROW[$w,$k,status]=MISMATCH
  done
  ROW[$w,alloc,ms]=${MIN[alloc]:-}
  ROW[$w,alloc,status]=ok
  [[ -n ${MIN[alloc,bad]:-} || -z ${MIN[alloc]:-} ]] && ROW[$w,alloc,status]=MISMATCH
  unset MIN
  ROW[$w,dtype]=$(field dtype "$line")
  ROW[$w,elements]=$(field elements "$line")
  ROW[$w,bytes]=$(field bytes "$line")
  ROW[$w,fuser]=$fuser_ms
  ROW[$w,compile]=$compile_ms
  ROW[$w,cache]=$cache_ms
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$d"
done

# ---------------------------------------------------------------- the table
gbps() { awk -v b="$1" -v ms="$2" 'BEGIN {
  if (ms == "" || ms + 0 <= 0) print "-"; else printf "%.1f", b / (ms * 1e6) }'; }
ratio() { awk -v c="$1" -v f="$2" 'BEGIN {
  if (c == "" || f == "" || f + 0 <= 0) print "-"; else printf "%.2f", c / f }'; }
fmt_ms() { [[ -n $1 ]] && printf "%.2f" "$1" || echo "-"; }

table() {
  local model cores flags
  model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
  cores=$(getconf _NPROCESSORS_ONLN)
  flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | tr ' ' '\n' |
          grep -xE 'avx2|avx512f|avx512bw|avx512vl|avx512_fp16|f16c|fma' |
          tr '\n' ' ')
  echo "machine: ${model:-unknown}, $cores CPUs online; flags: $flags"
  echo "threads: $THREADS (FUSER_NUM_THREADS = OMP_NUM_THREADS); median of" \
       "$ITERS runs after $WARMUP warm-up runs, lowest over $ROUNDS" \
       "interleaved round(s); SCALE=$SCALE"
  echo "fuser-run: $FUSER_RUN"
  for ((k = 0; k < ${#COMPILERS[@]}; k++)); do
    echo "loops ${COMPILERS[$k]}: ${CXXFLAGS[*]}"
  done
  echo
  local head="| workload | dtype | elements | bytes moved | fuser ms | GB/s |"
  local rule="|---|---|---:|---:|---:|---:|"
  for c in "${COMPILERS[@]}"; do
    head+=" $c ms | GB/s | ratio |"
    rule+="---:|---:|---:|"
  done
  head+=" compile ms | cache-hit ms |"
  rule+="---:|---:|"
  echo "$head"
  echo "$rule"
  for w in $WORKLOADS; do
    local b=${ROW[$w,bytes]:-} f=${ROW[$w,fuser]:-}
    local line="| $w | ${ROW[$w,dtype]:-} | ${ROW[$w,elements]:-} |"
    line+=" $(awk -v b="$b" 'BEGIN { printf "%.1f MB", b / 1e6 }') |"
    line+=" $(fmt_ms "$f") | $(gbps "$b" "$f") |"
    for ((k = 0; k < ${#COMPILERS[@]}; k++)); do
      local ms=${ROW[$w,$k,ms]:-}
      if [[ ${ROW[$w,$k,status]:-} != ok ]]; then
        line+=" MISMATCH | - | - |"
      else
        line+=" $(fmt_ms "$ms") | $(gbps "$b" "$ms") | $(ratio "$ms" "$f") |"
      fi
    done
    line+=" $(fmt_ms "${ROW[$w,compile]:-}") | $(fmt_ms "${ROW[$w,cache]:-}") |"
    echo "$line"
  done
  echo
  echo "ratio = C++ time / fuser time (>= 1: fuser is faster). fuser ms is"
  echo "fuser-run --bench (runFusion, output allocation included); C++ ms"
  echo "writes into preallocated outputs. compile ms: median over"
  echo "$COMPILE_REPS fresh processes, each with an empty kernel cache, of"
  echo "(first runFusion - second call) on small inputs of the same dtypes and"
  echo "layouts; cache-hit ms: the same in one more process whose on-disk"
  echo "kernel cache holds the kernel."
  if [[ $ALLOC == 1 ]]; then
    echo
    echo "Same ${COMPILERS[0]} loops with their outputs allocated inside each"
    echo "timed run (aligned_alloc(64), freed after the run), as runFusion does:"
    echo
    echo "| workload | fuser ms | ${COMPILERS[0]} ms (prealloc) |" \
         "${COMPILERS[0]} ms (alloc per run) | ratio (alloc per run) |"
    echo "|---|---:|---:|---:|---:|"
    for w in $WORKLOADS; do
      local a=${ROW[$w,alloc,ms]:-}
      [[ ${ROW[$w,alloc,status]:-} == ok ]] || a=""
      echo "| $w | $(fmt_ms "${ROW[$w,fuser]:-}") |" \
           "$(fmt_ms "${ROW[$w,0,ms]:-}") | $(fmt_ms "$a") |" \
           "$(ratio "$a" "${ROW[$w,fuser]:-}") |"
    done
  fi
}

if [[ -n ${RESULTS:-} ]]; then
  table | tee "$RESULTS"
else
  table
fi
if [[ ${KEEP:-0} == 1 ]]; then echo "(scratch files and log.txt kept in $WORK)"; fi
