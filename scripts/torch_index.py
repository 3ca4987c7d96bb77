"""Where ``make install`` takes torch from: PyTorch's CPU-only wheels where that index answers, else the default.

PyPI's torch for Linux is the CUDA build: with its nvidia and triton
packages about 5 GB that newskg, which needs no GPU, never uses. PyTorch's
CPU index has the same version without them. The Makefile runs this before
the virtual environment has any package, so it uses the standard library
only.

Environment:
    TORCH_INDEX: unset or empty: decide (a local CPU wheel, else the CPU
        index if it answers, else the default index); ``default``: the default
        index (PyPI, or PIP_INDEX_URL), nothing checked; a URL: that index,
        nothing checked.
    TORCH_CPU_INDEX: the CPU index to try (a mirror, or a test's local index).
    TORCH_INDEX_TIMEOUT: seconds the check may take in all (DNS included).

Prints the arguments for ``pip install`` that install torch, one per line,
on stdout, and one line saying which source it took, and why, on stderr.

Usage: python scripts/torch_index.py VERSION [LOCAL_WHEEL]
"""

from __future__ import annotations

import os
import sys
import threading
import urllib.error
import urllib.request

__all__ = ["CPU_INDEX", "TIMEOUT", "choose", "reachable"]

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TIMEOUT = 5.0


def reachable(index: str, timeout: float) -> str | None:
    """Why ``index`` cannot serve torch within ``timeout`` seconds; None if its torch page answers.

    One request, no retries. It runs in a thread that is given up after
    ``timeout``: urllib's own timeout does not cover the DNS look-up.
    """
    url = index.rstrip("/") + "/torch/"  # the PEP 503 page of the project
    why: list[str] = [f"no answer within {timeout:g} s"]

    def check() -> None:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout) as resp:
                why[0] = "" if resp.status == 200 else f"HTTP {resp.status}"
        except urllib.error.HTTPError as exc:
            why[0] = f"HTTP {exc.code}"
        except (OSError, ValueError) as exc:  # URLError, refused, reset, timeout; a malformed URL
            reason = getattr(exc, "reason", exc)
            why[0] = str(reason) or type(exc).__name__

    t = threading.Thread(target=check, daemon=True)  # daemon: a hung look-up does not keep the process
    t.start()
    t.join(timeout)
    return why[0] or None


def choose(version: str, wheel: str = "", env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """The ``pip install`` arguments for torch ``version``, and the line that says where they take it from.

    Args:
        version: The torch version to install.
        wheel: A local torch wheel (the Makefile's /opt/wheels one), taken when nothing is asked for.
        env: The environment (``os.environ`` when None).
    """
    env = dict(os.environ) if env is None else env
    asked = env.get("TORCH_INDEX", "").strip()
    spec = f"torch=={version}"
    default = [wheel] if wheel else [spec]
    # No deps from that index: torch's dependencies, like everything else, come from the default index.
    from_index = ["--no-deps", "--index-url"]
    if asked == "default":
        return default, f"torch: {'the local wheel ' + wheel if wheel else 'the default index'} (TORCH_INDEX=default)"
    if asked:
        return [*from_index, asked, spec], f"torch: from {asked} (TORCH_INDEX)"
    if wheel:
        return default, f"torch: the local wheel {wheel}"
    cpu = env.get("TORCH_CPU_INDEX", "").strip() or CPU_INDEX
    timeout = float(env.get("TORCH_INDEX_TIMEOUT", "") or TIMEOUT)
    why = reachable(cpu, timeout)
    if why is None:
        return [*from_index, cpu, spec], f"torch: the CPU-only build from {cpu}"
    return [spec], f"torch: the default index, with CUDA ({cpu} unreachable: {why}; TORCH_INDEX=URL names another)"


def main(argv: list[str]) -> int:
    """Print the arguments (stdout) and the line saying where they take torch from (stderr)."""
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__.strip().splitlines()[-1] + "\n")
        return 2
    args, line = choose(argv[1], argv[2] if len(argv) == 3 else "")
    sys.stderr.write(line + "\n")
    sys.stdout.write("".join(a + "\n" for a in args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
