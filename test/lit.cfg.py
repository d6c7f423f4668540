# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "BRIDGE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".bdsl", ".mlir", ".test"]
config.excludes = ["Inputs", "lib", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bridge_obj_root, "test")

# Tools first from our build, then LLVM 22 (never the image's LLVM 14).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.bridge_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

# mpirun runs as root here, and tests use more ranks than cores.
for var, value in {
    "OMPI_ALLOW_RUN_AS_ROOT": "1",
    "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    "OMPI_MCA_rmaps_base_oversubscribe": "1",
    "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
}.items():
    config.environment[var] = value

python = "/usr/bin/python3"  # Debian's, with NumPy
test_lib = os.path.join(config.bridge_src_root, "test", "lib")
config.environment["PYTHONPATH"] = test_lib

config.substitutions.append(("%bridgec", os.path.join(config.bridge_tools_dir, "bridgec")))
config.substitutions.append(("%bridge-opt", os.path.join(config.bridge_tools_dir, "bridge-opt")))
config.substitutions.append(("%python", python))
config.substitutions.append(("%testlib", test_lib))
config.substitutions.append(
    ("%runtime_unittests", os.path.join(config.bridge_obj_root, "test", "Unit", "bridge-runtime-tests")))
config.substitutions.append(
    ("%sized_program", os.path.join(config.bridge_obj_root, "test", "Unit", "bridge-sized-program")))
for replay in ("npy", "checkpoint", "settings"):
    config.substitutions.append(
        ("%%%s_replay" % replay,
         os.path.join(config.bridge_obj_root, "test", "Fuzz", "bridge-%s-replay" % replay)))

import shutil
if shutil.which("dot"):
    config.available_features.add("dot")

import platform
# x86-64 CPU names (--mcpu=x86-64-v3, ...) and the CPU check's features.
if platform.machine() in ("x86_64", "AMD64"):
    config.available_features.add("x86_64")

if config.mpirun and os.path.exists(config.mpirun):
    config.available_features.add("mpi")
    config.substitutions.append(("%mpirun", config.mpirun + " --oversubscribe"))

# The cluster tests (test/Cluster) start what they need themselves: a Slurm
# cluster (scripts/cluster/slurm.sh) and simulated hosts in network namespaces
# (scripts/cluster/hosts.sh). Both need root and the packages that
# scripts/setup.sh installs; where they cannot run, the tests are unsupported
# and the reason is noted here. (test/Cluster/lit.local.cfg also checks that
# the Slurm daemons start.)
import subprocess


def cluster_unavailable(script):
    path = os.path.join(config.bridge_src_root, "scripts", "cluster", script)
    try:
        done = subprocess.run(["bash", path, "check"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if done.returncode == 0 else done.stdout.strip()


for feature, script in (("slurm", "slurm.sh"), ("hosts", "hosts.sh")):
    reason = cluster_unavailable(script)
    if reason is None:
        config.available_features.add(feature)
    else:
        lit_config.note("test/Cluster: '%s' tests are unsupported: %s" % (feature, reason))
