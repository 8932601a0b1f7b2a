"""Writes one tiny pure-Python wheel per line of a requirements file, each with a
version the line accepts, so `pip install --no-index --find-links DIR -r FILE`
works offline. Used by tests/cli_runtime_deploy_test.cpp; stdlib plus pip's
vendored `packaging`.

usage: make_fake_wheels.py REQUIREMENTS OUT_DIR
"""
import base64
import hashlib
import os
import sys
import zipfile

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.version import Version


def accepted_version(requirement):
    candidates = [spec.version for spec in requirement.specifier] + ["1.0"]
    for candidate in candidates:
        if requirement.specifier.contains(Version(candidate), prereleases=True):
            return candidate
    raise SystemExit(f"no simple version satisfies {requirement}")


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(requirement, out_dir):
    project = requirement.name
    module = project.replace("-", "_").lower()
    version = accepted_version(requirement)
    dist_info = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f"__version__ = {version!r}\n".encode(),
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n").encode(),
        f"{dist_info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: agentlift-test\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"),
    }
    record = "\n".join(record_line(name, data) for name, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"\n{dist_info}/RECORD,,\n").encode()
    path = os.path.join(out_dir, f"{module}-{version}-py3-none-any.whl")
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)


def main():
    requirements, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    with open(requirements) as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if line:
                write_wheel(Requirement(line), out_dir)


if __name__ == "__main__":
    main()
