# -*- Python -*-
# lit configuration of the fuser test suite.

import os
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "FUSER"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.fuser_obj_root, "test")

config.substitutions.append(("%fuser_src_root", config.fuser_src_root))
config.substitutions.append(("%examples",
                             os.path.join(config.fuser_src_root, "examples")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["fuser-opt", "fuser-run"],
                                   [config.fuser_tools_dir])

# %python: the interpreter of the helper scripts (FUSER_PYTHON, default
# python3). It replaces the default %python (lit's own interpreter), and the
# feature `numpy` says whether it can import numpy.
fuser_python = getattr(config, "fuser_python", "") or "python3"
if not os.path.isabs(fuser_python):
    fuser_python = shutil.which(fuser_python) or fuser_python
config.substitutions = [s for s in config.substitutions if s[0] != "%python"]
config.substitutions.append(("%python", '"%s"' % fuser_python))

def _python_has_numpy(python):
    try:
        out = subprocess.run([python, "-c", "import numpy"],
                             capture_output=True, timeout=60)
        return out.returncode == 0
    except Exception:
        return False

if _python_has_numpy(fuser_python):
    config.available_features.add("numpy")
else:
    lit_config.note("%s cannot import numpy: tests marked 'REQUIRES: numpy' "
                    "are reported UNSUPPORTED (scripts/setup.sh creates a "
                    "virtual environment with numpy)" % fuser_python)

# lit scrubs the environment; pass through what GPU tests need.
for var in ["CUDA_HOME", "CUDA_PATH", "CUDA_VISIBLE_DEVICES",
            "LD_LIBRARY_PATH"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

# Kernels compiled by the tests go to a cache in the build tree, not $HOME.
config.environment["FUSER_CACHE_DIR"] = os.path.join(config.test_exec_root,
                                                     "kernel-cache")

# Optional capabilities as lit features.
def _has_cuda_device():
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        out = subprocess.run([smi, "-L"], capture_output=True, text=True,
                             timeout=20)
        return out.returncode == 0 and "GPU" in out.stdout
    except Exception:
        return False

if _has_cuda_device():
    config.available_features.add("cuda")
else:
    lit_config.note("no CUDA device found: tests marked 'REQUIRES: cuda' "
                    "are reported UNSUPPORTED")
if os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("cuda-toolkit")
